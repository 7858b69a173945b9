"""Rostering a multi-day bundle day by day, carrying continuity of care from each day into the next,
then a second pass over the days that sees the whole week.

Each block of dates (a single day, unless a visit dependency links visits on different dates, in which
case those dates are rostered together) is solved in date order, planned for the week: the carers each
client saw in earlier blocks become familiar for later ones, each recurring visit (a client's visits with
one requested start) knows the carers who did it and its start on its first day, and who is on shift for
it on the days still to come, so the objective keeps a call with one carer at one time and gives it to a
carer who can keep doing it (_objective.py). The working-time rules (weekly maximum, daily rest,
consecutive days) are kept by giving each block only the hours and days the other blocks left each
carer (_working_time.py).

The first pass decides Monday blind: its carers become every client's team for the rest of the week.
The second pass (`revisit`, when given) goes over the blocks again in date order, each searched from its
first-pass roster knowing every other day of the week: the carers who visit each client on the other
days, who did each recurring visit and when, the hours the other days leave each carer. A block's
roster only changes for one that costs less with that knowledge, so Monday can join the team the rest
of the week settled on. The time limit is shared between the passes (`revisit_share` to the second)
and, within a pass, between blocks in proportion to their visits; a work limit applies to each block in
full in the first pass (it exists for reproducibility, not for budgeting) and in that share in the
second.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...domain import Assignment, Break, Problem, Roster, ShiftRoute, Unassigned, Visit
from ...evaluation.working_time import week_of, worked_days
from ...travel.matrix import TravelMatrices
from ..base import Budget, Progress
from ._working_time import DayLimits, DayTargets, day_limits, day_targets

SeenCarers = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class WeekSoFar:
    """What the blocks rostered so far mean for the next: the carers each client has seen, the hours and
    days the working-time rules leave each carer, each recurring visit's (client, requested start) start
    on its first day this week and the carers who did it, and who is on shift for it on the days to come."""

    seen: SeenCarers = field(default_factory=dict)
    limits: DayLimits = field(default_factory=DayLimits)
    targets: DayTargets = field(default_factory=DayTargets)
    anchors: Mapping[tuple[str, int], int] = field(default_factory=dict)
    call_carers: Mapping[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    available: Mapping[tuple[str, int], Mapping[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class BlockOutcome:
    """One block's part of the roster and its search statistics."""

    assignments: tuple[Assignment, ...]
    breaks: tuple[Break, ...]
    routes: tuple[ShiftRoute, ...]
    unassigned: tuple[Unassigned, ...]
    objective: float | None
    stats: dict[str, Any] = field(default_factory=dict)


# (problem, block dates, the week so far, budget, progress callback) -> outcome
BlockSolver = Callable[
    [Problem, tuple[dt.date, ...], WeekSoFar, Budget, Callable[[Progress], None] | None], BlockOutcome
]
# The same, with the rest of the week and the block's first-pass outcome to start from.
BlockReviser = Callable[
    [Problem, tuple[dt.date, ...], WeekSoFar, Budget, Callable[[Progress], None] | None, BlockOutcome],
    BlockOutcome,
]
# The second pass runs only when it can give each block this much time, and a block's is skipped when
# its share of the time left (after a first pass that overran) is shorter: rebuilding a 600-visit day's
# arrays alone takes about half a second, and a few rounds more change nothing.
REVISIT_MIN_S = 2.0


def date_blocks(problem: Problem) -> list[tuple[dt.date, ...]]:
    """The problem's dates grouped into blocks that must be rostered together, in date order."""
    parent = {d: d for d in problem.dates}

    def find(d: dt.date) -> dt.date:
        while parent[d] != d:
            d = parent[d]
        return d

    for dep in problem.dependencies:
        a = find(problem.visit_by_id[dep.first_visit_id].date)
        b = find(problem.visit_by_id[dep.second_visit_id].date)
        if a != b:
            parent[max(a, b)] = min(a, b)
    blocks: dict[dt.date, list[dt.date]] = defaultdict(list)
    for d in problem.dates:
        blocks[find(d)].append(d)
    return [tuple(sorted(v)) for _, v in sorted(blocks.items())]


