"""iCalendar (RFC 5545) files, one per carer, written with the `icalendar` library.

Each calendar holds a VTIMEZONE for the locality's timezone (built here from zoneinfo, see
`vtimezone`) and one VEVENT per visit and per break (io/ical_events.py says what goes in them and how
UIDs and SEQUENCE work). DTSTART/DTEND carry the TZID, except a time in the second pass of the hour
repeated when the clocks go back, which a TZID cannot name (RFC 5545 3.3.5 reads it as the first pass):
that one is written in UTC (`...Z`). DTSTAMP comes from the roster, not the clock (00:00 UTC of its first
date, unless the caller passes one), so identical inputs give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar

from ..domain import Problem, Roster
from ..errors import InputError, Issue, Position
from ..evaluation.routes import roster_dates
from .ical_events import CalendarEvent, sequenced_events
from .wall_clock import is_repeated_hour, locality_zone

PRODID = "-//rostering//roster export//EN"


def default_dtstamp(problem: Problem, roster: Roster) -> dt.datetime:
    """00:00 UTC of the roster's first date (the problem's if the roster is empty)."""
    dates = roster_dates(roster) or problem.dates or (dt.date(1970, 1, 1),)
    return dt.datetime.combine(dates[0], dt.time(), tzinfo=dt.UTC)


def carer_file_names(carer_ids: Iterable[str]) -> dict[str, str]:
    """carer_id -> `<carer_id>.ics`, percent-encoded to be a safe file name everywhere.

    Ids that differ only in case would clash on case-insensitive file systems: those get a short hash.
    """
    ids = sorted(set(carer_ids))
    names = {k: quote(k, safe="") + ".ics" for k in ids}
    folded: dict[str, int] = {}
    for name in names.values():
        folded[name.lower()] = folded.get(name.lower(), 0) + 1
    return {
        k: n if folded[n.lower()] == 1 else f"{n[:-4]}-{hashlib.sha256(k.encode()).hexdigest()[:8]}.ics"
        for k, n in names.items()
    }


def _offset(delta: dt.timedelta | None) -> dt.timedelta:
    return delta if delta is not None else dt.timedelta(0)


@functools.lru_cache(maxsize=16)
def _transitions(zone: ZoneInfo, first: dt.datetime, last: dt.datetime) -> tuple[dt.datetime, ...]:
    """UTC instants in [first, last) where the zone's offset changes, to the minute (cached per export)."""
    out = []
    step = dt.timedelta(hours=1)
    t = first
    while t < last:
        nxt = t + step
        if t.astimezone(zone).utcoffset() != nxt.astimezone(zone).utcoffset():
            lo = t  # offset(lo) is the old one; find the first minute with the new one
            while lo.astimezone(zone).utcoffset() == t.astimezone(zone).utcoffset():
                lo += dt.timedelta(minutes=1)
            out.append(lo)
        t = nxt
    return tuple(out)


def vtimezone(zone: ZoneInfo, first_date: dt.date, last_date: dt.date) -> icalendar.Timezone:
    """The VTIMEZONE of `zone` from 1 January of `first_date`'s year to the end of `last_date`'s year.

    Each transition's DTSTART is the local time *before* it, in TZOFFSETFROM (RFC 5545 3.6.5): Europe/
    London goes to BST at 01:00 and back at 02:00. (icalendar's own `Timezone.from_tzid` writes the spring
    onset in the new offset, an hour late, so we build it here.) Whole years keep the block identical
    night after night.
    """
    start = dt.datetime(first_date.year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_date.year + 1, 1, 1, tzinfo=dt.UTC)
    tz = icalendar.Timezone()
    tz.add("tzid", str(zone.key))

    def observance(at_utc: dt.datetime, before: dt.timedelta, after_local: dt.datetime) -> None:
        kind = icalendar.TimezoneDaylight if _offset(after_local.dst()) else icalendar.TimezoneStandard
        sub = kind()
        sub.add("dtstart", (at_utc + before).replace(tzinfo=None))
        sub.add("tzoffsetfrom", before)
        sub.add("tzoffsetto", _offset(after_local.utcoffset()))
        sub.add("tzname", after_local.tzname() or str(zone.key))
        tz.add_component(sub)

    first_local = start.astimezone(zone)
    observance(start, _offset(first_local.utcoffset()), first_local)
    for at in _transitions(zone, start, end):
        before = _offset((at - dt.timedelta(minutes=1)).astimezone(zone).utcoffset())
        observance(at, before, at.astimezone(zone))
    return tz


def _when(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if is_repeated_hour(moment) else moment


def _vevent(e: CalendarEvent, dtstamp: dt.datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", e.uid)
    ev.add("dtstamp", dtstamp)
    ev.add("sequence", e.sequence)
    ev.add("dtstart", _when(e.start))
    ev.add("dtend", _when(e.end))
    ev.add("summary", e.summary)
    ev.add("description", e.description)
    ev.add("categories", [e.category])
    ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
    ev.add("transp", "OPAQUE")
    if e.category == "Care visit":
        ev.add("class", "PRIVATE")  # people who can see the carer's free/busy do not see the client
    if e.geo is not None:
        ev.add("geo", e.geo)
        ev.add("location", f"{e.geo[0]},{e.geo[1]}")  # what calendar apps turn into a map link
    return ev


def calendar_bytes(
    problem: Problem, carer_id: str, events: list[CalendarEvent], zone: ZoneInfo, dtstamp: dt.datetime
) -> bytes:
    """One carer's .ics file."""
    cal = icalendar.Calendar()
    name = f"Visits: {carer_id} ({problem.locality.name})"
    for key, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", name),
        ("x-wr-calname", name),
        ("x-wr-timezone", str(zone.key)),
    ):
        cal.add(key, value)
    dates = [e.date for e in events] or list(problem.dates) or [dtstamp.date()]
    if str(zone.key) != "UTC":
        cal.add_component(vtimezone(zone, min(dates), max(dates)))
    for e in events:
        cal.add_component(_vevent(e, dtstamp))
    return bytes(cal.to_ical())


def carer_calendars(
    problem: Problem,
    roster: Roster,
    baseline: Roster | None = None,
    sequences: Mapping[str, int] | None = None,
    dtstamp: dt.datetime | None = None,
) -> dict[str, bytes]:
    """File name -> .ics bytes, one per carer of the problem (empty if they have nothing) or with events."""
    zone = locality_zone(problem.locality.timezone)
    events = sequenced_events(problem, roster, zone, baseline, sequences)
    stamp = dtstamp or default_dtstamp(problem, roster)
    carers = {c.carer_id for c in problem.carers} | set(events)
    names = carer_file_names(carers)
    return {names[k]: calendar_bytes(problem, k, events.get(k, []), zone, stamp) for k in sorted(carers)}


def read_sequences(folder: Path) -> dict[str, int]:
    """UID -> SEQUENCE of every VEVENT in the .ics files of a previous export (`folder` and `folder/ics`)."""
    out: dict[str, int] = {}
    for path in sorted([*Path(folder).glob("*.ics"), *Path(folder).glob("ics/*.ics")]):
        try:
            cal = icalendar.Calendar.from_ical(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise InputError([Issue(Position(str(path)), f"cannot read this calendar: {exc}")]) from None
        for ev in cal.walk("VEVENT"):
            uid, seq = str(ev.get("uid", "")), int(ev.get("sequence", 0))
            out[uid] = max(seq, out.get(uid, 0))
    return out
