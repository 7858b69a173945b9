"""The continuity / travel frontier: the engine re-run with its continuity weights scaled.

Continuity (few, familiar carers) and travel pull against each other: a carer who knows a client may
live across town. Sweeping a multiplier on the default continuity weights traces the curve a
commissioner chooses a point on. Each roster is checked by the validator like any other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..domain import Problem
from ..pipeline import solve
from ..solvers.base import ProgressCallback
from ..solvers.params import SolveParams
from ..travel.matrix import TravelMatrix
from .plots import FrontierPoint, frontier_png

FRONTIER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("continuity_weight", "x default continuity weights"),
    ("travel_min", "min"),
    ("distinct_carers_per_client_mean", "carers per client per week"),
    ("familiar_carer_share", "share"),
    ("visit_minutes_unmet", "min"),
    ("cost_gbp", "GBP"),
    ("violations", "violations"),
)


@dataclass(frozen=True)
class FrontierRow:
    continuity_weight: float
    travel_min: int
    distinct_carers_per_client_mean: float | None
    familiar_carer_share: float | None
    visit_minutes_unmet: int
    cost_gbp: float
    violations: int


def scaled_continuity(params: SolveParams, weight: float) -> SolveParams:
    """`params` with every continuity weight multiplied by `weight` (0 switches continuity off)."""
    c = params.continuity
    return params.model_copy(
        update={
            "continuity": c.model_copy(
                update={
                    "unfamiliar_visit_gbp": c.unfamiliar_visit_gbp * weight,
                    "new_carer_in_week_gbp": c.new_carer_in_week_gbp * weight,
                    "new_carer_for_call_gbp": c.new_carer_for_call_gbp * weight,
                    "absent_days_gbp": c.absent_days_gbp * weight,
                }
            )
        }
    )


def sweep_continuity(
    problem: Problem,
    matrices: Mapping[str, TravelMatrix],
    weights: Sequence[float],
    params: SolveParams,
    *,
    time_limit: float | None = None,
    work_limit: int | None = None,
    seed: int = 0,
    progress_for: Callable[[float], ProgressCallback | None] | None = None,
) -> list[FrontierRow]:
    """One roster per weight (same budget and seed), measured: the points of the frontier, in weight order."""
    rows = []
    for w in weights:
        result = solve(
            problem,
            matrices=matrices,
            params=scaled_continuity(params, w),
            time_limit=time_limit,
            work_limit=work_limit,
            seed=seed,
            progress=progress_for(w) if progress_for else None,
        )
        k = result.measures
        rows.append(
            FrontierRow(
                continuity_weight=w,
                travel_min=k.travel_min,
                distinct_carers_per_client_mean=k.distinct_carers_per_client_mean,
                familiar_carer_share=k.familiar_carer_share,
                visit_minutes_unmet=k.visit_minutes_unmet,
                cost_gbp=k.cost_gbp,
                violations=len(result.violations),
            )
        )
    return rows


def _cell(value: object) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def frontier_csv(rows: Sequence[FrontierRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([name for name, _ in FRONTIER_COLUMNS])
    for r in rows:
        writer.writerow([_cell(getattr(r, name)) for name, _ in FRONTIER_COLUMNS])
    return buf.getvalue()


def frontier_markdown(rows: Sequence[FrontierRow], context: Mapping[str, str]) -> str:
    lines = [f"# Continuity / travel frontier: {context.get('locality', '')}".rstrip(), ""]
    lines += [f"- {k}: {v}" for k, v in context.items() if k != "locality"]
    lines += [
        "",
        "| continuity weight (x default) | travel (min) | distinct carers per client (mean) "
        "| familiar-carer share | unmet (min) | cost (GBP) | violations |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        distinct = (
            "–" if r.distinct_carers_per_client_mean is None else f"{r.distinct_carers_per_client_mean:.2f}"
        )
        familiar = "–" if r.familiar_carer_share is None else f"{r.familiar_carer_share * 100:.1f}%"
        lines.append(
            f"| {r.continuity_weight:g} | {r.travel_min:,} | {distinct} | {familiar} "
            f"| {r.visit_minutes_unmet:,} | £{r.cost_gbp:,.2f} | {r.violations} |"
        )
    lines += ["", "![frontier](frontier.png)"]
    return "\n".join(lines) + "\n"


def frontier_chart(rows: Sequence[FrontierRow], locality: str) -> bytes:
    """Travel against distinct carers and against familiar share, each point labelled by its weight."""
    distinct = [
        FrontierPoint(f"x{r.continuity_weight:g}", r.distinct_carers_per_client_mean, r.travel_min)
        for r in rows
    ]
    familiar = [
        FrontierPoint(
            f"x{r.continuity_weight:g}",
            None if r.familiar_carer_share is None else r.familiar_carer_share * 100,
            r.travel_min,
        )
        for r in rows
    ]
    where = f"\n{locality}" if locality else ""
    return frontier_png(
        f"Continuity / travel trade-off{where}",
        [
            (
                "Travel vs carers per client (lower-left is better)",
                "mean distinct carers per client (carers)",
                "travel time (min)",
                distinct,
            ),
            (
                "Travel vs familiar carers (lower-right is better)",
                "visits by a familiar carer (% of carer-visits)",
                "travel time (min)",
                familiar,
            ),
        ],
    )
