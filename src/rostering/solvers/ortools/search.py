"""The search for one block: our construction, OR-Tools local search, then ruin-and-recreate rounds.

1. The synchronisation-aware construction (construct.py) builds a first roster, handed to OR-Tools with
   ReadAssignmentFromRoutes; or, in the textbook preset, an OR-Tools first-solution strategy.
2. Guided local search improves it (OR-Tools moves one node at a time).
3. Ruin-and-recreate rounds (ours): remove a cluster of visits close in place and time (both halves of
   a double-up together), re-insert them and any unassigned visit with the construction, let OR-Tools
   polish that for a few hundred moves, and keep the result when it is cheaper. This is what lets
   double-ups move between carers, which one-node moves cannot do.

A work limit (OR-Tools solutions) instead of a time limit makes the whole search deterministic.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...errors import SolverError
from ..base import Progress, Stop
from ..params import COST_UNITS_PER_GBP, SolveParams
from . import _api
from .construct import Construction, construct
from .instance import Instance
from .model import RoutingBuild, build_routing

DEFAULT_TIME_LIMIT_S = 30.0
# How often the solution callback recounts assigned visits for the progress display.
PROGRESS_EVERY_S = 0.25


@dataclass
class BlockSolution:
    routes: list[list[int]]
    starts: dict[int, int]
    objective: int | None
    stats: dict[str, Any] = field(default_factory=dict)


class _Monitor:
    """Counts OR-Tools solutions and reports progress (elapsed, best objective, visits assigned)."""

    def __init__(
        self,
        build: RoutingBuild,
        t0: float,
        total: int,
        report: Callable[[Progress], None] | None,
        phase: str,
    ) -> None:
        self.build = build
        self.t0 = t0
        self.total = total
        self.report = report
        self.phase = phase
        self.solutions = 0
        self.best: int | None = None
        self.assigned = 0
        self.last_report = -1.0
        inst = build.inst
        self.first_copies = [build.index(j) for j in range(inst.n_visit_nodes) if inst.node_copy[j] == 0]

    def __call__(self) -> None:
        self.solutions += 1
        cost = int(self.build.routing.CostVar().Value())
        if self.best is None or cost < self.best:
            self.best = cost
        now = time.monotonic()
        if self.report is not None and now - self.last_report >= PROGRESS_EVERY_S:
            routing = self.build.routing
            self.assigned = sum(1 for i in self.first_copies if routing.NextVar(i).Value() != i)
            self.emit(self.assigned)

    def emit(self, assigned: int, objective: int | None = None) -> None:
        if objective is not None and (self.best is None or objective < self.best):
            self.best = objective
        self.assigned = assigned
        self.last_report = time.monotonic()
        if self.report is not None:
            best = None if self.best is None else self.best / COST_UNITS_PER_GBP
            self.report(Progress(self.last_report - self.t0, best, assigned, self.total, self.phase))


class _Budget:
    """Time and work (OR-Tools solutions) left for the block."""

    def __init__(self, stop: Stop, t0: float) -> None:
        limit = stop.time_limit_s
        if limit is None and stop.work_limit is None:
            limit = DEFAULT_TIME_LIMIT_S
        self.deadline = None if limit is None else t0 + limit
        self.work_left = stop.work_limit

    def time_left(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def exhausted(self) -> bool:
        t = self.time_left()
        return (t is not None and t <= 0.05) or (self.work_left is not None and self.work_left <= 0)

    def take(self, share: float, cap: int | None = None) -> tuple[float | None, int | None]:
        """Limits for one OR-Tools call using `share` of what is left (and at most `cap` solutions)."""
        t = self.time_left()
        time_limit = None if t is None else max(0.05, t * share)
        work = None
        if self.work_left is not None:
            work = max(1, round(self.work_left * share))
            if cap is not None:
                work = min(work, cap)
            self.work_left -= work
        elif cap is not None:
            work = cap
        return time_limit, work


def solve_block(
    inst: Instance,
    params: SolveParams,
    stop: Stop,
    seed: int,
    progress: Callable[[Progress], None] | None = None,
    phase: str = "",
) -> BlockSolution:
    """Search the block's roster within `stop` (see the module docstring)."""
    t0 = time.monotonic()
    budget = _Budget(stop, t0)
    total = sum(1 for c in inst.node_copy if c == 0)
    if inst.n_visit_nodes == 0 or not inst.vehicles:
        return BlockSolution([[] for _ in inst.vehicles], {}, 0, {"status": "nothing_to_roster"})
    s = params.search
    build = build_routing(inst)
    routing = build.routing
    disabled = s.disable_operators + (s.large_day_disable_operators if total > s.large_day_visits else ())
    base_params = _api.search_parameters(
        first_solution=s.first_solution,
        metaheuristic=s.metaheuristic,
        time_limit_s=None,
        solution_limit=None,
        gls_lambda=s.guided_local_search_lambda,
        lns_time_limit_s=s.lns_time_limit_s,
        disabled_operators=disabled,
        log_search=s.log_search,
    )
    monitor = _Monitor(build, t0, total, progress, phase)
    routing.AddAtSolutionCallback(monitor)
    routing.CloseModelWithParameters(base_params)
    stats: dict[str, Any] = {"first_solution": s.first_solution}

    share = 1.0 - s.ruin_recreate_share if s.ruin_recreate else 1.0
    time_limit, work = budget.take(share)
    if s.first_solution == "ours":
        con = construct(inst, seed)
        init = routing.ReadAssignmentFromRoutes(build.as_indices(con.routes), True)
        if init is None:
            raise SolverError("OR-Tools rejected the constructed roster; this is a bug in the engine")
        first = int(init.ObjectiveValue())
        monitor.emit(_assigned(inst, con.routes), first)
        result = routing.SolveFromAssignmentWithParameters(
            init, _api.set_limits(base_params, time_limit, work)
        )
        if result is None:
            result = init
    else:
        result = routing.SolveWithParameters(_api.set_limits(base_params, time_limit, work))
        first = None
    stats["status"] = _api.status_name(routing)
    if result is None:
        stats.update(solutions=monitor.solutions, objective_gbp=None, first_solution_objective_gbp=None)
        return BlockSolution([[] for _ in inst.vehicles], {}, None, stats)
    routes = build.routes(result)
    best = BlockSolution(routes, build.starts(result, routes), int(result.ObjectiveValue()))
    if first is None:
        first = best.objective
    monitor.emit(_assigned(inst, best.routes), best.objective)

    if s.ruin_recreate:
        rounds, better = _ruin_and_recreate(build, params, budget, best, seed, monitor)
        stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better)
    stats.update(
        solutions=monitor.solutions,
        objective_gbp=_gbp(best.objective),
        first_solution_objective_gbp=_gbp(first),
    )
    best.stats = stats
    return best


