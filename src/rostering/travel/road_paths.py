"""Road paths: the line along the road network between two matrix locations, for maps and GeoJSON routes.

The matrix stores only times and metres. To draw a leg the way the matrix timed it, `RoadPaths` snaps the
same locations to the same network (same settings, so the same nodes) and runs scipy's Dijkstra from the
legs' start nodes, a chunk of sources per call, walking each predecessor tree back from the leg's end.
Only the legs asked for are computed (a roster's legs, never all pairs), and each is cached.

A leg's path is `[door, node, ..., node, door]` as (lon, lat) pairs: the straight door-to-node legs the
matrix adds at both ends, and the fastest path between the two snapped nodes on the full network (every
bend of the road). Its time equals the matrix's; among equally fast paths any one may be drawn.

`rostering.travel.paths` finds the network a bundle's stored matrix was built on and makes these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
import shapely
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import MultiLineString

from ..domain import MapPoint
from .network import RoadNetwork
from .settings import MatrixSettings
from .snapping import snap_locations

# (lon, lat) pairs from one location's door to another's, along the roads.
LonLatPath = list[tuple[float, float]]
Leg = tuple[str, str]

# scipy's csgraph may drop zero-weight arcs from a sparse matrix; no real arc is this fast.
_MIN_ARC_S = 1e-6
# Sources per Dijkstra call: bounds memory at SOURCES_PER_CALL x nodes predecessors on a county network.
SOURCES_PER_CALL = 64


class RoadPaths:
    """Fastest paths along one profile's network between the doors of `locations`.

    Parameters
    ----------
    network
        The profile's timed network (as `rostering matrix` built it, e.g. `OsmProvider.network`).
    locations
        The points legs run between (clients' homes and carers' bases), snapped as the matrix snapped them.
    settings
        The matrix settings the matrix was built with (snapping rules must match for the paths to match).

    Call it as `paths(from_location_id, to_location_id)` for one leg, or `paths.paths(legs)` for many
    (one Dijkstra per chunk of distinct start locations). Unknown locations and unreachable pairs give
    None, which callers draw as a straight line.
    """

    def __init__(self, network: RoadNetwork, locations: Sequence[MapPoint], settings: MatrixSettings) -> None:
        self.network = network
        self.profile = network.profile
        self.source = network.source
        snapped = snap_locations(network, locations, settings) if locations else None
        self._node: dict[str, int] = (
            dict(zip(snapped.location_ids, snapped.node.tolist(), strict=True)) if snapped else {}
        )
        self._door = {loc.location_id: (loc.lon, loc.lat) for loc in locations}
        self._graph: sp.csr_matrix | None = None
        self._cache: dict[Leg, LonLatPath | None] = {}

    def __call__(self, from_id: str, to_id: str) -> LonLatPath | None:
        """The leg's path, door to door, as (lon, lat) pairs; None if a location is unknown or cut off."""
        leg = (from_id, to_id)
        if leg not in self._cache:
            self.prefetch([leg])
        return self._cache[leg]

    def paths(self, legs: Iterable[Leg]) -> dict[Leg, LonLatPath | None]:
        """Every leg's path (computed together: one Dijkstra per chunk of distinct start nodes)."""
        wanted = list(dict.fromkeys(legs))
        self.prefetch(wanted)
        return {leg: self._cache[leg] for leg in wanted}

    def prefetch(self, legs: Iterable[Leg]) -> None:
        """Compute and cache the paths of `legs` not computed yet."""
        by_source: dict[int, list[Leg]] = defaultdict(list)
        for leg in dict.fromkeys(legs):
            if leg in self._cache:
                continue
            start, end = self._node.get(leg[0]), self._node.get(leg[1])
            if start is None or end is None:
                self._cache[leg] = None
            else:
                by_source[start].append(leg)
        sources = sorted(by_source)
        for k in range(0, len(sources), SOURCES_PER_CALL):
            chunk = sources[k : k + SOURCES_PER_CALL]
            _, pred = dijkstra(self.graph(), directed=True, indices=chunk, return_predecessors=True)
            for row, start in enumerate(chunk):
                for leg in by_source[start]:
                    self._cache[leg] = self._door_to_door(leg, pred[row], start)

    def graph(self) -> sp.csr_matrix:
        """The network as a CSR matrix of arc seconds (built once)."""
        if self._graph is None:
            arcs = self.network.arcs
            n = self.network.n_nodes
            self._graph = sp.csr_matrix(
                (np.maximum(arcs.time_s, _MIN_ARC_S), (arcs.src, arcs.dst)), shape=(n, n)
            )
        return self._graph

    def _door_to_door(self, leg: Leg, pred: NDArray[np.int32], start: int) -> LonLatPath | None:
        nodes = [self._node[leg[1]]]
        while nodes[-1] != start:  # walk the predecessor tree back to the start node
            parent = int(pred[nodes[-1]])
            if parent < 0:
                return None
            nodes.append(parent)
        idx = np.array(nodes[::-1], dtype=np.int64)
        lon, lat = self.network.lon[idx].tolist(), self.network.lat[idx].tolist()
        coords = [self._door[leg[0]], *zip(lon, lat, strict=True), self._door[leg[1]]]
        # A door exactly on its node would repeat a point.
        return [p for i, p in enumerate(coords) if i == 0 or p != coords[i - 1]]

    def road_lines(self, tolerance_m: float = 5.0) -> MultiLineString:
        """The network's roads as merged, simplified lon/lat lines (a light background layer for maps)."""
        return network_lines(self.network, tolerance_m)


def network_lines(network: RoadNetwork, tolerance_m: float = 5.0) -> MultiLineString:
    """Every road of `network` once (both directions of a two-way street are one line), merged at
    junctions and simplified to within `tolerance_m` metres."""
    arcs = network.arcs
    lo = np.minimum(arcs.src, arcs.dst)
    hi = np.maximum(arcs.src, arcs.dst)
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0) if len(lo) else np.zeros((0, 2), dtype=np.int64)
    if len(pairs) == 0:
        return MultiLineString()
    starts = np.column_stack([network.lon[pairs[:, 0]], network.lat[pairs[:, 0]]])
    ends = np.column_stack([network.lon[pairs[:, 1]], network.lat[pairs[:, 1]]])
    segments = MultiLineString(list(np.stack([starts, ends], axis=1)))
    merged = shapely.line_merge(segments)
    degrees = tolerance_m / 111_320.0  # metres as degrees of latitude (longitude shrinks, so it is finer)
    simple = shapely.simplify(merged, degrees, preserve_topology=False)
    parts = [g for g in shapely.get_parts(simple) if not g.is_empty]
    return MultiLineString(parts)
