"""routes.geojson (RFC 7946): a LineString per shift route and a Point per visit, for QGIS and geopandas.

Coordinates are WGS 84 longitude, latitude (EPSG:4326, the only CRS RFC 7946 allows), rounded to 6
decimals (about 0.1 m). A route runs base -> its visits in order -> base. Each leg follows the roads when
the caller passes a road path for the carer's travel mode (`leg_paths`, a callable per profile, e.g.
built from the OSM network the matrices came from) and is a straight line otherwise; the route's
`geometry_source` says which (`road`, `straight` or `partly_road`). travel_min and km are what the roster
recorded (as roster.csv). One feature per line, in a fixed order: identical inputs give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from ..domain import Assignment, Problem, Roster, Visit, carer_location_id, client_location_id
from ..evaluation.routes import RouteVisits, routes_with_visits
from .wall_clock import locality_zone, span, with_offset

GEOJSON_FORMAT_VERSION = "1.0"

# (from_location_id, to_location_id) -> the leg's road path as (lon, lat) points, or None if unknown.
# rostering.travel.paths.RoadPaths is one; a provider with a `prefetch(legs)` method is asked for every
# leg of the roster at once first (one Dijkstra per batch of start points instead of one per leg).
LegPath = Callable[[str, str], Sequence[tuple[float, float]] | None]


def _xy(lon: float, lat: float) -> list[float]:
    return [round(lon, 6), round(lat, 6)]


def _points(problem: Problem) -> dict[str, list[float]]:
    """location_id -> [lon, lat] for every client home and carer base."""
    return {loc.location_id: _xy(loc.lon, loc.lat) for loc in problem.locations()}


def _route_line(
    path_ids: list[str], points: Mapping[str, list[float]], leg_path: LegPath | None
) -> tuple[list[list[float]], str]:
    """The route's coordinates and its geometry_source."""
    line = [points[path_ids[0]]]
    road = straight = 0
    for a, b in itertools.pairwise(path_ids):
        if a == b:
            continue
        path = leg_path(a, b) if leg_path else None
        if path and len(path) >= 2:
            road += 1
            middle = [_xy(lon, lat) for lon, lat in path]
        else:
            straight += 1
            middle = []
        for xy in [*middle, points[b]]:
            if xy != line[-1]:
                line.append(xy)
    if len(line) == 1:
        line.append(line[0])  # a route that never leaves its base's point: a degenerate, valid LineString
    source = "road" if road and not straight else "partly_road" if road else "straight"
    return line, source


def _route_path(problem: Problem, rv: RouteVisits) -> list[str]:
    """Location ids along the route: base, each known visit's client, base."""
    known = [a for a in rv.visits if a.visit_id in problem.visit_by_id]
    base = carer_location_id(rv.route.carer_id)
    return [base, *(client_location_id(problem.visit_by_id[a.visit_id].client_id) for a in known), base]


def _prefetch(problem: Problem, routed: Sequence[RouteVisits], leg_paths: Mapping[str, LegPath]) -> None:
    """Ask a leg-path provider that can batch (a `prefetch(legs)` method) for every leg at once."""
    legs: dict[str, list[tuple[str, str]]] = {}
    for rv in routed:
        carer = problem.carer_by_id.get(rv.route.carer_id)
        if carer is not None and carer.travel_mode in leg_paths:
            path = _route_path(problem, rv)
            legs.setdefault(carer.travel_mode, []).extend(itertools.pairwise(path))
    for mode, wanted in legs.items():
        prefetch = getattr(leg_paths[mode], "prefetch", None)
        if callable(prefetch):
            prefetch(wanted)


def _route_feature(
    problem: Problem,
    rv: RouteVisits,
    points: Mapping[str, list[float]],
    leg_paths: Mapping[str, LegPath],
    zone: ZoneInfo,
) -> dict[str, Any]:
    r = rv.route
    carer = problem.carer_by_id[r.carer_id]
    line, source = _route_line(_route_path(problem, rv), points, leg_paths.get(carer.travel_mode))
    start, end = span(r.date, r.start_min, r.end_min, zone)
    travel_m = sum(a.travel_m for a in rv.visits) + r.travel_home_m
    properties = {
        "feature_type": "route",
        "carer_id": r.carer_id,
        "provider_id": carer.provider_id,
        "travel_mode": carer.travel_mode,
        "date": r.date.isoformat(),
        "start": with_offset(start),
        "end": with_offset(end),
        "visits": len(rv.visits),
        "travel_min": sum(a.travel_min for a in rv.visits) + r.travel_home_min,
        "km": round(travel_m / 1000.0, 3),
        "geometry_source": source,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": line},
        "properties": properties,
    }


def _visit_feature(
    problem: Problem, visit: Visit, assignments: Sequence[Assignment], reason: str, zone: ZoneInfo
) -> dict[str, Any]:
    client = problem.client_by_id[visit.client_id]
    carers = sorted(a.carer_id for a in assignments)
    providers = sorted({problem.carer_by_id[k].provider_id for k in carers if k in problem.carer_by_id})
    start = end = None
    if assignments:
        first = min(assignments, key=lambda a: a.start_min)
        s, e = span(first.date, first.start_min, first.end_min, zone)
        start, end = with_offset(s), with_offset(e)
    properties = {
        "feature_type": "visit",
        "visit_id": visit.visit_id,
        "client_id": visit.client_id,
        "date": visit.date.isoformat(),
        "status": "assigned" if assignments else "unassigned",
        "start": start,
        "end": end,
        "carer_ids": ";".join(carers),
        "provider_ids": ";".join(providers),
        "duration_min": visit.duration_min,
        "carers_required": visit.carers_required,
        "priority": visit.priority,
        "skills": ";".join(visit.skills),
        "unassigned_reason": reason,
    }
    geometry = {"type": "Point", "coordinates": _xy(client.lon, client.lat)}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def routes_geojson_text(
    problem: Problem, roster: Roster, leg_paths: Mapping[str, LegPath] | None = None
) -> str:
    """The text of routes.geojson. `leg_paths`: travel mode -> road path of a leg (straight if absent)."""
    zone = locality_zone(problem.locality.timezone)
    points = _points(problem)
    routed, _orphans = routes_with_visits(roster)
    _prefetch(problem, routed, leg_paths or {})
    features = [
        _route_feature(problem, rv, points, leg_paths or {}, zone)
        for rv in routed
        if rv.route.carer_id in problem.carer_by_id
    ]
    by_visit = roster.by_visit
    reasons = {u.visit_id: u.reason for u in roster.unassigned}
    shown = [v for v in problem.visits if v.visit_id in by_visit or v.visit_id in reasons]

    def order(v: Visit) -> tuple[dt.date, int, str]:
        starts = [a.start_min for a in by_visit.get(v.visit_id, ())]
        return (v.date, min(starts) if starts else v.window_start_min, v.visit_id)

    for visit in sorted(shown, key=order):
        features.append(
            _visit_feature(
                problem, visit, by_visit.get(visit.visit_id, ()), reasons.get(visit.visit_id, ""), zone
            )
        )
    head = {
        "type": "FeatureCollection",
        "name": f"{problem.locality.name} routes",
        "format_version": GEOJSON_FORMAT_VERSION,
        "timezone": problem.locality.timezone,
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return opening + body + "\n]}\n"
