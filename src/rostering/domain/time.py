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
