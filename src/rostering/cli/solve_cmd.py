"""`rostering solve BUNDLE --out DIR`: the nightly roster build.

Reads the bundle (warnings shown), resolves the travel matrices (saying which source each profile uses,
and clearly when it is approximate), searches with a progress bar per day, checks the roster with the
independent validator, writes DIR atomically (roster.json, roster.csv, unassigned.csv, kpis.json) and
prints the KPI summary. All of it goes through `rostering.pipeline`, as the Python API does.

Exit codes: 0 a valid roster covering every visit was written; 1 the roster was written but the validator
found violations (printed; the files are kept so they can be inspected, and `rostering check` reports the
same); 2 bad input (bundle, parameters, a --date the bundle does not have); 3 engine failure; 4 a valid
roster was written but some visits are unassigned (listed in unassigned.csv with reasons).
"""

from __future__ import annotations

from .. import _started
from ._boundary import handles_errors
from ._console import note, out_console, say
from ._options import Bundle, Date, Out, Params, Seed, TimeLimit, WorkLimit
from ._progress import progress_bars
from .app import app

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
) -> None:
    """Build a roster for the bundle (or one date of it), check it and write DIR."""
    import typer

    from .. import pipeline
    from ..report.kpi_table import kpi_table

    loaded = pipeline.load_bundle(bundle)
    for issue in loaded.warnings:
        note(str(issue))
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
        )
    for line in result.travel_notes:
        note(f"travel {line}")
    result.write(out)
    dates = result.problem.dates
    span = str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    out_console().print(kpi_table(result.measures, f"{result.problem.locality.name}, {span}"))
    say(f"Roster written to {out}")
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
