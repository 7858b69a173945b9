"""The search for one block: our construction, our ruin-and-recreate, then OR-Tools local search.

1. The synchronisation-aware construction (construct.py) builds a first roster.
2. Ruin-and-recreate rounds (ours, in Python): remove a cluster of visits close in place and time, or
   (a configurable share of rounds) strings of consecutive visits from the routes nearest a seed (both
   halves of a double-up together; half the time around a visit still unassigned), re-insert them and
   every unassigned visit with the construction, keep the result when it costs no more. This is what
   moves double-ups between carers and fits in visits left out, which OR-Tools' one-node moves cannot.
3. The best roster goes to OR-Tools (RoutesToAssignment + SolveFromAssignmentWithParameters), which
   checks it against the full model, times every visit optimally for the objective and improves it with
   guided local search for the rest of the budget.
The textbook preset skips 1-2 and lets an OR-Tools first-solution strategy start the local search;
with `iterated_local_search` that start is improved by OR-Tools' own ruin-and-recreate (SISR) instead of
guided local search (the VRPTW benchmark preset).

On a 600-visit day each OR-Tools move costs tens of milliseconds (every accepted neighbour is
propagated through the synchronisation, break and cost constraints), so most of the budget goes to the
ruin-and-recreate rounds, which evaluate a route in microseconds (benchmarks/RESULTS.md).
A work limit instead of a time limit (rounds + OR-Tools solutions) makes the whole search deterministic.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..base import Budget, Progress
from ..params import COST_UNITS_PER_GBP, SolveParams
from . import _api
from .construct import Construction, construct
from .instance import REST_BREAK_MIN, Instance
from .model import RoutingBuild, build_routing

DEFAULT_TIME_LIMIT_S = 30.0
# A work-limited OR-Tools search also stops after this many failed neighbours per unit of work.
FAILURES_PER_WORK = 200
# Attempts at handing our roster to OR-Tools (see _polish).
RESTORE_ATTEMPTS = 3
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
            self.emit(sum(1 for i in self.first_copies if routing.NextVar(i).Value() != i))

    def emit(self, assigned: int, objective: int | None = None) -> None:
        if objective is not None and (self.best is None or objective < self.best):
            self.best = objective
        self.assigned = assigned
        self.last_report = time.monotonic()
        if self.report is not None:
            best = None if self.best is None else self.best / COST_UNITS_PER_GBP
            self.report(Progress(self.last_report - self.t0, best, assigned, self.total, self.phase))


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
    progress: Callable[[Progress], None] | None = None,
    phase: str = "",
) -> BlockSolution:
    """Search the block's roster within `budget` (see the module docstring)."""
    t0 = time.monotonic()
    remaining = _Remaining(budget, t0)
    total = sum(1 for c in inst.node_copy if c == 0)
    if inst.n_visit_nodes == 0 or not inst.vehicles:
        return BlockSolution([[] for _ in inst.vehicles], {}, 0, {"status": "nothing_to_roster"})
    s = params.search
    build = build_routing(inst)
    disabled = s.disable_operators + (s.large_day_disable_operators if total > s.large_day_visits else ())
    search_params = _api.search_parameters(
        first_solution=s.first_solution,
        metaheuristic=s.metaheuristic,
        time_limit_s=None,
        solution_limit=None,
        gls_lambda=s.guided_local_search_lambda,
        lns_time_limit_s=s.lns_time_limit_s,
        disabled_operators=disabled,
        log_search=s.log_search,
        deterministic=budget.work_limit is not None,
        ils=(s.ils_removed_visits, s.ils_max_sequence) if s.iterated_local_search else None,
    )
    monitor = _Monitor(build, t0, total, progress, phase)
    build.routing.AddAtSolutionCallback(monitor)
    if budget.work_limit is not None:
        _api.add_failure_limit(build.routing, FAILURES_PER_WORK * budget.work_limit)
    build.routing.CloseModelWithParameters(search_params)
    stats: dict[str, Any] = {"first_solution": s.first_solution}

    if s.first_solution != "ours":
        result = _api.solve(build.routing, _limits(search_params, remaining, remaining.work))
        stats["status"] = _api.status_name(build.routing)
        stats["solutions"] = monitor.solutions
        if result is None:
            stats.update(objective_gbp=None, first_solution_objective_gbp=None)
            return BlockSolution([[] for _ in inst.vehicles], {}, None, stats)
        routes = build.routes(result)
        objective = int(result.ObjectiveValue())
        stats.update(objective_gbp=_gbp(objective), first_solution_objective_gbp=None)
        return BlockSolution(routes, build.starts(result, routes), objective, stats)

    con = construct(inst, seed)
    stats["first_solution_objective_gbp"] = _gbp(con.total_cost())
    monitor.emit(_assigned(inst, con.routes), con.total_cost())
    work_done = 0
    if s.ruin_recreate:
        deadline, rounds_allowed = remaining.split(s.ruin_recreate_share)
        rounds, better = ruin_and_recreate(
            con,
            s.ruin_visits,
            random.Random(seed + 7919),
            deadline,
            rounds_allowed,
            monitor,
            s.ruin_recreate_temperature,
            s.ruin_string_share,
            s.ruin_max_string,
        )
        work_done = rounds
        stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better)
    stats["ruin_recreate_objective_gbp"] = _gbp(con.total_cost())
    work_left = None if remaining.work is None else max(1, remaining.work - work_done)
    # From here on progress shows the model's own objective (it charges new carers per visit, ours per
    # client and carer), so the best-so-far restarts.
    monitor.best = None
    result = _polish(build, con, search_params, remaining, work_left)
    stats["status"] = _api.status_name(build.routing)
    stats["solutions"] = monitor.solutions
    if result is None:
        # OR-Tools could not restore our roster in time: keep ours (checked by the same rules).
        stats["objective_gbp"] = _gbp(con.total_cost())
        return BlockSolution(con.routes, con.routed_starts(), con.total_cost(), stats)
    routes = build.routes(result)
    objective = int(result.ObjectiveValue())
    stats["objective_gbp"] = _gbp(objective)
    monitor.emit(_assigned(inst, routes), objective)
    return BlockSolution(routes, build.starts(result, routes), objective, stats)


