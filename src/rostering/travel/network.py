"""Road networks: the parsed OSM ways of one profile, and the timed, directed graph built from them.

`RawNetwork` is what a source yields (and what the network cache stores): nodes with coordinates, and
one row per way segment with its length, highway class, maxspeed text and direction. `RoadNetwork` is
that network timed for a profile: directed arcs with seconds and metres, plus the largest strongly
connected component (the part of the network from which every other part can be reached and back).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
import shapely
from numpy.typing import NDArray
from scipy.sparse.csgraph import connected_components
from shapely.geometry.base import BaseGeometry

from ..errors import MatrixError
from .contract import Arcs, fastest_unique_arcs
from .settings import MatrixSettings
from .speeds import drive_speeds_kmh

# Direction of a way segment u -> v: both ways, u -> v only, v -> u only (oneway=-1).
BOTH, FORWARD, BACKWARD = 0, 1, -1

_ONEWAY_YES = {"yes", "true", "1"}
_ONEWAY_REVERSE = {"-1", "reverse"}
_ONEWAY_NO = {"no", "false", "0"}


def osm_direction(
    oneway: NDArray[np.str_],
    junction: NDArray[np.str_] | None = None,
    oneway_bicycle: NDArray[np.str_] | None = None,
) -> NDArray[np.int8]:
    """Segment directions from OSM tags: oneway=yes/-1, roundabouts one-way, `oneway:bicycle=no` two-way.

    Walkers ignore all of this (the caller passes BOTH for walk networks).
    """
    ow = np.char.lower(np.char.strip(oneway.astype(np.str_)))
    direction = np.full(len(ow), BOTH, dtype=np.int8)
    direction[np.isin(ow, list(_ONEWAY_YES))] = FORWARD
    direction[np.isin(ow, list(_ONEWAY_REVERSE))] = BACKWARD
    if junction is not None:
        jn = np.char.lower(junction.astype(np.str_))
        roundabout = np.isin(jn, ["roundabout", "circular"]) & ~np.isin(
            ow, list(_ONEWAY_NO | _ONEWAY_REVERSE)
        )
        direction[roundabout] = FORWARD
    if oneway_bicycle is not None:
        ob = np.char.lower(np.char.strip(oneway_bicycle.astype(np.str_)))
        direction[np.isin(ob, list(_ONEWAY_NO))] = BOTH
    return direction


@dataclass(frozen=True, eq=False)
class RawNetwork:
    """Parsed ways of one profile's network (`u`, `v` index into the node arrays)."""

    node_id: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    u: NDArray[np.int64]
    v: NDArray[np.int64]
    length_m: NDArray[np.float64]
    highway: NDArray[np.str_]
    maxspeed: NDArray[np.str_]
    direction: NDArray[np.int8]

    ARRAYS = ("node_id", "lat", "lon", "u", "v", "length_m", "highway", "maxspeed", "direction")

    def clipped(self, area: BaseGeometry) -> RawNetwork:
        """Keep the nodes inside `area` (lon/lat) and the segments with both ends kept."""
        inside = shapely.contains_xy(area, self.lon, self.lat)
        keep = inside[self.u] & inside[self.v]
        new_id = np.cumsum(inside) - 1
        return RawNetwork(
            node_id=self.node_id[inside],
            lat=self.lat[inside],
            lon=self.lon[inside],
            u=new_id[self.u[keep]],
            v=new_id[self.v[keep]],
            length_m=self.length_m[keep],
            highway=self.highway[keep],
            maxspeed=self.maxspeed[keep],
            direction=self.direction[keep],
        )


def edge_speeds_kmh(raw: RawNetwork, profile: str, settings: MatrixSettings) -> NDArray[np.float64]:
    if profile == "drive":
        return drive_speeds_kmh(raw.maxspeed, raw.highway, settings)
    kmh = settings.walk_kmh if profile == "walk" else settings.bike_kmh
    return np.full(len(raw.u), kmh, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """A profile's network as directed arcs over node indices, timed in seconds."""

    profile: str
    source: str
    node_id: NDArray[np.int64]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    arcs: Arcs

    @property
    def n_nodes(self) -> int:
        return len(self.node_id)

    def csr(self, weight: str = "time_s") -> sp.csr_matrix:
        values = self.arcs.time_s if weight == "time_s" else self.arcs.length_m
        return sp.csr_matrix((values, (self.arcs.src, self.arcs.dst)), shape=(self.n_nodes, self.n_nodes))

    @cached_property
    def on_network(self) -> NDArray[np.bool_]:
        """Nodes touched by at least one arc."""
        mask = np.zeros(self.n_nodes, dtype=bool)
        mask[self.arcs.src] = True
        mask[self.arcs.dst] = True
        return mask

    @cached_property
    def main_component(self) -> NDArray[np.bool_]:
        """Nodes of the largest strongly connected component (every pair reachable both ways)."""
        if len(self.arcs) == 0:
            return np.zeros(self.n_nodes, dtype=bool)
        _, labels = connected_components(self.csr(), directed=True, connection="strong")
        sizes = np.bincount(labels[self.on_network])
        return (labels == int(np.argmax(sizes))) & self.on_network


def build_road_network(raw: RawNetwork, profile: str, settings: MatrixSettings, source: str) -> RoadNetwork:
    """Time every segment for `profile` and turn it into directed arcs (walkers ignore one-way)."""
    if len(raw.u) == 0:
        raise MatrixError(f"{source}: the {profile} network is empty inside the clipped area")
    speed_ms = edge_speeds_kmh(raw, profile, settings) / 3.6
    seconds = raw.length_m / speed_ms
    direction = np.zeros_like(raw.direction) if profile == "walk" else raw.direction
    fwd = direction != BACKWARD
    bwd = direction != FORWARD
    arcs = fastest_unique_arcs(
        Arcs(
            src=np.concatenate([raw.u[fwd], raw.v[bwd]]).astype(np.int64),
            dst=np.concatenate([raw.v[fwd], raw.u[bwd]]).astype(np.int64),
            time_s=np.concatenate([seconds[fwd], seconds[bwd]]),
            length_m=np.concatenate([raw.length_m[fwd], raw.length_m[bwd]]),
        )
    )
    return RoadNetwork(
        profile=profile, source=source, node_id=raw.node_id, lat=raw.lat, lon=raw.lon, arcs=arcs
    )
