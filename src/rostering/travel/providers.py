"""Matrix providers: one protocol in front of the OSM pipeline and the approximate fallback.

`OsmProvider` reads a network from any `NetworkSource` (local pbf, local XML, online), clipped to the
locality's area, and builds matrices through the content-hashed cache: an unchanged bundle's matrix is
one file read; new locations reuse the parsed network. `ApproximateProvider` is the fallback used when
no network is given; every matrix it builds carries a warning that its times are approximate.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from ..domain import ApproximateTravel, MapPoint
from .approximate import approximate_matrix, speed_kmh
from .cache import MatrixCache, key_of, locations_payload
from .matrix import TravelMatrix
from .network import RoadNetwork, build_road_network
from .osm_matrix import MatrixReport, build_osm_matrix, route_geometry
from .road_paths import RoadPaths
from .settings import MatrixSettings
from .sources import NetworkSource


@dataclass(frozen=True)
class MatrixBuild:
    """A built matrix, what the build did, and the warnings a user should see."""

    matrix: TravelMatrix
    report: MatrixReport
    warnings: tuple[str, ...] = ()


class MatrixProvider(Protocol):
    """Anything that turns locations into a door-to-door matrix for a travel profile."""

    def build(self, locations: Sequence[MapPoint], profile: str) -> MatrixBuild: ...


@dataclass(frozen=True)
class ApproximateProvider:
    """Great-circle distance x circuity at the profile's speed: the fallback without a network."""

    settings: ApproximateTravel = field(default_factory=ApproximateTravel)

    def build(self, locations: Sequence[MapPoint], profile: str) -> MatrixBuild:
        started = time.perf_counter()
        matrix = approximate_matrix(tuple(locations), profile, self.settings)
        note = (
            f"{profile}: approximate (great-circle x {self.settings.circuity:g} / "
            f"{speed_kmh(self.settings, profile):g} km/h) — times are approximate; "
            "pass an OSM extract for real road times"
        )
        report = MatrixReport(
            profile=profile,
            source="approximate",
            locations=len(matrix.ids),
            seconds=time.perf_counter() - started,
        )
        return MatrixBuild(matrix, report, (note,))


class OsmProvider:
    """Matrices on an OpenStreetMap network, cached by content hash.

    Parameters
    ----------
    source
        Where the network comes from (see `sources.source_for`).
    area
        The lon/lat area the network is clipped to (see `geo.clip_area`).
    settings
        Speeds, snapping and the cache folder.
    """

    def __init__(self, source: NetworkSource, area: BaseGeometry, settings: MatrixSettings) -> None:
        self.source = source
        self.area = area
        self.settings = settings
        self.cache = MatrixCache(settings.cache_dir)
        self._networks: dict[str, tuple[RoadNetwork, bool]] = {}
        # Cache writes that failed (read-only or full folder): they cost speed next time, not this build.
        self.cache_errors: list[str] = []

    def network_key(self, profile: str) -> str:
        return key_of(
            {"source": self.source.identity(), "profile": profile, "area": shapely.to_wkt(self.area, 7)}
        )

    def matrix_key(self, locations: Sequence[MapPoint], profile: str) -> str:
        return key_of(
            {
                "network": self.network_key(profile),
                "profile": profile,
                "settings": self.settings.profile_key(profile),
                "locations": locations_payload(locations),
            }
        )

    def network(self, profile: str) -> tuple[RoadNetwork, bool]:
        """The profile's timed network, and whether its parse came from the cache."""
        if profile not in self._networks:
            key = self.network_key(profile)
            raw = self.cache.load_network(key)
            hit = raw is not None
            if raw is None:
                raw = self.source.read(profile, self.area)
                self._save(lambda: self.cache.save_network(key, raw))
            road = build_road_network(raw, profile, self.settings, self.source.describe())
            self._networks[profile] = (road, hit)
        return self._networks[profile]

    def build(self, locations: Sequence[MapPoint], profile: str) -> MatrixBuild:
        started = time.perf_counter()
        key = self.matrix_key(locations, profile)
        cached = self.cache.load_matrix(key)
        if cached is not None:
            matrix, stored = cached
            report = MatrixReport.from_json(stored).with_snap_threshold(matrix.ids, self.settings.snap_warn_m)
            report.cache_hit = True
            report.seconds = time.perf_counter() - started
            return MatrixBuild(matrix, report, tuple(report.warnings()))
        road, network_hit = self.network(profile)
        matrix, report = build_osm_matrix(road, locations, self.settings)
        report.network_cache_hit = network_hit
        self._save(lambda: self.cache.save_matrix(key, matrix, report.to_json()))
        report.seconds = time.perf_counter() - started
        return MatrixBuild(matrix, report, tuple(report.warnings()))

    def road_paths(self, locations: Sequence[MapPoint], profile: str) -> RoadPaths:
        """Paths along this provider's `profile` network between `locations` (for maps and GeoJSON)."""
        road, _ = self.network(profile)
        return RoadPaths(road, locations, self.settings)

    def route(self, locations: Sequence[MapPoint], from_id: str, to_id: str, profile: str) -> LineString:
        """The fastest route between two of `locations` as a lon/lat line (for maps)."""
        road, _ = self.network(profile)
        return route_geometry(road, locations, from_id, to_id, self.settings)

    def _save(self, write: Callable[[], None]) -> None:
        try:
            write()
        except OSError as exc:
            self.cache_errors.append(f"cache not written ({exc})")
