"""Rostering a multi-day bundle day by day, carrying continuity of care from each day into the next.

Each block of dates (a single day, unless a visit dependency links visits on different dates, in which
case those dates are rostered together) is solved in date order, planned for the week: the carers each
client saw in earlier blocks become familiar for later ones, each recurring visit (a client's visits with
one requested start) knows the carers who did it and its start on its first day, and who is on shift for
it on the days still to come, so the objective keeps a call with one carer at one time and gives it to a
carer who can keep doing it (_objective.py). The working-time rules (weekly maximum, daily rest,
consecutive days) are kept by giving each block only the hours and days the earlier blocks left each
carer (_working_time.py). The time limit is shared between blocks in proportion to their visits; a work
limit applies to each block in full (it exists for reproducibility, not for budgeting).
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
) -> Roster:
    """Roster every date of `problem`, block by block, and assemble one Roster.

    `look_ahead` works out who is on shift for each recurring visit on the days to come (off when the
    objective does not price it)."""
    t0 = time.monotonic()
    blocks = date_blocks(problem)
    visits_per_block = [sum(1 for v in problem.visits if v.date in set(b)) for b in blocks]
    seen: dict[str, set[str]] = defaultdict(set)
    # Per week (7-day blocks from the first date): each recurring visit's start on its first day.
    anchors: dict[int, dict[tuple[str, int], int]] = defaultdict(dict)
    call_carers: dict[int, dict[tuple[str, int], set[str]]] = defaultdict(lambda: defaultdict(set))
    outcomes: list[BlockOutcome] = []
    day_stats: dict[str, Any] = {}
    for k, dates in enumerate(blocks):
        block_problem = problem.for_dates(set(dates))
        block_budget = _block_budget(budget, t0, visits_per_block[k:])
        label = dates[0].isoformat() if len(dates) == 1 else f"{dates[0]}..{dates[-1]}"
        phase = f"{label} ({k + 1}/{len(blocks)})" if len(blocks) > 1 else label
        report = None if progress is None else _with_phase(progress, phase)
        week = week_of(problem.dates[0], dates[0])
        worked = worked_days(r for o in outcomes for r in o.routes)
        so_far = WeekSoFar(
            seen={c: frozenset(ks) for c, ks in seen.items()},
            limits=day_limits(problem, dates, worked),
            targets=day_targets(problem, dates, worked),
            anchors=dict(anchors[week]),
            call_carers={key: frozenset(ks) for key, ks in call_carers[week].items()},
            available=call_availability(problem, dates[0]) if look_ahead else {},
        )
        outcome = solve_block(block_problem, dates, so_far, block_budget, report)
        outcomes.append(outcome)
        day_stats[label] = outcome.stats
        for a in outcome.assignments:
            visit = problem.visit_by_id[a.visit_id]
            seen[visit.client_id].add(a.carer_id)
            call = (visit.client_id, visit.requested_start_min)
            anchors[week_of(problem.dates[0], visit.date)].setdefault(call, a.start_min)
            call_carers[week_of(problem.dates[0], visit.date)][call].add(a.carer_id)
    objectives = [o.objective for o in outcomes]
    stats: dict[str, Any] = {
        "blocks": day_stats,
        "solutions": sum(int(o.stats.get("solutions", 0)) for o in outcomes),
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


def _block_budget(budget: Budget, t0: float, visits_left: list[int]) -> Budget:
    """This block's share of the time still left, in proportion to its visits."""
    if budget.time_limit_s is None:
        return budget
    left = max(0.0, budget.time_limit_s - (time.monotonic() - t0))
    total = sum(visits_left)
    share = visits_left[0] / total if total else 1.0 / len(visits_left)
    return Budget(time_limit_s=max(0.05, left * share), work_limit=budget.work_limit)


def _with_phase(progress: Callable[[Progress], None], phase: str) -> Callable[[Progress], None]:
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
