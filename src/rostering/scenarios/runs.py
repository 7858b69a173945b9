"""One run of a sweep: a (scenario, seed) solved through the pipeline on a Dask worker, and its record.

`solve_run` is the task a worker executes: `pipeline.solve` on the scenario's problem and matrices (sent
once per scenario), returning the roster, its KPIs and violations; the sweep process writes the files.
A run's `key` is a content hash of the materialised bundle, the solve settings and the seed: a finished
run (`run.json` holding the same key beside the roster files) is skipped when the sweep is run again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..domain import Problem, Roster
from ..evaluation.kpis import Kpis
from ..evaluation.validate import Violation
from ..io.roster_files import KPIS_JSON, ROSTER_CSV, ROSTER_JSON, UNASSIGNED_CSV
from ..pipeline import Result, solve
from ..solvers.params import SolveParams
from ..travel.matrix import TravelMatrix

RUN_RECORD = "run.json"
RUN_MAP = "map.html"
ROSTER_FILES = (ROSTER_JSON, ROSTER_CSV, UNASSIGNED_CSV, KPIS_JSON)


@dataclass(frozen=True)
class RunSpec:
    """What one run needs besides the problem: the scenario, seed, solver, parameters and budget."""

    scenario: str
    seed: int
    solver: str
    params: SolveParams
    time_limit: float | None
    work_limit: int | None
    key: str

    @property
    def label(self) -> str:
        return f"{self.scenario} seed {self.seed}"


@dataclass(frozen=True)
class RunOutcome:
    """What a worker sends back: the roster measured and judged, how long it took and where it ran."""

    roster: Roster
    measures: Kpis
    violations: tuple[Violation, ...]
    wall_s: float
    worker: str


@dataclass(frozen=True)
class RunRecord:
    """A finished run as results.csv shows it: the KPIs flattened, the violations, wall time, worker."""

    scenario: str
    seed: int
    kpis: dict[str, Any]
    violations: int
    wall_s: float
    worker: str
    resumed: bool = False


def run_key(
    bundle_digest: str,
    solver: str,
    params: SolveParams,
    time_limit: float | None,
    work_limit: int | None,
    seed: int,
) -> str:
    """SHA-256 of everything a run's roster depends on."""
    settings = {
        "bundle": bundle_digest,
        "solver": solver,
        "params": json.loads(params.model_dump_json()),
        "time_limit": time_limit,
        "work_limit": work_limit,
        "seed": seed,
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def solve_run(data: tuple[Problem, Mapping[str, TravelMatrix]], run: RunSpec) -> RunOutcome:
    """The Dask task: roster one (scenario, seed) through the pipeline (also callable in-process)."""
    problem, matrices = data
    result = solve(
        problem,
        matrices=matrices,
        solver=run.solver,
        params=run.params,
        time_limit=run.time_limit,
        work_limit=run.work_limit,
        seed=run.seed,
    )
    return RunOutcome(result.roster, result.measures, result.violations, result.wall_s, _worker_name())


def warm_up() -> None:
    """Import the engine (OR-Tools and our solvers) so a worker's first run does not wait for it."""
    from ..solvers import ortools

    del ortools


def _worker_name() -> str:
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return "local"
    return str(worker.name) if worker.name is not None else str(worker.address)


def finished_record(folder: Path, run: RunSpec) -> RunRecord | None:
    """The record of a run already finished in `folder` with the same key, else None (run it)."""
    record = folder / RUN_RECORD
    if not record.is_file() or not all((folder / f).is_file() for f in ROSTER_FILES):
        return None
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("key") != run.key:
            return None
        kpis = Kpis.from_json((folder / KPIS_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # unreadable or from another version: run it again
    return RunRecord(
        run.scenario,
        run.seed,
        kpis.flat(),
        int(saved["violations"]),
        float(saved["wall_s"]),
        str(saved["worker"]),
        True,
    )


def save_run(
    folder: Path,
    run: RunSpec,
    outcome: RunOutcome,
    problem: Problem,
    matrices: Mapping[str, TravelMatrix],
    draw: Callable[[Path, Roster], None] | None = None,
) -> RunRecord:
    """Write the roster files (Result.write, atomically), `draw` its map, then run.json: the run counts as
    finished only once everything else is there."""
    result = Result(problem, matrices, outcome.roster, outcome.violations, outcome.measures, outcome.wall_s)
    result.write(folder)
    if draw is not None:
        draw(folder, outcome.roster)
    record = {
        "key": run.key,
        "scenario": run.scenario,
        "seed": run.seed,
        "solver": run.solver,
        "time_limit": run.time_limit,
        "work_limit": run.work_limit,
        "violations": len(outcome.violations),
        "wall_s": round(outcome.wall_s, 3),
        "worker": outcome.worker,
    }
    write_text_atomic(folder / RUN_RECORD, json.dumps(record, indent=2) + "\n")
    return RunRecord(
        run.scenario,
        run.seed,
        outcome.measures.flat(),
        len(outcome.violations),
        outcome.wall_s,
        outcome.worker,
    )