def _limits(search_params: Any, remaining: _Remaining, work: int | None) -> Any:
    left = remaining.time_left()
    return _api.set_limits(search_params, None if left is None else max(0.1, left), work)


def _polish(
    build: RoutingBuild, con: Construction, search_params: Any, remaining: _Remaining, work: int | None
) -> Any:
    """OR-Tools takes over our roster and improves it; None if it cannot restore it.

    In OR-Tools 9.15 restoring a complete, feasible assignment (CheckIfAssignmentIsFeasible agrees) on a
    600-visit day with synchronised visits fails in some runs and not in others: the LP that times each
    route ignores the links between routes. A failed attempt costs a fraction of a second, so a few are
    made; work-limited runs switch the LP scheduling off instead, which makes restoring deterministic.
    """
    for _ in range(RESTORE_ATTEMPTS):
        start = _start_assignment(build, con)
        if start is None:
            return None
        result = build.routing.SolveFromAssignmentWithParameters(
            start, _limits(search_params, remaining, work)
        )
        if result is not None or (remaining.time_left() or 0.0) < 1.0:
            return result
    return None


def _start_assignment(build: RoutingBuild, con: Construction) -> Any:
    """Our roster as a complete OR-Tools assignment: routes, every start time, departures, breaks.

    Given only the routes, OR-Tools' restoring search must find the times itself; on a 600-visit day
    with synchronised visits and breaks it sometimes gives up, and whether it does varies from run to run.
    Given the times too, restoring is a check.
    """
    routing, time_dim, inst = build.routing, build.time, build.inst
    assignment = routing.solver().Assignment()
    if not routing.RoutesToAssignment(build.as_indices(con.routes), True, True, assignment):
        return None

    def fix(var: Any, value: int) -> None:
        assignment.Add(var)
        assignment.SetValue(var, value)

    for v, nodes in enumerate(con.routes):
        if not nodes:
            continue
        sched = con.scheds[v]
        for j, t in zip(nodes, sched.starts, strict=True):
            fix(time_dim.CumulVar(build.index(j)), t)
        fix(time_dim.CumulVar(routing.Start(v)), sched.departure)
        fix(time_dim.CumulVar(routing.End(v)), sched.ret)
        brk = build.breaks.get(v)
        if brk is None:
            continue
        assignment.Add(brk)
        if sched.break_leg is None:
            assignment.SetPerformedValue(brk, 0)
            continue
        k = sched.break_leg
        if k == 0:
            at = sched.departure
        elif k == len(nodes):
            at = sched.ret - REST_BREAK_MIN
        else:
            at = sched.starts[k - 1] + int(inst.service[nodes[k - 1]])
        assignment.SetPerformedValue(brk, 1)
        assignment.SetStartValue(brk, at)
    return assignment


