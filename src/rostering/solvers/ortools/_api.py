"""The only module of rostering that imports OR-Tools (pinned to 9.15, `ortools.constraint_solver`).

OR-Tools' Python routing API has moved between releases (pywrapcp, pywraprouting, the snake_case
`ortools.routing`); everything the engine needs passes through these few functions, so a move is one
file's change. Objects returned here are the wrapper's own (typed Any: the wrapper has no stubs).
"""

from __future__ import annotations

from typing import Any

from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2, solver_parameters_pb2
from ortools.util import optional_boolean_pb2

# The completion-search time limit of a deterministic (work-limited) search: in effect none.
DETERMINISTIC_LNS_TIME_LIMIT_S = 3600.0

STATUS_NAMES = {
    v: k.removeprefix("ROUTING_").lower() for k, v in routing_enums_pb2.RoutingSearchStatus.Value.items()
}


def routing_model(n_nodes: int, starts: list[int], ends: list[int]) -> tuple[Any, Any]:
    """(RoutingIndexManager, RoutingModel) with one start and end node per vehicle."""
    manager = pywrapcp.RoutingIndexManager(n_nodes, len(starts), starts, ends)
    model_params = pywrapcp.DefaultRoutingModelParameters()
    # The default zlib trail compression costs time on every accepted solution of a large model.
    model_params.solver_parameters.compress_trail = (
        solver_parameters_pb2.ConstraintSolverParameters.NO_COMPRESSION
    )
    return manager, pywrapcp.RoutingModel(manager, model_params)


def search_parameters(
    *,
    first_solution: str,
    metaheuristic: str,
    time_limit_s: float | None,
    solution_limit: int | None,
    gls_lambda: float,
    lns_time_limit_s: float,
    disabled_operators: tuple[str, ...],
    log_search: bool,
    deterministic: bool = False,
    ils: tuple[int, int] | None = None,
) -> Any:
    """RoutingSearchParameters. `first_solution` "ours" leaves the strategy unset (we hand one in).

    `deterministic` switches off OR-Tools' LP/MIP cumul scheduling, whose outcome varies from run to run
    in 9.15 (cumuls are then set by constraint propagation alone), and the wall-clock limit on each
    neighbour's completion (same seed, same roster, whatever the machine's load).
    `ils` (removed visits, longest removed string) switches on iterated local search (see `solve`).
    """
    p = pywrapcp.DefaultRoutingSearchParameters()
    if first_solution != "ours":
        p.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.Value.Value(first_solution)
    p.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.Value.Value(metaheuristic)
    p.guided_local_search_lambda_coefficient = gls_lambda
    # Each neighbour's completion search stops at lns_time_limit, a wall-clock limit: which neighbours
    # complete would depend on the machine's load, so a deterministic run lifts it (completions then
    # end by themselves, and the failure limit of add_failure_limit ends the search).
    lns_s = DETERMINISTIC_LNS_TIME_LIMIT_S if deterministic else lns_time_limit_s
    p.lns_time_limit.FromMilliseconds(max(1, round(lns_s * 1000)))
    _set_time_limit(p, time_limit_s)
    if solution_limit is not None:
        p.solution_limit = max(1, solution_limit)
    for name in disabled_operators:
        setattr(p.local_search_operators, f"use_{name}", optional_boolean_pb2.BOOL_FALSE)
    p.log_search = log_search
    p.disable_scheduling_beware_this_may_degrade_performance = deterministic
    if ils is not None:
        _iterated_local_search(p, *ils)
    return p


def _iterated_local_search(p: Any, removed_visits: int, max_sequence: int) -> None:
    """SISR ruin, cheapest-insertion recreate, simulated annealing on the reference solution.

    Each perturbed solution is improved by greedy descent: in 9.15 guided local search inside ILS keeps
    running past the time limit (measured: a 10 s run did not stop in 5 minutes). Automatic
    temperatures scale with the instance's arc costs, which the defaults (100 -> 0.01) do not.
    """
    p.use_iterated_local_search = True
    p.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    ils = p.iterated_local_search_parameters
    ils.perturbation_strategy = routing_ils_pb2.PerturbationStrategy.RUIN_AND_RECREATE
    ils.improve_perturbed_solution = True
    rr = ils.ruin_recreate_parameters
    del rr.ruin_strategies[:]
    sisr = rr.ruin_strategies.add().sisr
    sisr.avg_num_removed_visits = removed_visits
    sisr.max_removed_sequence_size = max_sequence
    sisr.bypass_factor = 0.01
    sa = ils.reference_solution_acceptance_strategy.simulated_annealing
    sa.cooling_schedule_strategy = routing_ils_pb2.CoolingScheduleStrategy.EXPONENTIAL
    sa.automatic_temperatures = True
    ils.best_solution_acceptance_strategy.greedy_descent.SetInParent()


def solve(routing: Any, params: Any) -> Any:
    """Solve from OR-Tools' own first solution, by iterated local search when `params` ask for it."""
    if params.use_iterated_local_search:
        return routing.SolveWithIteratedLocalSearch(params)
    return routing.SolveWithParameters(params)


def set_limits(params: Any, time_limit_s: float | None, solution_limit: int | None) -> Any:
    """A copy of `params` with new limits (None: no limit of that kind)."""
    p = pywrapcp.DefaultRoutingSearchParameters()
    p.CopyFrom(params)
    p.solution_limit = 2**63 - 1
    # A work-limited run still gets a (week-long) time limit: GLS warns without one.
    p.time_limit.FromMilliseconds(
        max(1, round((time_limit_s if time_limit_s is not None else 7 * 86400) * 1000))
    )
    if solution_limit is not None:
        p.solution_limit = max(1, solution_limit)
    return p


def _set_time_limit(p: Any, time_limit_s: float | None) -> None:
    # Without a limit, a day: guided local search warns when it has no time limit at all; work-limited
    # runs stop on solutions and failures (add_failure_limit) long before.
    seconds = time_limit_s if time_limit_s is not None else 86_400.0
    p.time_limit.FromMilliseconds(max(1, round(seconds * 1000)))


def status_name(routing: Any) -> str:
    return STATUS_NAMES.get(routing.status(), str(routing.status()))


def add_failure_limit(routing: Any, failures: int) -> None:
    """Stop any search after `failures` failed neighbours: deterministic, unlike a time limit.

    Guided local search never ends by itself when no neighbour can be accepted (e.g. a single visit
    with a single carer), so a work-limited run needs a work measure that always grows.
    """
    routing.AddSearchMonitor(routing.solver().FailuresLimit(failures))
