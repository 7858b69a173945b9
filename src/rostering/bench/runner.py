"""Run a solver over benchmark instances and write one JSON per instance plus a results table.

Per instance `DIR/<instance>.json` holds the routes in the literature's own numbering and the cost the
evaluator recomputes from them (never the solver's objective); `DIR/results.csv` gets one row per
instance, rewritten after each so an interrupted run keeps what it finished.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..atomic import write_text_atomic
from ..domain import Problem, Roster
from ..errors import SolverError
from ..solvers.base import Budget, Progress
from ..solvers.params import SolveParams
from ..travel.matrix import TravelMatrices
from .bestknown import BestKnown, gap_pct, hhc_best_known, vrptw_best_known
from .evaluate import HhcService, earliest_schedule, evaluate_hhc, evaluate_vrptw
from .mankowska import TIME_SCALE as HHC_SCALE
from .mankowska import MankowskaInstance, caregiver_id, hhc_problem, patient_service_of, read_mankowska
from .parallel import run_side_by_side
from .presets import hhc_params, vrptw_params
from .solomon import Fleet, SolomonInstance, customer_of, read_solomon, vrptw_problem

RESULT_COLUMNS = (
    "instance",
    "solver",
    "cost",
    "best_known",
    "best_known_kind",
    "gap_pct",
    "time_to_best_s",
    "wall_s",
    "feasible",
    "routes",
    "violations",
)


@dataclass(frozen=True)
class InstanceResult:
    """One instance solved by one solver, scored by the evaluator."""

    instance: str
    solver: str
    cost: float | None
    best_known: BestKnown | None
    time_to_best_s: float | None
    wall_s: float
    feasible: bool
    routes: int
    violations: tuple[str, ...]

    @property
    def gap_pct(self) -> float | None:
        return gap_pct(self.cost, self.best_known) if self.feasible else None

    def row(self) -> dict[str, str]:
        def num(value: float | None, digits: int) -> str:
            return "" if value is None else f"{value:.{digits}f}"

        return {
            "instance": self.instance,
            "solver": self.solver,
            "cost": num(self.cost, 3),
            "best_known": num(self.best_known.value if self.best_known else None, 3),
            "best_known_kind": self.best_known.kind if self.best_known else "",
            "gap_pct": num(self.gap_pct, 2),
            "time_to_best_s": num(self.time_to_best_s, 2),
            "wall_s": num(self.wall_s, 2),
            "feasible": "yes" if self.feasible else "no",
            "routes": str(self.routes),
            "violations": str(len(self.violations)),
        }


class BestTracker:
    """A progress callback remembering when the best objective last improved (the time to best)."""

    def __init__(self) -> None:
        self.best: float | None = None
        self.time_to_best_s: float | None = None

    def __call__(self, progress: Progress) -> None:
        value = progress.best_objective
        if value is not None and (self.best is None or value < self.best - 1e-9):
            self.best = value
            self.time_to_best_s = progress.elapsed_s


def write_results_csv(path: Path, results: Sequence[InstanceResult]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RESULT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow(r.row())
    write_text_atomic(path, buffer.getvalue())


def _finite(value: float) -> float | None:
    """A JSON-safe number: None when the evaluator could not score the routes (NaN)."""
    return round(value, 6) if math.isfinite(value) else None


def _dump(payload: dict[str, object]) -> str:
    """JSON with one route per line: readable, diffable, and byte-stable for a given solution."""
    parts = []
    for key, value in payload.items():
        if key == "routes" and isinstance(value, list):
            routes = ",\n".join("  " + json.dumps(r, separators=(", ", ": ")) for r in value)
            parts.append(f' "routes": [\n{routes}\n ]' if value else ' "routes": []')
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# --- VRPTW --------------------------------------------------------------------------------------------


def vrptw_routes(roster: Roster) -> list[list[int]]:
    """Customer numbers per used vehicle, in visiting order, vehicles in id order."""
    return [
        [customer_of(a.visit_id) for a in assignments]
        for (_, _), assignments in sorted(roster.by_carer_day.items())
        if assignments
    ]


def solve_vrptw_ours(
    inst: SolomonInstance,
    budget: Budget,
    seed: int = 0,
    fleet: Fleet = "file",
    params: SolveParams | None = None,
) -> tuple[list[list[int]], float | None]:
    """Our engine on one VRPTW instance, through the pipeline: (routes, time to best)."""
    problem, matrices = vrptw_problem(inst, fleet)
    tracker = BestTracker()
    roster = _solve_ours(problem, matrices, params or vrptw_params(), budget, seed, tracker)
    return vrptw_routes(roster), tracker.time_to_best_s


def _solve_ours(
    problem: Problem,
    matrices: TravelMatrices,
    params: SolveParams,
    budget: Budget,
    seed: int,
    tracker: BestTracker,
) -> Roster:
    from ..pipeline import solve

    result = solve(
        problem,
        matrices=matrices,
        params=params,
        time_limit=budget.time_limit_s,
        work_limit=budget.work_limit,
        seed=seed,
        progress=tracker,
    )
    return result.roster


_I = TypeVar("_I")
_R = TypeVar("_R")


def _timed(
    solve: Callable[[_I, float, int], tuple[list[_R], float | None]], inst: _I, time_limit_s: float, seed: int
) -> tuple[list[_R], float | None, tuple[str, ...], float]:
    """One solve, timed. A SolverError becomes an empty result and a failure note, so one failed
    instance does not end a run over a whole set."""
    began = time.perf_counter()
    failure: tuple[str, ...] = ()
    try:
        result, time_to_best = solve(inst, time_limit_s, seed)
    except SolverError as exc:
        result, time_to_best, failure = [], None, (f"solver failed: {exc}",)
    return result, time_to_best, failure, time.perf_counter() - began


VrptwSolve = Callable[[SolomonInstance, float, int], tuple[list[list[int]], float | None]]


def solve_vrptw_file(
    path: Path,
    out_dir: Path,
    solve: VrptwSolve,
    solver_name: str,
    time_limit_s: float,
    seed: int = 0,
    max_vehicles: int | None = None,
) -> InstanceResult:
    """Solve one Solomon-format file with `solve(inst, time_limit_s, seed)`; write `<instance>.json`."""
    inst = read_solomon(path)
    name = Path(path).stem
    routes, time_to_best, failure, wall = _timed(solve, inst, time_limit_s, seed)
    ev = evaluate_vrptw(inst, routes, max_vehicles)
    write_text_atomic(out_dir / f"{name}.json", _dump({"instance": name, "routes": routes, "cost": ev.cost}))
    return InstanceResult(
        name,
        solver_name,
        ev.cost,
        vrptw_best_known(path),
        time_to_best,
        wall,
        ev.feasible and not failure,
        ev.routes,
        failure + ev.violations,
    )


def _csv_row(table: Path, instance: str) -> dict[str, str] | None:
    if not table.is_file():
        return None
    with table.open(newline="", encoding="utf-8") as fh:
        return next((r for r in csv.DictReader(fh) if r["instance"] == instance), None)


@dataclass(frozen=True)
class _EarlierRun:
    """What an earlier run left in its out dir for one instance: the JSON's routes and results.csv timings."""

    name: str
    routes: list[Any]
    time_to_best_s: float | None
    wall_s: float


