"""What a roster map shows, worked out once for both the interactive page and the static PNG.

- One line per shift route: the carer's base, each visit's home in order, back to base; every leg
  along the roads when its travel profile has road paths (`rostering.travel.paths`), else straight.
- Clients of the roster's dates, with the distinct carers they saw over the period and their unmet
  need (visits and minutes no carer was given), and their visit times for popups.
- The bases of the carers who work, provider colours, the roads of the network (a light background
  where no tile server is reachable), the locality boundary and zones where there are any.
- A note saying how the legs are drawn, since a straight line is not a road.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from ..domain import Problem, Roster
from ..domain.time import format_hhmm
from ..evaluation.routes import route_legs, routes_with_visits
from ..travel.matrix import TravelSource
from ..travel.road_paths import LonLatPath, RoadPaths
from .zones import Zones

# Distinct carers a client saw (fewer is better continuity): bins and colours, green to red.
CARER_BINS: tuple[tuple[int, str, str], ...] = (
    (0, "#9e9e9e", "no carer"),
    (1, "#1a9850", "1 carer"),
    (2, "#91cf60", "2"),
    (3, "#fee08b", "3"),
    (4, "#fc8d59", "4"),
    (5, "#e34a33", "5"),
    (6, "#99000d", "6 or more"),
)
# Unmet visit minutes per client over the period: bins (upper bound, inclusive) and colours.
UNMET_BINS: tuple[tuple[float, str, str], ...] = (
    (0, "#d9d9d9", "none"),
    (30, "#fdd49e", "up to 30 min"),
    (60, "#fc8d59", "31-60 min"),
    (120, "#e34a33", "61-120 min"),
    (float("inf"), "#99000d", "over 2 h"),
)
# Provider route colours: none of them green, yellow, orange or red, which the client colours use.
PROVIDER_COLOURS = ("#1f5fa8", "#8e44ad", "#0e8a8a", "#8c564b", "#d6338a", "#4d4d4d")
# Road paths are simplified to within about 5 m (degrees of latitude): invisible at street zoom.
ROUTE_TOLERANCE_DEG = 5e-5


def carer_colour(distinct: int) -> str:
    return CARER_BINS[min(distinct, len(CARER_BINS) - 1)][1]


def unmet_colour(minutes: float) -> str:
    return next(colour for bound, colour, _ in UNMET_BINS if minutes <= bound)


@dataclass(frozen=True)
class RouteLine:
    """One shift route as a line, with what its popup says."""

    carer_id: str
    provider_id: str
    travel_mode: str
    date: dt.date
    start_min: int
    end_min: int
    stops: tuple[tuple[int, int, str], ...]  # (start, end, client id) in visit order
    coords: tuple[tuple[float, float], ...]  # (lon, lat)
    on_roads: bool
    travel_min: int
    travel_km: float


@dataclass(frozen=True)
class ClientMark:
    client_id: str
    lat: float
    lon: float
    provider_id: str | None  # commissioned provider
    carer_ids: tuple[str, ...]  # distinct carers over the period
    visits: int
    unmet_visits: int
    unmet_min: int
    schedule: tuple[str, ...]  # one line per visit: date, time, carer(s) or "unmet (reason)"


@dataclass(frozen=True)
class BaseMark:
    carer_id: str
    provider_id: str
    lat: float
    lon: float
    travel_mode: str
    routes: int


@dataclass(frozen=True)
class MapLayers:
    title: str
    subtitle: str
    travel_note: str
    providers: tuple[tuple[str, str, str], ...]  # (provider id, name, colour)
    routes: tuple[RouteLine, ...]
    clients: tuple[ClientMark, ...]
    bases: tuple[BaseMark, ...]
    roads: MultiLineString | None
    roads_source: str | None
    zones: Zones | None
    boundary: BaseGeometry | None
    boundary_is_box: bool  # the outline is the locality's bounds, not a boundary polygon
    bounds: tuple[float, float, float, float]  # west, south, east, north

    @property
    def colour(self) -> dict[str, str]:
        return {pid: colour for pid, _, colour in self.providers}


def roster_on(roster: Roster, date: dt.date) -> Roster:
    """The roster's assignments, routes, breaks and unassigned visits of one date."""
    return roster.model_copy(
        update={
            "assignments": tuple(a for a in roster.assignments if a.date == date),
            "routes": tuple(r for r in roster.routes if r.date == date),
            "breaks": tuple(b for b in roster.breaks if b.date == date),
            "unassigned": tuple(u for u in roster.unassigned if u.date == date),
        }
    )


