"""`rostering check BUNDLE ROSTER_DIR`: exit 0 for a valid roster, 1 with every violation, 2 for bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Absence, Problem, Roster, Shift, Visit
from rostering.evaluation.kpis import compute_kpis
from rostering.io.bundle import write_bundle
from rostering.io.roster_files import write_roster_dir
from rostering.travel.store import matrix_path, save_matrix
from tests.conftest import DAY, line_matrices
from tests.golden.tiny_rosters import checked_problem, valid_roster

runner = CliRunner()


def make_bundle(folder: Path, problem: Problem) -> Path:
    """A bundle of `problem` with the hand-computable line matrices stored beside it."""
    write_bundle(problem, folder)
    for profile, matrix in line_matrices(problem).items():
        save_matrix(matrix_path(folder, profile), matrix)
    return folder


def make_roster_dir(folder: Path, problem: Problem, roster: Roster) -> Path:
    matrices = line_matrices(problem)
    write_roster_dir(folder, problem, matrices, roster, compute_kpis(problem, matrices, roster))
    return folder


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    return make_bundle(tmp_path / "bundle", checked_problem())


def test_a_valid_roster_passes(tmp_path: Path, bundle: Path) -> None:
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), valid_roster())
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 0, result.output
    assert "OK: no violations." in result.stdout


def test_every_violation_is_printed_with_a_count_and_exit_1(tmp_path: Path, bundle: Path) -> None:
    roster = valid_roster()
    # V2 moved to 08:25 (window opens 08:30) and the V5 travel misrecorded: two violations.
    broken = roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"start_min": 505, "end_min": 535})
                if a.visit_id == "V2"
                else a.model_copy(update={"travel_min": 9})
                if a.visit_id == "V5"
                else a
                for a in roster.assignments
            )
        }
    )
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), broken)
    result = runner.invoke(
        app, ["check", str(bundle), str(roster_dir), "--params", str(tmp_path / "unused.toml")]
    )
    assert result.exit_code == 1
    assert "[early_start] 2026-11-24, carer K3, visit V2: starts at 08:25" in result.stdout
    assert "[travel_mismatch] 2026-11-24, carer K1, visit V5" in result.stdout
    assert "2 violation(s): early_start x1, travel_mismatch x1" in result.stdout


def test_a_roster_of_one_day_is_checked_against_that_day_only(tmp_path: Path) -> None:
    # The bundle has a second day with a visit; the roster (like `solve --date`) covers the first day only.
    problem = checked_problem()
    day2 = DAY.replace(day=25)
    w1 = Visit(
        visit_id="W1",
        client_id="C1",
        date=day2,
        window_start_min=600,
        window_end_min=660,
        duration_min=30,
        requested_start_min=600,
    )
    week = problem.replace(
        visits=(*problem.visits, w1),
        shifts=(*problem.shifts, Shift(carer_id="K1", date=day2, start_min=480, end_min=840)),
    )
    bundle = make_bundle(tmp_path / "bundle", week)
    roster_dir = make_roster_dir(tmp_path / "roster", problem, valid_roster())
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 0, result.output
    assert "on 1 day(s) (2026-11-24); bundle days: 2." in result.stdout
    assert "the roster covers none of 2026-11-25; those dates are not checked" in result.output


def test_a_missing_roster_folder_is_bad_input(tmp_path: Path, bundle: Path) -> None:
    result = runner.invoke(app, ["check", str(bundle), str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "roster folder not found" in result.output
    assert "Traceback" not in result.output


def test_a_malformed_roster_json_is_bad_input(tmp_path: Path, bundle: Path) -> None:
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), valid_roster())
    data = json.loads((roster_dir / "roster.json").read_text(encoding="utf-8"))
    data["assignments"][0]["start_min"] = "eight o'clock"
    (roster_dir / "roster.json").write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 2
    assert "assignments.0.start_min" in result.output


def test_a_broken_bundle_is_bad_input(tmp_path: Path, bundle: Path) -> None:
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), valid_roster())
    (bundle / "visits.csv").write_text("visit_id\nV1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 2
    assert "visits.csv" in result.output


def test_a_roster_built_on_other_travel_data_says_so(tmp_path: Path, bundle: Path) -> None:
    roster = valid_roster().model_copy(
        update={"travel_sources": {"drive": "osm:elsewhere.osm.pbf", "walk": "line"}}
    )
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), roster)
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 0
    assert "drive: warning: the roster was built with 'osm:elsewhere.osm.pbf'" in result.output


def test_a_visit_inside_an_absence_is_reported(tmp_path: Path) -> None:
    # K3 does V2 at 08:30-09:00 in the valid roster; the bundle now says K3 is off sick 08:00-12:00.
    sick = Absence(
        carer_id="K3",
        start=dt.datetime(2026, 11, 24, 8),
        end=dt.datetime(2026, 11, 24, 12),
        reason="sickness",
    )
    bundle = make_bundle(tmp_path / "bundle", checked_problem().replace(absences=(sick,)))
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), valid_roster())
    result = runner.invoke(app, ["check", str(bundle), str(roster_dir)])
    assert result.exit_code == 1, result.output
    assert (
        "[visit_during_absence] 2026-11-24, carer K3, visit V2: visit 08:30-09:00 falls in the carer's "
        "sickness absence 2026-11-24T08:00 to 2026-11-24T12:00"
    ) in result.stdout
    assert "visit_during_absence x1, route_during_absence x1" in result.stdout