def _ruin_and_recreate(
    build: RoutingBuild,
    params: SolveParams,
    budget: _Budget,
    best: BlockSolution,
    seed: int,
    monitor: _Monitor,
) -> tuple[int, int]:
    """Rounds until the budget is spent; `best` is updated in place. Returns (rounds, improvements)."""
    inst, routing, s = build.inst, build.routing, params.search
    rng = random.Random(seed + 7919)
    base_params = _api.search_parameters(
        first_solution="ours",
        metaheuristic=s.metaheuristic,
        time_limit_s=None,
        solution_limit=None,
        gls_lambda=s.guided_local_search_lambda,
        lns_time_limit_s=s.lns_time_limit_s,
        disabled_operators=s.disable_operators,
        log_search=False,
    )
    closeness = _closeness(inst)
    rounds = better = 0
    while not budget.exhausted():
        time_limit, work = budget.take(1.0, cap=s.round_solution_limit)
        rounds += 1
        con = Construction(inst, rng.randrange(2**31))
        con.load(best.routes, best.starts)
        con.remove(_ruin(inst, best.routes, closeness, s.ruin_visits, rng))
        con.insert_all()
        start = routing.ReadAssignmentFromRoutes(build.as_indices(con.routes), True)
        if start is None:
            continue
        result = routing.SolveFromAssignmentWithParameters(
            start, _api.set_limits(base_params, time_limit, work)
        )
        if result is None:
            result = start
        objective = int(result.ObjectiveValue())
        if best.objective is None or objective < best.objective:
            routes = build.routes(result)
            best.routes, best.starts, best.objective = routes, build.starts(result, routes), objective
            better += 1
            monitor.emit(_assigned(inst, routes), objective)
    return rounds, better


def _closeness(inst: Instance) -> np.ndarray:
    """Visit-node distance for clustering: travel minutes plus half the gap between window starts."""
    n = inst.n_visit_nodes
    travel = next(iter(inst.travel.values()))[:n, :n]
    return travel + np.abs(inst.ws[:, None] - inst.ws[None, :]) // 2


def _ruin(
    inst: Instance, routes: list[list[int]], closeness: np.ndarray, k: int, rng: random.Random
) -> set[int]:
    """A cluster of routed visits around a seed; half the time the seed is an unassigned visit."""
    routed = [j for nodes in routes for j in nodes]
    if not routed:
        return set()
    routed_set = set(routed)
    unrouted = [j for j in range(inst.n_visit_nodes) if j not in routed_set]
    seed_node = rng.choice(unrouted) if unrouted and rng.random() < 0.5 else rng.choice(routed)
    order = np.argsort(closeness[seed_node], kind="stable")
    out: set[int] = set()
    for j in order:
        if int(j) in routed_set:
            out.add(int(j))
            if len(out) >= k:
                break
    return out


def _assigned(inst: Instance, routes: list[list[int]]) -> int:
    return sum(1 for nodes in routes for j in nodes if inst.node_copy[j] == 0)


def _gbp(units: int | None) -> float | None:
    return None if units is None else round(units / COST_UNITS_PER_GBP, 4)
