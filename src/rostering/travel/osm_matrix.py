"""All-pairs door-to-door time and distance on a road network, in one multi-source Dijkstra.

Steps: snap every location (one k-d tree query); shrink the graph to junctions and snapped nodes
(`contract`); one scipy Dijkstra from every distinct snapped node, weighted by time, returning
predecessors; the metres along each time-shortest path are summed over the predecessor trees by pointer
jumping (log-depth vectorised passes, no per-pair loop); the door-to-node legs are added at both ends.
Metres are those of the fastest path, not the shortest one: the distance a carer actually drives.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp
import shapely
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import LineString

from ..domain import MapPoint
from ..errors import MatrixError
from .contract import Arcs, contract
from .matrix import TravelMatrix
from .network import RoadNetwork
from .road_paths import RoadPaths
from .settings import MatrixSettings
from .snapping import Snapped, far_snaps, snap_locations

# scipy's csgraph may drop zero-weight arcs from a sparse matrix; no real arc is this fast.
_MIN_ARC_S = 1e-6


@dataclass
class MatrixReport:
    """What a build did, for the command's summary and for warnings. Stored with cached matrices."""

    profile: str
    source: str
    nodes: int = 0
    arcs: int = 0
    contracted_nodes: int = 0
    locations: int = 0
    snapped_nodes: int = 0
    max_snap_m: float = 0.0
    far_snaps: list[tuple[str, float]] = field(default_factory=list)
    snap_warn_m: float = 0.0
    # Every location's door-to-node distance, so a cached build can re-apply another snap threshold.
    snap_m: list[float] = field(default_factory=list)
    unreachable_pairs: int = 0
    cache_hit: bool = False
    network_cache_hit: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatrixReport:
        data = dict(data)
        data["far_snaps"] = [(str(i), float(m)) for i, m in data.get("far_snaps", [])]
        return cls(**data)

    def with_snap_threshold(self, location_ids: Sequence[str], threshold_m: float) -> MatrixReport:
        """The same report with far snaps re-selected for another threshold."""
        far = far_snaps(location_ids, np.array(self.snap_m, dtype=np.float64), threshold_m)
        return replace(self, far_snaps=far, snap_warn_m=threshold_m)

    def warnings(self) -> list[str]:
        """One line per location that snapped suspiciously far from the network."""
        return [
            f"{loc} is {metres:,.0f} m from the nearest {self.profile} network node "
            f"(over {self.snap_warn_m:,.0f} m: a likely bad coordinate)"
            for loc, metres in self.far_snaps
        ]


def _pairs_between(
    network: RoadNetwork, terminals: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], int]:
    """Seconds and metres of the fastest path between every pair of `terminals` (network node indices)."""
    keep = np.zeros(network.n_nodes, dtype=bool)
    keep[terminals] = True
    small, kept = contract(network.n_nodes, network.arcs, keep)
    n = len(kept)
    time_s = np.maximum(small.time_s, _MIN_ARC_S)
    graph = sp.csr_matrix((time_s, (small.src, small.dst)), shape=(n, n))
    sources = np.searchsorted(kept, terminals)
    seconds, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
    metres = _metres_along_trees(pred, small, n)
    return seconds[:, sources], metres[:, sources], n


def _metres_along_trees(pred: NDArray[np.int32], arcs: Arcs, n: int) -> NDArray[np.float64]:
    """Sum arc lengths from each tree's root to every node, by pointer jumping over all trees at once.

    Invariant: acc[v] is the length of the tree path from p[v] to v. Each pass doubles the span
    (acc <- acc + acc[p], p <- p[p]), so a tree of depth d needs log2(d) passes. The trees are stored
    flat (row offset + node) so each pass is two plain gathers.
    """
    k = pred.shape[0]
    if len(arcs) == 0 or k == 0:
        return np.zeros(pred.shape, dtype=np.float64)
    index_type = np.int32 if k * n < np.iinfo(np.int32).max else np.int64
    cols = np.broadcast_to(np.arange(n, dtype=index_type)[None, :], pred.shape)
    has_parent = pred >= 0
    parent = np.where(has_parent, pred, cols).astype(index_type)
    # Each tree arc's length, looked up in a CSR matrix (one short binary search per row of the graph).
    lengths = sp.csr_matrix((arcs.length_m, (arcs.src, arcs.dst)), shape=(n, n))
    lengths.sort_indices()
    arc_m = np.asarray(lengths[parent.ravel(), cols.ravel()], dtype=np.float64).reshape(pred.shape)
    acc = np.where(has_parent, arc_m, 0.0).ravel()
    row_start = np.arange(k, dtype=index_type)[:, None] * n
    p = np.add(parent, row_start).ravel()
    while True:
        grand = p[p]
        if np.array_equal(grand, p):
            return acc.reshape(k, n)
        acc += acc[p]  # the gather copies first, so every pass reads the previous pass's values
        p = grand


