"""roster.csv, unassigned.csv and teams.csv: the ops teams' contract (columns in docs/formats.md).

roster.csv has one row per carer per assigned visit (a double-up is two rows with the same visit_id),
sorted by date, carer_id, seq. The first ten columns are the contract and never change; the columns after
them are extras that may grow. `start`/`end` and the window columns are ISO 8601 local date-times (no
offset, as in contract 1.0); contract 1.1 adds `start_with_offset`/`end_with_offset`, the same moments
with their UTC offset (io/wall_clock.py says how a clock change is resolved). travel_m is rounded to
whole metres. The contract's version and changelog are in docs/formats.md.
"""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from ..domain import Assignment, Problem, Roster, Unassigned
from ..domain.time import iso_datetime
from .wall_clock import locality_zone, span, with_offset

# The CSV contract's version (docs/formats.md, "roster.csv"): minor = columns added, major = a change of
# meaning. 1.1 added start_with_offset and end_with_offset; 1.2 the unassigned reason carer_absent;
# 1.3 added teams.csv.
CSV_CONTRACT_VERSION = "1.3"

ROSTER_CONTRACT_COLUMNS = (
    "visit_id",
    "client_id",
    "carer_id",
    "provider_id",
    "date",
    "start",
    "end",
    "travel_min",
    "travel_m",
    "seq",
)
ROSTER_EXTRA_COLUMNS = (
    "travel_mode",
    "duration_min",
    "window_start",
    "window_end",
    "requested_start",
    "carers_required",
    "priority",
    "start_with_offset",
    "end_with_offset",
)
ROSTER_COLUMNS = ROSTER_CONTRACT_COLUMNS + ROSTER_EXTRA_COLUMNS

UNASSIGNED_CONTRACT_COLUMNS = ("visit_id", "client_id", "date", "reason")
UNASSIGNED_COLUMNS = (*UNASSIGNED_CONTRACT_COLUMNS, "detail", "priority", "duration_min")

TEAMS_CONTRACT_COLUMNS = ("client_id", "carer_id", "role", "planned_visits")
TEAMS_COLUMNS = (*TEAMS_CONTRACT_COLUMNS, "provider_id")
_ROLE_ORDER = {"primary": 0, "backup": 1}


def _csv_text(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _roster_row(problem: Problem, zone: ZoneInfo, a: Assignment) -> list[str]:
    visit = problem.visit_by_id.get(a.visit_id)
    carer = problem.carer_by_id.get(a.carer_id)
    start, end = span(a.date, a.start_min, a.end_min, zone)
    offset_times = [with_offset(start), with_offset(end)]
    row = [
        a.visit_id,
        visit.client_id if visit else "",
        a.carer_id,
        carer.provider_id if carer else "",
        a.date.isoformat(),
        iso_datetime(a.date, a.start_min),
        iso_datetime(a.date, a.end_min),
        str(a.travel_min),
        str(round(a.travel_m)),
        str(a.seq),
        carer.travel_mode if carer else "",
    ]
    if visit is None:
        return row + [""] * 6 + offset_times
    return [
        *row,
        str(visit.duration_min),
        iso_datetime(visit.date, visit.window_start_min),
        iso_datetime(visit.date, visit.window_end_min),
        iso_datetime(visit.date, visit.requested_start_min),
        str(visit.carers_required),
        str(visit.priority),
        *offset_times,
    ]


def roster_csv_text(problem: Problem, roster: Roster) -> str:
    """The text of roster.csv for `roster`."""
    ordered = sorted(roster.assignments, key=lambda a: (a.date, a.carer_id, a.seq, a.start_min, a.visit_id))
    zone = locality_zone(problem.locality.timezone)
    return _csv_text(ROSTER_COLUMNS, [_roster_row(problem, zone, a) for a in ordered])


def _unassigned_row(problem: Problem, u: Unassigned) -> list[str]:
    visit = problem.visit_by_id.get(u.visit_id)
    return [
        u.visit_id,
        u.client_id,
        u.date.isoformat(),
        u.reason,
        u.detail,
        str(visit.priority) if visit else "",
        str(visit.duration_min) if visit else "",
    ]


def unassigned_csv_text(problem: Problem, roster: Roster) -> str:
    """The text of unassigned.csv for `roster`, sorted by date then visit_id."""
    ordered = sorted(roster.unassigned, key=lambda u: (u.date, u.visit_id, u.reason))
    return _csv_text(UNASSIGNED_COLUMNS, [_unassigned_row(problem, u) for u in ordered])


def teams_csv_text(problem: Problem, roster: Roster) -> str:
    """The text of teams.csv: each client's care team, primaries first, then by visits and carer_id.

    Header only when the roster has no teams (a day-by-day roster), so a roster folder never keeps a
    stale teams.csv from an earlier week.
    """
    ordered = sorted(
        roster.teams, key=lambda t: (t.client_id, _ROLE_ORDER[t.role], -t.planned_visits, t.carer_id)
    )
    rows = []
    for t in ordered:
        carer = problem.carer_by_id.get(t.carer_id)
        rows.append(
            [t.client_id, t.carer_id, t.role, str(t.planned_visits), carer.provider_id if carer else ""]
        )
    return _csv_text(TEAMS_COLUMNS, rows)
