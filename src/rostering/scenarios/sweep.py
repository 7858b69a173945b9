"""Sweeps: many scenarios x seeds, each (scenario, seed) one task on Dask distributed.

Everything a run needs is prepared first, in this process: every scenario file is read and checked and
materialised (all errors at once, exit 2, before anything runs), written to DIR/scenarios/<name>/ and
loaded back as the bundle the rosters are checked against. Then the runs not already finished go to the
cluster (a LocalCluster of single-threaded worker processes, one per core, or an existing scheduler);
each result is written as it arrives (DIR/runs/<name>/<seed>/ via Result.write, then run.json), so a
killed sweep loses only the runs in flight, and results.csv is rewritten after every run. At the end:
summary.md and the plots (report.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cluster import dask_client
from ..domain import Problem, Roster
from ..errors import InputError, RosteringError
from ..pipeline import Bundle, load_bundle, solve_params, travel_for
from ..report.roster_map import road_paths_for
from ..report.tradeoff import scaled_continuity
from ..travel.matrix import TravelMatrix
from .materialise import ZONES_FILE, Materialised, bundle_digest, materialise
from .parse import Scenario, load_scenario
from .report import write_results_csv, write_summary
from .runs import RUN_MAP, RunRecord, RunSpec, finished_record, run_key, save_run, solve_run, warm_up

SCENARIOS_DIR = "scenarios"
RUNS_DIR = "runs"


@dataclass(frozen=True)
class SweepOptions:
    """Command-line overrides of the scenario files' [solve] tables, and where to run."""

    seeds: tuple[int, ...] | None = None
    time_limit: float | None = None
    work_limit: int | None = None
    scheduler: str | None = None
    workers: int | None = None
    # Run in this process, one run after another, without Dask (the benchmark's sequential baseline).
    inline: bool = False


@dataclass(frozen=True)
class Prepared:
    """One scenario ready to run: its materialised bundle on disk, problem, matrices and runs."""

    name: str
    folder: Path
    problem: Problem
    matrices: Mapping[str, TravelMatrix]
    runs: tuple[RunSpec, ...]
    travel_notes: tuple[str, ...]
    # What each run's map draws besides the roster: road paths (OSM matrices only), the zones' polygons.
    road_paths: Mapping[str, Any] = field(default_factory=dict)
    zones: Path | None = None

    def draw_map(self, folder: Path, roster: Roster) -> None:
        """The run's map.html: routes by provider, clients by distinct carers, the scenario's zones."""
        from ..report.roster_map import bundle_boundary, write_roster_map

        write_roster_map(
            folder / RUN_MAP,
            self.problem,
            self.matrices,
            roster,
            zones=self.zones,
            road_paths=self.road_paths,
            boundary=bundle_boundary(self.problem, self.folder),
        )


@dataclass
class SweepResult:
    out: Path
    records: list[RunRecord] = field(default_factory=list)
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    skipped: int = 0
    workers: int = 0

    @property
    def violations(self) -> int:
        return sum(r.violations for r in self.records)


# Called after each run finishes (or is found finished): (record, runs done, runs in all).
Progress = Callable[[RunRecord, int, int], None]


def read_scenarios(files: Sequence[Path | str]) -> list[Scenario]:
    """Every scenario file read and checked; InputError with every file's problems, names unique."""
    scenarios, issues = [], []
    for f in files:
        try:
            scenarios.append(load_scenario(f))
        except InputError as exc:
            issues += exc.issues
    seen: dict[str, Scenario] = {}
    for s in scenarios:
        if s.spec.name in seen:
            issues.append(
                s.issue(f"scenario name {s.spec.name!r} is also used by {seen[s.spec.name].path}", "name")
            )
        seen.setdefault(s.spec.name, s)
    if issues:
        raise InputError(issues)
    return scenarios


def materialise_all(scenarios: Sequence[Scenario]) -> list[Materialised]:
    """Every scenario applied to its base (each base bundle read once); InputError with all problems."""
    out, issues = [], []
    bases: dict[Path, Bundle] = {}
    for s in scenarios:
        try:
            if s.base_dir not in bases:
                bases[s.base_dir] = load_bundle(s.base_dir)
            out.append(materialise(s, base=bases[s.base_dir]))
        except InputError as exc:
            issues += exc.issues
    if issues:
        raise InputError(issues)
    return out