def _unreachable_message(
    network: RoadNetwork, snapped: Snapped, blocked: NDArray[np.bool_], settings: MatrixSettings
) -> str:
    """Name the locations cut off from the rest (those snapped outside the main component first)."""
    into = blocked.sum(axis=0)
    out = blocked.sum(axis=1)
    off_main = ~network.main_component[snapped.node]
    culprits = np.flatnonzero(off_main & ((into > 0) | (out > 0)))
    if len(culprits) == 0:
        culprits = np.flatnonzero((into > 0) | (out > 0))
    culprits = culprits[np.argsort(-(into[culprits] + out[culprits]), kind="stable")]
    lines = [
        f"{snapped.location_ids[i]} cannot be reached from {int(into[i])} locations and cannot reach "
        f"{int(out[i])} by {network.profile} (disconnected component / island)"
        for i in culprits[:10]
    ]
    if len(culprits) > 10:
        lines.append(f"... and {len(culprits) - 10} more locations")
    hint = "" if settings.snap_to_main_component else "; snapping to the main component avoids most of these"
    return f"{int(blocked.sum())} unreachable {network.profile} pairs{hint}:\n  " + "\n  ".join(lines)


def _door_to_door(
    between_nodes: NDArray[np.float64], which: NDArray[np.int64], leg: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Node-to-node values spread to locations, plus the door-to-node leg at each end (in place)."""
    out = np.take(np.take(between_nodes, which, axis=0), which, axis=1)
    out += leg[:, None]
    out += leg[None, :]
    return out


def build_osm_matrix(
    network: RoadNetwork, locations: Sequence[MapPoint], settings: MatrixSettings
) -> tuple[TravelMatrix, MatrixReport]:
    """The door-to-door matrix of `locations` on `network`; MatrixError naming any cut-off location."""
    started = time.perf_counter()
    snapped = snap_locations(network, locations, settings)
    terminals, which = np.unique(snapped.node, return_inverse=True)
    node_s, node_m, n_small = _pairs_between(network, terminals)
    seconds = _door_to_door(node_s, which, snapped.seconds)
    metres = _door_to_door(node_m, which, snapped.distance_m)
    np.fill_diagonal(seconds, 0.0)
    np.fill_diagonal(metres, 0.0)
    blocked = ~np.isfinite(seconds)
    if blocked.any():
        raise MatrixError(_unreachable_message(network, snapped, blocked, settings))
    matrix = TravelMatrix(
        profile=network.profile,
        ids=snapped.location_ids,
        seconds=seconds,
        metres=metres,
        source=f"OSM {network.source} ({network.profile})",
        approximate=False,
    )
    report = MatrixReport(
        profile=network.profile,
        source=network.source,
        nodes=network.n_nodes,
        arcs=len(network.arcs),
        contracted_nodes=n_small,
        locations=len(snapped.location_ids),
        snapped_nodes=len(terminals),
        max_snap_m=float(snapped.distance_m.max(initial=0.0)),
        far_snaps=snapped.far(settings.snap_warn_m),
        snap_warn_m=settings.snap_warn_m,
        snap_m=snapped.distance_m.round(1).tolist(),
        seconds=time.perf_counter() - started,
    )
    return matrix, report


def route_geometry(
    network: RoadNetwork,
    locations: Sequence[MapPoint],
    from_id: str,
    to_id: str,
    settings: MatrixSettings,
) -> LineString:
    """The fastest route between two locations as a lon/lat line: door, network nodes, door.

    One Dijkstra on the full network (not the contracted one), so the line follows every bend of the
    road. For many legs at once use `road_paths.RoadPaths`, which this wraps.
    """
    known = {loc.location_id for loc in locations}
    for name in (from_id, to_id):
        if name not in known:
            raise MatrixError(f"no location {name!r} to route from or to")
    ends = [loc for loc in locations if loc.location_id in (from_id, to_id)]
    path = RoadPaths(network, ends, settings)(from_id, to_id)
    if path is None:
        raise MatrixError(f"{to_id} cannot be reached from {from_id} by {network.profile}")
    if len(path) == 1:  # the same door twice
        path = [path[0], path[0]]
    return shapely.LineString(path)
