"""The continuity / travel frontier: more continuity weight never buys less continuity (within noise)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli.app import app
from rostering.domain import HistoryRecord, Problem, Shift
from rostering.io.bundle import write_bundle
from rostering.report.tradeoff import FrontierRow, scaled_continuity, sweep_continuity
from rostering.solvers.params import SolveParams
from tests.conftest import DAY, hm, line_matrices
from tests.siloed_day import bundle, carer, client, visit

DAYS = (DAY,)
WORK = 30
NOISE_SHARE = 0.02  # familiar share
WEIGHTS = [0.0, 2.0, 10.0]


def regulars_live_far_away() -> Problem:
    """Three carers along a line; every client's regular (in history) lives at the other end of it.

    With no continuity weight each visit goes to the nearest carer (no familiar visits); with a high one
    the regulars drive across town.
    """
    carers = [carer("K1", "A", -2.70), carer("K2", "A", -2.65), carer("K3", "A", -2.60)]
    lons = {"C0": -2.70, "C1": -2.69, "C2": -2.65, "C3": -2.64, "C4": -2.60, "C5": -2.61}
    regular = {"C0": "K3", "C1": "K3", "C2": "K1", "C3": "K1", "C4": "K1", "C5": "K2"}
    clients = [client(c, "A", lon) for c, lon in lons.items()]
    visits = []
    for d, day in enumerate(DAYS):
        for i, c in enumerate(lons):
            for slot in ("08:30", "12:30"):
                at = hm(slot) + 20 * i
                v = visit(f"V{d}{c}{slot[:2]}", c, f"{at // 60:02d}:{at % 60:02d}", slack=60)
                visits.append(v.model_copy(update={"date": day}))
    shifts = [
        Shift(carer_id=k.carer_id, date=day, start_min=hm("07:30"), end_min=hm("15:30"))
        for k in carers
        for day in DAYS
    ]
    history = tuple(
        HistoryRecord(client_id=c, carer_id=k, date=DAY - dt.timedelta(days=n))
        for c, k in regular.items()
        for n in (1, 2, 3)
    )
    return bundle(carers, clients, visits, shifts=shifts, history=history)


def test_scaled_continuity_multiplies_every_continuity_weight() -> None:
    base = SolveParams()
    scaled = scaled_continuity(base, 2.5)
    assert scaled.continuity.unfamiliar_visit_gbp == pytest.approx(2.5 * base.continuity.unfamiliar_visit_gbp)
    for weight in ("new_carer_in_week_gbp", "new_carer_for_call_gbp", "absent_days_gbp"):
        assert getattr(scaled.continuity, weight) == pytest.approx(2.5 * getattr(base.continuity, weight))
    # The share that names primaries in teams.csv is not a weight.
    assert scaled.continuity.team_primary_share == base.continuity.team_primary_share
    assert scaled.cost == base.cost and scaled.unassigned == base.unassigned


@pytest.fixture(scope="module")
def frontier() -> list[FrontierRow]:
    problem = regulars_live_far_away()
    return sweep_continuity(
        problem,
        line_matrices(problem),
        [0.0, 1.0, 3.0],
        SolveParams(),
        work_limit=WORK,
        seed=7,
    )


def known(value: float | None) -> float:
    assert value is not None
    return value


def test_frontier_is_monotone_in_the_weight(frontier: list[FrontierRow]) -> None:
    """Familiar share (the term the weight prices) never falls; distinct carers never rise by more than one
    client's worth. Within a day the engine prices unfamiliar visits, not distinct carers, so a middling
    weight can send a client's morning visit to the regular and the afternoon one to the nearest carer."""
    noise_carers = 1 / len(regulars_live_far_away().clients) + 1e-9
    assert [r.violations for r in frontier] == [0, 0, 0]
    assert [r.visit_minutes_unmet for r in frontier] == [0, 0, 0]
    distinct = [known(r.distinct_carers_per_client_mean) for r in frontier]
    familiar = [known(r.familiar_carer_share) for r in frontier]
    for lower, higher in itertools.pairwise(distinct):
        assert higher <= lower + noise_carers, distinct
    for lower, higher in itertools.pairwise(familiar):
        assert higher >= lower - NOISE_SHARE, familiar
    # The curve is not flat: continuity is bought with travel.
    assert familiar[-1] > familiar[0] + 0.25
    assert distinct[-1] < distinct[0]
    assert frontier[-1].travel_min > frontier[0].travel_min


def test_tradeoff_command_writes_the_frontier(tmp_path: Path) -> None:
    bundle_dir = tmp_path / "bundle"
    write_bundle(regulars_live_far_away(), bundle_dir)
    out = tmp_path / "frontier"
    result = CliRunner().invoke(
        app,
        [
            "tradeoff",
            str(bundle_dir),
            "--out",
            str(out),
            "--continuity-weights",
            "0,2",
            "--work-limit",
            "20",
            "--date",
            str(DAY),
        ],
    )
    assert result.exit_code == 0, result.output
    with (out / "frontier.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["continuity_weight"] for r in rows] == ["0", "2"]
    assert set(rows[0]) >= {
        "travel_min",
        "distinct_carers_per_client_mean",
        "familiar_carer_share",
        "visit_minutes_unmet",
        "cost_gbp",
    }
    assert (out / "frontier.png").read_bytes()[:4] == b"\x89PNG"
    assert "| continuity weight (x default) |" in (out / "frontier.md").read_text()


def test_tradeoff_rejects_a_negative_weight(tmp_path: Path) -> None:
    bundle_dir = tmp_path / "bundle"
    write_bundle(regulars_live_far_away(), bundle_dir)
    result = CliRunner().invoke(
        app, ["tradeoff", str(bundle_dir), "--out", str(tmp_path / "o"), "--continuity-weights", "1,-2"]
    )
    assert result.exit_code == 2
    assert "--continuity-weights: '-2' is not a number >= 0" in result.output
