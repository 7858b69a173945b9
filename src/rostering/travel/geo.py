"""Small geometry helpers: a local metric projection and the area a network is clipped to.

A locality is a few tens of kilometres across, so an equirectangular projection centred on it is within
a fraction of a percent of the true distance: good enough for snapping and buffering, and free of any
projection library.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from ..domain import Locality, MapPoint
from ..errors import MatrixError

EARTH_RADIUS_M = 6_371_008.8
_M_PER_DEG = EARTH_RADIUS_M * np.pi / 180.0


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular metres around (lat0, lon0)."""

    lat0: float
    lon0: float

    @classmethod
    def around(cls, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> LocalProjection:
        return cls(float(np.mean(lat)), float(np.mean(lon)))

    def to_xy(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
        """(n, 2) metres east and north of the centre."""
        x = (np.asarray(lon, dtype=np.float64) - self.lon0) * _M_PER_DEG * np.cos(np.radians(self.lat0))
        y = (np.asarray(lat, dtype=np.float64) - self.lat0) * _M_PER_DEG
        return np.column_stack([x, y])

    def to_lonlat(self, xy: NDArray[np.float64]) -> NDArray[np.float64]:
        """(n, 2) lon, lat of projected points."""
        lon = xy[:, 0] / (_M_PER_DEG * np.cos(np.radians(self.lat0))) + self.lon0
        lat = xy[:, 1] / _M_PER_DEG + self.lat0
        return np.column_stack([lon, lat])


def buffer_lonlat(geometry: BaseGeometry, buffer_m: float) -> BaseGeometry:
    """`geometry` (lon/lat) grown by `buffer_m` metres, returned in lon/lat."""
    centre = geometry.centroid
    proj = LocalProjection(centre.y, centre.x)

    def forward(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        return proj.to_xy(coords[:, 1], coords[:, 0])

    grown = shapely.transform(geometry, forward).buffer(buffer_m)
    return shapely.transform(grown, proj.to_lonlat)


def read_boundary(path: Path) -> BaseGeometry:
    """The union of every polygon in a GeoJSON file (FeatureCollection, Feature or bare geometry)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MatrixError(f"{path}: cannot read the locality boundary ({exc})") from None
    if data.get("type") == "FeatureCollection":
        geometries = [f.get("geometry") for f in data.get("features", [])]
    elif data.get("type") == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    try:
        shapes = [shape(g) for g in geometries if g]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MatrixError(f"{path}: not a GeoJSON geometry ({exc})") from None
    polygons = [s for s in shapes if s.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        raise MatrixError(f"{path}: the boundary file holds no polygon")
    return shapely.union_all(polygons)


def clip_area(
    locality: Locality,
    bundle_dir: Path | None,
    locations: Sequence[MapPoint],
    buffer_m: float,
) -> BaseGeometry:
    """The lon/lat area a network is clipped to: the boundary (or bounds) plus every location, buffered.

    Carers cut through the next village, so the buffer keeps roads just outside the locality. A location
    outside the boundary still gets its surroundings (it must not be stranded off the network); moving a
    location inside the boundary leaves the area, and so the cached network, unchanged.
    """
    if locality.boundary and bundle_dir is not None:
        core = read_boundary(Path(bundle_dir) / locality.boundary)
    else:
        b = locality.bounds
        core = box(b.min_lon, b.min_lat, b.max_lon, b.max_lat)
    lon = np.array([loc.lon for loc in locations], dtype=np.float64)
    lat = np.array([loc.lat for loc in locations], dtype=np.float64)
    outside = ~shapely.contains_xy(core, lon, lat) if len(lon) else np.zeros(0, dtype=bool)
    if outside.any():
        lon, lat = lon[outside], lat[outside]
        core = shapely.union(core, box(lon.min(), lat.min(), lon.max(), lat.max()))
    area = buffer_lonlat(core, buffer_m) if buffer_m > 0 else core
    # Rounded so that the clip (part of the network cache key) is stable across platforms.
    return shapely.set_precision(area, 1e-7)
