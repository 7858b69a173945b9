"""Engine minutes -> exact moments in the locality's timezone, for the writers that show UTC offsets.

The engine counts integer minutes after midnight of a row's own date on the *wall clock* (the bundle's
times are wall-clock `HH:MM`). A wall-clock time is resolved as RFC 5545 (section 3.3.5) resolves a
DTSTART with a TZID, so every file we write agrees with what a calendar does with our .ics:

- a time that occurs twice (the hour repeated when the clocks go back) is its *first* occurrence:
  01:30 on 2026-10-25 in Europe/London is `01:30+01:00`;
- a time that does not exist (the hour skipped when the clocks go forward) is read with the offset
  before the gap, so it lands an hour later: 01:30 on 2026-03-29 is `02:30+01:00`.

An end is its start plus the engine's duration in elapsed minutes, so a 30-minute visit lasts 30
minutes across a clock change (01:30+01:00 -> 01:00+00:00 for a visit starting at 01:30 BST on the night
the clocks go back).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.time import to_datetime
from ..errors import InputError, Issue, Position


def locality_zone(name: str, where: str = "locality.toml") -> ZoneInfo:
    """The IANA timezone `name` (locality.toml `timezone`); a located InputError if it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones, e.g. "Europe"
        raise InputError(
            [
                Issue(
                    Position(where, None, "timezone"),
                    f"unknown timezone {name!r} (expected e.g. Europe/London)",
                )
            ]
        ) from None


def moment(date: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """The aware moment of wall-clock `minutes` after midnight of `date` (RFC 5545 resolution, above)."""
    wall = to_datetime(date, minutes).replace(tzinfo=zone)  # fold=0: first occurrence / offset before gap
    return wall.astimezone(dt.UTC).astimezone(zone)


def span(date: dt.date, start_min: int, end_min: int, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Start and end moments of an engine interval: the end is the start plus the elapsed minutes."""
    start = moment(date, start_min, zone)
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=end_min - start_min)).astimezone(zone)
    return start, end


def with_offset(when: dt.datetime) -> str:
    """ISO 8601 with the UTC offset, e.g. `2026-10-25T01:30:00+01:00` (`+00:00` for UTC, never `Z`)."""
    return when.isoformat(timespec="seconds")


def is_repeated_hour(when: dt.datetime) -> bool:
    """True for the second occurrence of a wall-clock time in the hour repeated when the clocks go back.

    A TZID date-time there would mean the first occurrence, so the calendar writer uses UTC instead.
    """
    return bool(when.fold) and when.replace(fold=0).utcoffset() != when.utcoffset()
