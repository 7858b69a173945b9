"""Time inside the engine: integer minutes after midnight of a visit's or shift's own date.

Conversions to and from "HH:MM" strings and ISO date-times happen here and at the I/O edges only.
Values may exceed 1440 for problems that are not clock-based (benchmark instances use a scaled horizon).
"""

from __future__ import annotations

import datetime as dt
import re

MINUTES_PER_DAY = 24 * 60
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_hhmm(text: str) -> int:
    """Parse "HH:MM" (00:00 to 24:00) into minutes after midnight; raise ValueError if malformed."""
    m = _HHMM.match(text.strip())
    if not m:
        raise ValueError(f"malformed time {text!r}: expected HH:MM")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"malformed time {text!r}: out of range 00:00-24:00")
    return hours * 60 + minutes


def format_hhmm(minutes: int) -> str:
    """Format minutes after midnight as "HH:MM" (24:00 allowed for end of day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(text: str) -> dt.date:
    """Parse an ISO date "YYYY-MM-DD"; raise ValueError if malformed."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"malformed date {text!r}: expected YYYY-MM-DD") from None


def to_datetime(date: dt.date, minutes: int) -> dt.datetime:
    """Local date-time of `minutes` after midnight of `date`."""
    return dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minutes)


def iso_datetime(date: dt.date, minutes: int) -> str:
    """ISO 8601 local date-time, e.g. 2026-11-24T08:15:00."""
    return to_datetime(date, minutes).isoformat(timespec="seconds")


_LOCAL_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::00)?$")


def parse_local_datetime(text: str) -> dt.datetime:
    """Parse a local date-time "YYYY-MM-DDTHH:MM" (a space for the T and ":00" seconds are accepted, as
    spreadsheets write them; "T24:00" is midnight at the end of that date); raise ValueError if malformed."""
    m = _LOCAL_DATETIME.match(text.strip())
    if not m:
        raise ValueError(f"malformed date-time {text!r}: expected YYYY-MM-DDTHH:MM")
    try:
        date = dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise ValueError(f"malformed date-time {text!r}: no such date") from None
    try:
        minutes = parse_hhmm(m.group(2))
    except ValueError:
        raise ValueError(f"malformed date-time {text!r}: time out of range 00:00-24:00") from None
    return to_datetime(date, minutes)


def format_local_datetime(value: dt.datetime) -> str:
    """The canonical "YYYY-MM-DDTHH:MM" text of a local date-time (the writer's half of the parser)."""
    return value.strftime("%Y-%m-%dT%H:%M")


def minutes_after(date: dt.date, value: dt.datetime) -> int:
    """Whole minutes from midnight of `date` to `value` (negative before it, over 1440 on later days)."""
    return int((value - to_datetime(date, 0)).total_seconds() // 60)
