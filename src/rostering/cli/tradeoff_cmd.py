"""`rostering tradeoff BUNDLE --out DIR --continuity-weights 0,0.5,1,2,5,10`: continuity vs travel.

The engine is run once per weight (a multiplier on the default continuity weights) with the same budget
and seed, through the one pipeline; DIR gets frontier.csv, frontier.md and frontier.png together or not at
all. Exit codes: 0 every roster is valid; 1 some roster breaks a hard rule; 2 bad input; 3 engine failure.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, Issue, Position
from ._boundary import handles_errors
from ._console import out_console, say
from ._options import Bundle, Date, Out, Params, Seed, TimeLimit, WorkLimit
from ._progress import progress_bars
from .app import app
from .compare_cmd import describe_dates, load_inputs

if TYPE_CHECKING:
    from rich.table import Table

    from ..report.tradeoff import FrontierRow

DEFAULT_WEIGHTS = "0,0.5,1,2,5,10"


@app.command()
@handles_errors
def tradeoff(
    bundle: Bundle,
    out: Out,
    continuity_weights: Annotated[
        str,
        typer.Option(
            "--continuity-weights", help="comma-separated multipliers on the default continuity weights"
        ),
    ] = DEFAULT_WEIGHTS,
    date: Date = None,
    time_limit: TimeLimit = None,
    work_limit: WorkLimit = None,
    seed: Seed = 0,
    params: Params = None,
) -> None:
    """Sweep the continuity weight; write the travel vs continuity frontier as CSV, markdown and PNG."""
    from .. import pipeline
    from ..atomic import atomic_directory
    from ..report.tradeoff import frontier_chart, frontier_csv, frontier_markdown, sweep_continuity

    weights = parse_weights(continuity_weights)
    engine_params = pipeline.solve_params(params)
    problem, matrices = load_inputs(bundle, date)
    with progress_bars() as progress_for:
        rows = sweep_continuity(
            problem,
            matrices,
            weights,
            engine_params,
            time_limit=time_limit,
            work_limit=work_limit,
            seed=seed,
            progress_for=lambda w: progress_for(f"continuity x{w:g}"),
        )
    locality = problem.locality.title or problem.locality.name
    context = {
        "locality": locality,
        "bundle": bundle.name,
        "dates": describe_dates(problem),
        "visits": str(len(problem.visits)),
        "budget per run": pipeline.describe_budget(pipeline.make_budget(time_limit, work_limit)),
        "seed": str(seed),
    }
    with atomic_directory(out) as staging:
        (staging / "frontier.csv").write_text(frontier_csv(rows), encoding="utf-8", newline="\n")
        (staging / "frontier.md").write_text(frontier_markdown(rows, context), encoding="utf-8", newline="\n")
        (staging / "frontier.png").write_bytes(frontier_chart(rows, locality))
    out_console().print(frontier_table(rows, f"{locality}: continuity / travel frontier"))
    say(f"Written to {out}")
    if any(r.violations for r in rows):
        raise typer.Exit(1)


def parse_weights(text: str) -> list[float]:
    """Comma-separated non-negative numbers, kept in the order given (duplicates dropped)."""
    weights: list[float] = []
    for part in (p.strip() for p in text.split(",")):
        try:
            w = float(part)
        except ValueError:
            w = math.nan
        if not math.isfinite(w) or w < 0:
            raise InputError([Issue(Position("--continuity-weights"), f"{part!r} is not a number >= 0")])
        weights.append(w)
    return list(dict.fromkeys(weights))


def frontier_table(rows: list[FrontierRow], title: str) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for name in ("weight", "travel min", "carers/client", "familiar", "unmet min", "cost", "violations"):
        table.add_column(name, justify="right")
    for r in rows:
        table.add_row(
            f"x{r.continuity_weight:g}",
            f"{r.travel_min:,}",
            "–" if r.distinct_carers_per_client_mean is None else f"{r.distinct_carers_per_client_mean:.2f}",
            "–" if r.familiar_carer_share is None else f"{r.familiar_carer_share * 100:.1f}%",
            f"{r.visit_minutes_unmet:,}",
            f"£{r.cost_gbp:,.0f}",
            str(r.violations),
        )
    return table
