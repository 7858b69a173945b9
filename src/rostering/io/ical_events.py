"""What each carer's calendar holds: one event per visit and per break, with a UID stable across nights.

Pure: no icalendar here (io/ical.py renders). A UID names what the event *is*, never when it happens,
so re-importing tomorrow's file updates an event instead of adding a second one:

- a visit: `visit-<visit_id>+<carer_id>@<locality>` (the carer is part of it: each carer of a double-up
  has their own event, and a visit moved to another carer is cancelled in the first carer's calendar);
- a break: `break-<carer_id>-<date>-<n>@<locality>`, the carer's n-th break of that day (a break that
  moves by ten minutes is the same event, changed).

With a baseline (the roster last published), an event whose content changed gets SEQUENCE + 1 and one
that is no longer on the roster (on a date the new roster covers) comes back as STATUS:CANCELLED with
SEQUENCE + 1, as RFC 5546 asks of an organiser; `sequences` carries the numbers the baseline's own .ics
files used, so repeated changes keep counting up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ..domain import Assignment, Break, Problem, Roster
from ..domain.time import format_hhmm
from ..evaluation.routes import roster_dates
from .wall_clock import span

MODE_WORDS = {"drive": "by car", "walk": "on foot", "bike": "by bike"}


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT, in plain values."""

    uid: str
    carer_id: str
    date: dt.date
    start: dt.datetime  # aware, in the locality's zone
    end: dt.datetime
    summary: str
    description: str
    category: str  # "Care visit" or "Break"
    geo: tuple[float, float] | None = None  # (lat, lon) of the client's home
    sequence: int = 0
    cancelled: bool = False

    def content(self) -> tuple[object, ...]:
        """What a carer sees: a change in any of it is a new SEQUENCE."""
        return (
            self.start.astimezone(dt.UTC),
            self.end.astimezone(dt.UTC),
            self.summary,
            self.description,
            self.geo,
        )


def _distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _uid_part(text: str) -> str:
    return quote(text, safe="")


def visit_uid(locality: str, visit_id: str, carer_id: str) -> str:
    # `+` is percent-encoded inside the parts, so no two (visit, carer) pairs share a UID.
    return f"visit-{_uid_part(visit_id)}+{_uid_part(carer_id)}@{_uid_part(locality)}"


def break_uid(locality: str, carer_id: str, date: dt.date, n: int) -> str:
    return f"break-{_uid_part(carer_id)}-{date.isoformat()}-{n}@{_uid_part(locality)}"


def _visit_event(problem: Problem, roster: Roster, a: Assignment, zone: ZoneInfo) -> CalendarEvent:
    start, end = span(a.date, a.start_min, a.end_min, zone)
    visit = problem.visit_by_id.get(a.visit_id)
    carer = problem.carer_by_id.get(a.carer_id)
    partners = sorted(o.carer_id for o in roster.by_visit.get(a.visit_id, ()) if o.carer_id != a.carer_id)
    client_id = visit.client_id if visit else "unknown client"
    client = problem.client_by_id.get(client_id)
    needs = ", ".join(s.replace("_", " ") for s in visit.skills) if visit and visit.skills else ""
    title = [f"Visit {client_id}"] + ([needs] if needs else []) + [f"{a.end_min - a.start_min} min"]
    if partners:
        title.append(f"double-up with {', '.join(partners)}")
    lines = [f"Client: {client_id}", f"Visit: {a.visit_id}"]
    if visit:
        lines += [f"Needs: {needs}"] if needs else []
        lines += [
            f"Duration: {visit.duration_min} min; start window "
            f"{format_hhmm(visit.window_start_min)}-{format_hhmm(visit.window_end_min)}, "
            f"requested {format_hhmm(visit.requested_start_min)}",
            f"Priority: {visit.priority} (1 = most critical)",
        ]
    if partners:
        lines.append(f"Double-up with: {', '.join(partners)} (start together)")
    mode = MODE_WORDS.get(carer.travel_mode, carer.travel_mode) if carer else ""
    lines.append(f"Travel before: {a.travel_min} min, {_distance(a.travel_m)} {mode}".rstrip())
    return CalendarEvent(
        uid=visit_uid(roster.locality, a.visit_id, a.carer_id),
        carer_id=a.carer_id,
        date=a.date,
        start=start,
        end=end,
        summary=": ".join([title[0], ", ".join(title[1:])]),
        description="\n".join(lines),
        category="Care visit",
        geo=(client.lat, client.lon) if client else None,
    )


def _break_event(roster: Roster, b: Break, n: int, zone: ZoneInfo) -> CalendarEvent:
    start, end = span(b.date, b.start_min, b.start_min + b.duration_min, zone)
    return CalendarEvent(
        uid=break_uid(roster.locality, b.carer_id, b.date, n),
        carer_id=b.carer_id,
        date=b.date,
        start=start,
        end=end,
        summary=f"Break ({b.duration_min} min)",
        description=f"Rest break of {b.duration_min} min (Working Time Regulations).",
        category="Break",
    )


def roster_events(problem: Problem, roster: Roster, zone: ZoneInfo) -> dict[str, list[CalendarEvent]]:
    """carer_id -> the carer's events (visits and breaks), in start order."""
    out: dict[str, list[CalendarEvent]] = defaultdict(list)
    for a in roster.assignments:
        out[a.carer_id].append(_visit_event(problem, roster, a, zone))
    breaks: dict[tuple[str, dt.date], list[Break]] = defaultdict(list)
    for b in roster.breaks:
        breaks[(b.carer_id, b.date)].append(b)
    for day_breaks in breaks.values():
        for n, b in enumerate(sorted(day_breaks, key=lambda b: (b.start_min, b.duration_min)), start=1):
            out[b.carer_id].append(_break_event(roster, b, n, zone))
    return {k: sorted(v, key=lambda e: (e.start, e.uid)) for k, v in out.items()}


def sequenced_events(
    problem: Problem,
    roster: Roster,
    zone: ZoneInfo,
    baseline: Roster | None = None,
    sequences: Mapping[str, int] | None = None,
) -> dict[str, list[CalendarEvent]]:
    """`roster_events`, with SEQUENCE and cancellations against the baseline (see the module docstring)."""
    current = roster_events(problem, roster, zone)
    if baseline is None:
        return current
    sequences = sequences or {}
    dates = set(roster_dates(roster))
    before = {
        e.uid: e
        for events in roster_events(problem, baseline, zone).values()
        for e in events
        if e.date in dates
    }
    out: dict[str, list[CalendarEvent]] = defaultdict(list)
    now_uids: set[str] = set()
    for carer_id, events in current.items():
        for e in events:
            now_uids.add(e.uid)
            seq = sequences.get(e.uid, 0)
            old = before.get(e.uid)
            changed = old.content() != e.content() if old else e.uid in sequences  # re-added after a cancel
            out[carer_id].append(replace(e, sequence=seq + 1 if changed else seq))
    for uid, old in before.items():
        if uid not in now_uids:
            out[old.carer_id].append(replace(old, sequence=sequences.get(uid, 0) + 1, cancelled=True))
    return {k: sorted(v, key=lambda e: (e.start, e.uid)) for k, v in out.items()}
