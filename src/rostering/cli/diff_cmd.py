"""`rostering diff OLD_ROSTER_DIR NEW_ROSTER_DIR [--out DIR]`: what changed, and who must be told.

Compares two roster folders written by `solve` (e.g. last night's published roster and today's re-plan):
per visit unchanged / new_carer / time_moved / newly_unassigned / newly_covered / added / cancelled,
per carer the visits to phone them about, per client the changes to tell them. Prints the counts and the
carers to call; with --out writes diff.csv, calls.csv and diff.md there (atomically).
Exit codes: 0 whether or not anything changed; 2 a roster folder cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._boundary import handles_errors
from ._console import note, out_console, say
from .app import app


@app.command()
@handles_errors
def diff(
    old: Annotated[Path, typer.Argument(help="the roster folder as published (roster.json, roster.csv)")],
    new: Annotated[Path, typer.Argument(help="the roster folder to compare with it")],
    out: Annotated[
        Path | None, typer.Option("--out", help="folder for diff.csv, calls.csv and diff.md (atomic)")
    ] = None,
) -> None:
    """Compare two rosters visit by visit; list the carers to call and the clients to tell."""
    from ..io.diff import diff_rosters
    from ..io.diff_files import read_roster_plans, write_diff_dir
    from ..report.diff_table import carer_calls_table, diff_counts_table

    old_roster, old_plans = read_roster_plans(old)
    new_roster, new_plans = read_roster_plans(new)
    localities = {old_roster.locality, new_roster.locality}
    if len(localities) > 1:
        note(f"warning: the rosters are of different localities ({', '.join(sorted(localities))})")
    result = diff_rosters(old_plans, new_plans)
    out_console().print(diff_counts_table(result, f"Changes from {old} to {new}"))
    if result.carer_calls():
        out_console().print(carer_calls_table(result))
    if out is not None:
        write_diff_dir(out, result)
        say(f"Diff written to {out}")