def ruin_and_recreate(
    con: Construction,
    ruin_visits: int,
    rng: random.Random,
    deadline: float | None,
    rounds_allowed: int | None,
    monitor: _Monitor | None = None,
    temperature: float = 0.0,
    string_share: float = 0.0,
    max_string: int = 10,
) -> tuple[int, int]:
    """Rounds until the deadline or the round limit; `con` ends in its best state. (rounds, improvements).

    A round's result replaces the current roster when it costs no more, or, with `temperature` > 0, with
    the simulated-annealing probability exp(-increase / T): T starts at `temperature` x the average route
    cost per routed visit and falls a hundredfold over the budget (time or rounds). Accepting slightly
    worse rosters is what lets a long run leave a local optimum; an unassigned visit's penalty is far
    above any T, so a roster that loses a visit is never accepted. A share `string_share` of the rounds
    ruins strings of consecutive visits instead of a cluster (`_ruin`).
    """
    inst = con.inst
    closeness = _closeness(inst)
    best_cost = current_cost = con.total_cost()
    best = current = con.snapshot()
    t_start = time.monotonic()
    t0 = temperature * con.routes_cost() / max(1, con.routed_count())
    rounds = better = 0
    while (deadline is None or time.monotonic() < deadline) and (
        rounds_allowed is None or rounds < rounds_allowed
    ):
        rounds += 1
        strings = max_string if string_share and rng.random() < string_share else None
        if not con.remove(_ruin(con, closeness, ruin_visits, rng, strings)):
            con.restore(current)
            continue
        con.insert_all(shuffle=rng.random() < 0.5)
        cost = con.total_cost()
        if cost < best_cost:
            better += 1
            if monitor is not None:
                monitor.emit(_assigned(inst, con.routes), cost)
        if cost <= current_cost or _accept_worse(
            cost - current_cost, t0, _progress(rounds, rounds_allowed, t_start, deadline), rng
        ):
            current_cost, current = cost, con.snapshot()
            if cost <= best_cost:
                best_cost, best = cost, current
        else:
            con.restore(current)
    con.restore(best)
    return rounds, better


def _progress(rounds: int, rounds_allowed: int | None, t_start: float, deadline: float | None) -> float:
    """How much of the ruin-and-recreate budget is spent, 0..1 (rounds when work-limited: deterministic)."""
    if rounds_allowed is not None:
        return min(1.0, rounds / max(1, rounds_allowed))
    if deadline is None or deadline <= t_start:
        return 1.0
    return min(1.0, (time.monotonic() - t_start) / (deadline - t_start))


def _accept_worse(increase: int, t0: float, progress: float, rng: random.Random) -> bool:
    if t0 <= 0:
        return False
    temp = t0 * 0.01**progress
    return rng.random() < math.exp(-increase / temp)


def _closeness(inst: Instance) -> NDArray[np.int64]:
    """Visit-node distance for clustering: travel minutes plus half the gap between window starts."""
    n = inst.n_visit_nodes
    travel = next(iter(inst.travel.values()))[:n, :n]
    return travel + np.abs(inst.ws[:, None] - inst.ws[None, :]) // 2


def _ruin(
    con: Construction, closeness: NDArray[np.int64], k: int, rng: random.Random, strings: int | None
) -> set[int]:
    """About k routed visits near a seed (a routed visit, or half the time an unassigned one), nearest
    first: each visit itself (a cluster), or with `strings` a run of 1..strings consecutive visits of
    its route around it, one run per route."""
    routed = [j for j, v in enumerate(con.vehicle_of) if v >= 0]
    out: set[int] = set()
    if not routed:
        return out
    unrouted = [j for j, v in enumerate(con.vehicle_of) if v < 0]
    seed_node = rng.choice(unrouted) if unrouted and rng.random() < 0.5 else rng.choice(routed)
    ruined: set[int] = set()
    for j in map(int, np.argsort(closeness[seed_node], kind="stable")):
        v = con.vehicle_of[j]
        if v < 0 or v in ruined:
            continue
        if strings is None:
            out.add(j)
        else:
            ruined.add(v)
            route = con.routes[v]
            at = route.index(j)
            length = rng.randint(1, min(strings, len(route), k - len(out)))
            first = rng.randint(max(0, at - length + 1), min(at, len(route) - length))
            out.update(route[first : first + length])
        if len(out) >= k:
            break
    return out


def _assigned(inst: Instance, routes: list[list[int]]) -> int:
    return sum(1 for nodes in routes for j in nodes if inst.node_copy[j] == 0)


def _gbp(units: int | None) -> float | None:
    return None if units is None else round(units / COST_UNITS_PER_GBP, 4)
