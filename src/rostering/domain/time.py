"""Time inside the engine: integer minutes after midnight of a visit's or shift's own date.

Conversions to and from "HH:MM" strings and ISO date-times happen here and at the I/O edges only.
Values may exceed 1440 for problems that are not clock-based (benchmark instances use a scaled horizon).
"""

from __future__ import annotations

import datetime as dt
import re

from .quoting import shown

MINUTES_PER_DAY = 24 * 60
# One format each, ASCII digits only: Python's own parsers also take "20261124", "2026-W48-2" and
# Arabic-Indic digits, which a bundle must not silently accept.
_HHMM = re.compile(r"([0-9]{2}):([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}")
# Years a roster can be about; outside them a date is a typo (0226 for 2026) and 9999 overflows writers.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_hhmm(text: str) -> int:
    """Parse "HH:MM" (00:00 to 24:00, two-digit hours) into minutes after midnight; ValueError if not."""
    m = _HHMM.fullmatch(text.strip())
    if not m:
        hint = "HH:MM, e.g. 07:30"
        if re.fullmatch(r"[0-9]:[0-9]{2}", text.strip()):
            hint = "HH:MM with two-digit hours, e.g. 07:30"
        elif any(ch.isdigit() and not ch.isascii() for ch in text):
            hint = "HH:MM with the digits 0-9"
        raise ValueError(f"malformed time {shown(text)}: expected {hint}")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"malformed time {shown(text)}: out of range 00:00-24:00")
    return hours * 60 + minutes


def format_hhmm(minutes: int) -> str:
    """Format minutes after midnight as "HH:MM" (24:00 allowed for end of day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(text: str) -> dt.date:
    """Parse a date "YYYY-MM-DD" (years 1900-2999, ASCII digits); raise ValueError if malformed."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise ValueError(f"malformed date {shown(text)}: expected YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(m.group(0))
    except ValueError:
        raise ValueError(f"malformed date {shown(text)}: no such day") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"malformed date {shown(text)}: the year must be {FIRST_YEAR}-{LAST_YEAR}")
    return day


def to_datetime(date: dt.date, minutes: int) -> dt.datetime:
    """Local date-time of `minutes` after midnight of `date`."""
    return dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minutes)


def iso_datetime(date: dt.date, minutes: int) -> str:
    """ISO 8601 local date-time, e.g. 2026-11-24T08:15:00."""
    return to_datetime(date, minutes).isoformat(timespec="seconds")


_LOCAL_DATETIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2})(?::00)?")


def parse_local_datetime(text: str) -> dt.datetime:
    """Parse a local date-time "YYYY-MM-DDTHH:MM" (a space for the T and ":00" seconds are accepted, as
    spreadsheets write them; "T24:00" is midnight at the end of that date); raise ValueError if malformed."""
    m = _LOCAL_DATETIME.fullmatch(text.strip())
    if not m:
        raise ValueError(f"malformed date-time {shown(text)}: expected YYYY-MM-DDTHH:MM")
    try:
        date = parse_date(m.group(1))
        minutes = parse_hhmm(m.group(2))
    except ValueError as exc:
        # The date's or the time's own reason ("no such day", "out of range 00:00-24:00").
        why = str(exc).split(": ", 1)[-1]
        raise ValueError(f"malformed date-time {shown(text)}: {why}") from None
    return to_datetime(date, minutes)


def format_local_datetime(value: dt.datetime) -> str:
    """The canonical "YYYY-MM-DDTHH:MM" text of a local date-time (the writer's half of the parser)."""
    return value.strftime("%Y-%m-%dT%H:%M")


def minutes_after(date: dt.date, value: dt.datetime) -> int:
    """Whole minutes from midnight of `date` to `value` (negative before it, over 1440 on later days)."""
    return int((value - to_datetime(date, 0)).total_seconds() // 60)
