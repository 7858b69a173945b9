"""OR-Tools' local search: take our roster, let OR-Tools improve it, give routes back.

The roster goes in as a complete assignment (RoutesToAssignment plus every start time, departure and
break); OR-Tools checks it against the full model (model.py), times every visit optimally for the model's
objective and improves it with guided local search for the rest of the budget. Without our roster (the
textbook preset, or `iterated_local_search`: the VRPTW benchmark preset), OR-Tools builds its own first
solution and improves it alone.

A work limit (OR-Tools solutions, plus a failure limit) instead of a time limit makes the search
deterministic.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..base import Budget
from ..engine._instance import Instance
from ..engine._progress import ProgressReport
from ..engine._schedule import Schedule
from ..params import SolveParams
from . import _api
from .model import RoutingBuild, build_routing

# A work-limited OR-Tools search also stops after this many failed neighbours per unit of work.
FAILURES_PER_WORK = 200
# Attempts at handing our roster to OR-Tools (see OrToolsSearch.polish).
RESTORE_ATTEMPTS = 3

# Seconds of the time limit left, or None (no time limit).
TimeLeft = Callable[[], float | None]


@dataclass
class OrToolsRoutes:
    """A solution of OR-Tools: visit nodes per vehicle, their starts (block minutes), and its objective
    (our objective's value when the search was given one, else the model's)."""

    routes: list[list[int]]
    starts: dict[int, int]
    objective: int


# Our objective of a solution: (routes, starts) -> cost units.
Evaluate = Callable[[list[list[int]], dict[int, int]], int]


def _current(var: Any) -> int:
    """A variable's value inside a solution callback: its minimum, as the solution stores it (a start
    time the model leaves free is not bound there)."""
    return int(var.Min())


class _SolutionMonitor:
    """Counts OR-Tools solutions, reports progress now and then, and, given our objective (`evaluate`),
    keeps the solution that is best by it (the model's objective only approximates ours)."""

    def __init__(self, build: RoutingBuild, progress: ProgressReport, evaluate: Evaluate | None) -> None:
        # OR-Tools holds this callback for as long as the routing model lives. A strong reference back
        # to the model would be a cycle through C++ that Python's collector cannot see: every solve
        # would leak its whole model (hundreds of MB on a 600-visit day; a council's worker solves many).
        self._build = weakref.ref(build)
        self.progress = progress
        self.evaluate = evaluate
        self.solutions = 0
        self.best: OrToolsRoutes | None = None
        inst = build.inst
        self.first_copies = [build.index(j) for j in range(inst.n_visit_nodes) if inst.node_copy[j] == 0]

    @property
    def build(self) -> RoutingBuild:
        build = self._build()
        if build is None:  # only once the search that owns the model is gone, when no callback comes
            raise RuntimeError("the routing model of this solution monitor is gone")
        return build

    def __call__(self) -> None:
        self.solutions += 1
        routing = self.build.routing
        if self.evaluate is None:
            self.progress.improve(int(routing.CostVar().Value()))
        else:
            solution = _solution(self.build, _current, self.evaluate)
            if self.best is None or solution.objective < self.best.objective:
                self.best = solution
            self.progress.improve(solution.objective)
        if self.progress.due():
            self.progress.emit(sum(1 for i in self.first_copies if routing.NextVar(i).Value() != i))


def _solution(build: RoutingBuild, value: Callable[[Any], int], evaluate: Evaluate) -> OrToolsRoutes:
    routes = build.routes(value)
    starts = build.starts(value, routes)
    return OrToolsRoutes(routes, starts, evaluate(routes, starts))


class OrToolsSearch:
    """The routing model of `inst`, closed with the search parameters of `params`, ready to search.

    With `evaluate` (our objective, when the model's only approximates it), every solution is judged by
    it and the best one by it is given back; without, OR-Tools' own best.
    """

    def __init__(
        self,
        inst: Instance,
        params: SolveParams,
        budget: Budget,
        progress: ProgressReport,
        evaluate: Evaluate | None = None,
    ) -> None:
        s = params.search
        self.build = build_routing(inst)
        total = sum(1 for c in inst.node_copy if c == 0)
        disabled = s.disable_operators + (s.large_day_disable_operators if total > s.large_day_visits else ())
        self.parameters = _api.search_parameters(
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
        self.evaluate = evaluate
        self.monitor = _SolutionMonitor(self.build, progress, evaluate)
        routing = self.build.routing
        routing.AddAtSolutionCallback(self.monitor)
        if budget.work_limit is not None:
            _api.add_failure_limit(routing, FAILURES_PER_WORK * budget.work_limit)
        routing.CloseModelWithParameters(self.parameters)

    @property
    def status(self) -> str:
        return _api.status_name(self.build.routing)

    @property
    def solutions(self) -> int:
        return self.monitor.solutions

    def solve_alone(self, time_left: TimeLeft, work: int | None) -> OrToolsRoutes | None:
        """OR-Tools from its own first solution; None if it found none in the budget."""
        return self._routes(_api.solve(self.build.routing, self._limits(time_left, work)))

    def polish(
        self, routes: list[list[int]], scheds: Sequence[Schedule], time_left: TimeLeft, work: int | None
    ) -> OrToolsRoutes | None:
        """OR-Tools takes over our roster and improves it; None if it cannot restore it.

        In OR-Tools 9.15 restoring a complete, feasible assignment (CheckIfAssignmentIsFeasible agrees) on
        a 600-visit day with synchronised visits fails in some runs and not in others: the LP that times
        each route ignores the links between routes. A failed attempt costs a fraction of a second, so a
        few are made; work-limited runs switch the LP scheduling off instead, which makes restoring
        deterministic.
        """
        for _ in range(RESTORE_ATTEMPTS):
            start = self._start_assignment(routes, scheds)
            if start is None:
                return None
            result = self.build.routing.SolveFromAssignmentWithParameters(
                start, self._limits(time_left, work)
            )
            if result is not None or (time_left() or 0.0) < 1.0:
                return self._routes(result)
        return None

    def _limits(self, time_left: TimeLeft, work: int | None) -> Any:
        left = time_left()
        return _api.set_limits(self.parameters, None if left is None else max(0.1, left), work)

    def _routes(self, result: Any) -> OrToolsRoutes | None:
        if result is None:
            return None
        if self.evaluate is not None:
            return self.monitor.best
        return _solution(self.build, result.Value, lambda *_: int(result.ObjectiveValue()))

    def _start_assignment(self, routes: list[list[int]], scheds: Sequence[Schedule]) -> Any:
        """Our roster as a complete OR-Tools assignment: routes, every start time, departures, breaks.

        Given only the routes, OR-Tools' restoring search must find the times itself; on a 600-visit day
        with synchronised visits and breaks it sometimes gives up, and whether it does varies from run to
        run. Given the times too, restoring is a check.
        """
        build = self.build
        routing, time_dim, inst = build.routing, build.time, build.inst
        assignment = routing.solver().Assignment()
        if not routing.RoutesToAssignment(build.as_indices(routes), True, True, assignment):
            return None

        def fix(var: Any, value: int) -> None:
            assignment.Add(var)
            assignment.SetValue(var, value)

        for v, nodes in enumerate(routes):
            if not nodes:
                continue
            sched = scheds[v]
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
            # Between visits k and k + 1 (1-based k), right after visit k.
            k = sched.break_leg
            at = sched.starts[k - 1] + int(inst.service[nodes[k - 1]])
            assignment.SetPerformedValue(brk, 1)
            assignment.SetStartValue(brk, at)
        return assignment
