"""`rostering solve BUNDLE --out DIR`: the nightly roster build.

Reads the bundle (warnings shown), resolves the travel matrices (saying which source each profile uses,
and clearly when it is approximate), searches with a progress bar per day, checks the roster with the
independent validator, writes DIR atomically (roster.json, roster.csv, unassigned.csv, kpis.json) and
prints the KPI summary. All of it goes through `rostering.pipeline`, as the Python API does. A
council-sized bundle is split into parts solved in parallel on Dask (`--decompose`, `--scheduler`,
`--workers`; see solvers/decompose/).

Exit codes: 0 a valid roster covering every visit was written; 1 the roster was written but the validator
found violations (printed; the files are kept so they can be inspected, and `rostering check` reports the
same); 2 bad input (bundle, parameters, a --date the bundle does not have); 3 engine failure; 4 a valid
roster was written but some visits are unassigned (listed in unassigned.csv with reasons).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import _started
from ._boundary import handles_errors, print_issues
from ._console import note, out_console, say
from ._options import Bundle, Date, Decompose, Out, Params, Scheduler, Seed, TimeLimit, Workers, WorkLimit
from ._progress import progress_bars
from .app import app

if TYPE_CHECKING:
    from ..pipeline import Result

# A valid roster that leaves some need unmet: scripts can tell it from a complete one.
EXIT_UNMET = 4


@app.command()
@handles_errors
def solve(
    bundle: Bundle,
    out: Out,
    time_limit: TimeLimit = None,
    seed: Seed = 0,
    date: Date = None,
    params: Params = None,
    work_limit: WorkLimit = None,
    decompose: Decompose = "auto",
    scheduler: Scheduler = None,
    workers: Workers = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="re-plan against this published roster folder: keep its carers and times unless the "
            "changes since (absences, visits added or cancelled) force a move",
        ),
    ] = None,
    freeze_before: Annotated[
        str | None,
        typer.Option(
            "--freeze-before",
            help="with --baseline: visits starting before this local time (YYYY-MM-DDTHH:MM) stay exactly "
            "as published, unless their carer is absent",
        ),
    ] = None,
) -> None:
    """Build a roster for the bundle (or one date of it), check it and write DIR; with --baseline,
    re-plan against a published roster instead."""
    from .. import pipeline
    from ..cluster import workers_issue
    from ..errors import InputError
    from ..report.kpi_table import kpi_table

    if issue := workers_issue(workers, scheduler):
        raise InputError([issue])
    pipeline.load_engine_in_background()
    loaded = pipeline.load_bundle(bundle)
    print_issues(loaded.warnings)
    with progress_bars(keep=True) as progress_for:
        result = pipeline.solve(
            loaded,
            date=date,
            time_limit=time_limit,
            work_limit=work_limit,
            seed=seed,
            params=params,
            progress=progress_for(""),
            started=_started.AT,
            decompose=decompose,
            scheduler=scheduler,
            workers=workers,
            baseline=baseline,
            freeze_before=freeze_before,
        )
    for line in result.travel_notes:
        note(f"travel {line}")
    result.write(out)
    dates = result.problem.dates
    span = "no dates" if not dates else str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    out_console().print(kpi_table(result.measures, f"{result.problem.locality.name}, {span}"))
    say(f"Roster written to {out}")
    if baseline is not None:
        say(changes_line(result, baseline, out))
    if result.violations:
        for v in result.violations:
            note(str(v))
        note(
            f"{len(result.violations)} violation(s) in the roster: written for inspection; this is an engine "
            "bug, please report it with the bundle"
        )
        raise typer.Exit(1)
    if result.unassigned:
        note(
            f"{len(result.unassigned)} visit(s) unassigned (reasons in {out}/unassigned.csv); "
            f"exit code {EXIT_UNMET}"
        )
        raise typer.Exit(EXIT_UNMET)


def changes_line(result: Result, baseline: Path, out: Path) -> str:
    """What a re-plan changed against the published roster, and where the full list is."""
    from ..io.roster_files import read_roster_dir

    diff = result.changes_from(read_roster_dir(baseline))
    changed = ", ".join(
        f"{n} {status.replace('_', ' ')}"
        for status, n in diff.counts().items()
        if n and status != "unchanged"
    )
    return (
        f"Re-planned against {baseline}: {len(diff.changed())} visit(s) changed ({changed or 'none'}), "
        f"{len({c.carer_id for c in diff.carer_calls()})} carer(s) to call, "
        f"{len(diff.clients_to_tell())} client(s) to tell; `rostering diff {baseline} {out}` lists them"
    )
