"""Snap every location to its nearest network node in one vectorised call.

The door-to-node leg is a straight line walked or driven at the profile's off-network speed, added to
both directions. A snap farther than `snap_warn_m` usually means a bad coordinate (a typo, a swapped
lat/lon, a postcode centroid in a field) and is reported per location.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from ..domain import MapPoint
from ..errors import MatrixError
from .geo import LocalProjection
from .network import RoadNetwork
from .settings import MatrixSettings


@dataclass(frozen=True, eq=False)
class Snapped:
    """Each location's network node (index into the network's nodes) and door-to-node leg."""

    location_ids: tuple[str, ...]
    node: NDArray[np.int64]
    distance_m: NDArray[np.float64]
    seconds: NDArray[np.float64]

    def far(self, threshold_m: float) -> list[tuple[str, float]]:
        return far_snaps(self.location_ids, self.distance_m, threshold_m)


def far_snaps(
    location_ids: Sequence[str], distance_m: NDArray[np.float64], threshold_m: float
) -> list[tuple[str, float]]:
    """(location id, metres) of every snap farther than `threshold_m`, farthest first."""
    idx = np.flatnonzero(distance_m > threshold_m)
    idx = idx[np.argsort(-distance_m[idx], kind="stable")]
    return [(location_ids[i], float(distance_m[i])) for i in idx.tolist()]


def snap_locations(network: RoadNetwork, locations: Sequence[MapPoint], settings: MatrixSettings) -> Snapped:
    """Nearest node for every location (of the largest strongly connected component by default)."""
    candidates = network.main_component if settings.snap_to_main_component else network.on_network
    pool = np.flatnonzero(candidates)
    if len(pool) == 0:
        raise MatrixError(f"{network.source}: the {network.profile} network has no nodes to snap to")
    projection = LocalProjection.around(network.lat[pool], network.lon[pool])
    tree = cKDTree(projection.to_xy(network.lat[pool], network.lon[pool]))
    lat = np.array([loc.lat for loc in locations], dtype=np.float64)
    lon = np.array([loc.lon for loc in locations], dtype=np.float64)
    distance, nearest = tree.query(projection.to_xy(lat, lon))
    distance = np.asarray(distance, dtype=np.float64)
    speed_ms = settings.off_network_kmh(network.profile) / 3.6
    return Snapped(
        location_ids=tuple(loc.location_id for loc in locations),
        node=pool[np.asarray(nearest, dtype=np.int64)],
        distance_m=distance,
        seconds=distance / speed_ms,
    )
