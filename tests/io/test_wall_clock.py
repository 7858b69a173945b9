"""Engine minutes -> moments with a UTC offset, across both clock changes of Europe/London in 2026.

The clocks go forward at 01:00 GMT on 29 March (01:00-01:59 does not exist) and back at 02:00 BST on
25 October (01:00-01:59 happens twice). RFC 5545 3.3.5 reads a repeated time as its first occurrence and
a missing one with the offset before the gap; every writer follows it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.errors import InputError
from rostering.io.wall_clock import is_repeated_hour, locality_zone, moment, span, with_offset

LONDON = locality_zone("Europe/London")
BACK = dt.date(2026, 10, 25)
FORWARD = dt.date(2026, 3, 29)


def iso(date: dt.date, minutes: int) -> str:
    return with_offset(moment(date, minutes, LONDON))


def test_winter_and_summer_times_carry_their_offsets() -> None:
    assert iso(dt.date(2026, 11, 24), 8 * 60 + 15) == "2026-11-24T08:15:00+00:00"
    assert iso(dt.date(2026, 7, 1), 8 * 60 + 15) == "2026-07-01T08:15:00+01:00"


def test_a_repeated_time_is_its_first_occurrence() -> None:
    # 01:30 on 25 October happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT): the first one.
    assert iso(BACK, 90) == "2026-10-25T01:30:00+01:00"
    assert iso(BACK, 150) == "2026-10-25T02:30:00+00:00"


def test_a_missing_time_is_read_with_the_offset_before_the_gap() -> None:
    # 01:30 on 29 March does not exist: 01:30 GMT is 02:30 BST.
    assert iso(FORWARD, 90) == "2026-03-29T02:30:00+01:00"
    assert iso(FORWARD, 0) == "2026-03-29T00:00:00+00:00"


def test_an_end_is_the_start_plus_the_elapsed_duration() -> None:
    # A 30-minute visit from 01:30 BST ends at 01:00 GMT, 30 real minutes later (the second 01:00).
    start, end = span(BACK, 90, 120, LONDON)
    assert (with_offset(start), with_offset(end)) == (
        "2026-10-25T01:30:00+01:00",
        "2026-10-25T01:00:00+00:00",
    )
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(minutes=30)
    assert not is_repeated_hour(start) and is_repeated_hour(end)
    start, end = span(FORWARD, 30, 90, LONDON)  # 00:30 GMT + 60 min = 02:30 BST
    assert (with_offset(start), with_offset(end)) == (
        "2026-03-29T00:30:00+00:00",
        "2026-03-29T02:30:00+01:00",
    )


def test_minutes_past_midnight_roll_into_the_next_day() -> None:
    assert iso(dt.date(2026, 11, 24), 24 * 60 + 30) == "2026-11-25T00:30:00+00:00"


def test_utc_localities_say_plus_zero() -> None:
    assert with_offset(moment(BACK, 90, locality_zone("UTC"))) == "2026-10-25T01:30:00+00:00"


@pytest.mark.parametrize("name", ["Europe/Londn", "", "../etc/passwd", "Europe"])
def test_an_unknown_timezone_is_a_located_input_error(name: str) -> None:
    with pytest.raises(InputError, match=r"locality\.toml:timezone: unknown timezone"):
        locality_zone(name)