def _earlier_run(path: Path, out_dir: Path) -> _EarlierRun | None:
    name = Path(path).stem
    row = _csv_row(out_dir / "results.csv", name)
    solution = out_dir / f"{name}.json"
    if row is None or not solution.is_file():
        return None
    routes = json.loads(solution.read_text(encoding="utf-8"))["routes"]
    to_best = float(row["time_to_best_s"]) if row["time_to_best_s"] else None
    return _EarlierRun(name, routes, to_best, float(row["wall_s"]))


def reload_vrptw_result(path: Path, out_dir: Path, solver_name: str) -> InstanceResult | None:
    """A result written by an earlier run (its JSON re-scored now, its timings from results.csv), or None."""
    earlier = _earlier_run(path, out_dir)
    if earlier is None:
        return None
    ev = evaluate_vrptw(read_solomon(path), earlier.routes)
    return InstanceResult(
        earlier.name,
        solver_name,
        ev.cost,
        vrptw_best_known(path),
        earlier.time_to_best_s,
        earlier.wall_s,
        ev.feasible,
        ev.routes,
        ev.violations,
    )


def run_vrptw(
    paths: Sequence[Path],
    out_dir: Path,
    solve: VrptwSolve,
    solver_name: str,
    time_limit_s: float = 30.0,
    seed: int = 0,
    file_fleet: bool = False,
    on_result: Callable[[InstanceResult], None] | None = None,
    jobs: int = 1,
) -> list[InstanceResult]:
    """Every file, `jobs` side by side; results.csv is rewritten after each instance."""

    def one(path: Path) -> InstanceResult:
        limit = read_solomon(path).vehicles if file_fleet else None
        return solve_vrptw_file(path, out_dir, solve, solver_name, time_limit_s, seed, limit)

    return run_each(paths, out_dir, one, jobs, on_result)


def run_each(
    paths: Sequence[Path],
    out_dir: Path,
    solve_one: Callable[[Path], InstanceResult],
    jobs: int = 1,
    on_result: Callable[[InstanceResult], None] | None = None,
) -> list[InstanceResult]:
    """`solve_one` on every file, `jobs` side by side (one per core); after each, results.csv is
    rewritten with every result so far in file order, so an interrupted run keeps what it finished."""
    done: dict[int, InstanceResult] = {}
    for index, result in run_side_by_side(solve_one, list(paths), jobs):
        done[index] = result
        write_results_csv(out_dir / "results.csv", [done[k] for k in sorted(done)])
        if on_result:
            on_result(result)
    return [done[k] for k in sorted(done)]


