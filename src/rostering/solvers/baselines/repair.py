"""Taking visits out of a finished roster while keeping every route sound.

Two cases need it: a visit dependency whose two visits could not both be placed (the rule is both or
neither), and a dependency that crosses provider silos, which no single silo can keep. Removing a visit
changes the legs around it, so each route that loses a visit is rebuilt from its remaining visits and
checked again; a visit that no longer fits (possible when a travel matrix breaks the triangle inequality)
is removed in turn, with its double-up partner and its dependency partner, until nothing changes.
Routes that lose nothing keep exactly what the solver wrote.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from ...domain import Assignment, Problem, Roster, ShiftRoute, Unassigned, client_location_id
from ...errors import SolverError
from ...travel.matrix import TravelMatrix
from .shift_plans import PlannedVisit, ShiftPlan, assignments_of

Drop = tuple[str, str]  # (reason code, detail)
RouteKey = tuple[str, dt.date, int]  # carer, date, shift start


def broken_dependencies(problem: Problem, roster: Roster) -> dict[str, Drop]:
    """Visits to take out because a dependency between them is not kept (both or neither, gap, two carers)."""
    out: dict[str, Drop] = {}
    by_visit = roster.by_visit
    for d in problem.dependencies:
        first, second = by_visit.get(d.first_visit_id, ()), by_visit.get(d.second_visit_id, ())
        if bool(first) != bool(second):
            placed, missing = (
                (d.first_visit_id, d.second_visit_id) if first else (d.second_visit_id, d.first_visit_id)
            )
            out[placed] = (
                "dependency_partner_unassigned",
                f"its dependent visit {missing} could not be placed",
            )
        elif first and second:
            gap = second[0].start_min - first[0].start_min
            shared = {a.carer_id for a in first} & {a.carer_id for a in second}
            if shared or not d.min_gap_min <= gap <= d.max_gap_min or first[0].date != second[0].date:
                why = (
                    f"{d.first_visit_id} and {d.second_visit_id} start {gap} min apart by "
                    f"{'the same carer' if shared else 'different carers'}; the dependency needs "
                    f"{d.min_gap_min}-{d.max_gap_min} min and two carers"
                )
                out[d.first_visit_id] = ("dependency_partner_unassigned", why)
                out[d.second_visit_id] = ("dependency_partner_unassigned", why)
    return out


def enforce_dependencies(problem: Problem, matrices: Mapping[str, TravelMatrix], roster: Roster) -> Roster:
    """Take out visits until every dependency is kept (a removal can break another dependency)."""
    while True:
        drops = broken_dependencies(problem, roster)
        if not drops:
            return roster
        roster = drop_visits(problem, matrices, roster, drops)


def drop_visits(
    problem: Problem, matrices: Mapping[str, TravelMatrix], roster: Roster, drops: Mapping[str, Drop]
) -> Roster:
    """The roster without `drops` (visit_id -> reason, detail), every touched route rebuilt and re-checked."""
    drops = dict(drops)
    keys = {id(a): key for key, visits in _route_members(roster).items() for a in visits}
    touched: set[RouteKey] = set()
    while True:
        for a in roster.assignments:
            if a.visit_id in drops:
                touched.add(keys[id(a)])
        plans = _plans(problem, matrices, roster, touched, keys, drops)
        extra = _faults(problem, roster, plans, touched)
        if not extra:
            break
        drops.update(extra)
    kept = [a for a in roster.assignments if keys[id(a)] not in touched]
    rebuilt = assignments_of(plans.values())
    routes = [r for r in roster.routes if _key(r) not in touched] + [
        p.route() for p in plans.values() if p.visits
    ]
    breaks = [
        b for b in roster.breaks if not _break_in_touched(b.carer_id, b.date, b.start_min, roster, touched)
    ]
    breaks += [b for b in (p.rest_break() for p in plans.values() if p.visits) if b is not None]
    unassigned = list(roster.unassigned) + [
        Unassigned(
            visit_id=v,
            client_id=problem.visit_by_id[v].client_id,
            date=problem.visit_by_id[v].date,
            reason=r,
            detail=d,
        )
        for v, (r, d) in sorted(drops.items())
        if v in roster.by_visit
    ]
    return roster.model_copy(
        update={
            "assignments": tuple(_renumber(kept + rebuilt)),
            "routes": tuple(sorted(routes, key=lambda r: (r.date, r.carer_id, r.start_min))),
            "breaks": tuple(sorted(breaks, key=lambda b: (b.date, b.carer_id, b.start_min))),
            "unassigned": tuple(sorted(unassigned, key=lambda u: (u.date, u.visit_id))),
        }
    )


def _key(route: ShiftRoute) -> RouteKey:
    return (route.carer_id, route.date, route.shift_start_min)


def _route_members(roster: Roster) -> dict[RouteKey, list[Assignment]]:
    """Each route's assignments: those of its carer and date that lie inside its span."""
    routes: dict[tuple[str, dt.date], list[ShiftRoute]] = defaultdict(list)
    for r in roster.routes:
        routes[(r.carer_id, r.date)].append(r)
    out: dict[RouteKey, list[Assignment]] = defaultdict(list)
    for a in roster.assignments:
        home = next(
            (
                r
                for r in routes[(a.carer_id, a.date)]
                if r.start_min <= a.start_min and a.end_min <= r.end_min
            ),
            None,
        )
        if home is None:
            raise SolverError(
                f"assignment of {a.visit_id} to {a.carer_id} lies in none of the carer's routes"
            )
        out[_key(home)].append(a)
    return out


