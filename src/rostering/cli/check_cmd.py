"""`rostering check BUNDLE ROSTER_DIR`: judge a written roster against its bundle with the validator.

Exit codes: 0 the roster keeps every hard rule; 1 it breaks some (each violation is printed); 2 the bundle
or roster folder cannot be read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._boundary import handles_errors
from ._console import note, say
from .app import app

if TYPE_CHECKING:
    from ..domain import Problem, Roster
    from ..evaluation.validate import Violation
    from ..travel.matrix import TravelSource


@app.command()
@handles_errors
def check(
    bundle: Annotated[Path, typer.Argument(help="bundle folder the roster was built from")],
    roster_dir: Annotated[Path, typer.Argument(help="roster folder written by `solve` (reads roster.json)")],
    params: Annotated[
        Path | None,
        typer.Option("--params", help="accepted for symmetry with `solve`; the rules do not depend on it"),
    ] = None,
) -> None:
    """Validate a roster against every hard rule; print each violation (exit 1 if there are any)."""
    from ..evaluation.validate import validate
    from ..io.bundle import read_bundle
    from ..io.roster_files import read_roster_dir
    from ..travel.store import resolve_travel

    del params  # hard rules come from the bundle alone; weights only shape what the solver prefers
    problem, _warnings = read_bundle(bundle)
    roster = read_roster_dir(roster_dir)
    scoped = scope_to_roster(problem, roster)
    matrices, messages = resolve_travel(scoped, bundle)
    for line in [*messages, *source_warnings(matrices, roster)]:
        note(f"travel {line}")
    skipped = [d for d in problem.dates if d not in set(scoped.dates)]
    if skipped:
        shown = ", ".join(str(d) for d in skipped[:7]) + (", ..." if len(skipped) > 7 else "")
        note(f"note: the roster covers none of {shown}; those dates are not checked")
    violations = validate(scoped, matrices, roster)
    dates = scoped.dates
    span = "no dates" if not dates else str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    say(
        f"Checked {len(roster.assignments)} assignment(s), {len(roster.unassigned)} unassigned, "
        f"{len(scoped.visits)} visit(s) on {len(dates)} day(s) ({span}); bundle days: {len(problem.dates)}."
    )
    if not violations:
        say("OK: no violations.")
        return
    for v in violations:
        say(str(v))
    say(f"{len(violations)} violation(s): {summarise(violations)}")
    raise typer.Exit(1)


def scope_to_roster(problem: Problem, roster: Roster) -> Problem:
    """The bundle restricted to the dates the roster covers (a `solve --date` roster covers one day)."""
    from ..evaluation.routes import roster_dates

    dates = set(roster_dates(roster))
    if not dates or dates >= set(problem.dates):
        return problem
    return problem.for_dates(dates)


def source_warnings(matrices: Mapping[str, TravelSource], roster: Roster) -> list[str]:
    """Warn when the roster was built on other travel data than the check uses (travel would then differ)."""
    return [
        f"{profile}: warning: the roster was built with {used!r}, the check uses {matrices[profile].source!r}"
        for profile, used in sorted(roster.travel_sources.items())
        if profile in matrices and matrices[profile].source != used
    ]


def summarise(violations: list[Violation]) -> str:
    counts = Counter(v.code for v in violations)
    return ", ".join(f"{code} x{n}" for code, n in counts.items())
