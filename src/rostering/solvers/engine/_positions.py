"""Where a visit could go: every feasible-looking position in a route, ranked by an approximate cost.

The approximation (the arc detour, the visit's own costs, the wages of a longer span) lets insertion
time exactly only the few cheapest positions. Each route's slack (latest start of each visit that still
lets the rest of the route finish in the shift, earliest time each can be left) and its legs are kept
with the route (RouteState's arrays, refreshed when the route changes), so examining a route's positions
for a visit costs one pass over them. The scan is compiled (_scan_kernels.py); this is its Python face.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._routes import RouteState
from ._scan_kernels import C_APPROX, C_E, C_LATE, C_P, scan

# Exact evaluations per visit after ranking positions by an approximate cost.
EXACT_CANDIDATES = 4

# (approx cost, position, earliest start, latest start)
Position = tuple[int, int, int, int]


class PositionScan:
    """Candidate positions of a visit node in the routes of `state`."""

    def __init__(self, state: RouteState) -> None:
        self.state = state
        inst = state.inst
        self.out: NDArray[np.int64] = np.zeros(
            (inst.n_visit_nodes + len(inst.vehicles) + 1, 5), dtype=np.int64
        )

    def positions(self, j: int, v: int, window: tuple[int, int]) -> list[Position]:
        """Feasible-looking positions of j in route v, starting inside `window`."""
        state = self.state
        vs = np.array([v], dtype=np.int64)
        count = scan(j, vs, window[0], window[1], state.tables.packed, state.arrays.packed, self.out)
        rows = self.out[:count][:, [C_APPROX, C_P, C_E, C_LATE]].tolist()
        return [(a, p, e, late) for a, p, e, late in rows]

    def slack(self, v: int) -> tuple[list[int], list[int]]:
        """Per routed visit of v: its latest start that still lets the rest of the route finish in the
        shift, and the earliest time it can be left."""
        a = self.state.arrays
        n = int(a.length[v])
        return a.latest[v, :n].tolist(), a.leaves[v, :n].tolist()
