"""`rostering validate BUNDLE`: located messages and exit 2 for a bad bundle; else a summary, exit 0."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Problem
from rostering.io.bundle import write_bundle

runner = CliRunner()


def test_a_valid_bundle_exits_0_with_warnings_and_a_summary(tmp_path: Path, tiny_problem: Problem) -> None:
    write_bundle(tiny_problem, tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # The tiny problem's one warning (V3's double-up has a single eligible carer) is printed, not fatal.
    assert "visits.csv:4:carers_required: warning: double-up" in result.output
    assert "Workload per day" in result.output
    assert "2026-11-24" in result.output
    assert "Travel is APPROXIMATE" in result.output
    assert "OK: no errors, 1 warning(s)." in result.output


def test_a_bad_bundle_exits_2_with_every_located_error_and_no_traceback(
    tmp_path: Path, tiny_problem: Problem
) -> None:
    write_bundle(tiny_problem, tmp_path)
    visits = (
        (tmp_path / "visits.csv")
        .read_text()
        .replace("V2,C2,", "V2,C9,")
        .replace(",12:00,13:00,", ",12:00,1pm,")
    )
    (tmp_path / "visits.csv").write_text(visits)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "visits.csv:3:client_id: unknown client 'C9'" in result.output
    assert "visits.csv:5:window_end: malformed time '1pm': expected HH:MM" in result.output
    assert "Traceback" not in result.output
    assert "Workload per day" not in result.output


def test_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a bundle folder" in result.output
    assert "Traceback" not in result.output
