"""A roster as a GeoDataFrame: the table an analyst maps, joins and filters in a notebook.

One row per assignment (a double-up is two rows, one per carer) at the client's home, in EPSG:4326
(longitude, latitude), with the carer's provider and the times both as minutes and as local ISO times.
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from ..domain import Problem, Roster
from ..domain.time import iso_datetime
from .roster_csv import ROSTER_CONTRACT_COLUMNS

# roster.csv's contract columns (same names, same meanings), plus the times as minutes after midnight.
ASSIGNMENT_COLUMNS: tuple[str, ...] = (*ROSTER_CONTRACT_COLUMNS, "start_min", "end_min", "duration_min")


def assignments_frame(problem: Problem, roster: Roster) -> gpd.GeoDataFrame:
    """Every assignment of `roster` as a point at its client's home (EPSG:4326), in date/carer/seq order."""
    rows: dict[str, list[object]] = {name: [] for name in ASSIGNMENT_COLUMNS}
    points: list[Point] = []
    for a in sorted(roster.assignments, key=lambda a: (a.date, a.carer_id, a.seq, a.visit_id)):
        visit = problem.visit_by_id[a.visit_id]
        client = problem.client_by_id[visit.client_id]
        values = {
            "visit_id": a.visit_id,
            "client_id": visit.client_id,
            "carer_id": a.carer_id,
            "provider_id": problem.carer_by_id[a.carer_id].provider_id,
            "date": a.date.isoformat(),
            "start": iso_datetime(a.date, a.start_min),
            "end": iso_datetime(a.date, a.end_min),
            "start_min": a.start_min,
            "end_min": a.end_min,
            "duration_min": a.end_min - a.start_min,
            "travel_min": a.travel_min,
            "travel_m": a.travel_m,
            "seq": a.seq,
        }
        for name in ASSIGNMENT_COLUMNS:
            rows[name].append(values[name])
        points.append(Point(client.lon, client.lat))
    return gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")
