"""`rostering validate BUNDLE`: every located problem in a bundle, then what it asks of the workforce."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._boundary import handles_errors, print_issues
from .app import app

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ..domain import Problem
    from ..io.bundle_summary import Load


@app.command()
@handles_errors
def validate(
    bundle: Annotated[Path, typer.Argument(help="bundle folder (locality.toml + CSV files)")],
) -> None:
    """Check a problem bundle: every error as file:line:column (exit 2), warnings, and a workload summary."""
    from rich.console import Console

    from ..io.bundle import read_bundle

    problem, warnings = read_bundle(bundle)
    print_issues(warnings)
    # Wide enough for the tables when piped to a file or a CI log; a terminal sets its own width.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    print_summary(console, problem, bundle)
    console.print(f"OK: no errors, {len(warnings)} warning(s).")


def print_summary(console: Console, problem: Problem, bundle: Path) -> None:
    loc = problem.locality
    dates = problem.dates
    span = f"{dates[0]} to {dates[-1]}" if dates else "no dates"
    console.print(
        f"[bold]{loc.title or loc.name}[/bold] ({loc.name}, {loc.timezone}): {span}, {len(dates)} day(s)"
    )
    console.print(
        f"{len(problem.clients)} clients, {len(problem.visits)} visits, {len(problem.carers)} carers, "
        f"{len(problem.shifts)} shifts, {len(problem.history)} history records, "
        f"{len(problem.dependencies)} dependencies"
        + (f", {len(problem.absences)} absences" if problem.absences else "")
    )
    console.print(_providers_table(problem))
    console.print(_days_table(problem))
    for line in travel_notes(problem, bundle):
        console.print(line, markup=False)
    if loc.attribution:
        console.print(f"Attribution: {loc.attribution}", markup=False)


def _providers_table(problem: Problem) -> Table:
    from rich.table import Table

    table = Table(title="Providers")
    for name in ("provider", "kind", "payment", "GBP/h", "carers", "drive", "walk", "bike", "clients"):
        table.add_column(name, justify="left" if name in ("provider", "kind", "payment") else "right")
    commissioned = Counter(c.provider_id for c in problem.clients)
    for p in problem.providers:
        modes = Counter(c.travel_mode for c in problem.carers if c.provider_id == p.provider_id)
        table.add_row(
            f"{p.provider_id} {p.name}",
            p.kind,
            p.payment,
            f"{p.rate_per_hour:.2f}",
            str(sum(modes.values())),
            str(modes["drive"]),
            str(modes["walk"]),
            str(modes["bike"]),
            str(commissioned[p.provider_id]),
        )
    return table


def _days_table(problem: Problem) -> Table:
    from rich.table import Table

    from ..io.bundle_summary import day_loads

    table = Table(title="Workload per day (slack = 1 - (contact + est. travel) / shift hours)")
    for name in (
        "date",
        "visits",
        "double-ups",
        "contact h",
        "est. travel h",
        "shift h",
        "slack",
        "tightest band",
    ):
        table.add_column(name, justify="left" if name in ("date", "tightest band") else "right")
    for date in problem.dates:
        whole, bands = day_loads(problem, date)
        tight = min((b for b in bands if b.slack is not None), key=lambda b: b.slack or 0.0, default=None)
        table.add_row(
            whole.label,
            str(whole.visits),
            str(whole.double_ups),
            f"{whole.contact_min / 60:.1f}",
            f"{whole.travel_min / 60:.1f}",
            f"{whole.shift_min / 60:.1f}",
            _pct(whole),
            f"{tight.label} {_pct(tight)}" if tight else "-",
        )
    return table


def _pct(load: Load) -> str:
    return "-" if load.slack is None else f"{round(load.slack * 100) + 0:d}%"


def travel_notes(problem: Problem, bundle: Path) -> list[str]:
    """Say plainly, per travel mode, whether travel comes from stored OSM matrices or the approximation."""
    from ..travel.store import resolve_sources

    _, messages = resolve_sources(problem, bundle)
    lines = [f"Travel {m}" for m in messages]
    if any("approximate" in m for m in messages):
        lines.append(
            "Travel is APPROXIMATE unless matrices/ holds OSM matrices (build them with `rostering matrix`)."
        )
    return lines
