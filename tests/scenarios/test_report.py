"""The sweep's tables: results.csv columns, mean and spread, and which scenarios dominate which."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.scenarios.report import Spread, dominance, results_rows, summary_markdown
from rostering.scenarios.runs import RunRecord
from rostering.scenarios.sweep import SweepOptions


def record(
    scenario: str, seed: int, travel: float, carers: float, unmet: float, cost: float, **extra: object
) -> RunRecord:
    kpis = {
        "locality": "tiny",
        "dates": "2026-11-24",
        "travel_min_per_contact_hour": travel,
        "distinct_carers_per_client_mean": carers,
        "unmet_hours_per_week": unmet,
        "cost_gbp": cost,
        **extra,
    }
    return RunRecord(scenario, seed, kpis, 0, 1.5, "0")


# "good" beats "bad" on every criterion and every seed; "mixed" is cheapest but has more unmet need;
# "close" beats "bad" on the means, but its worst seed is not better than bad's best on travel.
RECORDS = [
    record("good", 1, 10.0, 2.0, 0.0, 900.0),
    record("good", 2, 11.0, 2.2, 0.0, 950.0),
    record("bad", 1, 14.0, 3.0, 5.0, 1000.0),
    record("bad", 2, 12.0, 3.2, 7.0, 1100.0),
    record("mixed", 1, 9.0, 2.5, 9.0, 700.0),
    record("close", 1, 11.0, 2.9, 4.0, 990.0),
    record("close", 2, 13.0, 2.9, 4.0, 990.0),
]
NAMES = ["good", "bad", "mixed", "close"]


def test_spread_is_mean_sample_sd_and_range() -> None:
    s = Spread.of([1.0, 2.0, 3.0])
    assert s is not None and (s.mean, s.sd, s.low, s.high) == (2.0, 1.0, 1.0, 3.0)
    one = Spread.of([4.0])
    assert one is not None and one.sd is None and one.text() == "4.00"
    assert Spread.of([]) is None


def test_dominance_on_the_means_and_on_every_seed() -> None:
    found = dominance(RECORDS, NAMES)
    assert ("good", "bad", True) in found
    assert ("close", "bad", False) in found  # close: travel 12 vs 13 on the means, 13 > 12 at worst
    assert ("good", "close", True) in found
    assert not [d for d in found if "mixed" in d[:2]]  # cheapest and least travel, but most unmet need


def test_results_rows_keep_every_kpi_key_and_leave_missing_cells_empty() -> None:
    rows = [RECORDS[0], record("zoned", 1, 1.0, 1.0, 0.0, 1.0, **{"unmet_hours_per_week[zone:east]": 2.5})]
    header, body = results_rows(rows)
    assert header[:4] == ["scenario", "seed", "dates", "locality"]
    assert header[-4:] == ["unmet_hours_per_week[zone:east]", "violations", "wall_s", "worker"]
    assert body[0][header.index("unmet_hours_per_week[zone:east]")] == ""
    assert body[1][header.index("unmet_hours_per_week[zone:east]")] == "2.5"
    assert body[0][-3:] == ["0", "1.500", "0"]


def test_the_summary_names_the_dominance_and_the_undominated(tmp_path: Path) -> None:
    text = summary_markdown(RECORDS, [(n, tmp_path) for n in NAMES], SweepOptions(time_limit=30), [])
    assert "- budget per run: 30 s" in text
    assert "| good | 2 | 10.50 ± 0.71 | 2.10 ± 0.14 | 0.00 ± 0.00 | 925 ± 35 |" in text
    assert "- **good** dominates bad (on every seed): travel min / contact h 10.50 vs 13.00" in text
    assert "- **close** dominates bad: " in text
    assert "Not dominated: good, mixed." in text


@pytest.mark.parametrize("failed", [[("bad", 3, "engine failure")]])
def test_failed_runs_are_listed(tmp_path: Path, failed: list[tuple[str, int, str]]) -> None:
    text = summary_markdown(RECORDS, [(n, tmp_path) for n in NAMES], SweepOptions(), failed)
    assert "- FAILED bad seed 3: engine failure" in text
