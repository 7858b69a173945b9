"""absences.csv: optional, read into Problem.absences with located errors; overlaps merged with a warning.

The tiny bundle's shifts are K1, K2, K3 08:00-14:00 on 2026-11-24; absences.csv is written header-only.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from rostering.domain import Problem
from rostering.errors import InputError
from rostering.io.bundle import read_bundle, write_bundle
from tests.conftest import DAY

HEADER = ["carer_id", "start", "end", "reason"]


@pytest.fixture
def bundle(tmp_path: Path, tiny_problem: Problem) -> Path:
    write_bundle(tiny_problem, tmp_path / "b")
    return tmp_path / "b"


def write_absences(bundle: Path, *rows: list[str]) -> None:
    with (bundle / "absences.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([HEADER, *rows])


def issues(bundle: Path) -> list[str]:
    try:
        _, warnings = read_bundle(bundle)
    except InputError as exc:
        return [str(i) for i in exc.issues]
    return [str(w) for w in warnings]


def at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def test_the_written_file_is_a_header_and_a_missing_file_means_no_absences(bundle: Path) -> None:
    assert (bundle / "absences.csv").read_text(encoding="utf-8") == "carer_id,start,end,reason\n"
    (bundle / "absences.csv").unlink()
    problem, _ = read_bundle(bundle)
    assert problem.absences == ()


def test_absences_are_read_and_cut_the_shifts(bundle: Path) -> None:
    # K1 at training 10:00-11:30 (its shift splits in two); K2 on leave for days (its shift is removed).
    write_absences(
        bundle,
        ["K1", "2026-11-24T10:00", "2026-11-24T11:30", "training"],
        ["K2", "2026-11-23T00:00", "2026-11-27T00:00", "annual_leave"],
    )
    problem, _ = read_bundle(bundle)
    assert [(a.carer_id, a.start, a.end, a.reason) for a in problem.absences] == [
        ("K1", at("10:00"), at("11:30"), "training"),
        ("K2", dt.datetime(2026, 11, 23), dt.datetime(2026, 11, 27), "annual_leave"),
    ]
    assert [(s.carer_id, s.start_min, s.end_min) for s in problem.available_shifts] == [
        ("K1", 480, 600),
        ("K1", 690, 840),
        ("K3", 480, 840),
    ]


def test_spreadsheet_spellings_and_an_empty_reason_are_accepted(bundle: Path) -> None:
    write_absences(bundle, ["K1", "2026-11-24 10:00:00", "2026-11-24T24:00", ""])
    problem, _ = read_bundle(bundle)
    assert problem.absences[0].start == at("10:00")
    assert problem.absences[0].end == dt.datetime(2026, 11, 25)
    assert problem.absences[0].reason == "other"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["K9", "2026-11-24T10:00", "2026-11-24T11:00", "sickness"],
            "absences.csv:2:carer_id: unknown carer 'K9'",
        ),
        (
            ["K1", "2026-11-24T11:00", "2026-11-24T10:00", "sickness"],
            "absences.csv:2:end: end 2026-11-24T10:00 is not after start 2026-11-24T11:00",
        ),
        (
            ["K1", "2026-11-24T10:00", "2026-11-24T10:00", "sickness"],
            "absences.csv:2:end: end 2026-11-24T10:00 is not after start 2026-11-24T10:00",
        ),
        (
            ["K1", "24/11/2026 10:00", "2026-11-24T11:00", "sickness"],
            "absences.csv:2:start: malformed date-time '24/11/2026 10:00': expected YYYY-MM-DDTHH:MM",
        ),
        (
            ["K1", "2026-11-24T10:00", "2026-11-31T11:00", "sickness"],
            "absences.csv:2:end: malformed date-time '2026-11-31T11:00': no such day",
        ),
        (
            ["K1", "2026-11-24T25:00", "2026-11-24T26:00", "sickness"],
            "absences.csv:2:start: malformed date-time '2026-11-24T25:00': out of range 00:00-24:00",
        ),
        (
            ["K1", "2026-11-24T10:00", "2026-11-24T11:00", "flu"],
            "absences.csv:2:reason: reason must be one of sickness, annual_leave, training, other "
            "(got 'flu')",
        ),
        (["K1", "", "2026-11-24T11:00", "sickness"], "absences.csv:2:start: start is empty"),
    ],
)
def test_each_bad_row_gets_its_located_message(bundle: Path, row: list[str], message: str) -> None:
    assert message not in issues(bundle)
    write_absences(bundle, row)
    assert message in issues(bundle)


def test_overlapping_absences_of_one_carer_are_merged_with_a_warning(bundle: Path) -> None:
    write_absences(
        bundle,
        ["K1", "2026-11-24T12:00", "2026-11-24T13:00", "training"],
        ["K2", "2026-11-24T09:30", "2026-11-24T12:30", "other"],  # another carer: not merged
        ["K1", "2026-11-24T09:00", "2026-11-24T12:30", "sickness"],
        ["K1", "2026-11-24T13:00", "2026-11-24T13:30", "sickness"],  # touches, does not overlap
    )
    problem, warnings = read_bundle(bundle)
    assert [str(w) for w in warnings if w.where.file == "absences.csv"] == [
        "absences.csv:2:start: warning: absence 2026-11-24T12:00 to 2026-11-24T13:00 of carer 'K1' overlaps "
        "the absence at line 4; merged into one (with that row's reason)"
    ]
    assert [(a.carer_id, a.start, a.end, a.reason) for a in problem.absences] == [
        ("K2", at("09:30"), at("12:30"), "other"),
        ("K1", at("09:00"), at("13:00"), "sickness"),
        ("K1", at("13:00"), at("13:30"), "sickness"),
    ]
    # Merged absences write and read back unchanged.
    write_bundle(problem, bundle.parent / "again")
    again, _ = read_bundle(bundle.parent / "again")
    assert again == problem


def test_a_visit_only_an_absent_carer_could_do_is_a_warning(bundle: Path) -> None:
    # V1 needs medication, which only K1 holds; K1 is off sick all morning.
    write_absences(bundle, ["K1", "2026-11-24T07:00", "2026-11-24T12:00", "sickness"])
    assert (
        "visits.csv:2:date: warning: no eligible carer has a shift on 2026-11-24 that can hold this visit "
        "(window 08:00-09:00, 30 min)"
    ) in issues(bundle)
