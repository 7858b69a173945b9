"""The roster folder: golden files byte for byte, the roster.csv contract, round trips, atomic writes.

The golden files in tests/golden/tiny_roster/ were written from `valid_roster_with_teams()` and checked by eye
against the arithmetic in tests/golden/tiny_rosters.py. To regenerate after a deliberate format change:
`ROSTERING_UPDATE_GOLDEN=1 pytest tests/io/test_roster_files.py`, then review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from rostering.domain import Roster
from rostering.errors import InputError
from rostering.evaluation.kpis import compute_kpis
from rostering.io import roster_files
from rostering.io.roster_csv import (
    CSV_CONTRACT_VERSION,
    ROSTER_COLUMNS,
    ROSTER_CONTRACT_COLUMNS,
    TEAMS_COLUMNS,
    TEAMS_CONTRACT_COLUMNS,
    UNASSIGNED_CONTRACT_COLUMNS,
    roster_csv_text,
)
from rostering.io.roster_files import read_roster_dir, write_roster_dir
from rostering.io.roster_json import ROSTER_JSON_FORMAT_VERSION, canonical_roster
from tests.conftest import REPO, line_matrices
from tests.golden.tiny_rosters import checked_problem, valid_roster, valid_roster_with_teams

GOLDEN = REPO / "tests" / "golden" / "tiny_roster"
FILES = ("roster.json", "roster.csv", "unassigned.csv", "teams.csv", "kpis.json")
PROBLEM = checked_problem()
MATRICES = line_matrices(PROBLEM)


def write(out: Path, roster: Roster | None = None) -> Path:
    roster = roster or valid_roster_with_teams()
    write_roster_dir(out, PROBLEM, MATRICES, roster, compute_kpis(PROBLEM, MATRICES, roster))
    return out


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("name", FILES)
def test_written_files_match_the_golden_files_byte_for_byte(tmp_path: Path, name: str) -> None:
    out = write(tmp_path / "roster")
    if os.environ.get("ROSTERING_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_bytes((out / name).read_bytes())
    assert (out / name).read_bytes() == (GOLDEN / name).read_bytes()


def test_roster_csv_keeps_the_contract(tmp_path: Path) -> None:
    out = write(tmp_path / "r")
    text = (out / "roster.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert tuple(header[: len(ROSTER_CONTRACT_COLUMNS)]) == ROSTER_CONTRACT_COLUMNS
    table = rows(out / "roster.csv")
    # One row per carer per visit: the V3 double-up is two rows, by K1 and K2.
    assert sorted(r["carer_id"] for r in table if r["visit_id"] == "V3") == ["K1", "K2"]
    assert len(table) == len(valid_roster().assignments)
    # Sorted by date, carer, seq.
    assert [(r["carer_id"], r["seq"]) for r in table] == [
        ("K1", "1"),
        ("K1", "2"),
        ("K1", "3"),
        ("K1", "4"),
        ("K2", "1"),
        ("K3", "1"),
    ]
    first = table[0]
    # V1 by K1: 490-520 = 08:10-08:40 on 24 Nov, 1 min / 310 m from base.
    assert (first["start"], first["end"], first["travel_min"], first["travel_m"]) == (
        "2026-11-24T08:10:00",
        "2026-11-24T08:40:00",
        "1",
        "310",
    )
    assert (first["provider_id"], first["client_id"], first["travel_mode"]) == ("P1", "C1", "drive")


def test_travel_m_is_rounded_to_whole_metres(tmp_path: Path) -> None:
    roster = valid_roster()
    fractional = roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"travel_m": a.travel_m + 0.4}) for a in roster.assignments
            )
        }
    )
    table = rows(write(tmp_path / "r", fractional) / "roster.csv")
    assert table[0]["travel_m"] == "310"


def test_unassigned_csv_lists_each_visit_with_its_reason(tmp_path: Path) -> None:
    out = write(tmp_path / "r")
    header = (out / "unassigned.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header[: len(UNASSIGNED_CONTRACT_COLUMNS)]) == UNASSIGNED_CONTRACT_COLUMNS
    assert [
        (r["visit_id"], r["client_id"], r["date"], r["reason"]) for r in rows(out / "unassigned.csv")
    ] == [("V6", "C3", "2026-11-24", "no_eligible_carer")]


def test_roster_json_round_trips_and_does_not_depend_on_list_order(tmp_path: Path) -> None:
    roster = valid_roster()
    out = write(tmp_path / "a", roster)
    assert read_roster_dir(out) == canonical_roster(roster)
    shuffled = roster.model_copy(
        update={"assignments": roster.assignments[::-1], "routes": roster.routes[::-1]}
    )
    again = write(tmp_path / "b", shuffled)
    for name in FILES:
        assert (out / name).read_bytes() == (again / name).read_bytes()


def test_a_failed_write_leaves_the_existing_roster_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write(tmp_path / "r")
    (out / "notes.txt").write_text("the coordinator's notes", encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in FILES}

    def broken(*_args: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(roster_files, "unassigned_csv_text", broken)
    emptier = valid_roster().model_copy(update={"assignments": ()})
    with pytest.raises(OSError, match="disk full"):
        write(out, emptier)
    assert {name: (out / name).read_bytes() for name in FILES} == before
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the coordinator's notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # no staging folder left behind


def test_reading_a_missing_folder_or_file_is_a_located_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="roster folder not found"):
        read_roster_dir(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"roster\.json: roster\.json not found"):
        read_roster_dir(tmp_path)


def test_malformed_roster_json_is_located(tmp_path: Path) -> None:
    (tmp_path / "roster.json").write_text('{\n  "locality": "tiny",\n  "solver": \n}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_roster_dir(tmp_path)
    assert err.value.issues[0].where.line == 4
    assert "malformed JSON" in str(err.value)


def test_an_invalid_roster_names_the_field(tmp_path: Path) -> None:
    out = write(tmp_path / "r")
    text = (out / "roster.json").read_text(encoding="utf-8").replace('"seq": 1', '"seq": 0', 1)
    (out / "roster.json").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"roster\.json:assignments\.0\.seq: Input should be greater"):
        read_roster_dir(out)


def test_teams_csv_keeps_the_contract_and_is_never_stale(tmp_path: Path) -> None:
    out = write(tmp_path / "r")
    text = (out / "teams.csv").read_text(encoding="utf-8")
    assert tuple(text.splitlines()[0].split(",")[: len(TEAMS_CONTRACT_COLUMNS)]) == TEAMS_CONTRACT_COLUMNS
    # Per client: primaries first (most visits first), then backups.
    assert [(r["client_id"], r["carer_id"], r["role"]) for r in rows(out / "teams.csv")][:4] == [
        ("C1", "K1", "primary"),
        ("C1", "K2", "backup"),
        ("C2", "K3", "primary"),
        ("C2", "K1", "backup"),
    ]
    # A later roster without teams (a day rostered alone) leaves only the header behind.
    write(out, valid_roster())
    assert (out / "teams.csv").read_text(encoding="utf-8") == ",".join(TEAMS_COLUMNS) + "\n"


def test_roster_json_carries_its_version_timezone_and_offset_times(tmp_path: Path) -> None:
    data = json.loads((write(tmp_path / "r") / "roster.json").read_text(encoding="utf-8"))
    assert (data["format_version"], data["timezone"]) == (ROSTER_JSON_FORMAT_VERSION, "Europe/London")
    v1 = next(a for a in data["assignments"] if a["visit_id"] == "V1")
    # 490-520 on 24 Nov (GMT) = 08:10-08:40 +00:00.
    assert (v1["start_with_offset"], v1["end_with_offset"]) == (
        "2026-11-24T08:10:00+00:00",
        "2026-11-24T08:40:00+00:00",
    )
    k1 = next(r for r in data["routes"] if r["carer_id"] == "K1")
    assert (k1["start_with_offset"], k1["end_with_offset"]) == (
        "2026-11-24T08:00:00+00:00",
        "2026-11-24T12:31:00+00:00",
    )


def test_a_format_1_0_roster_json_still_reads(tmp_path: Path) -> None:
    """A file written before format_version existed (no version, no offset times) reads the same."""
    out = write(tmp_path / "r")
    data = json.loads((out / "roster.json").read_text(encoding="utf-8"))
    del data["format_version"], data["timezone"], data["teams"]
    for name in ("assignments", "routes", "breaks"):
        for item in data[name]:
            del item["start_with_offset"], item["end_with_offset"]
    (out / "roster.json").write_text(json.dumps(data), encoding="utf-8")
    assert read_roster_dir(out) == canonical_roster(valid_roster())


def test_another_major_format_version_is_refused(tmp_path: Path) -> None:
    out = write(tmp_path / "r")
    text = (out / "roster.json").read_text(encoding="utf-8")
    current = f'"format_version": "{ROSTER_JSON_FORMAT_VERSION}"'
    (out / "roster.json").write_text(text.replace(current, '"format_version": "2.0"'))
    with pytest.raises(InputError, match=r"roster\.json:format_version: unsupported format_version '2\.0'"):
        read_roster_dir(out)


def test_roster_csv_1_1_only_adds_columns_at_the_end() -> None:
    # Contract 1.0's seventeen columns keep their places and meaning; 1.1 appends the offset times (1.2
    # adds an unassigned reason, 1.3 a file, teams.csv: no column).
    assert CSV_CONTRACT_VERSION == "1.3"
    columns_1_0 = [
        *("visit_id", "client_id", "carer_id", "provider_id", "date", "start", "end"),
        *("travel_min", "travel_m", "seq", "travel_mode", "duration_min", "window_start", "window_end"),
        *("requested_start", "carers_required", "priority"),
    ]
    assert list(ROSTER_COLUMNS[:17]) == columns_1_0
    assert ROSTER_COLUMNS[17:] == ("start_with_offset", "end_with_offset")


def test_roster_csv_times_across_the_autumn_clock_change(tmp_path: Path) -> None:
    """A visit at 01:30 on 25 Oct 2026 (London): `start` stays local, `start_with_offset` is BST."""
    night = dt.date(2026, 10, 25)
    problem = PROBLEM.replace(
        visits=tuple(v.model_copy(update={"date": night}) for v in PROBLEM.visits),
        shifts=tuple(s.model_copy(update={"date": night}) for s in PROBLEM.shifts),
    )
    roster = valid_roster()
    moved = roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"date": night, "start_min": 90, "end_min": 120})
                if a.visit_id == "V1"
                else a.model_copy(update={"date": night})
                for a in roster.assignments
            )
        }
    )
    text = roster_csv_text(problem, moved)
    v1 = next(r for r in csv.DictReader(io.StringIO(text)) if r["visit_id"] == "V1")
    assert (v1["start"], v1["end"]) == ("2026-10-25T01:30:00", "2026-10-25T02:00:00")
    assert (v1["start_with_offset"], v1["end_with_offset"]) == (
        "2026-10-25T01:30:00+01:00",
        "2026-10-25T01:00:00+00:00",
    )
