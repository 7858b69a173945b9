"""A sweep's tables: results.csv (one row per run), summary.md (mean and spread, dominance, zones), plots.

Dominance is on four criteria, each lower-is-better: travel minutes per contact hour, distinct carers
per client, unmet hours per week and cost. Scenario A dominates B when A's mean is no worse on all
four and better on at least one; it does so "on every seed" when A's worst seed is no worse than B's best
on each criterion (and better on one), i.e. the seeds' spread cannot explain it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_bytes_atomic, write_text_atomic
from .runs import RunRecord

if TYPE_CHECKING:
    from .sweep import SweepOptions

RESULTS_CSV = "results.csv"
SUMMARY_MD = "summary.md"
TRADEOFF_PNG = "tradeoff.png"
UNMET_PNG = "unmet.png"
# (kpis.json key, what the summary calls it) for the four dominance criteria, all lower-is-better.
CRITERIA: tuple[tuple[str, str], ...] = (
    ("travel_min_per_contact_hour", "travel min / contact h"),
    ("distinct_carers_per_client_mean", "distinct carers / client"),
    ("unmet_hours_per_week", "unmet h / week"),
    ("cost_gbp", "cost GBP"),
)
# Shown beside them, not used for dominance.
ALSO: tuple[tuple[str, str], ...] = (
    ("familiar_carer_share", "familiar-carer share"),
    ("cost_per_contact_hour_gbp", "cost / contact h GBP"),
    ("duplication_client_days", "multi-provider client-days"),
    ("punctual_within_15_share", "within 15 min of requested"),
)
ZONE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("unmet_hours_per_week", "unmet h / week"),
    ("travel_min_per_contact_hour", "travel min / contact h"),
    ("distinct_carers_per_client_mean", "distinct carers / client"),
    ("providers_used", "providers"),
    ("uplift_gbp", "rate uplift GBP"),
)


@dataclass(frozen=True)
class Spread:
    """Mean, standard deviation (None for one value), min and max of one KPI over a scenario's seeds."""

    mean: float
    sd: float | None
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread | None:
        if not values:
            return None
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else None
        return cls(mean, sd, min(values), max(values))

    def text(self, digits: int = 2) -> str:
        body = f"{self.mean:,.{digits}f}"
        return body if self.sd is None else f"{body} ± {self.sd:,.{digits}f}"


def results_rows(records: Sequence[RunRecord]) -> tuple[list[str], list[list[str]]]:
    """results.csv: scenario, seed, dates, each kpis.json KPI, violations, wall_s, worker (header, rows)."""
    keys: dict[str, None] = {}
    for r in records:
        keys.update(dict.fromkeys(k for k in r.kpis if k != "dates"))
    header = ["scenario", "seed", "dates", *keys, "violations", "wall_s", "worker"]
    rows = [
        [
            r.scenario,
            str(r.seed),
            _cell(r.kpis.get("dates")),
            *(_cell(r.kpis.get(k)) for k in keys),
            str(r.violations),
            f"{r.wall_s:.3f}",
            r.worker,
        ]
        for r in records
    ]
    return header, rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_results_csv(out: Path, records: Sequence[RunRecord]) -> None:
    header, rows = results_rows(records)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_text_atomic(out / RESULTS_CSV, buf.getvalue())


def spreads(records: Sequence[RunRecord], scenarios: Sequence[str], key: str) -> dict[str, Spread | None]:
    """Scenario -> the spread of `key` over its runs (runs without a value are left out)."""
    return {
        s: Spread.of([float(r.kpis[key]) for r in records if r.scenario == s and r.kpis.get(key) is not None])
        for s in scenarios
    }


def dominance(records: Sequence[RunRecord], scenarios: Sequence[str]) -> list[tuple[str, str, bool]]:
    """(A, B, on_every_seed) for every A that dominates B on the four criteria (means over seeds)."""
    stats = {key: spreads(records, scenarios, key) for key, _ in CRITERIA}
    out = []
    for a in scenarios:
        for b in scenarios:
            if a == b:
                continue
            pairs = [(stats[k][a], stats[k][b]) for k, _ in CRITERIA]
            if any(x is None or y is None for x, y in pairs):
                continue
            means = [(x.mean, y.mean) for x, y in pairs if x is not None and y is not None]
            if all(x <= y for x, y in means) and any(x < y for x, y in means):
                worst_best = [(x.high, y.low) for x, y in pairs if x is not None and y is not None]
                robust = all(x <= y for x, y in worst_best) and any(x < y for x, y in worst_best)
                out.append((a, b, robust))
    return out


