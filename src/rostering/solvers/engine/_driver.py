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
from ._insertion import construct
from ._instance import Instance
from ._objective import Objective
from ._progress import ProgressReport
from ._ruin_recreate import assigned_visits, ruin_and_recreate

DEFAULT_TIME_LIMIT_S = 30.0


@dataclass
class BlockSolution:
    """Visit nodes per vehicle, their starts (block minutes), the objective (cost units) and statistics."""

    routes: list[list[int]]
    starts: dict[int, int]
    objective: int | None
    stats: dict[str, Any] = field(default_factory=dict)


class _Remaining:
    """What is left of the block's time limit and work limit (rounds + OR-Tools solutions)."""

    def __init__(self, budget: Budget, t0: float) -> None:
        limit = budget.time_limit_s
        if limit is None and budget.work_limit is None:
            limit = DEFAULT_TIME_LIMIT_S
        self.t0 = t0
        self.limit = limit
        self.work = budget.work_limit

    def time_left(self) -> float | None:
        return None if self.limit is None else max(0.0, self.t0 + self.limit - time.monotonic())

    def split(self, share: float) -> tuple[float | None, int | None]:
        """(deadline, work) for a first phase using `share` of the budget."""
        deadline = None if self.limit is None else self.t0 + self.limit * share
        work = None if self.work is None else round(self.work * share)
        return deadline, work


def solve_block(
    inst: Instance,
    params: SolveParams,
    budget: Budget,
    seed: int,
    report: Callable[[Progress], None] | None = None,
    phase: str = "",
) -> BlockSolution:
    """Search the block's roster within `budget` (see the module docstring)."""
    t0 = time.monotonic()
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

    ortools = OrToolsSearch(inst, params, budget, progress, None if exact else evaluate)
    stats: dict[str, Any] = {"first_solution": s.first_solution}

    if s.first_solution != "ours":
        alone = ortools.solve_alone(remaining.time_left, remaining.work)
        stats.update(status=ortools.status, solutions=ortools.solutions)
        if alone is None:
            stats.update(objective_gbp=None, first_solution_objective_gbp=None)
            return BlockSolution([[] for _ in inst.vehicles], {}, None, stats)
        stats.update(objective_gbp=gbp(alone.objective), first_solution_objective_gbp=None)
        return BlockSolution(alone.routes, alone.starts, alone.objective, stats)

    insertion = construct(inst, seed)
    state = insertion.state
    stats["first_solution_objective_gbp"] = gbp(state.total_cost())
    progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
    work_done = 0
    if s.ruin_recreate:
        deadline, rounds_allowed = remaining.split(s.ruin_recreate_share)
        rounds, better = ruin_and_recreate(
            insertion,
            s.ruin_visits,
            random.Random(seed + 7919),
            deadline,
            rounds_allowed,
            progress,
            s.ruin_recreate_temperature,
            s.ruin_string_share,
            s.ruin_max_string,
        )
        work_done = rounds
        stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better)
    stats["ruin_recreate_objective_gbp"] = gbp(state.total_cost())
    work_left = None if remaining.work is None else max(1, remaining.work - work_done)
    polished = ortools.polish(state.routes, state.scheds, remaining.time_left, work_left)
    stats.update(status=ortools.status, solutions=ortools.solutions)
    if (
        polished is None
        or polished.objective > state.total_cost()
        or not interior_breaks(inst, polished.routes, polished.starts)
    ):
        # OR-Tools could not restore our roster in time, or found nothing better by our objective (its
        # model's continuity charge is an approximation), or (a safety net: the model rules it out) left
        # a rest break without a gap between visits: keep ours (checked by the same rules).
        stats["objective_gbp"] = gbp(state.total_cost())
        progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
        return BlockSolution(state.routes, state.routed_starts(), state.total_cost(), stats)
    stats["objective_gbp"] = gbp(polished.objective)
    progress.emit(assigned_visits(inst.node_copy, polished.routes), polished.objective)
    return BlockSolution(polished.routes, polished.starts, polished.objective, stats)


def gbp(units: int | None) -> float | None:
    return None if units is None else round(units / COST_UNITS_PER_GBP, 4)
