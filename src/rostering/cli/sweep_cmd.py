"""`rostering sweep FILE... --out DIR`: every scenario x seed, each run one task on Dask distributed.

A LocalCluster of single-threaded worker processes (one per core, or `--workers N`) by default, or an
existing cluster at `--scheduler tcp://host:8786`. Writes DIR/results.csv, summary.md, tradeoff.png,
unmet.png, DIR/scenarios/<name>/ (the materialised bundles) and DIR/runs/<name>/<seed>/ (the rosters).
Rerunning skips the runs already finished. Exit codes: 0 every roster valid; 1 some roster breaks a hard
rule; 2 a bad scenario file or option (nothing runs); 3 some run failed in the engine; 130 interrupted
(finished runs are kept; run the same command to resume).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError
from ._boundary import handles_errors
from ._console import err_console, note, say
from ._options import Scheduler, TimeLimit, Workers, WorkLimit
from .app import app

if TYPE_CHECKING:
    from ..scenarios.runs import RunRecord
    from ..scenarios.sweep import Prepared, SweepResult


@app.command()
@handles_errors
def sweep(
    files: Annotated[list[Path], typer.Argument(help="scenario files (TOML)")],
    out: Annotated[
        Path, typer.Option("--out", help="output folder (runs already in it are kept and skipped)")
    ],
    seeds: Annotated[
        int | None,
        typer.Option("--seeds", min=1, help="run seeds 1..N for every scenario (default: each file's)"),
    ] = None,
    time_limit: TimeLimit = None,
    work_limit: WorkLimit = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
) -> None:
    """Run scenario files x seeds on Dask; write results.csv, summary.md, plots and every roster."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..cluster import workers_issue
    from ..scenarios.sweep import SweepOptions, run_sweep

    if issue := workers_issue(workers, scheduler):
        raise InputError([issue])
    options = SweepOptions(
        seeds=tuple(range(1, seeds + 1)) if seeds else None,
        time_limit=time_limit,
        work_limit=work_limit,
        scheduler=scheduler,
        workers=workers,
    )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # The bar appears once every scenario file has been read and checked (a bad file shows no bar).
    bar = Progress(*columns, console=err_console(), transient=False)
    task = bar.add_task("runs", total=None)

    def prepared(scenarios: list[Prepared], pending: int) -> None:
        total = sum(len(p.runs) for p in scenarios)
        note(f"{len(scenarios)} scenario(s), {total} run(s): {total - pending} already finished in {out}")
        for line in dict.fromkeys(line for p in scenarios for line in p.travel_notes):
            note(f"travel {line}")
        bar.update(task, total=total)
        bar.start()

    def progressed(record: RunRecord, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=f"runs (last: {record.scenario})")

    try:
        result = run_sweep(files, out, options, progress=progressed, on_prepared=prepared)
    finally:
        bar.stop()
    _report(result)


def _report(result: SweepResult) -> None:
    fresh = len(result.records) - result.skipped
    now = f"{fresh} now on {result.workers} worker(s)" if fresh else "none to run again"
    say(
        f"{len(result.records)} run(s) finished: {now}, {result.skipped} from an earlier sweep; written to "
        f"{result.out}: results.csv, summary.md, tradeoff.png, unmet.png"
    )
    for scenario, seed, message in result.failed:
        note(f"FAILED {scenario} seed {seed}: {message}")
    bad = [r for r in result.records if r.violations]
    for r in bad:
        where = f"{result.out}/scenarios/{r.scenario} {result.out}/runs/{r.scenario}/{r.seed}"
        note(f"{r.scenario} seed {r.seed}: {r.violations} violation(s) (see `rostering check {where}`)")
    if result.failed:
        raise typer.Exit(3)
    if bad:
        raise typer.Exit(1)