def solve_week(
    problem: Problem,
    matrices: TravelMatrices,
    solve_block: BlockSolver,
    budget: Budget,
    *,
    solver_name: str,
    seed: int,
    progress: Callable[[Progress], None] | None = None,
    look_ahead: bool = True,
    revisit: BlockReviser | None = None,
    revisit_share: float = 0.0,
) -> Roster:
    """Roster every date of `problem`, block by block, and assemble one Roster.

    `look_ahead` works out who is on shift for each recurring visit on the days to come (off when the
    objective does not price it). `revisit`, with `revisit_share` of the budget, is the second pass
    (module docstring); it needs two blocks or more."""
    t0 = time.monotonic()
    blocks = date_blocks(problem)
    visits_per_block = [sum(1 for v in problem.visits if v.date in set(b)) for b in blocks]
    second = revisit is not None and revisit_share > 0 and len(blocks) > 1
    if second and budget.time_limit_s is not None:
        # Too short a limit for the second pass to give each block REVISIT_MIN_S: the first pass has it all.
        second = budget.time_limit_s * revisit_share / len(blocks) >= REVISIT_MIN_S
    # The first pass: its share of the time limit, and each block's work limit in full.
    first_pass = Budget(_pass_budget(budget, 1.0 - revisit_share).time_limit_s, budget.work_limit)
    first_pass = first_pass if second else budget
    outcomes: list[BlockOutcome] = []
    day_stats: dict[str, Any] = {}
    labels = [d[0].isoformat() if len(d) == 1 else f"{d[0]}..{d[-1]}" for d in blocks]
    for k, dates in enumerate(blocks):
        block_budget = _block_budget(first_pass, t0, visits_per_block[k:])
        report = _with_phase(progress, _phase(labels, k))
        so_far = week_context(problem, dates, outcomes, look_ahead=look_ahead, rest_of_week=False)
        outcome = solve_block(problem.for_dates(set(dates)), dates, so_far, block_budget, report)
        outcomes.append(outcome)
        day_stats[labels[k]] = outcome.stats
    if second and revisit is not None:
        second_pass = _pass_budget(budget, revisit_share)
        for k, dates in enumerate(blocks):
            block_budget = _block_budget(budget, t0, visits_per_block[k:])
            if block_budget.time_limit_s is not None and block_budget.time_limit_s < REVISIT_MIN_S:
                day_stats[labels[k]]["second_pass"] = "skipped: too little time left"
                continue
            if second_pass.work_limit is not None:
                block_budget = Budget(block_budget.time_limit_s, second_pass.work_limit)
            report = _with_phase(progress, "second pass: " + _phase(labels, k))
            others = outcomes[:k] + outcomes[k + 1 :]
            rest = week_context(problem, dates, others, look_ahead=look_ahead, rest_of_week=True)
            block_problem = problem.for_dates(set(dates))
            outcomes[k] = revisit(block_problem, dates, rest, block_budget, report, outcomes[k])
            day_stats[labels[k]]["second_pass"] = outcomes[k].stats
    objectives = [o.objective for o in outcomes]
    stats: dict[str, Any] = {
        "blocks": day_stats,
        "solutions": sum(int(b.get("solutions", 0)) for b in day_stats.values()),
    }
    if budget.time_limit_s is not None:
        # Timings only for time-limited runs: a work-limited run must give byte-identical rosters.
        stats["wall_s"] = round(time.monotonic() - t0, 2)
    return Roster(
        locality=problem.locality.name,
        solver=solver_name,
        seed=seed,
        assignments=tuple(a for o in outcomes for a in o.assignments),
        breaks=tuple(b for o in outcomes for b in o.breaks),
        routes=tuple(r for o in outcomes for r in o.routes),
        unassigned=tuple(u for o in outcomes for u in o.unassigned),
        objective=None
        if any(x is None for x in objectives)
        else round(sum(x for x in objectives if x is not None), 4),
        travel_sources={p: m.source for p, m in sorted(matrices.items())},
        stats=stats,
    )


