"""Validator rules about visits: coverage, identity, eligibility, windows, double-ups and dependencies.

Each function checks one family of rules and returns its violations; none of them raises on a bad roster.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..domain import Assignment, Problem, Roster, Visit
from ..domain.time import MINUTES_PER_DAY
from ..domain.time import format_hhmm as hhmm
from .violation import UNASSIGNED_REASONS, Violation


def check_references(problem: Problem, roster: Roster) -> list[Violation]:
    """Ids exist, dates and clients match their visit, and reasons are documented codes."""
    out: list[Violation] = []
    visits, carers = problem.visit_by_id, problem.carer_by_id
    for a in roster.assignments:
        if a.carer_id not in carers:
            out.append(
                Violation(
                    "unknown_carer",
                    f"carer {a.carer_id!r} is not in the problem",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
        visit = visits.get(a.visit_id)
        if visit is None:
            out.append(
                Violation(
                    "unknown_visit",
                    f"visit {a.visit_id!r} is not in the problem",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
        elif visit.date != a.date:
            out.append(
                Violation(
                    "wrong_date",
                    f"assigned on {a.date}, but the visit is on {visit.date}",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
    for route in roster.routes:
        if route.carer_id not in carers:
            out.append(
                Violation(
                    "unknown_carer",
                    f"route of unknown carer {route.carer_id!r}",
                    None,
                    route.carer_id,
                    route.date,
                )
            )
    for brk in roster.breaks:
        if brk.carer_id not in carers:
            out.append(
                Violation(
                    "unknown_carer", f"break of unknown carer {brk.carer_id!r}", None, brk.carer_id, brk.date
                )
            )
    for u in roster.unassigned:
        visit = visits.get(u.visit_id)
        if visit is None:
            out.append(
                Violation(
                    "unknown_visit",
                    f"unassigned visit {u.visit_id!r} is not in the problem",
                    u.visit_id,
                    None,
                    u.date,
                )
            )
            continue
        if visit.date != u.date:
            out.append(
                Violation(
                    "wrong_date",
                    f"unassigned on {u.date}, but the visit is on {visit.date}",
                    u.visit_id,
                    None,
                    u.date,
                )
            )
        if visit.client_id != u.client_id:
            out.append(
                Violation(
                    "wrong_client",
                    f"unassigned entry names client {u.client_id!r}, the visit is for {visit.client_id!r}",
                    u.visit_id,
                    None,
                    u.date,
                )
            )
        if u.reason not in UNASSIGNED_REASONS:
            out.append(
                Violation(
                    "unknown_reason",
                    f"reason {u.reason!r} is not one of {', '.join(UNASSIGNED_REASONS)}",
                    u.visit_id,
                    None,
                    u.date,
                )
            )
    return out


def check_coverage(problem: Problem, roster: Roster) -> list[Violation]:
    """Every visit is assigned to exactly carers_required distinct carers or listed once as unassigned."""
    out: list[Violation] = []
    listed = Counter(u.visit_id for u in roster.unassigned)
    by_visit = roster.by_visit
    for visit in problem.visits:
        vid, day = visit.visit_id, visit.date
        assigned = by_visit.get(vid, ())
        if not assigned and not listed[vid]:
            out.append(
                Violation("visit_missing", "neither assigned nor listed as unassigned", vid, None, day)
            )
        if assigned and listed[vid]:
            out.append(
                Violation("assigned_and_unassigned", "assigned and also listed as unassigned", vid, None, day)
            )
        if listed[vid] > 1:
            out.append(
                Violation("duplicate_unassigned", f"listed as unassigned {listed[vid]} times", vid, None, day)
            )
        if not assigned:
            continue
        carers = Counter(a.carer_id for a in assigned)
        for carer_id, n in sorted(carers.items()):
            if n > 1:
                out.append(
                    Violation(
                        "duplicate_carer", f"carer assigned {n} times to this visit", vid, carer_id, day
                    )
                )
        if len(assigned) != visit.carers_required:
            names = ", ".join(sorted(carers))
            out.append(
                Violation(
                    "carer_count",
                    f"needs {visit.carers_required} carer(s), has {len(assigned)} assignment(s) ({names})",
                    vid,
                    None,
                    day,
                )
            )
        starts = sorted({a.start_min for a in assigned})
        if len(starts) > 1:
            out.append(
                Violation(
                    "double_up_not_synchronised",
                    f"carers start at different minutes: {', '.join(map(str, starts))}",
                    vid,
                    None,
                    day,
                )
            )
    return out


def _ineligibility(problem: Problem, visit: Visit, carer_id: str) -> str | None:
    """Why the carer may not take the visit, or None if they may."""
    carer = problem.carer_by_id[carer_id]
    if problem.is_eligible(carer, visit):
        return None
    client = problem.client_by_id[visit.client_id]
    if carer_id in client.excluded_carers:
        return f"client {client.client_id} excludes this carer"
    if client.allowed_providers and carer.provider_id not in client.allowed_providers:
        allowed = ", ".join(client.allowed_providers)
        return (
            f"the provider policy lets only {allowed} visit client {client.client_id}; "
            f"the carer works for {carer.provider_id}"
        )
    if client.gender_preference != "any" and carer.gender != client.gender_preference:
        wanted = client.gender_preference
        return f"client {client.client_id} asks for gender {wanted!r}, carer is {carer.gender!r}"
    missing = sorted(set(visit.skills) - set(carer.skills))
    return f"carer lacks skill(s) {', '.join(missing)}"


def check_each_assignment(problem: Problem, roster: Roster) -> list[Violation]:
    """Eligibility, the start window and the end time of every assignment of a known visit and carer."""
    out: list[Violation] = []
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is None or a.carer_id not in problem.carer_by_id:
            continue
        why = _ineligibility(problem, visit, a.carer_id)
        if why:
            out.append(Violation("ineligible_carer", why, a.visit_id, a.carer_id, a.date))
        out.extend(_window(visit, a))
        if a.end_min != a.start_min + visit.duration_min:
            out.append(
                Violation(
                    "wrong_end",
                    f"ends at {hhmm(a.end_min)}, expected {hhmm(a.start_min)} + {visit.duration_min} min",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
    return out


def _window(visit: Visit, a: Assignment) -> list[Violation]:
    if a.start_min < visit.window_start_min:
        return [
            Violation(
                "early_start",
                f"starts at {hhmm(a.start_min)}, window opens at {hhmm(visit.window_start_min)}",
                a.visit_id,
                a.carer_id,
                a.date,
            )
        ]
    if a.start_min > visit.window_end_min and visit.late_penalty_per_min is None:
        return [
            Violation(
                "late_start",
                f"starts at {hhmm(a.start_min)}, hard window closes at {hhmm(visit.window_end_min)}",
                a.visit_id,
                a.carer_id,
                a.date,
            )
        ]
    return []


def check_dependencies(problem: Problem, roster: Roster) -> list[Violation]:
    """Both-or-neither, different carers, and the start gap of every visit dependency."""
    out: list[Violation] = []
    by_visit: dict[str, list[Assignment]] = defaultdict(list)
    for a in roster.assignments:
        by_visit[a.visit_id].append(a)
    for dep in problem.dependencies:
        first, second = by_visit.get(dep.first_visit_id, []), by_visit.get(dep.second_visit_id, [])
        day = problem.visit_by_id[dep.first_visit_id].date
        pair = f"{dep.first_visit_id} -> {dep.second_visit_id}"
        if bool(first) != bool(second):
            lone = dep.first_visit_id if first else dep.second_visit_id
            out.append(
                Violation(
                    "dependency_partial", f"dependency {pair}: only {lone} is assigned", lone, None, day
                )
            )
            continue
        if not first:
            continue
        shared = sorted({a.carer_id for a in first} & {a.carer_id for a in second})
        for carer_id in shared:
            out.append(
                Violation(
                    "dependency_same_carer",
                    f"dependency {pair}: one carer does both",
                    dep.second_visit_id,
                    carer_id,
                    day,
                )
            )
        # Minutes are counted from each visit's own date, so a dependency across midnight still measures true.
        days_apart = (second[0].date - first[0].date).days
        gap = (
            days_apart * MINUTES_PER_DAY + min(a.start_min for a in second) - min(a.start_min for a in first)
        )
        if not dep.min_gap_min <= gap <= dep.max_gap_min:
            out.append(
                Violation(
                    "dependency_gap",
                    f"dependency {pair}: starts {gap} min apart, "
                    f"allowed {dep.min_gap_min}..{dep.max_gap_min}",
                    dep.second_visit_id,
                    None,
                    day,
                )
            )
    return out
