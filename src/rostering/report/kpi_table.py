"""Rich tables of KPIs: the end-of-solve summary and a side-by-side comparison of several rosters."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from ..evaluation.kpis import KpiRow, Kpis

# The KPIs a coordinator looks at first, in reading order.
HEADLINE_KEYS: tuple[str, ...] = (
    "visits_total",
    "visits_assigned",
    "visits_unmet",
    "visit_minutes_unmet",
    "unmet_share",
    "unmet_hours_per_week",
    "carers_used",
    "contact_min",
    "travel_min",
    "travel_km",
    "travel_min_per_contact_hour",
    "utilisation",
    "cost_gbp",
    "cost_per_contact_hour_gbp",
    "cost_time_and_task_gbp",
    "cost_salaried_gbp",
    "distinct_carers_per_client_mean",
    "distinct_carers_per_client_p90",
    "familiar_carer_share",
    "punctuality_mad_min",
    "punctual_within_15_share",
    "time_spread_median_min",
    "time_spread_p90_min",
    "lateness_total_min",
    "overtime_min",
    "contract_share_sd",
    "utilisation_sd",
    "travel_share_sd",
    "commissioned_delivered_share",
    "clients_below_commissioned",
    "duplication_client_days",
    "duplication_close_pairs",
)


def format_value(value: Any, unit: str) -> str:
    """A KPI value as a person reads it: shares as %, money with £, None as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit.startswith("GBP"):
        return f"£{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def _headline_rows(kpis: Kpis) -> list[KpiRow]:
    by_key = {row.key: row for row in kpis.rows()}
    return [by_key[key] for key in HEADLINE_KEYS]


def kpi_table(kpis: Kpis, title: str) -> Table:
    """The headline KPIs of one roster, one per row, plus cost and utilisation per provider."""
    table = Table(title=title, title_justify="left")
    table.add_column("KPI")
    table.add_column("Value", justify="right")
    table.add_column("Unit")
    for row in _headline_rows(kpis):
        table.add_row(row.title, format_value(row.value, row.unit), _unit_label(row.unit))
    for pk in kpis.by_provider:
        table.add_row(
            f"Cost {pk.provider_id} ({pk.payment})",
            format_value(pk.cost_gbp, "GBP"),
            f"utilisation {format_value(pk.utilisation, 'share')}",
        )
    for zk in kpis.by_zone:
        table.add_row(
            f"Zone {zk.zone_id}{' (rural)' if zk.rural else ''}: unmet",
            format_value(zk.unmet_hours_per_week, "h/week"),
            f"h/week; travel {format_value(zk.travel_min_per_contact_hour, 'min/h')} min/h",
        )
    return table


def kpi_comparison_table(named: dict[str, Kpis], title: str | None = None) -> Table:
    """Headline KPIs of several rosters side by side, one column per name, in the order given.

    Units go into the KPI's title so that three or four rosters fit an 80-column terminal unwrapped.
    """
    rows = {name: {row.key: row for row in _headline_rows(k)} for name, k in named.items()}
    lines: list[tuple[str, list[str]]] = []
    for key in HEADLINE_KEYS:
        first = next(iter(rows.values()), {}).get(key)
        if first is None:
            continue
        label = f"{first.title} ({first.unit})" if first.unit in _UNITS_IN_TITLE else first.title
        lines.append((label, [format_value(rows[name][key].value, first.unit) for name in named]))
    table = Table(title=title, title_justify="left")
    table.add_column("KPI", no_wrap=True)
    for i, name in enumerate(named):
        # Values never wrap or truncate; a long roster name in the header folds instead.
        widest = max((len(values[i]) for _, values in lines), default=0)
        table.add_column(name, justify="right", min_width=widest, overflow="fold")
    for label, values in lines:
        table.add_row(label, *values)
    return table


# Units a reader cannot guess from a formatted value or the title itself.
_UNITS_IN_TITLE = frozenset({"min", "km", "h/week", "min/h"})


def _unit_label(unit: str) -> str:
    return "" if unit in ("share", "GBP") else unit
