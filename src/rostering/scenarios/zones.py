"""Zones of a scenario: polygons from a GeoJSON file, or k-means over the clients' homes.

Every client lies in exactly one zone. From a file (WGS84 / EPSG:4326 polygons, each feature naming its
zone in a property, `zone` by default): a feature that is not a polygon, two zones that overlap, or a
client in no zone is an error located at the feature (`zones.geojson:features[2]`); features with the
same name make one zone; a point on the shared edge of two touching zones goes to the first listed.
By k-means (seeded, in metres of a local projection): zones are named Z1..Zk from west to east by
centroid, and each is the Voronoi cell of its centroid clipped to the locality's bounds, so every client
lies in the zone of its nearest centroid and the polygons can be drawn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPoint, Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry

from ..domain import Bounds, Client
from ..errors import InputError, Issue, Position
from ..travel.geo import LocalProjection

# Overlaps smaller than this many square metres are drawing slivers, not two zones claiming one street.
OVERLAP_TOLERANCE_M2 = 1.0
KMEANS_MAX_ROUNDS = 300


@dataclass(frozen=True)
class ZoneMap:
    """The zones (in order), each client's zone, each zone's polygon (EPSG:4326) and where they came from."""

    names: tuple[str, ...]
    zone_of: dict[str, str]
    polygons: dict[str, BaseGeometry]
    rural: frozenset[str]
    source: str

    def clients_in(self, zone: str) -> list[str]:
        return [c for c, z in self.zone_of.items() if z == zone]


def zones_from_file(
    path: Path, shown: str, prop: str, clients: Sequence[Client], rural: Sequence[str] = ()
) -> ZoneMap:
    """Zones from a GeoJSON FeatureCollection of (Multi)Polygons; `shown` names the file in messages."""
    features = _features(path, shown)
    issues: list[Issue] = []
    names: list[str] = []
    parts: dict[str, list[BaseGeometry]] = {}
    first_index: dict[str, int] = {}
    flagged: set[str] = set()
    for i, feature in enumerate(features):
        where = Position(shown, None, f"features[{i}]")
        name, geometry, is_rural = _feature(feature, prop, where, issues)
        if name is None or geometry is None:
            continue
        if name not in parts:
            names.append(name)
            parts[name], first_index[name] = [], i
        parts[name].append(geometry)
        if is_rural:
            flagged.add(name)
    if not names and not issues:
        issues.append(Issue(Position(shown), "no zone polygons (features) in the file"))
    polygons = {n: shapely.union_all(parts[n]) for n in names}
    issues += _overlaps(polygons, first_index, shown)
    if issues:
        raise InputError(issues)
    zone_of, outside = _point_in_zone(clients, names, polygons)
    if outside:
        shown_ids = ", ".join(outside[:5]) + (", ..." if len(outside) > 5 else "")
        raise InputError(
            [
                Issue(
                    Position(shown),
                    f"{len(outside)} client(s) lie in no zone ({shown_ids}): extend the polygons",
                )
            ]
        )
    return ZoneMap(tuple(names), zone_of, polygons, frozenset(flagged | set(rural)), shown)


def _features(path: Path, shown: str) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Issue(Position(shown), "zones file not found")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Issue(Position(shown), f"not GeoJSON: {exc}")]) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise InputError([Issue(Position(shown), "not a GeoJSON FeatureCollection (type, features)")])
    features: list[Any] = data["features"]
    return features


def _feature(
    feature: Any, prop: str, where: Position, issues: list[Issue]
) -> tuple[str | None, BaseGeometry | None, bool]:
    """(zone name, polygon, rural flag) of one feature, or Nones with the issues said."""
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        issues.append(Issue(where, "not a GeoJSON feature with a geometry"))
        return None, None, False
    properties = feature.get("properties") or {}
    name = properties.get(prop) if isinstance(properties, dict) else None
    if not isinstance(name, str | int) or isinstance(name, bool) or not str(name).strip():
        issues.append(Issue(where, f"has no {prop!r} property naming its zone"))
        name = None
    elif ";" in str(name):
        issues.append(Issue(where, f"zone name {name!r} must not contain ';'"))
        name = None
    kind = feature["geometry"].get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        issues.append(Issue(where, f"geometry is a {kind}, not a Polygon or MultiPolygon"))
        return None, None, False
    try:
        geometry = shape(feature["geometry"])
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        issues.append(Issue(where, f"unreadable {kind}: {exc}"))
        return None, None, False
    if geometry.is_empty or not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry) if not geometry.is_empty else "empty"
        issues.append(Issue(where, f"not a valid polygon ({reason})"))
        return None, None, False
    rural = isinstance(properties, dict) and properties.get("rural") is True
    return (None if name is None else str(name).strip()), geometry, rural


def _overlaps(polygons: dict[str, BaseGeometry], first: dict[str, int], shown: str) -> list[Issue]:
    names = list(polygons)
    if len(names) < 2:
        return []
    centre = shapely.union_all(list(polygons.values())).centroid
    projection = LocalProjection(centre.y, centre.x)
    metric = {n: _projected(polygons[n], projection) for n in names}
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            area = metric[a].intersection(metric[b]).area
            if area > OVERLAP_TOLERANCE_M2:
                out.append(
                    Issue(
                        Position(shown, None, f"features[{first[b]}]"),
                        f"zone {b!r} overlaps zone {a!r} (features[{first[a]}]) by {area / 10_000:.2f} ha",
                    )
                )
    return out


def _projected(geometry: BaseGeometry, projection: LocalProjection) -> BaseGeometry:
    def forward(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        return projection.to_xy(coords[:, 1], coords[:, 0])

    return shapely.transform(geometry, forward)


def _point_in_zone(
    clients: Sequence[Client], names: Sequence[str], polygons: dict[str, BaseGeometry]
) -> tuple[dict[str, str], list[str]]:
    points = shapely.points([c.lon for c in clients], [c.lat for c in clients])
    zone_of: dict[str, str] = {}
    for name in names:
        inside = shapely.covers(polygons[name], points)
        for client, hit in zip(clients, inside, strict=True):
            if hit and client.client_id not in zone_of:
                zone_of[client.client_id] = name
    outside = [c.client_id for c in clients if c.client_id not in zone_of]
    return {c.client_id: zone_of[c.client_id] for c in clients if c.client_id in zone_of}, outside


def zones_by_kmeans(
    clients: Sequence[Client], count: int, seed: int, bounds: Bounds, rural: Sequence[str] = ()
) -> ZoneMap:
    """`count` zones by k-means over the clients' homes (seeded k-means++ then Lloyd), named west to east."""
    lat = np.array([c.lat for c in clients], dtype=np.float64)
    lon = np.array([c.lon for c in clients], dtype=np.float64)
    projection = LocalProjection.around(lat, lon)
    xy = projection.to_xy(lat, lon)
    centres = _kmeans(xy, count, np.random.default_rng(seed))
    order = np.argsort(projection.to_lonlat(centres)[:, 0], kind="stable")
    centres = centres[order]
    names = tuple(f"Z{k + 1}" for k in range(count))
    labels = _nearest(xy, centres)
    zone_of = {c.client_id: names[int(k)] for c, k in zip(clients, labels, strict=True)}
    cells = _voronoi_cells(centres, bounds, projection)
    polygons = {names[k]: cells[k] for k in range(count)}
    source = f"k-means over the clients' homes, {count} zone(s), seed {seed}"
    return ZoneMap(names, zone_of, polygons, frozenset(rural), source)


