"""Times in the bundle: HH:MM parsing and local ISO date-times."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.domain.time import (
    format_hhmm,
    format_local_datetime,
    iso_datetime,
    minutes_after,
    parse_date,
    parse_hhmm,
    parse_local_datetime,
)


@pytest.mark.parametrize(("text", "minutes"), [("00:00", 0), ("07:30", 450), ("09:05", 545), ("24:00", 1440)])
def test_parse_hhmm(text: str, minutes: int) -> None:
    assert parse_hhmm(text) == minutes
    assert parse_hhmm(format_hhmm(minutes)) == minutes


# One format: two ASCII-digit hours (Python's int() would take "٠٧"), no seconds, no other separators.
@pytest.mark.parametrize(
    "bad",
    ["7", "9:05", "07:60", "25:00", "24:01", "ab:cd", "", "٠٧:٣٠", "07:30:00", "0730", "07.30", "+7:30"],
)
def test_parse_hhmm_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError, match="malformed time"):
        parse_hhmm(bad)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("20261124", "expected YYYY-MM-DD"),
        ("2026-W48-2", "expected YYYY-MM-DD"),
        ("٢٠٢٦-11-24", "expected YYYY-MM-DD"),
        ("24/11/2026", "expected YYYY-MM-DD"),
        ("2026-02-30", "no such day"),
        ("9999-12-31", "the year must be 1900-2999"),
    ],
)
def test_parse_date_takes_one_format(bad: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_date(bad)
    assert parse_date("2026-11-24") == dt.date(2026, 11, 24)


def test_iso_datetime_is_local_and_seconds_precise() -> None:
    assert iso_datetime(dt.date(2026, 11, 24), 8 * 60 + 15) == "2026-11-24T08:15:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24T08:15", dt.datetime(2026, 11, 24, 8, 15)),
        ("2026-11-24 08:15", dt.datetime(2026, 11, 24, 8, 15)),
        ("2026-11-24T08:15:00", dt.datetime(2026, 11, 24, 8, 15)),
        ("2026-11-24T24:00", dt.datetime(2026, 11, 25)),
    ],
)
def test_parse_local_datetime(text: str, expected: dt.datetime) -> None:
    assert parse_local_datetime(text) == expected
    assert parse_local_datetime(format_local_datetime(expected)) == expected


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("2026-11-24", "expected YYYY-MM-DDTHH:MM"),
        ("2026-11-24T8:15", "expected YYYY-MM-DDTHH:MM"),
        ("2026-11-24T08:15:30", "expected YYYY-MM-DDTHH:MM"),
        ("2026-11-24T08:15+01:00", "expected YYYY-MM-DDTHH:MM"),
        ("٢٠٢٦-11-24T08:00", "expected YYYY-MM-DDTHH:MM"),
        ("2026-02-30T08:00", "no such day"),
        ("0226-11-24T08:00", "the year must be 1900-2999"),
        ("2026-11-24T24:30", "out of range 00:00-24:00"),
    ],
)
def test_parse_local_datetime_rejects_malformed(bad: str, why: str) -> None:
    with pytest.raises(ValueError, match=f"malformed date-time .*: {why}"):
        parse_local_datetime(bad)


def test_minutes_after_counts_across_days() -> None:
    day = dt.date(2026, 11, 24)
    assert minutes_after(day, dt.datetime(2026, 11, 24, 8, 15)) == 495
    assert minutes_after(day, dt.datetime(2026, 11, 23, 23, 0)) == -60
    assert minutes_after(day, dt.datetime(2026, 11, 25, 1, 0)) == 1500
