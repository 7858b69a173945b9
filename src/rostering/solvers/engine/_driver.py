"""The search for one block: our construction, our ruin-and-recreate, then OR-Tools' polish.

1. The synchronisation-aware insertion (_insertion.py) builds a first roster.
2. Ruin-and-recreate rounds (_ruin_recreate.py) improve it for a share of the budget.
3. The best roster goes to OR-Tools (solvers/ortools/polish.py), which checks it against the full model,
   times every visit optimally for the model's objective and improves it with guided local search for
   the rest of the budget. The roster returned is the best of ours and OR-Tools' by our objective
   (_objective.py), whose continuity term the model only approximates.
The textbook preset skips 1-2 and lets an OR-Tools first-solution strategy start the local search;
with `iterated_local_search` that start is improved by OR-Tools' own ruin-and-recreate (SISR) instead of
guided local search (the VRPTW benchmark preset).

On a 600-visit day each OR-Tools move costs tens of milliseconds (every accepted neighbour is
propagated through the synchronisation, break and cost constraints), so most of the budget goes to the
ruin-and-recreate rounds, which evaluate a route in microseconds (benchmarks/RESULTS.md).
A work limit instead of a time limit (rounds + OR-Tools solutions) makes the whole search deterministic.

A time limit is the wall time of the whole block, counted from before its arrays were built, and every
phase keeps to it: the construction hurries past half of it (a first roster is always complete; it gives
up only on a limit far too short for the instance, reporting the visits it never reached); the rounds
stop at their share; the OR-Tools polish is left out when its share could not pay for building the model
(`polish_worth_it`), the rounds then using that time too.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..base import Budget, Progress
from ..ortools.polish import OrToolsSearch
from ..params import COST_UNITS_PER_GBP, SolveParams
from ._extract import interior_breaks, route_spans
from ._insertion import Deadline, Insertion, construct
from ._instance import Instance
from ._objective import Objective
from ._progress import ProgressReport
from ._routes import RouteState
from ._ruin_recreate import Focus, assigned_visits, ruin_and_recreate

DEFAULT_TIME_LIMIT_S = 30.0
# Share of a block's time limit after which a construction still running hurries (see _insertion.py),
# and when it gives up on the visits it has not reached.
CONSTRUCTION_HURRY = 0.5
CONSTRUCTION_STOP = 10.0
CONSTRUCTION_STOP_MIN_S = 10.0
# CPU seconds per node and vehicle to build and close the OR-Tools model (north-berwick's day, with rest
# breaks and double-ups, measured 7e-6; benchmark instances 1.5e-6 to 6e-6), and the shortest polish
# worth building it for.
MODEL_BUILD_S_PER_NODE_VEHICLE = 8e-6
POLISH_MIN_S = 0.2
# Share of the time limit our rounds take when there is no polish (the rest: extracting the roster).
ROUNDS_ONLY_SHARE = 0.97


@dataclass
class BlockSolution:
    """Visit nodes per vehicle, their starts (block minutes), the objective (cost units) and statistics."""

    routes: list[list[int]]
    starts: dict[int, int]
    objective: int | None
    stats: dict[str, Any] = field(default_factory=dict)
    # Visit nodes a construction stopped by the time limit never reached.
    unreached: list[int] = field(default_factory=list)


class _Remaining:
    """What is left of the block's time limit (counted from `t0`, before the block's arrays were built)
    and work limit (rounds + OR-Tools solutions)."""

    def __init__(self, budget: Budget, t0: float) -> None:
        limit = budget.time_limit_s
        if limit is None and budget.work_limit is None:
            limit = DEFAULT_TIME_LIMIT_S
        self.t0 = t0
        self.limit = limit
        self.work = budget.work_limit

    def time_left(self) -> float | None:
        return None if self.limit is None else max(0.0, self.t0 + self.limit - time.monotonic())

    def at(self, share: float) -> float | None:
        """The time.monotonic() reading at `share` of the time limit (None: no time limit)."""
        return None if self.limit is None else self.t0 + self.limit * share

    def split(self, share: float) -> tuple[float | None, int | None]:
        """(deadline, work) for a first phase using `share` of the budget."""
        work = None if self.work is None else round(self.work * share)
        return self.at(share), work


def construction_deadline(remaining: _Remaining) -> Deadline | None:
    """A time-limited construction hurries past CONSTRUCTION_HURRY of the limit; a first roster is always
    complete, so it stops early only at CONSTRUCTION_STOP x the limit (at least CONSTRUCTION_STOP_MIN_S:
    a limit far too short for the instance)."""
    hurry = remaining.at(CONSTRUCTION_HURRY)
    if hurry is None or remaining.limit is None:
        return None
    return Deadline(hurry, remaining.t0 + max(CONSTRUCTION_STOP * remaining.limit, CONSTRUCTION_STOP_MIN_S))


def polish_worth_it(inst: Instance, remaining: _Remaining, share: float) -> bool:
    """Whether the OR-Tools polish gets enough time: building its model alone takes about
    MODEL_BUILD_S_PER_NODE_VEHICLE per node and vehicle (north-berwick's day: 0.5 s of CPU), and a polish
    shorter than three times that, or than POLISH_MIN_S, is better spent on our rounds. Always with a
    work limit (a reproducible run keeps every phase)."""
    if remaining.limit is None or remaining.work is not None:
        return True
    build = MODEL_BUILD_S_PER_NODE_VEHICLE * inst.n_nodes * len(inst.vehicles)
    return remaining.limit * (1.0 - share) >= max(POLISH_MIN_S, 3 * build)


def solve_block(
    inst: Instance,
    params: SolveParams,
    budget: Budget,
    seed: int,
    report: Callable[[Progress], None] | None = None,
    phase: str = "",
    started: float | None = None,
) -> BlockSolution:
    """Search the block's roster within `budget`, counted from `started` (default now; see the module
    docstring)."""
    t0 = time.monotonic() if started is None else started
    remaining = _Remaining(budget, t0)
    total = sum(1 for c in inst.node_copy if c == 0)
    if inst.n_visit_nodes == 0 or not inst.vehicles:
        return BlockSolution([[] for _ in inst.vehicles], {}, 0, {"status": "nothing_to_roster"})
    s = params.search
    progress = ProgressReport(t0, total, report, phase)
    objective = Objective(inst)
    # The model charges new carers approximately and the tolerance, consistency and overtime terms not at
    # all (solvers/ortools/model.py): then OR-Tools' solutions are judged by our objective, so that the
    # roster, its objective and the progress shown mean one thing.
    exact = (
        not inst.new_carer_cost.any()
        and not inst.beyond_coeff
        and not (inst.consistency_coeff and (inst.anchor >= 0).any())
        and not (inst.overtime_coeff and any(veh.overtime_after is not None for veh in inst.vehicles))
    )

    def evaluate(routes: list[list[int]], starts: dict[int, int]) -> int:
        return objective.of_solution(routes, starts, route_spans(inst, routes, starts))

    def ortools() -> OrToolsSearch:
        return OrToolsSearch(inst, params, budget, progress, None if exact else evaluate)

    stats: dict[str, Any] = {"first_solution": s.first_solution}

    if s.first_solution != "ours":
        alone_search = ortools()
        alone = alone_search.solve_alone(remaining.time_left, remaining.work)
        stats.update(status=alone_search.status, solutions=alone_search.solutions)
        if alone is None:
            stats.update(objective_gbp=None, first_solution_objective_gbp=None)
            return BlockSolution([[] for _ in inst.vehicles], {}, None, stats)
        stats.update(objective_gbp=gbp(alone.objective), first_solution_objective_gbp=None)
        return BlockSolution(alone.routes, alone.starts, alone.objective, stats)

    insertion = construct(inst, seed, construction_deadline(remaining))
    state = insertion.state
    stats["first_solution_objective_gbp"] = gbp(state.total_cost())
    if insertion.hurried or insertion.unreached:
        stats["construction"] = (
            "stopped by the time limit" if insertion.unreached else "hurried by the time limit"
        )
    progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
    share = s.ruin_recreate_share if s.ruin_recreate else 0.0
    polish = polish_worth_it(inst, remaining, share)
    if not polish:
        # Our rounds until the end; the time the model would take is theirs.
        share = ROUNDS_ONLY_SHARE
        stats["polish"] = "skipped: too little time for the OR-Tools model"
    work_done = 0
    if s.ruin_recreate and not insertion.unreached:
        deadline, rounds_allowed = remaining.split(share)
        rounds, better = _rounds(insertion, params, seed, deadline, rounds_allowed, progress)
        work_done = rounds
        stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better)
    stats["ruin_recreate_objective_gbp"] = gbp(state.total_cost())
    unreached = [j for g in insertion.unreached for j in inst.groups[g]]
    if not polish or insertion.unreached:
        return _ours(inst, state, progress, stats, unreached)
    work_left = None if remaining.work is None else max(1, remaining.work - work_done)
    search = ortools()
    polished = search.polish(state.routes, state.scheds, remaining.time_left, work_left)
    stats.update(status=search.status, solutions=search.solutions)
    if (
        polished is None
        or polished.objective > state.total_cost()
        or not interior_breaks(inst, polished.routes, polished.starts)
    ):
        # OR-Tools could not restore our roster in time, or found nothing better by our objective (its
        # model's continuity charge is an approximation), or (a safety net: the model rules it out) left
        # a rest break without a gap between visits: keep ours (checked by the same rules).
        return _ours(inst, state, progress, stats, unreached)
    stats["objective_gbp"] = gbp(polished.objective)
    progress.emit(assigned_visits(inst.node_copy, polished.routes), polished.objective)
    return BlockSolution(polished.routes, polished.starts, polished.objective, stats)


def _ours(
    inst: Instance, state: RouteState, progress: ProgressReport, stats: dict[str, Any], unreached: list[int]
) -> BlockSolution:
    stats["objective_gbp"] = gbp(state.total_cost())
    progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
    return BlockSolution(state.routes, state.routed_starts(), state.total_cost(), stats, unreached)


def rounds_in_budget(
    insertion: Insertion,
    params: SolveParams,
    budget: Budget,
    seed: int,
    t0: float,
    progress: ProgressReport,
    share: float = 1.0,
    focus: Focus | None = None,
) -> tuple[int, int]:
    """Ruin-and-recreate rounds from the roster `insertion` holds, for `share` of the time limit counted
    from t0 (DEFAULT_TIME_LIMIT_S without any limit) or for the work limit: (rounds, improvements)."""
    limit = budget.time_limit_s
    if limit is None and budget.work_limit is None:
        limit = DEFAULT_TIME_LIMIT_S
    deadline = None if limit is None else t0 + limit * share
    return _rounds(insertion, params, seed, deadline, budget.work_limit, progress, focus)


def _rounds(
    insertion: Insertion,
    params: SolveParams,
    seed: int,
    deadline: float | None,
    rounds_allowed: int | None,
    progress: ProgressReport,
    focus: Focus | None = None,
) -> tuple[int, int]:
    """Ruin-and-recreate rounds as `params.search` sets them, from the seed's own random stream."""
    s = params.search
    return ruin_and_recreate(
        insertion,
        s.ruin_visits,
        random.Random(seed + 7919),
        deadline,
        rounds_allowed,
        progress,
        s.ruin_recreate_temperature,
        s.ruin_string_share,
        s.ruin_max_string,
        focus,
        s.ruin_recreate_starts,
        s.exchange_neighbours,
        s.recreate_sorts,
        s.ruin_takers_share,
    )


def gbp(units: int | None) -> float | None:
    return None if units is None else round(units / COST_UNITS_PER_GBP, 4)
