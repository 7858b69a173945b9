"""The KPI tables printed at the end of `solve` and side by side by `compare`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from rostering.domain import Roster, Zone
from rostering.evaluation.kpis import compute_kpis
from rostering.report.kpi_table import format_value, kpi_comparison_table, kpi_table
from tests.conftest import line_matrices
from tests.golden.tiny_rosters import checked_problem, valid_roster

PROBLEM = checked_problem()
MATRICES = line_matrices(PROBLEM)


def render(table: Table) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def test_values_read_as_people_expect() -> None:
    assert format_value(0.1667, "share") == "16.7%"
    assert format_value(174.236, "GBP") == "£174.24"
    assert format_value(1234, "min") == "1,234"
    assert format_value(None, "min/h") == "–"


def test_summary_table_shows_headline_kpis_and_each_provider() -> None:
    text = render(kpi_table(compute_kpis(PROBLEM, MATRICES, valid_roster()), "tiny: hand roster"))
    assert "tiny: hand roster" in text
    # 1 of 6 visits (30 of 180 min) unmet; 25 travel minutes; cost 174.24 (see tests/golden/tiny_roster).
    assert "Unmet share" in text and "16.7%" in text
    assert "Travel" in text and " 25 " in text
    assert "£174.24" in text
    assert "Cost P1 (salaried)" in text and "Cost P2 (time_and_task)" in text
    # The week's measures: time consistency, the workload spread within providers, commissioned care.
    for title in ("Time spread (median)", "Spread: utilisation", "Delivered / commissioned", "Overtime"):
        assert title in text
    # Utilisation spread within P1 pooled over the three carers: 0.1306 (tests/golden/tiny_roster).
    assert "13.1%" in text
    assert "Zone" not in text  # no zones.csv, no zone rows


def test_summary_table_has_a_row_per_zone() -> None:
    # C1 in "east" (rural) and the others in "west": the hand roster's unmet visit (V6, 30 min) is C3's.
    problem = PROBLEM.replace(
        clients=tuple(c.replace(zone="east" if c.client_id == "C1" else "west") for c in PROBLEM.clients),
        zones=(Zone(zone_id="west"), Zone(zone_id="east", rural=True)),
    )
    text = render(kpi_table(compute_kpis(problem, MATRICES, valid_roster()), "zoned"))
    assert "Zone west: unmet" in text and "Zone east (rural): unmet" in text
    assert "3.50" in text  # 30 unmet minutes in one day = 3.5 h a week, in the west


def test_comparison_table_has_one_column_per_roster_in_order() -> None:
    empty = Roster(locality="tiny", solver="none", unassigned=())
    named = {
        "hand": compute_kpis(PROBLEM, MATRICES, valid_roster()),
        "nothing": compute_kpis(PROBLEM, MATRICES, empty),
    }
    table = kpi_comparison_table(named, title="side by side")
    assert [c.header for c in table.columns] == ["KPI", "hand", "nothing"]
    text = render(table)
    visits_unmet = next(line for line in text.splitlines() if "Visits unmet" in line)
    assert [cell.strip() for cell in visits_unmet.split("│")[2:4]] == ["1", "6"]
    assert "Travel per contact hour (min/h)" in text


def test_three_rosters_side_by_side_fit_an_80_column_terminal_unwrapped() -> None:
    k = compute_kpis(PROBLEM, MATRICES, valid_roster())
    table = kpi_comparison_table({"time-and-task": k, "time-and-task-optimised": k, "locality": k})
    console = Console(width=80, record=True, color_system=None)
    console.print(table)
    text = console.export_text()
    for title in (
        "Travel per contact hour (min/h)",
        "Distinct carers per client (mean)",
        "Cost if all salaried",
        "Time spread (median) (min)",
        "Spread: contact / contract",
    ):
        assert title in text