def _plans(
    problem: Problem,
    matrices: Mapping[str, TravelMatrix],
    roster: Roster,
    touched: set[RouteKey],
    keys: dict[int, RouteKey],
    drops: Mapping[str, Drop],
) -> dict[RouteKey, ShiftPlan]:
    plans: dict[RouteKey, ShiftPlan] = {}
    for key in sorted(touched):
        carer = problem.carer_by_id[key[0]]
        shift = next(s for s in problem.shifts_by_carer_date[(key[0], key[1])] if s.start_min == key[2])
        plans[key] = ShiftPlan(carer=carer, shift=shift, matrix=matrices[carer.travel_mode])
    for a in sorted(roster.assignments, key=lambda a: a.start_min):
        key = keys[id(a)]
        if key in plans and a.visit_id not in drops:
            visit = problem.visit_by_id[a.visit_id]
            plans[key].visits.append(
                PlannedVisit(
                    a.visit_id, client_location_id(visit.client_id), a.start_min, a.end_min, visit.demand
                )
            )
    return plans


def _faults(
    problem: Problem, roster: Roster, plans: dict[RouteKey, ShiftPlan], touched: set[RouteKey]
) -> dict[str, Drop]:
    """Visits that no longer fit their rebuilt route, plus the partners that must leave with them."""
    spans: dict[tuple[str, dt.date], int] = defaultdict(int)
    for r in roster.routes:
        if _key(r) not in touched:
            spans[(r.carer_id, r.date)] += r.end_min - r.start_min
    for p in plans.values():
        spans[(p.carer.carer_id, p.date)] += p.span_min()
    out: dict[str, Drop] = {}
    for p in plans.values():
        k = p.fault(spans[(p.carer.carer_id, p.date)] - p.span_min())
        if k is not None:
            out[p.visits[k].visit_id] = (
                "no_capacity_in_window",
                f"no longer fits {p.carer.carer_id}'s route once a dependent visit was taken out",
            )
    for d in problem.dependencies:
        for v, partner in ((d.first_visit_id, d.second_visit_id), (d.second_visit_id, d.first_visit_id)):
            if v in out and partner in roster.by_visit and partner not in out:
                out[partner] = ("dependency_partner_unassigned", f"its dependent visit {v} was taken out")
    return out


def _break_in_touched(
    carer_id: str, day: dt.date, start: int, roster: Roster, touched: set[RouteKey]
) -> bool:
    for r in roster.routes:
        if (
            r.carer_id == carer_id
            and r.date == day
            and r.start_min <= start <= r.end_min
            and _key(r) in touched
        ):
            return True
    return False


def _renumber(assignments: list[Assignment]) -> list[Assignment]:
    """seq counted again across each carer's day, in start order."""
    by_day: dict[tuple[str, dt.date], list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_day[(a.carer_id, a.date)].append(a)
    out = []
    for key in sorted(by_day):
        for seq, a in enumerate(sorted(by_day[key], key=lambda a: (a.start_min, a.visit_id)), start=1):
            out.append(a if a.seq == seq else a.model_copy(update={"seq": seq}))
    return out
