"""Shared plumbing: time parsing, atomic outputs, the matrix invariants and the CLI's error boundary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from rostering.cli import app
from rostering.cli._boundary import handles_errors
from rostering.domain.time import format_hhmm, iso_datetime, parse_hhmm
from rostering.errors import InputError, Issue, Location, MatrixError
from rostering.io.atomic import atomic_directory, write_text_atomic
from rostering.travel.matrix import TravelMatrix


@pytest.mark.parametrize(("text", "minutes"), [("00:00", 0), ("07:30", 450), ("9:05", 545), ("24:00", 1440)])
def test_parse_hhmm(text: str, minutes: int) -> None:
    assert parse_hhmm(text) == minutes
    assert parse_hhmm(format_hhmm(minutes)) == minutes


@pytest.mark.parametrize("bad", ["7", "07:60", "25:00", "24:01", "ab:cd", ""])
def test_parse_hhmm_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match="malformed time"):
        parse_hhmm(bad)


def test_iso_datetime_is_local_and_seconds_precise() -> None:
    assert iso_datetime(dt.date(2026, 11, 24), 8 * 60 + 15) == "2026-11-24T08:15:00"


def test_issue_reads_file_line_column() -> None:
    assert str(Issue(Location("visits.csv", 14, "window_end"), "bad")) == "visits.csv:14:window_end: bad"
    warning = Issue(Location("visits.csv", 3, "skills"), "no carer has it", severity="warning")
    assert str(warning) == "visits.csv:3:skills: warning: no carer has it"


def test_atomic_directory_keeps_the_old_output_when_the_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "roster"
    with atomic_directory(out) as stage:
        (stage / "roster.csv").write_text("good\n")
    with pytest.raises(RuntimeError), atomic_directory(out) as stage:
        (stage / "roster.csv").write_text("half")
        raise RuntimeError("solver died")
    assert (out / "roster.csv").read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster"]  # no staging folder left behind


def test_write_text_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "kpis.json"
    write_text_atomic(target, json.dumps({"x": 1}))
    write_text_atomic(target, json.dumps({"x": 2}))
    assert json.loads(target.read_text()) == {"x": 2}
    assert sorted(p.name for p in target.parent.iterdir()) == ["kpis.json"]


def test_travel_matrix_is_read_only_and_rounds_minutes_up() -> None:
    m = TravelMatrix("drive", ("a", "b"), np.array([[0, 61.0], [59.0, 0]]), np.array([[0, 900.0], [850, 0]]))
    assert m.travel_min("a", "b") == 2 and m.travel_min("b", "a") == 1
    with pytest.raises(ValueError):
        m.seconds[0, 1] = 5
    with pytest.raises(MatrixError, match="unreachable"):
        TravelMatrix("drive", ("a", "b"), np.array([[0, np.inf], [1, 0]]), np.zeros((2, 2)))


def test_cli_boundary_turns_input_errors_into_messages_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    @handles_errors
    def broken() -> None:
        raise InputError([Issue(Location("visits.csv", 3, "date"), "malformed date '2026-13-01'")])

    with pytest.raises(typer.Exit) as exit_info:
        broken()
    assert exit_info.value.exit_code == 2
    err = capsys.readouterr().err
    assert "visits.csv:3:date: malformed date '2026-13-01'" in err
    assert "Traceback" not in err


def test_schema_command_prints_bundle_and_roster_schemas() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"bundle", "roster"}
    assert "visits" in schemas["bundle"]["properties"]
    assert "assignments" in schemas["roster"]["properties"]
