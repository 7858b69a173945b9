"""Times in the bundle: HH:MM parsing and local ISO date-times."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.domain.time import format_hhmm, iso_datetime, parse_hhmm


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