def week_context(
    problem: Problem,
    dates: tuple[dt.date, ...],
    others: list[BlockOutcome],
    *,
    look_ahead: bool,
    rest_of_week: bool,
) -> WeekSoFar:
    """What the `others` blocks' rosters mean for the block of `dates`: in the first pass they are the
    blocks rostered so far; in the second (`rest_of_week`) every other block of the week, and who is on
    shift for a recurring visit is counted over all its dates in the week, not only those to come."""
    first = problem.dates[0]
    week = week_of(first, dates[0])
    seen: dict[str, set[str]] = defaultdict(set)
    anchors: dict[tuple[str, int], tuple[dt.date, int]] = {}
    call_carers: dict[tuple[str, int], set[str]] = defaultdict(set)
    for o in others:
        for a in o.assignments:
            visit = problem.visit_by_id[a.visit_id]
            seen[visit.client_id].add(a.carer_id)
            if week_of(first, visit.date) != week:
                continue
            # A recurring visit's anchor: its start on the earliest other day it was rostered this week.
            call = (visit.client_id, visit.requested_start_min)
            if call not in anchors or visit.date < anchors[call][0]:
                anchors[call] = (visit.date, a.start_min)
            call_carers[call].add(a.carer_id)
    worked = worked_days(r for o in others for r in o.routes)
    from_day = first + dt.timedelta(days=7 * week) if rest_of_week else dates[0]
    return WeekSoFar(
        seen={c: frozenset(ks) for c, ks in seen.items()},
        limits=day_limits(problem, dates, worked),
        targets=day_targets(problem, dates, worked),
        anchors={call: start for call, (_, start) in anchors.items()},
        call_carers={call: frozenset(ks) for call, ks in call_carers.items()},
        available=call_availability(problem, from_day) if look_ahead else {},
    )


def _phase(labels: list[str], k: int) -> str:
    return f"{labels[k]} ({k + 1}/{len(labels)})" if len(labels) > 1 else labels[k]


def _pass_budget(budget: Budget, share: float) -> Budget:
    """A pass's `share` of the budget: of the time limit, and of each block's work limit."""
    return Budget(
        time_limit_s=None if budget.time_limit_s is None else budget.time_limit_s * share,
        work_limit=None if budget.work_limit is None else max(1, round(budget.work_limit * share)),
    )


def _block_budget(budget: Budget, t0: float, visits_left: list[int]) -> Budget:
    """This block's share of the time still left, in proportion to its visits."""
    if budget.time_limit_s is None:
        return budget
    left = max(0.0, budget.time_limit_s - (time.monotonic() - t0))
    total = sum(visits_left)
    share = visits_left[0] / total if total else 1.0 / len(visits_left)
    return Budget(time_limit_s=max(0.05, left * share), work_limit=budget.work_limit)


def _with_phase(progress: Callable[[Progress], None] | None, phase: str) -> Callable[[Progress], None] | None:
    if progress is None:
        return None

    def report(p: Progress) -> None:
        progress(Progress(p.elapsed_s, p.best_objective, p.visits_assigned, p.visits_total, phase))

    return report


def call_availability(problem: Problem, today: dt.date) -> dict[tuple[str, int], dict[str, float]]:
    """(client_id, requested_start_min) -> carer -> the share of the call's dates from `today` to the
    end of its week on which the carer is eligible and on shift at its time."""
    first = problem.dates[0]
    week = week_of(first, today)
    dates_of: dict[tuple[str, int], list[Visit]] = defaultdict(list)
    for v in problem.visits:
        if v.date >= today and week_of(first, v.date) == week:
            dates_of[(v.client_id, v.requested_start_min)].append(v)
    out: dict[tuple[str, int], dict[str, float]] = {}
    for call, visits in dates_of.items():
        if len(visits) < 2:
            continue
        counts: dict[str, int] = defaultdict(int)
        for v in visits:
            for carer in problem.carers:
                if any(
                    s.start_min <= v.window_end_min and v.window_start_min + v.duration_min <= s.end_min
                    for s in problem.shifts_by_carer_date.get((carer.carer_id, v.date), ())
                ) and problem.is_eligible(carer, v):
                    counts[carer.carer_id] += 1
        out[call] = {k: n / len(visits) for k, n in counts.items()}
    return out
