"""`rostering compare BUNDLE --out DIR`: today's time-and-task practice and the locality engine side by side.

Each solver gets the same problem, travel matrices, budget and seed through the one pipeline; each roster
is checked by the independent validator and written into DIR/<solver>/ exactly as `solve` writes it, with
its map (map.html, map.png), and DIR gets compare.csv, compare.md and PNG charts. Everything lands in DIR
together or not at all.
Exit codes: 0 every roster is valid; 1 some roster breaks a hard rule; 2 bad input; 3 engine failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ._boundary import handles_errors
from ._console import note, out_console, say
from ._options import BaselineParams, Bundle, Date, Out, Params, Seed, TimeLimit, WorkLimit, comma_choices
from ._progress import progress_bars
from .app import app

if TYPE_CHECKING:
    from ..domain import Problem
    from ..travel.matrix import TravelMatrix

SOLVERS = ("time-and-task", "time-and-task-optimised", "locality")  # = solvers.registry.SOLVER_NAMES


@app.command()
@handles_errors
def compare(
    bundle: Bundle,
    out: Out,
    solvers: Annotated[
        str, typer.Option("--solvers", help="comma-separated, from: " + ", ".join(SOLVERS))
    ] = ",".join(SOLVERS),
    date: Date = None,
    time_limit: TimeLimit = None,
    work_limit: WorkLimit = None,
    seed: Seed = 0,
    params: Params = None,
    baseline_params: BaselineParams = None,
) -> None:
    """Run the baselines and the engine on one bundle; write rosters, compare.csv/.md and charts."""
    from .. import pipeline
    from ..report.compare import run_solvers, write_comparison
    from ..report.kpi_table import kpi_comparison_table
    from ..report.roster_map import bundle_boundary, road_paths_for
    from ..solvers.baselines.params import BaselineParams as Rules

    names = parse_solver_names(solvers)
    engine_params = pipeline.solve_params(params)
    rules = Rules.from_toml(baseline_params) if baseline_params else Rules()
    problem, matrices = load_inputs(bundle, date)
    inferred = packages_note(problem, names, rules.unowned_clients_provider)
    with progress_bars() as progress_for:
        runs = run_solvers(
            problem,
            matrices,
            names,
            params=engine_params,
            baseline=rules,
            time_limit=time_limit,
            work_limit=work_limit,
            seed=seed,
            progress_for=progress_for,
        )
    context = {
        "locality": problem.locality.title or problem.locality.name,
        "bundle": bundle.name,
        "dates": describe_dates(problem),
        "visits": f"{len(problem.visits)}",
        "budget per engine run": pipeline.describe_budget(pipeline.make_budget(time_limit, work_limit)),
        "seed": str(seed),
        "baseline tolerance": f"requested_start +/- {rules.tolerance_min} min",
    }
    if inferred:
        context["packages without provider_id"] = inferred
    paths, notes = road_paths_for(bundle, problem, matrices)
    for line in notes:
        note(f"map {line}")
    write_comparison(out, runs, context, road_paths=paths, boundary=bundle_boundary(problem, bundle))
    out_console().print(
        kpi_comparison_table({r.name: r.kpis for r in runs}, title=f"{context['locality']}: compare")
    )
    for run in runs:
        verdict = "valid (no violations)" if run.valid else f"{len(run.violations)} VIOLATION(S)"
        say(f"{run.name}: {verdict}; {run.elapsed_s:.1f} s")
        for v in run.violations[:20]:
            say(f"  {v}")
    say(f"Written to {out}")
    if any(not r.valid for r in runs):
        raise typer.Exit(1)


def parse_solver_names(text: str) -> list[str]:
    return comma_choices(text, SOLVERS, "--solvers", "solver")


def packages_note(problem: Problem, solvers: list[str], unowned_provider: str | None) -> str | None:
    """Warn (stderr) when a baseline must infer who holds packages that clients.csv leaves without a
    provider_id; the sentence is returned for compare.md."""
    from ..solvers.baselines.ownership import infer_ownership

    if not any(name.startswith("time-and-task") for name in solvers):
        return None
    summary = infer_ownership(problem, unowned_provider).summary()
    if summary:
        note(
            f"warning: {summary} (docs/formats.md, provider inference); set provider_id in clients.csv, "
            "or unowned_clients_provider in --baseline-params, to say who holds them"
        )
    return summary


def load_inputs(bundle: Bundle, date: str | None) -> tuple[Problem, dict[str, TravelMatrix]]:
    """The problem (one date of it with --date) and its travel matrices; warnings and notes go to stderr."""
    from .. import pipeline

    loaded = pipeline.load_bundle(bundle)
    for issue in loaded.warnings[:10]:
        note(str(issue))
    if len(loaded.warnings) > 10:
        note(f"... and {len(loaded.warnings) - 10} more warning(s) (`rostering validate` lists them)")
    problem = pipeline.select_dates(loaded.problem, date)
    matrices, lines = pipeline.travel_for(problem, loaded.path)
    for line in lines:
        note(f"travel {line}")
    return problem, matrices


def describe_dates(problem: Problem) -> str:
    dates = problem.dates
    if not dates:
        return "no dates"
    return str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]} ({len(dates)} days)"