# --- HHC ----------------------------------------------------------------------------------------------


def hhc_orders(inst: MankowskaInstance, roster: Roster) -> list[list[tuple[int, int]]]:
    """(patient, service) per caregiver in file order, in visiting order (empty for idle caregivers)."""
    by_carer = {carer: assignments for (carer, _), assignments in roster.by_carer_day.items()}
    return [
        [patient_service_of(a.visit_id) for a in by_carer.get(caregiver_id(k), ())]
        for k in range(inst.caregivers)
    ]


def hhc_schedule(inst: MankowskaInstance, roster: Roster) -> list[list[HhcService]]:
    """The roster's orders with every service started as early as they allow (the best timing).

    If the orders admit no schedule (the roster broke a rule), the solver's own start times are kept,
    converted back to instance units, so the evaluator reports what is wrong.
    """
    orders = hhc_orders(inst, roster)
    earliest = earliest_schedule(inst, orders)
    if earliest is not None:
        return [[HhcService(s.patient, s.service, round(s.start, 6)) for s in route] for route in earliest]
    by_carer = {carer: assignments for (carer, _), assignments in roster.by_carer_day.items()}
    return [
        [
            HhcService(*patient_service_of(a.visit_id), a.start_min / HHC_SCALE)
            for a in by_carer.get(caregiver_id(k), ())
        ]
        for k in range(inst.caregivers)
    ]


def solve_hhc_ours(
    inst: MankowskaInstance, budget: Budget, seed: int = 0, params: SolveParams | None = None
) -> tuple[list[list[HhcService]], float | None]:
    """Our engine on one HHC instance, through the pipeline: (schedule per caregiver, time to best)."""
    problem, matrices = hhc_problem(inst)
    tracker = BestTracker()
    roster = _solve_ours(problem, matrices, params or hhc_params(), budget, seed, tracker)
    return hhc_schedule(inst, roster), tracker.time_to_best_s


HhcSolve = Callable[[MankowskaInstance, float, int], tuple[list[list[HhcService]], float | None]]


def solve_hhc_file(
    path: Path, out_dir: Path, solve: HhcSolve, solver_name: str, time_limit_s: float, seed: int = 0
) -> InstanceResult:
    """Solve one Mankowska file with `solve(inst, time_limit_s, seed)`; write `<instance>.json`."""
    inst = read_mankowska(path)
    name = Path(path).stem
    schedule, time_to_best, failure, wall = _timed(solve, inst, time_limit_s, seed)
    ev = evaluate_hhc(inst, schedule)
    payload: dict[str, object] = {
        "instance": name,
        "routes": [
            [{"patient": s.patient, "service": s.service, "start": s.start} for s in r] for r in schedule
        ],
        "distance": _finite(ev.distance),
        "total_tardiness": _finite(ev.total_tardiness),
        "max_tardiness": _finite(ev.max_tardiness),
        "objective": _finite(ev.objective),
    }
    write_text_atomic(out_dir / f"{name}.json", _dump(payload))
    used = sum(1 for r in schedule if r)
    return InstanceResult(
        name,
        solver_name,
        _finite(ev.objective),
        hhc_best_known(path),
        time_to_best,
        wall,
        ev.feasible and not failure,
        used,
        failure + ev.violations,
    )


def reload_hhc_result(path: Path, out_dir: Path, solver_name: str = "ours") -> InstanceResult | None:
    """A result written by an earlier run (its JSON re-scored now, its timings from results.csv), or None."""
    earlier = _earlier_run(path, out_dir)
    if earlier is None:
        return None
    schedule = [
        [HhcService(int(s["patient"]), int(s["service"]), float(s["start"])) for s in r]
        for r in earlier.routes
    ]
    ev = evaluate_hhc(read_mankowska(path), schedule)
    return InstanceResult(
        earlier.name,
        solver_name,
        _finite(ev.objective),
        hhc_best_known(path),
        earlier.time_to_best_s,
        earlier.wall_s,
        ev.feasible,
        sum(1 for r in schedule if r),
        ev.violations,
    )


def run_hhc(
    paths: Sequence[Path],
    out_dir: Path,
    solve: HhcSolve,
    solver_name: str = "ours",
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_result: Callable[[InstanceResult], None] | None = None,
    jobs: int = 1,
) -> list[InstanceResult]:
    """Every file, `jobs` side by side; results.csv is rewritten after each instance."""

    def one(path: Path) -> InstanceResult:
        return solve_hhc_file(path, out_dir, solve, solver_name, time_limit_s, seed)

    return run_each(paths, out_dir, one, jobs, on_result)