def _kmeans(xy: NDArray[np.float64], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """Lloyd's algorithm from a k-means++ start; an emptied cluster restarts at the farthest point."""
    centres = xy[[int(rng.integers(len(xy)))]]
    while len(centres) < k:
        d2 = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        total = d2.sum()
        pick = int(rng.choice(len(xy), p=d2 / total)) if total > 0 else int(rng.integers(len(xy)))
        centres = np.vstack([centres, xy[pick]])
    labels = _nearest(xy, centres)
    for _ in range(KMEANS_MAX_ROUNDS):
        fresh = centres.copy()
        for j in range(k):
            members = xy[labels == j]
            if len(members):
                fresh[j] = members.mean(axis=0)
            else:
                far = ((xy - fresh[_nearest(xy, fresh)]) ** 2).sum(axis=1)
                fresh[j] = xy[int(np.argmax(far))]
        new_labels = _nearest(xy, fresh)
        centres = fresh
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
    return centres


def _nearest(xy: NDArray[np.float64], centres: NDArray[np.float64]) -> NDArray[np.int64]:
    d2 = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return np.asarray(np.argmin(d2, axis=1), dtype=np.int64)


def _voronoi_cells(
    centres: NDArray[np.float64], bounds: Bounds, projection: LocalProjection
) -> list[BaseGeometry]:
    """The Voronoi cell of each centre (projected metres) clipped to the bounds, back in lon/lat."""
    corners = projection.to_xy(
        np.array([bounds.min_lat, bounds.min_lat, bounds.max_lat, bounds.max_lat]),
        np.array([bounds.min_lon, bounds.max_lon, bounds.min_lon, bounds.max_lon]),
    )
    frame = MultiPoint([tuple(p) for p in corners]).envelope.buffer(1_000.0)
    area = box(*frame.bounds)
    cells: list[BaseGeometry]
    if len(centres) == 1:
        cells = [area]
    else:
        regions = list(
            shapely.voronoi_polygons(MultiPoint([tuple(p) for p in centres]), extend_to=area).geoms
        )
        cells = [next(r for r in regions if r.covers(Point(tuple(c)))).intersection(area) for c in centres]

    def back(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        return projection.to_lonlat(coords)

    limits = box(bounds.min_lon, bounds.min_lat, bounds.max_lon, bounds.max_lat)
    return [shapely.transform(cell, back).intersection(limits) for cell in cells]


def zones_geojson(zones: ZoneMap) -> str:
    """The zones as a GeoJSON FeatureCollection (`zone`, `rural` properties), coordinates to 1e-6 degrees."""
    features = [
        {
            "type": "Feature",
            "properties": {"zone": name, "rural": name in zones.rural},
            "geometry": mapping(shapely.set_precision(zones.polygons[name], 1e-6)),
        }
        for name in zones.names
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=1) + "\n"