def map_layers(
    problem: Problem,
    matrices: Mapping[str, TravelSource],
    roster: Roster,
    *,
    road_paths: Mapping[str, RoadPaths] | None = None,
    zones: Zones | None = None,
    boundary: BaseGeometry | None = None,
) -> MapLayers:
    """Everything a roster map draws (see the module docstring); `road_paths` by travel profile."""
    paths = dict(road_paths or {})
    colours = {
        p.provider_id: PROVIDER_COLOURS[i % len(PROVIDER_COLOURS)] for i, p in enumerate(problem.providers)
    }
    routes = _route_lines(problem, matrices, roster, paths)
    clients = _client_marks(problem, roster)
    worked: dict[str, int] = defaultdict(int)
    for route in routes:
        worked[route.carer_id] += 1
    bases = tuple(
        BaseMark(c.carer_id, c.provider_id, c.lat, c.lon, c.travel_mode, worked[c.carer_id])
        for c in problem.carers
        if worked[c.carer_id]
    )
    b = problem.locality.bounds
    # Without a boundary polygon the locality's bounds are outlined, for orientation on a blank page.
    outline = boundary if boundary is not None else shapely.box(b.min_lon, b.min_lat, b.max_lon, b.max_lat)
    roads_from = paths.get("drive") or next(iter(paths.values()), None)
    roads = roads_from.road_lines() if roads_from is not None else None
    return MapLayers(
        title=problem.locality.title or problem.locality.name,
        subtitle=_subtitle(roster, routes, clients),
        travel_note=travel_note(routes, matrices, paths),
        providers=tuple((p.provider_id, p.name, colours[p.provider_id]) for p in problem.providers),
        routes=routes,
        clients=clients,
        bases=bases,
        roads=roads,
        roads_source=roads_from.source if roads_from is not None else None,
        zones=zones,
        boundary=outline,
        boundary_is_box=boundary is None,
        bounds=_bounds(routes, clients, bases, zones, outline),
    )


def _route_lines(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster, paths: Mapping[str, RoadPaths]
) -> tuple[RouteLine, ...]:
    grouped, _ = routes_with_visits(roster)
    located = {p.location_id: (p.lon, p.lat) for p in problem.locations()}
    work = []
    for rv in grouped:
        carer = problem.carer_by_id.get(rv.route.carer_id)
        if carer is None or not rv.visits:
            continue
        legs = route_legs(problem, matrices, rv)
        if legs:
            work.append((rv, carer, legs))
    # All of a profile's legs in one batch: one Dijkstra per chunk of distinct start locations.
    for profile, batch in paths.items():
        batch.prefetch(
            (leg.from_id, leg.to_id) for _, c, legs in work if c.travel_mode == profile for leg in legs
        )
    lines = []
    for rv, carer, legs in work:
        road = paths.get(carer.travel_mode)
        coords: list[tuple[float, float]] = []
        for leg in legs:
            found: LonLatPath | None = road(leg.from_id, leg.to_id) if road is not None else None
            part = _simplified(found) if found else [located[leg.from_id], located[leg.to_id]]
            coords += part[1:] if coords and coords[-1] == part[0] else part
        stops = tuple(
            (a.start_min, a.end_min, problem.visit_by_id[a.visit_id].client_id)
            for a in rv.visits
            if a.visit_id in problem.visit_by_id
        )
        lines.append(
            RouteLine(
                carer_id=carer.carer_id,
                provider_id=carer.provider_id,
                travel_mode=carer.travel_mode,
                date=rv.route.date,
                start_min=rv.route.start_min,
                end_min=rv.route.end_min,
                stops=stops,
                coords=tuple(coords),
                on_roads=road is not None,
                travel_min=sum(leg.minutes for leg in legs),
                travel_km=round(sum(leg.metres for leg in legs) / 1000.0, 2),
            )
        )
    return tuple(lines)


def _simplified(path: LonLatPath) -> list[tuple[float, float]]:
    """A road path to within about 5 m; its ends (the two doors) are always kept."""
    if len(path) < 3:
        return list(path)
    line = shapely.simplify(shapely.LineString(path), ROUTE_TOLERANCE_DEG, preserve_topology=False)
    return [(round(x, 6), round(y, 6)) for x, y in line.coords]


