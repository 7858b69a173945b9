"""Where a visit could go: every feasible-looking position in a route, ranked by an approximate cost.

The approximation (the arc detour, the visit's own costs, the wages of a longer span) lets insertion
time exactly only the few cheapest positions. Each route's slack (latest start of each visit that still
lets the rest of the route finish in the shift, earliest time each can be left) is kept with the route
(RouteState's arrays, refreshed when the route changes), so examining a route's positions for a visit
costs one pass over them. The scan itself is compiled (_scan_kernels.py) and runs over every allowed
vehicle of a visit at once.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._routes import RouteState
from ._scan_kernels import ranked, scan

# Exact evaluations per visit after ranking positions by an approximate cost.
EXACT_CANDIDATES = 4

# (approx cost, position, earliest start, latest start)
Position = tuple[int, int, int, int]
IntArray = NDArray[np.int64]


class PositionScan:
    """Candidate positions of a visit node in the routes of `state`."""

    def __init__(self, state: RouteState) -> None:
        self.state = state
        size = state.inst.n_visit_nodes + len(state.inst.vehicles) + 1
        # (approx, vehicle, position, earliest, latest) of each candidate of the last scan.
        self.out = [np.zeros(size, dtype=np.int64) for _ in range(5)]

    def scan(self, j: int, vehicles: IntArray, window: tuple[int, int]) -> int:
        """Scan j's positions in the routes of `vehicles` (increasing) into `out`; how many there are."""
        state = self.state
        t, a = state.tables, state.arrays
        approx, vs, ps, es, lates = self.out
        return int(
            scan(
                j, vehicles, window[0], window[1], a.nodes, a.length, a.latest, a.leaves, t.travel, t.arc,
                t.enter, t.new_carer, t.node, t.veh, t.params, t.slot_ptr, t.slot_idx,
                approx, vs, ps, es, lates,
            )
        )

    def cheapest(self, j: int, vehicles: IntArray, window: tuple[int, int], limit: int) -> IntArray:
        """Up to `limit` candidates of j in the routes of `vehicles`, cheapest first (ties by vehicle, then
        position): rows (approx, vehicle, position, earliest, latest)."""
        count = self.scan(j, vehicles, window)
        order = ranked(count, self.out[0])[:limit]
        return np.stack([column[order] for column in self.out], axis=1)

    def positions(self, j: int, v: int, window: tuple[int, int]) -> list[Position]:
        """Feasible-looking positions of j in route v, starting inside `window`."""
        count = self.scan(j, np.array([v], dtype=np.int64), window)
        approx, _, ps, es, lates = (column[:count].tolist() for column in self.out)
        return list(zip(approx, ps, es, lates, strict=True))

    def slack(self, v: int) -> tuple[list[int], list[int]]:
        """Per routed visit of v: its latest start that still lets the rest of the route finish in the
        shift, and the earliest time it can be left."""
        a = self.state.arrays
        n = int(a.length[v])
        return a.latest[v, :n].tolist(), a.leaves[v, :n].tolist()