def summary_markdown(
    records: Sequence[RunRecord],
    scenarios: Sequence[tuple[str, Path]],
    options: SweepOptions,
    failed: Sequence[tuple[str, int, str]],
) -> str:
    names = [n for n, _ in scenarios]
    seeds = sorted({r.seed for r in records})
    lines = ["# Scenario sweep", ""]
    lines.append(f"- scenarios: {len(names)} ({', '.join(names)})")
    lines.append(
        f"- runs: {len(records)} finished, {sum(r.resumed for r in records)} of them from an earlier sweep; "
        f"{len(failed)} failed; seeds {', '.join(map(str, seeds)) or 'none'}"
    )
    lines.append(f"- budget per run: {_budget(options, records)}")
    bad = sum(r.violations for r in records)
    lines.append(f"- every roster valid: {'yes' if bad == 0 else f'NO, {bad} violation(s) in all'}")
    for scenario, seed, message in failed:
        lines.append(f"- FAILED {scenario} seed {seed}: {message}")
    lines += [
        "",
        "## Mean and spread per scenario",
        "",
        "Means over the seeds ± their standard deviation (one seed: the value).",
        "",
    ]
    columns = [*CRITERIA, *ALSO]
    lines.append("| scenario | runs | " + " | ".join(title for _, title in columns) + " | violations |")
    lines.append("|---|---:|" + "---:|" * len(columns) + "---:|")
    stats = {key: spreads(records, names, key) for key, _ in columns}
    for s in names:
        runs = [r for r in records if r.scenario == s]
        cells = [_spread_text(stats[key][s], key) for key, _ in columns]
        lines.append(
            f"| {s} | {len(runs)} | " + " | ".join(cells) + f" | {sum(r.violations for r in runs)} |"
        )
    lines += ["", "## Which scenarios dominate which", ""]
    lines.append(
        "A dominates B when its mean is no worse on travel per contact hour, distinct carers per client, "
        "unmet hours per week and cost, and better on at least one; *on every seed* when A's worst seed "
        "beats B's best on them, so the seeds' spread cannot explain it."
    )
    lines.append("")
    found = dominance(records, names)
    for a, b, robust in found:
        lines.append(
            f"- **{a}** dominates {b}" + (" (on every seed)" if robust else "") + ": " + _versus(stats, a, b)
        )
    if not found:
        lines.append("- none: every scenario is best on at least one criterion")
    beaten = {b for _, b, _ in found}
    front = [s for s in names if s not in beaten and stats["cost_gbp"][s] is not None]
    lines += ["", f"Not dominated: {', '.join(front) or 'none'}."]
    lines += _zone_table(records, names)
    lines += [
        "",
        f"![travel per contact hour against distinct carers per client]({TRADEOFF_PNG})",
        "",
        f"![unmet hours per week]({UNMET_PNG})",
        "",
    ]
    return "\n".join(lines)


def _budget(options: SweepOptions, records: Sequence[RunRecord]) -> str:
    parts = []
    if options.time_limit is not None:
        parts.append(f"{options.time_limit:g} s")
    if options.work_limit is not None:
        parts.append(f"{options.work_limit} solutions")
    return " or ".join(parts) or "as each scenario's [solve] says (default 30 s)"


def _spread_text(spread: Spread | None, key: str) -> str:
    if spread is None:
        return "n/a"
    if key.endswith("_share"):
        pct = Spread(
            spread.mean * 100, None if spread.sd is None else spread.sd * 100, spread.low, spread.high
        )
        return pct.text(1) + "%"
    return spread.text(0 if key in ("cost_gbp", "duplication_client_days") else 2)


def _versus(stats: dict[str, dict[str, Spread | None]], a: str, b: str) -> str:
    parts = []
    for key, title in CRITERIA:
        x, y = stats[key][a], stats[key][b]
        if x is not None and y is not None:
            digits = 0 if key == "cost_gbp" else 2
            parts.append(f"{title} {x.mean:,.{digits}f} vs {y.mean:,.{digits}f}")
    return ", ".join(parts)


def _zone_table(records: Sequence[RunRecord], names: Sequence[str]) -> list[str]:
    zoned = [(s, z) for s in names for z in _zones_of(records, s)]
    if not zoned:
        return []
    out = ["", "## Per zone", "", "Means over the seeds (kpis.json by_zone).", ""]
    out.append("| scenario | zone | rural | " + " | ".join(t for _, t in ZONE_COLUMNS) + " |")
    out.append("|---|---|---|" + "---:|" * len(ZONE_COLUMNS))
    for s, z in zoned:
        runs = [r for r in records if r.scenario == s]
        rural = "yes" if runs and runs[0].kpis.get(f"rural[zone:{z}]") else ""
        cells = []
        for key, _ in ZONE_COLUMNS:
            values = [
                float(r.kpis[f"{key}[zone:{z}]"]) for r in runs if r.kpis.get(f"{key}[zone:{z}]") is not None
            ]
            spread = Spread.of(values)
            cells.append("n/a" if spread is None else f"{spread.mean:,.2f}")
        out.append(f"| {s} | {z} | {rural} | " + " | ".join(cells) + " |")
    return out


def _zones_of(records: Sequence[RunRecord], scenario: str) -> list[str]:
    for r in records:
        if r.scenario == scenario:
            return [k[len("clients[zone:") : -1] for k in r.kpis if k.startswith("clients[zone:")]
    return []


def write_summary(
    out: Path,
    records: Sequence[RunRecord],
    scenarios: Sequence[tuple[str, Path]],
    options: SweepOptions,
    failed: Sequence[tuple[str, int, str]],
) -> None:
    """summary.md, tradeoff.png and unmet.png into `out`, each written atomically."""
    from .plots import tradeoff_png, unmet_png

    names = [n for n, _ in scenarios]
    write_text_atomic(out / SUMMARY_MD, summary_markdown(records, scenarios, options, failed))
    stats = {
        key: spreads(records, names, key)
        for key in (
            "travel_min_per_contact_hour",
            "distinct_carers_per_client_mean",
            "cost_gbp",
            "unmet_hours_per_week",
        )
    }
    write_bytes_atomic(out / TRADEOFF_PNG, tradeoff_png(names, stats))
    write_bytes_atomic(out / UNMET_PNG, unmet_png(names, stats["unmet_hours_per_week"]))
