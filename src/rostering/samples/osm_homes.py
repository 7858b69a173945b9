"""Homes on an OpenStreetMap extract for a sample locality: real residential buildings near each place.

A candidate home is a building tagged as a house (house, terrace, bungalow, farm, ...), an untagged
building of house size with no shop, office or name tag, or an address node not already on such a
building. Where an extract maps too few buildings in a village, points on its residential streets stand
in (midpoints of residential, unclassified and living-street ways). Each candidate belongs to the
nearest place whose radius reaches it, and carries a sort key independent of the reader's row order
(kind, OSM id, position), so a seeded draw from a place's sorted candidates is reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from numpy.typing import NDArray

HOME_BUILDINGS = ("house", "residential", "terrace", "detached", "semidetached_house", "bungalow", "cottage",
                  "apartments", "farm")  # fmt: skip
HOUSE_AREA_M2 = (40.0, 300.0)  # an untagged building this size, with no shop or office tag, is a home
STREET_CLASSES = ("residential", "living_street", "unclassified")
ADDRESS_GAP_M = 15.0  # an address node this close to a mapped home is that home
BOUNDARY_TOLERANCE_DEG = 0.0002  # about 15-20 m: the county outline for maps and the network clip
M_PER_DEG = 111_320.0


@dataclass(frozen=True)
class Place:
    """A settlement: centre (the extract's place node), how far its homes reach, how many clients."""

    name: str
    lat: float
    lon: float
    radius_m: float
    clients: int


@dataclass(frozen=True)
class Spot:
    """A candidate home: a sort key independent of the reader's row order, and its position."""

    key: tuple[int, int, int, int]  # (0 building / 1 street / 2 address, OSM id, lat e6, lon e6)
    lat: float
    lon: float


@dataclass(frozen=True)
class Geography:
    """Candidate homes per place (mapped homes, then street points), and the county outline."""

    homes: dict[str, tuple[Spot, ...]]
    streets: dict[str, tuple[Spot, ...]]
    boundary: shapely.Polygon


def _metres_from(lat: NDArray[np.float64], lon: NDArray[np.float64], place: Place) -> NDArray[np.float64]:
    dx = (lon - place.lon) * M_PER_DEG * np.cos(np.radians(place.lat))
    return np.asarray(np.hypot((lat - place.lat) * M_PER_DEG, dx), dtype=np.float64)


def _by_place(
    places: Sequence[Place], kind: int, ids: NDArray[np.int64], pts: NDArray[np.object_]
) -> dict[str, list[Spot]]:
    """Each point goes to the nearest place whose radius reaches it."""
    lat = np.round(shapely.get_y(pts), 6)
    lon = np.round(shapely.get_x(pts), 6)
    reach = np.stack([_metres_from(lat, lon, p) / p.radius_m for p in places], axis=1)
    nearest = np.argmin(reach, axis=1)
    out: dict[str, list[Spot]] = {p.name: [] for p in places}
    for i in np.flatnonzero(reach[np.arange(len(ids)), nearest] <= 1.0).tolist():
        key = (kind, int(ids[i]), round(lat[i] * 1e6), round(lon[i] * 1e6))
        out[places[nearest[i]].name].append(Spot(key, float(lat[i]), float(lon[i])))
    return out


def _tagged(frame: object, column: str) -> NDArray[np.bool_]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].notna().to_numpy()


def _address_points(
    osm: object, places: Sequence[Place], buildings: NDArray[np.object_]
) -> dict[str, list[Spot]]:
    """Address nodes (house number or name, no shop or amenity) not already on a mapped home."""
    from scipy.spatial import cKDTree

    found = osm.get_data_by_custom_criteria(  # type: ignore[attr-defined]
        custom_filter={"addr:housenumber": True, "addr:housename": True},
        filter_type="keep",
        keep_nodes=True,
        keep_ways=False,
        keep_relations=False,
    )
    if found is None or len(found) == 0:
        return {}
    business = np.zeros(len(found), dtype=bool)
    for column in ("amenity", "shop", "office", "craft", "tourism"):
        business |= _tagged(found, column)
    found = found.loc[~business]
    points = np.asarray(found.geometry.array)
    scale = np.array([np.cos(np.radians(52.65)), 1.0]) * M_PER_DEG
    tree = cKDTree(shapely.get_coordinates(buildings) * scale)
    distance, _ = tree.query(shapely.get_coordinates(points) * scale)
    apart = np.asarray(distance) > ADDRESS_GAP_M
    return _by_place(places, 2, found["id"].to_numpy(dtype=np.int64)[apart], points[apart])


@cache
def geography(path: str, places: tuple[Place, ...], boundary_name: str) -> Geography:
    """The extract's candidate homes and residential street points near each of `places`, and the
    outline of its boundary relation called `boundary_name` (about two seconds for a county)."""
    import pyrosm

    osm = pyrosm.OSM(path)
    buildings = osm.get_buildings()
    shapes = np.asarray(buildings.geometry.array)
    kind = buildings["building"].fillna("yes").astype(str).to_numpy()
    area_m2 = shapely.area(shapes) * M_PER_DEG**2 * np.cos(np.radians(52.65))
    business = np.zeros(len(buildings), dtype=bool)
    for column in ("amenity", "shop", "office", "craft", "name"):
        business |= _tagged(buildings, column)
    house_sized = (area_m2 >= HOUSE_AREA_M2[0]) & (area_m2 <= HOUSE_AREA_M2[1])
    home = np.isin(kind, HOME_BUILDINGS) | ((kind == "yes") & house_sized & ~business)
    centres = shapely.centroid(shapes[home])
    homes = _by_place(places, 0, buildings["id"].to_numpy(dtype=np.int64)[home], centres)
    for place, spots in _address_points(osm, places, centres).items():
        homes[place] += spots

    streets = osm.get_network(network_type="driving")
    residential = streets["highway"].isin(STREET_CLASSES).to_numpy()
    lines = np.asarray(streets.geometry.array)[residential]
    mids = shapely.line_interpolate_point(lines, 0.5, normalized=True)
    street_ids = streets["id"].to_numpy(dtype=np.int64)[residential]
    on_street = _by_place(places, 1, street_ids, mids)

    boundaries = osm.get_boundaries(name=boundary_name)
    county = shapely.union_all(np.asarray(boundaries.geometry.array))
    simple = shapely.set_precision(shapely.simplify(county, BOUNDARY_TOLERANCE_DEG), 1e-6)
    parts = [g for g in shapely.get_parts(simple) if isinstance(g, shapely.Polygon)]
    outline = max(parts, key=lambda g: g.area)  # the county is one polygon; drop any sliver
    return Geography(
        homes={k: tuple(sorted(v, key=lambda s: s.key)) for k, v in homes.items()},
        streets={k: tuple(sorted(v, key=lambda s: s.key)) for k, v in on_street.items()},
        boundary=outline,
    )
