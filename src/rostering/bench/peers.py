"""The open peers on the same VRPTW instances: PyVRP (HGS) and VROOM, as optional `bench` extras.

Both get exactly the instance our engine gets: DIMACS-truncated distances in tenths as both distance
and travel time, windows and service times x10, the same fleet. Their routes go through the same
evaluator as ours, so no solver's own cost is ever reported. The libraries are imported only when a
peer is run, so the package works without them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from ..errors import SolverError
from .solomon import TIME_SCALE, Fleet, SolomonInstance, dimacs_tenths

PEERS = ("pyvrp", "vroom")


@dataclass(frozen=True)
class PeerRun:
    solver: str
    routes: list[list[int]]
    wall_s: float
    time_to_best_s: float | None


def _fleet_size(inst: SolomonInstance, fleet: Fleet) -> int:
    return inst.customers if fleet == "unlimited" else inst.vehicles


def run_pyvrp(inst: SolomonInstance, time_limit_s: float, seed: int = 0, fleet: Fleet = "file") -> PeerRun:
    """PyVRP's `solve` (hybrid genetic search) with a MaxRuntime stop, on one core."""
    try:
        import pyvrp
        from pyvrp.stop import MaxRuntime
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SolverError("PyVRP is not installed; install the 'bench' extra") from exc
    tenths = dimacs_tenths(inst.x, inst.y)
    s = TIME_SCALE
    data = pyvrp.ProblemData(
        [pyvrp.Location(x, y) for x, y in zip(inst.x, inst.y, strict=True)],
        [
            pyvrp.Client(
                location=i,
                delivery=[inst.demand[i]],
                service_duration=inst.service[i] * s,
                tw_early=inst.ready[i] * s,
                tw_late=inst.due[i] * s,
            )
            for i in range(1, inst.customers + 1)
        ],
        [pyvrp.Depot(location=0, tw_early=inst.ready[0] * s, tw_late=inst.due[0] * s)],
        [
            pyvrp.VehicleType(
                num_available=_fleet_size(inst, fleet),
                capacity=[inst.capacity],
                tw_early=inst.ready[0] * s,
                tw_late=inst.due[0] * s,
            )
        ],
        # pyvrp's stubs want its own matrix type; a numpy array is what it accepts at run time.
        [cast(Any, tenths)],
        [cast(Any, tenths)],
    )
    began = time.perf_counter()
    result = pyvrp.solve(data, stop=MaxRuntime(time_limit_s), seed=seed, display=False)
    wall = time.perf_counter() - began
    clients = data.clients()
    routes = [[clients[a.idx].location for a in r.schedule() if a.is_client()] for r in result.best.routes()]
    # Time to best: the first iteration whose best-so-far equals the final best (per-iteration stats).
    final, elapsed, to_best = result.stats.data[-1].best_cost if result.stats.data else None, 0.0, None
    for runtime, datum in zip(result.stats.runtimes, result.stats.data, strict=True):
        elapsed += runtime
        if datum.best_feas and datum.best_cost == final:
            to_best = elapsed
            break
    return PeerRun("pyvrp", routes, wall, to_best)


def run_vroom(
    inst: SolomonInstance,
    exploration_level: int = 5,
    fleet: Fleet = "file",
    time_limit_s: float | None = None,
) -> PeerRun:
    """VROOM (pyvroom) minimising travel time = DIMACS distance, one thread.

    VROOM's cost grows with the fleet it is offered, so it gets the file's fleet by default (enough for
    every distance-only best-known on these sets).
    """
    try:
        import vroom
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SolverError("pyvroom is not installed; install the 'bench' extra") from exc
    s = TIME_SCALE
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=dimacs_tenths(inst.x, inst.y).astype("uint32"))
    window = vroom.TimeWindow(inst.ready[0] * s, inst.due[0] * s)
    for k in range(_fleet_size(inst, fleet)):
        problem.add_vehicle(vroom.Vehicle(id=k, start=0, end=0, capacity=[inst.capacity], time_window=window))
    for i in range(1, inst.customers + 1):
        problem.add_job(
            vroom.Job(
                id=i,
                location=i,
                default_service=inst.service[i] * s,
                delivery=[inst.demand[i]],
                time_windows=[vroom.TimeWindow(inst.ready[i] * s, inst.due[i] * s)],
            )
        )
    began = time.perf_counter()
    timeout = timedelta(seconds=time_limit_s) if time_limit_s else None
    solution = problem.solve(exploration_level=exploration_level, nb_threads=1, timeout=timeout)
    wall = time.perf_counter() - began
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    routes = [[int(j) for j in group["id"]] for _, group in jobs.groupby("vehicle_id", sort=True)]
    return PeerRun("vroom", routes, wall, None)
