"""Geometry helpers: great-circle distance, a local metric projection and the area a network is clipped to.

`great_circle_m` is the project's one distance on the sphere (approximate travel, bundle summaries, the
sample generators). The local projection is pyproj's azimuthal equidistant projection centred on the
locality: metres for snapping locations to a network and for buffering its area.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer
from pyproj.enums import TransformDirection
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from ..domain import Locality, MapPoint
from ..errors import MatrixError

# The mean Earth radius (IUGG), for haversine distances.
EARTH_RADIUS_M = 6_371_008.8


def great_circle_m(
    lat_a: ArrayLike, lon_a: ArrayLike, lat_b: ArrayLike, lon_b: ArrayLike
) -> NDArray[np.float64]:
    """Haversine metres between points a and b (degrees), broadcasting like numpy.

    `great_circle_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :])` is the all-pairs matrix.
    """
    phi_a, phi_b = np.radians(lat_a), np.radians(lat_b)
    dlam = np.radians(np.asarray(lon_b, dtype=np.float64) - np.asarray(lon_a, dtype=np.float64))
    h = np.sin((phi_b - phi_a) / 2) ** 2 + np.cos(phi_a) * np.cos(phi_b) * np.sin(dlam / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


@dataclass(frozen=True)
class LocalProjection:
    """Metres east and north of (lat0, lon0): pyproj's azimuthal equidistant projection centred there."""

    lat0: float
    lon0: float

    @classmethod
    def around(cls, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> LocalProjection:
        return cls(float(np.mean(lat)), float(np.mean(lon)))

    @cached_property
    def _forward(self) -> Transformer:
        # On the same sphere as great_circle_m, so snap legs and distances agree.
        crs = f"+proj=aeqd +lat_0={self.lat0!r} +lon_0={self.lon0!r} +R={EARTH_RADIUS_M!r} +units=m"
        return Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def to_xy(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
        """(n, 2) metres east and north of the centre."""
        x, y = self._forward.transform(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
        return np.column_stack([x, y])

    def to_lonlat(self, xy: NDArray[np.float64]) -> NDArray[np.float64]:
        """(n, 2) lon, lat of projected points."""
        lon, lat = self._forward.transform(xy[:, 0], xy[:, 1], direction=TransformDirection.INVERSE)
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