def prepare(materialised: Sequence[Materialised], out: Path, options: SweepOptions) -> list[Prepared]:
    """Write each scenario's bundle under out/scenarios/, load it back, and key its runs."""
    prepared = []
    for m in materialised:
        folder = m.write(out / SCENARIOS_DIR / m.name)
        loaded = load_bundle(folder)
        problem = loaded.problem
        matrices, notes = travel_for(problem, folder)
        spec = m.scenario.spec.solve
        params = solve_params(m.scenario.resolve(spec.params) if spec.params else None)
        params = scaled_continuity(params, spec.continuity_weight)
        time_limit = options.time_limit if options.time_limit is not None else spec.time_limit_s
        work_limit = options.work_limit if options.work_limit is not None else spec.work_limit
        digest = bundle_digest(folder)
        seeds = options.seeds if options.seeds is not None else spec.seeds
        runs = tuple(
            RunSpec(
                m.name,
                seed,
                spec.solver,
                params,
                time_limit,
                work_limit,
                run_key(digest, spec.solver, params, time_limit, work_limit, seed),
            )
            for seed in dict.fromkeys(seeds)
        )
        paths, path_notes = road_paths_for(folder, problem, matrices)
        zones = folder / ZONES_FILE
        prepared.append(
            Prepared(
                m.name,
                folder,
                problem,
                matrices,
                runs,
                tuple([*notes, *(f"map {line}" for line in path_notes)]),
                paths,
                zones if zones.is_file() else None,
            )
        )
    return prepared


def run_folder(out: Path, run: RunSpec) -> Path:
    return out / RUNS_DIR / run.scenario / str(run.seed)


def run_sweep(
    files: Sequence[Path | str],
    out: Path | str,
    options: SweepOptions = SweepOptions(),
    progress: Progress | None = None,
    on_prepared: Callable[[list[Prepared], int], None] | None = None,
) -> SweepResult:
    """Run every (scenario, seed) of `files` on Dask and write DIR; see the module docstring.

    `on_prepared(prepared, pending)` is called once the scenarios are ready, before any run starts.
    """
    out = Path(out)
    prepared = prepare(materialise_all(read_scenarios(files)), out, options)
    by_name = {p.name: p for p in prepared}
    result = SweepResult(out)
    order = [(p.name, r.seed) for p in prepared for r in p.runs]
    pending: list[RunSpec] = []
    for p in prepared:
        for run in p.runs:
            done = finished_record(run_folder(out, run), run)
            if done is None:
                pending.append(run)
            else:
                result.records.append(done)
                result.skipped += 1
    if on_prepared is not None:
        on_prepared(prepared, len(pending))
    for record in list(result.records):
        if progress is not None:
            progress(record, result.records.index(record) + 1, len(order))

    def finish(record: RunRecord) -> None:
        result.records.append(record)
        result.records.sort(key=lambda r: order.index((r.scenario, r.seed)))
        write_results_csv(out, result.records)
        if progress is not None:
            progress(record, len(result.records), len(order))

    if pending and options.inline:
        result.workers = 1
        for run in pending:
            p = by_name[run.scenario]
            try:
                outcome = solve_run((p.problem, p.matrices), run)
            except RosteringError as exc:
                result.failed.append((run.scenario, run.seed, str(exc)))
                continue
            finish(save_run(run_folder(out, run), run, outcome, p.problem, p.matrices, p.draw_map))
    elif pending:
        with dask_client(options.scheduler, options.workers) as client:
            result.workers = len(client.scheduler_info().get("workers", {}))
            _execute(client, pending, by_name, out, finish, result)
    result.records.sort(key=lambda r: order.index((r.scenario, r.seed)))
    write_results_csv(out, result.records)
    write_summary(out, result.records, [(p.name, p.folder) for p in prepared], options, result.failed)
    return result


def _execute(
    client: Any,
    pending: list[RunSpec],
    prepared: Mapping[str, Prepared],
    out: Path,
    finish: Callable[[RunRecord], None],
    result: SweepResult,
) -> None:
    from distributed import as_completed

    # Workers load the engine while the data travels (the first run would wait for it otherwise).
    warming = [
        client.submit(
            warm_up, key=f"warm-up-{address}", workers=[address], allow_other_workers=True, pure=False
        )
        for address in client.scheduler_info().get("workers", {})
    ]
    # Every worker gets every scenario's problem, in one call (a few MB each): with a scenario's data on
    # one worker only, the scheduler would keep its runs there and the other workers would sit idle.
    # Not hashed: tokenizing a whole problem costs more than sending it.
    names = list(dict.fromkeys(r.scenario for r in pending))
    sent = client.scatter(
        [(prepared[n].problem, prepared[n].matrices) for n in names], broadcast=True, hash=False
    )
    data = dict(zip(names, sent, strict=True))
    futures = {
        client.submit(
            solve_run,
            data[run.scenario],
            run,
            key=f"run-{run.scenario}-{run.seed}-{run.key[:12]}",
            pure=False,
        ): run
        for run in pending
    }
    for future in as_completed([*futures, *warming]):
        if future not in futures:
            continue  # a worker's warm-up
        run = futures[future]
        try:
            outcome = future.result()
        except RosteringError as exc:
            result.failed.append((run.scenario, run.seed, str(exc)))
            continue
        p = prepared[run.scenario]
        finish(save_run(run_folder(out, run), run, outcome, p.problem, p.matrices, p.draw_map))
