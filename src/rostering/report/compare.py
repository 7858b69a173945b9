"""Rosters of several solvers on one bundle, judged alike, and their side-by-side report.

`run_solvers` builds each roster, checks it with the independent validator and measures it with the same
KPIs; `compare_csv`, `compare_markdown` and `compare_charts` turn the runs into the files `rostering
compare` writes. Nothing here knows how a roster was built.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from ..atomic import atomic_directory
from ..domain import Problem, Roster
from ..evaluation.kpis import KpiRow, Kpis
from ..evaluation.validate import Violation
from ..pipeline import Result, solve
from ..solvers.base import ProgressCallback
from ..solvers.baselines.params import BaselineParams
from ..solvers.params import SolveParams
from ..travel.matrix import TravelMatrix
from ..travel.road_paths import RoadPaths
from .kpi_table import HEADLINE_KEYS, format_value
from .plots import BarPanel, bar_chart_png
from .roster_map import write_roster_map

# Rows of compare.md (and of the printed table): the headline KPIs with cost per contact hour under both
# payment models next to the actual cost.
COMPARE_KEYS: tuple[str, ...] = (
    *HEADLINE_KEYS[: HEADLINE_KEYS.index("cost_salaried_gbp") + 1],
    "cost_time_and_task_per_contact_hour_gbp",
    "cost_salaried_per_contact_hour_gbp",
    *HEADLINE_KEYS[HEADLINE_KEYS.index("cost_salaried_gbp") + 1 :],
)
PROVIDER_KEYS = (
    "carers_used",
    "contact_min",
    "travel_min",
    "utilisation",
    "cost_gbp",
    "cost_per_contact_hour_gbp",
)
MAP_HTML = "map.html"
MAP_PNG = "map.png"
VIOLATIONS_ROW = KpiRow("violations", "Validator violations", "violations", 0)


@dataclass(frozen=True)
class SolverRun:
    """One solver's roster on the bundle, as the pipeline returned it (checked and measured)."""

    name: str
    result: Result

    @property
    def roster(self) -> Roster:
        return self.result.roster

    @property
    def kpis(self) -> Kpis:
        return self.result.measures

    @property
    def violations(self) -> tuple[Violation, ...]:
        return self.result.violations

    @property
    def elapsed_s(self) -> float:
        return self.result.wall_s

    @property
    def valid(self) -> bool:
        return self.result.valid


def run_solvers(
    problem: Problem,
    matrices: Mapping[str, TravelMatrix],
    names: Sequence[str],
    *,
    params: SolveParams | None = None,
    baseline: BaselineParams | None = None,
    time_limit: float | None = None,
    work_limit: int | None = None,
    seed: int = 0,
    progress_for: Callable[[str], ProgressCallback | None] | None = None,
) -> list[SolverRun]:
    """Each named solver on the same problem, matrices, budget and seed, through the one pipeline."""
    return [
        SolverRun(
            name,
            solve(
                problem,
                solver=name,
                matrices=matrices,
                params=params,
                baseline_params=baseline,
                time_limit=time_limit,
                work_limit=work_limit,
                seed=seed,
                progress=progress_for(name) if progress_for else None,
            ),
        )
        for name in names
    ]


def _table(runs: Sequence[SolverRun]) -> list[tuple[KpiRow, list[Any]]]:
    """Every KPI row (union over the runs, first-seen order), with each run's value (None if absent)."""
    order: dict[str, KpiRow] = {VIOLATIONS_ROW.key: VIOLATIONS_ROW}
    values: dict[str, dict[str, Any]] = {VIOLATIONS_ROW.key: {r.name: len(r.violations) for r in runs}}
    for run in runs:
        for row in run.kpis.rows():
            if row.key in ("locality", "solver"):
                continue
            order.setdefault(row.key, row)
            values.setdefault(row.key, {})[run.name] = row.value
    return [(row, [values[key].get(r.name) for r in runs]) for key, row in order.items()]


