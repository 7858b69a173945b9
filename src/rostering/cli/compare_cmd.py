"""`rostering compare BUNDLE --out DIR`: today's time-and-task practice and the locality engine side by side.

Each solver gets the same problem, travel matrices, budget and seed; each roster is checked by the
independent validator and written into DIR/<solver>/ exactly as `solve` writes it, with its map
(map.html, map.png), and DIR gets compare.csv, compare.md and PNG charts. Everything lands in DIR
together or not at all.
Exit codes: 0 every roster is valid; 1 some roster breaks a hard rule; 2 bad input; 3 engine failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..domain import Problem
from ..domain.time import parse_date
from ..errors import InputError, Issue, Position
from ..io.bundle import read_bundle
from ..report.compare import SolverRun, run_solvers, write_comparison
from ..report.kpi_table import kpi_comparison_table
from ..report.roster_map import bundle_boundary, road_paths_for
from ..solvers import base
from ..solvers.baselines.params import BaselineParams
from ..solvers.params import SolveParams
from ..solvers.registry import SOLVER_NAMES
from ..travel.matrix import TravelMatrix
from ..travel.store import resolve_matrices
from ._boundary import err_console, handles_errors
from .app import app

DEFAULT_TIME_LIMIT_S = 30.0

Bundle = Annotated[Path, typer.Argument(help="bundle folder (locality.toml + CSV files)")]
Out = Annotated[Path, typer.Option("--out", help="output folder (written atomically)")]
Date = Annotated[str | None, typer.Option("--date", help="roster one day, YYYY-MM-DD (default: every day)")]
TimeLimit = Annotated[
    float | None,
    typer.Option("--time-limit", help=f"seconds per engine run (default {DEFAULT_TIME_LIMIT_S:g})", min=0.1),
]
WorkLimit = Annotated[
    int | None,
    typer.Option("--work-limit", help="stop each engine run after N solutions (reproducible)", min=1),
]
Seed = Annotated[int, typer.Option("--seed", help="random seed")]
Params = Annotated[Path | None, typer.Option("--params", help="engine parameters TOML (default: built-in)")]


@app.command()
@handles_errors
def compare(
    bundle: Bundle,
    out: Out,
    solvers: Annotated[
        str, typer.Option("--solvers", help="comma-separated, from: " + ", ".join(SOLVER_NAMES))
    ] = ",".join(SOLVER_NAMES),
    date: Date = None,
    time_limit: TimeLimit = None,
    work_limit: WorkLimit = None,
    seed: Seed = 0,
    params: Params = None,
    baseline_params: Annotated[
        Path | None,
        typer.Option(
            "--baseline-params", help="time-and-task baseline TOML (default: configs/baselines.toml rules)"
        ),
    ] = None,
) -> None:
    """Run the baselines and the engine on one bundle; write rosters, compare.csv/.md and charts."""
    names = parse_solver_names(solvers)
    solve_params = SolveParams.from_toml(params)
    baseline = BaselineParams.from_toml(baseline_params) if baseline_params else BaselineParams()
    problem, matrices = load_inputs(bundle, date)
    budget = make_budget(time_limit, work_limit)
    with progress_display() as progress_for:
        runs = run_solvers(problem, matrices, names, solve_params, baseline, budget, seed, progress_for)
    context = {
        "locality": problem.locality.title or problem.locality.name,
        "bundle": bundle.name,
        "dates": describe_dates(problem),
        "visits": f"{len(problem.visits)}",
        "budget per engine run": describe_budget(budget),
        "seed": str(seed),
        "baseline tolerance": f"requested_start +/- {baseline.tolerance_min} min",
    }
    paths, notes = road_paths_for(bundle, problem, matrices)
    for line in notes:
        err_console.print(f"map {line}", markup=False)
    write_comparison(
        out, problem, matrices, runs, context, road_paths=paths, boundary=bundle_boundary(problem, bundle)
    )
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        kpi_comparison_table({r.name: r.kpis for r in runs}, title=f"{context['locality']}: compare")
    )
    for run in runs:
        console.print(f"{run.name}: {verdict(run)}; {run.elapsed_s:.1f} s", markup=False)
        for v in run.violations[:20]:
            console.print(f"  {v}", markup=False)
    console.print(f"Written to {out}", markup=False)
    if any(not r.valid for r in runs):
        raise typer.Exit(1)


def parse_solver_names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in SOLVER_NAMES]
    if unknown or not names:
        raise InputError(
            [
                Issue(
                    Position("--solvers"),
                    f"unknown solver(s) {', '.join(unknown) or '(none given)'}; "
                    f"choose from {', '.join(SOLVER_NAMES)}",
                )
            ]
        )
    return list(dict.fromkeys(names))


def load_inputs(bundle: Path, date: str | None) -> tuple[Problem, dict[str, TravelMatrix]]:
    """The bundle (one date of it with --date) and its travel matrices; warnings go to stderr."""
    problem, warnings = read_bundle(bundle)
    for issue in warnings[:10]:
        err_console.print(str(issue), markup=False)
    if len(warnings) > 10:
        err_console.print(f"... and {len(warnings) - 10} more warning(s) (`rostering validate` lists them)")
    if date is not None:
        day = _parse_day(date)
        if day not in problem.dates:
            raise InputError(
                [Issue(Position("--date"), f"{day} is not a date of the bundle ({describe_dates(problem)})")]
            )
        problem = problem.for_dates({day})
    matrices, messages = resolve_matrices(problem, bundle)
    for line in messages:
        err_console.print(f"travel {line}", markup=False)
    return problem, dict(matrices)


def _parse_day(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError([Issue(Position("--date"), str(exc))]) from None


def make_budget(time_limit: float | None, work_limit: int | None) -> base.Budget:
    """A time limit by default; a work limit alone makes the runs reproducible (no clock involved)."""
    if time_limit is None and work_limit is None:
        time_limit = DEFAULT_TIME_LIMIT_S
    return base.Budget(time_limit_s=time_limit, work_limit=work_limit)


def describe_budget(budget: base.Budget) -> str:
    parts = []
    if budget.time_limit_s is not None:
        parts.append(f"{budget.time_limit_s:g} s")
    if budget.work_limit is not None:
        parts.append(f"{budget.work_limit} solutions")
    return " or ".join(parts)


def describe_dates(problem: Problem) -> str:
    dates = problem.dates
    if not dates:
        return "no dates"
    return str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]} ({len(dates)} days)"


def verdict(run: SolverRun) -> str:
    return "valid (no violations)" if run.valid else f"{len(run.violations)} VIOLATION(S)"


@contextmanager
def progress_display() -> Iterator[Callable[[object], base.ProgressCallback]]:
    """A progress bar per run on stderr: phase, visits placed, best objective, elapsed time."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} visits"),
        TextColumn("{task.fields[best]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:

        def progress_for(name: object) -> base.ProgressCallback:
            task = bar.add_task(str(name), total=None, best="")

            def report(p: base.Progress) -> None:
                best = "" if p.best_objective is None else f"best {p.best_objective:,.0f}"
                label = f"{name}: {p.phase}" if p.phase else str(name)
                bar.update(
                    task, description=label, completed=p.visits_assigned, total=p.visits_total, best=best
                )

            return report

        yield progress_for
