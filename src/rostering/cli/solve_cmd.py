"""`rostering solve BUNDLE --out DIR`: the nightly roster build.

Reads the bundle (warnings shown), resolves the travel matrices (saying which source each profile uses,
and clearly when it is approximate), searches with a progress bar per day, checks the roster with the
independent validator, writes DIR atomically (roster.json, roster.csv, unassigned.csv, kpis.json) and
prints the KPI summary.

Exit codes: 0 a valid roster was written; 1 the roster was written but the validator found violations
(printed; the files are kept so they can be inspected, and `rostering check` reports the same); 2 bad
input (bundle, parameters, a --date the bundle does not have); 3 engine failure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from ..domain.time import parse_date
from ..errors import InputError, Issue, Position
from ..evaluation.kpis import compute_kpis
from ..evaluation.validate import validate
from ..io.bundle import read_bundle
from ..io.roster_files import write_roster_dir
from ..report.kpi_table import kpi_table
from ..solvers import base
from ..solvers.ortools import OrToolsSolver
from ..solvers.params import SolveParams
from ..travel.store import resolve_matrices
from ._boundary import err_console, handles_errors
from .app import app


@app.command()
@handles_errors
def solve(
    bundle: Annotated[Path, typer.Argument(help="bundle folder (providers.csv, carers.csv, ... )")],
    out: Annotated[Path, typer.Option("--out", help="roster folder to write (replaced atomically)")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.5, help="search time in seconds, shared by the days")
    ] = 60.0,
    seed: Annotated[int, typer.Option("--seed", help="random seed of the search")] = 0,
    date: Annotated[str | None, typer.Option("--date", help="roster only this date (YYYY-MM-DD)")] = None,
    params: Annotated[
        Path | None,
        typer.Option("--params", help="solver parameters TOML (default: configs/default.toml values)"),
    ] = None,
    work_limit: Annotated[
        int | None,
        typer.Option(
            "--work-limit",
            min=1,
            help="stop after this much work per day (search rounds + OR-Tools solutions) instead of a time "
            "limit: the same seed then gives a byte-identical roster",
        ),
    ] = None,
) -> None:
    """Build a roster for the bundle (or one date of it), check it and write DIR."""
    solve_params = SolveParams.from_toml(params)
    problem, warnings = read_bundle(bundle)
    for issue in warnings:
        err_console.print(str(issue), markup=False)
    if date is not None:
        day = _bundle_date(problem.dates, date)
        problem = problem.for_dates({day})
    matrices, messages = resolve_matrices(problem, bundle)
    for line in messages:
        err_console.print(f"travel {line}", markup=False)
    approximate = sorted(p for p, m in matrices.items() if m.approximate)
    if approximate:
        err_console.print(
            f"note: travel for {', '.join(approximate)} is approximate (great-circle x circuity); "
            "run `rostering matrix` with an OSM extract for road times",
            markup=False,
        )
    budget = base.Budget(time_limit_s=None if work_limit is not None else time_limit, work_limit=work_limit)
    console = Console(stderr=True, highlight=False)
    with _ProgressBar(console) as bar:
        # Solvers see the shifts as absences leave them; the validator judges against the whole bundle.
        roster = OrToolsSolver().solve(
            problem.absences_applied(), matrices, solve_params, budget, seed=seed, progress=bar.update
        )
    violations = validate(problem, matrices, roster)
    kpis = compute_kpis(problem, matrices, roster)
    write_roster_dir(out, problem, matrices, roster, kpis)
    out_console = Console(highlight=False, soft_wrap=True)
    dates = problem.dates
    span = str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    out_console.print(kpi_table(kpis, f"{problem.locality.name}, {span}"))
    out_console.print(f"Roster written to {out}", markup=False)
    if violations:
        for v in violations:
            err_console.print(str(v), markup=False)
        err_console.print(
            f"{len(violations)} violation(s) in the roster: written for inspection; this is an engine bug, "
            "please report it with the bundle",
            markup=False,
        )
        raise typer.Exit(1)


def _bundle_date(dates: tuple[dt.date, ...], text: str) -> dt.date:
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise InputError([Issue(Position("--date"), str(exc))]) from None
    if day not in dates:
        shown = ", ".join(str(d) for d in dates) or "none"
        raise InputError(
            [Issue(Position("--date"), f"the bundle has no visits or shifts on {day}; its dates: {shown}")]
        )
    return day


class _ProgressBar:
    """One bar per day: visits assigned / total, elapsed, best objective so far."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("visits  {task.fields[elapsed]}  {task.fields[best]}"),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _ProgressBar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def update(self, p: base.Progress) -> None:
        best = "" if p.best_objective is None else f"best objective GBP {p.best_objective:,.2f}"
        elapsed = f"{p.elapsed_s:5.1f} s"
        if p.phase not in self.tasks:
            self.tasks[p.phase] = self.progress.add_task(
                p.phase or "roster", total=p.visits_total, best=best, elapsed=elapsed
            )
        self.progress.update(
            self.tasks[p.phase], completed=p.visits_assigned, total=p.visits_total, best=best, elapsed=elapsed
        )