def compare_csv(runs: Sequence[SolverRun]) -> str:
    """compare.csv: one row per KPI (key, title, unit), one column per solver; raw values, empty if none."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["kpi", "title", "unit", *(r.name for r in runs)])
    for row, vals in _table(runs):
        writer.writerow([row.key, row.title, row.unit, *("" if v is None else v for v in vals)])
    return buf.getvalue()


def compare_markdown(
    runs: Sequence[SolverRun], context: Mapping[str, str], charts: Sequence[str], maps: Sequence[str] = ()
) -> str:
    """compare.md: context lines, the headline KPIs side by side, per-provider figures, validity, charts,
    and each roster's map (PNG shown, the interactive page beside it)."""
    table = {row.key: (row, vals) for row, vals in _table(runs)}
    names = [r.name for r in runs]
    lines = [f"# Time-and-task baselines and the locality engine: {context.get('locality', '')}".rstrip(), ""]
    lines += [f"- {k}: {v}" for k, v in context.items() if k != "locality"]
    lines += ["", "| KPI | unit | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
    for key in (VIOLATIONS_ROW.key, *COMPARE_KEYS):
        if key in table:
            row, vals = table[key]
            lines.append(
                f"| {row.title} | {row.unit} | " + " | ".join(format_value(v, row.unit) for v in vals) + " |"
            )
    sections = {
        "Unmet need by priority (1 = most critical)": [
            k for k in table if "[" in k and k.split("[")[0] in ("visits_unmet", "visit_minutes_unmet")
        ],
        "By provider": [k for k in table if "[" in k and k.split("[")[0] in PROVIDER_KEYS],
    }
    for heading, keys in sections.items():
        if not keys:
            continue
        lines += ["", f"## {heading}", "", "| KPI | unit | " + " | ".join(names) + " |"]
        lines.append("|---|---|" + "---:|" * len(names))
        for key in keys:
            row, vals = table[key]
            lines.append(
                f"| {row.title} | {row.unit} | " + " | ".join(format_value(v, row.unit) for v in vals) + " |"
            )
    lines += ["", "## Validity", ""]
    for run in runs:
        verdict = "passes the validator" if run.valid else f"**{len(run.violations)} violation(s)**"
        lines.append(f"- `{run.name}`: {verdict}")
        lines += [f"  - {v}" for v in run.violations[:10]]
    if charts:
        lines += ["", "## Charts", ""]
        lines += [f"![{name}]({name})" for name in charts]
    if maps:
        lines += ["", "## Maps", ""]
        for name in maps:
            page = name.rsplit("/", 1)[0] + "/" + MAP_HTML
            lines += [f"[{page}]({page}) (interactive, opens offline)", "", f"![{name}]({name})", ""]
        lines.pop()
    return "\n".join(lines) + "\n"


def _per_solver(runs: Sequence[SolverRun], key: str) -> dict[str, float | None]:
    return {r.name: getattr(r.kpis, key) for r in runs}


def compare_charts(runs: Sequence[SolverRun], locality: str) -> dict[str, bytes]:
    """PNG charts by file name: travel, cost (both payment models), unmet need, continuity, punctuality."""
    names = [r.name for r in runs]
    where = f"\n{locality}" if locality else ""
    return {
        "travel_per_contact_hour.png": bar_chart_png(
            f"Travel per contact hour{where}",
            names,
            [
                BarPanel(
                    "Lower is better",
                    "travel minutes per contact hour (min/h)",
                    {"travel": _per_solver(runs, "travel_min_per_contact_hour")},
                )
            ],
        ),
        "cost_per_contact_hour.png": bar_chart_png(
            f"Cost per contact hour under each payment model{where}",
            names,
            [
                BarPanel(
                    "Labour + mileage, per hour with clients",
                    "GBP per contact hour (£/h)",
                    {
                        "all time-and-task (paid per contact minute)": _per_solver(
                            runs, "cost_time_and_task_per_contact_hour_gbp"
                        ),
                        "all salaried / block contract (paid per hour worked)": _per_solver(
                            runs, "cost_salaried_per_contact_hour_gbp"
                        ),
                        "providers' actual payment models": _per_solver(runs, "cost_per_contact_hour_gbp"),
                    },
                    value_format="£{:,.2f}",
                )
            ],
        ),
        "unmet_hours.png": bar_chart_png(
            f"Unmet need{where}",
            names,
            [
                BarPanel(
                    "Visit hours with no carer",
                    "unmet visit hours per week (h/week)",
                    {"unmet": _per_solver(runs, "unmet_hours_per_week")},
                )
            ],
        ),
        "distinct_carers.png": bar_chart_png(
            f"Continuity of care{where}",
            names,
            [
                BarPanel(
                    "Different carers each client sees (lower is better)",
                    "distinct carers per client over the dates (carers)",
                    {
                        "mean over clients": _per_solver(runs, "distinct_carers_per_client_mean"),
                        "90th percentile": _per_solver(runs, "distinct_carers_per_client_p90"),
                    },
                    value_format="{:,.2f}",
                ),
                BarPanel(
                    "Visits by a carer the client knows",
                    "familiar-carer visits (% of carer-visits)",
                    {"familiar": _per_solver(runs, "familiar_carer_share")},
                    percent=True,
                ),
            ],
        ),
        "punctuality.png": bar_chart_png(
            f"Punctuality against the requested time{where}",
            names,
            [
                BarPanel(
                    "Mean |start - requested start|",
                    "mean absolute deviation (min)",
                    {"deviation": _per_solver(runs, "punctuality_mad_min")},
                ),
                BarPanel(
                    "Visits starting within 15 min of the request",
                    "visits within 15 min (% of visits)",
                    {"within 15 min": _per_solver(runs, "punctual_within_15_share")},
                    percent=True,
                ),
            ],
        ),
    }


def write_comparison(
    out: Path,
    runs: Sequence[SolverRun],
    context: Mapping[str, str],
    *,
    road_paths: Mapping[str, RoadPaths] | None = None,
    boundary: BaseGeometry | None = None,
) -> None:
    """DIR/<solver>/ roster files and map (map.html, map.png), compare.csv, compare.md and the charts,
    swapped in together. Map legs follow the roads for the profiles in `road_paths`."""
    charts = compare_charts(runs, context.get("locality", ""))
    maps = [f"{run.name}/{MAP_PNG}" for run in runs]
    with atomic_directory(out) as staging:
        for run in runs:
            run.result.write(staging / run.name)
            write_roster_map(
                staging / run.name / MAP_HTML,
                run.result.problem,
                run.result.matrices,
                run.roster,
                png=staging / run.name / MAP_PNG,
                road_paths=road_paths,
                boundary=boundary,
            )
        (staging / "compare.csv").write_text(compare_csv(runs), encoding="utf-8", newline="\n")
        (staging / "compare.md").write_text(
            compare_markdown(runs, context, sorted(charts), maps), encoding="utf-8", newline="\n"
        )
        for name, png in charts.items():
            (staging / name).write_bytes(png)