def _client_marks(problem: Problem, roster: Roster) -> tuple[ClientMark, ...]:
    dates = {a.date for a in roster.assignments} | {u.date for u in roster.unassigned}
    dates |= {r.date for r in roster.routes}
    carers: dict[str, set[str]] = defaultdict(set)
    by_visit: dict[str, list[str]] = defaultdict(list)
    for a in roster.assignments:
        by_visit[a.visit_id].append(a.carer_id)
    unmet = {u.visit_id: u for u in roster.unassigned}
    schedule: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # visits, unmet visits, unmet minutes
    for v in problem.visits:
        if v.date not in dates:
            continue
        count = counts[v.client_id]
        count[0] += 1
        who = sorted(by_visit.get(v.visit_id, []))
        carers[v.client_id].update(who)
        start = next((a.start_min for a in roster.by_visit.get(v.visit_id, ())), v.requested_start_min)
        when = f"{v.date} {format_hhmm(start)}-{format_hhmm(start + v.duration_min)}"
        if who:
            schedule[v.client_id].append((v.date, start, f"{when} {' + '.join(who)}"))
        elif v.visit_id in unmet:
            count[1] += 1
            count[2] += v.duration_min
            schedule[v.client_id].append((v.date, start, f"{when} UNMET ({unmet[v.visit_id].reason})"))
    marks = []
    for c in problem.clients:
        if c.client_id not in counts:
            continue
        visits, unmet_visits, unmet_min = counts[c.client_id]
        lines = tuple(text for _, _, text in sorted(schedule[c.client_id]))
        marks.append(
            ClientMark(
                c.client_id,
                c.lat,
                c.lon,
                c.provider_id,
                tuple(sorted(carers[c.client_id])),
                visits,
                unmet_visits,
                unmet_min,
                lines,
            )
        )
    return tuple(marks)


def travel_note(
    routes: tuple[RouteLine, ...], matrices: Mapping[str, TravelSource], paths: Mapping[str, RoadPaths]
) -> str:
    """How the legs are drawn, per travel profile the routes use."""
    used = sorted({r.travel_mode for r in routes}, key=("drive", "walk", "bike").index)
    on_roads = [p for p in used if p in paths]
    straight = [p for p in used if p not in paths]
    if not used:
        return "No shift routes to draw."
    if not straight:
        source = paths[on_roads[0]].source
        return f"Routes follow the roads: OpenStreetMap {source} ({', '.join(on_roads)})."
    approximate = [p for p in straight if p not in matrices or matrices[p].approximate]
    why = (
        "approximate travel, no road network"
        if len(approximate) == len(straight)
        else "the road network could not be loaded"
    )
    lines = f"{', '.join(straight)} routes are straight lines between stops ({why})"
    if not on_roads:
        return f"Routes are straight lines between stops ({why}), not roads."
    return f"{', '.join(on_roads)} routes follow the roads (OpenStreetMap); {lines}."


def _subtitle(roster: Roster, routes: tuple[RouteLine, ...], clients: tuple[ClientMark, ...]) -> str:
    dates = sorted({r.date for r in routes} | {u.date for u in roster.unassigned})
    span = "no dates" if not dates else str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    visits = sum(c.visits for c in clients)
    unmet = sum(c.unmet_visits for c in clients)
    return (
        f"{roster.solver} roster, {span}: {len(routes)} shift routes, {visits - unmet} of {visits} visits "
        f"covered, {unmet} unmet"
    )


def _bounds(
    routes: tuple[RouteLine, ...],
    clients: tuple[ClientMark, ...],
    bases: tuple[BaseMark, ...],
    zones: Zones | None,
    boundary: BaseGeometry | None,
) -> tuple[float, float, float, float]:
    lons = [x for r in routes for x, _ in r.coords] + [c.lon for c in clients] + [b.lon for b in bases]
    lats = [y for r in routes for _, y in r.coords] + [c.lat for c in clients] + [b.lat for b in bases]
    for shape in (boundary, zones.union if zones is not None else None):
        if shape is not None and not shape.is_empty:
            west, south, east, north = shape.bounds
            lons += [west, east]
            lats += [south, north]
    if not lons:
        return (-0.1, 51.4, 0.1, 51.6)  # nothing to draw: a small box rather than a crash
    return (min(lons), min(lats), max(lons), max(lats))
