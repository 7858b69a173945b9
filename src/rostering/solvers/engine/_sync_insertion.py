"""Inserting synchronised visits: both halves of a double-up or a dependency pair at once, and larger
linked groups depth-first, into different carers' routes at starts that keep every link's gap.

Pairs are inserted by the compiled recreate (_recreate_kernels.py, _scan_kernels.py `best_pair`): the
PAIR_SIDE_CANDIDATES cheapest positions of each half are paired, the PAIR_COMBINATIONS cheapest
compatible pairs examined in order, the first few feasible ones timed exactly. Groups of three or more
linked nodes, which are rare, are placed here.
"""

from __future__ import annotations

from ._positions import EXACT_CANDIDATES, PositionScan
from ._routes import RouteState
from ._schedule import Schedule

# Candidate pairs examined per synchronised pair before giving up.
PAIR_COMBINATIONS = 600
# Positions per half of a synchronised pair that are paired with the other half's: the
# PAIR_COMBINATIONS cheapest pairs almost always come from them, and pairing all is quadratic in the
# positions of a large day.
PAIR_SIDE_CANDIDATES = 80

# (vehicle, node, position, pinned start, the vehicle's new schedule)
Placement = tuple[int, int, int, int, Schedule]


class SyncInsertion:
    """Places linked groups of three or more nodes of `state` together (see the module docstring)."""

    def __init__(self, state: RouteState, scan: PositionScan) -> None:
        self.state = state
        self.scan = scan
        inst = state.inst
        self.allowed = [list(map(int, row.nonzero()[0])) for row in inst.allowed]
        self.partners: list[list[tuple[int, int, int]]] = [[] for _ in range(inst.n_visit_nodes)]
        for link in inst.links:
            # (other node, min, max) of start(other) - start(this)
            self.partners[link.first].append((link.second, link.min_gap, link.max_gap))
            self.partners[link.second].append((link.first, -link.max_gap, -link.min_gap))

    def insert_group(self, nodes: list[int]) -> None:
        """Three or more linked nodes: depth-first, each pinned given those already placed."""
        placed: list[Placement] = []
        if self._place_rest(nodes, 0, placed):
            for v, j, p, t, sched in placed:
                self.state.commit(v, j, p, t, sched)

    def _place_rest(self, nodes: list[int], k: int, placed: list[Placement]) -> bool:
        if k == len(nodes):
            return True
        state = self.state
        j = nodes[k]
        lo, hi = state.timing.bounds(j)
        times = {m: t for _, m, _, t, _ in placed}
        for other, g_lo, g_hi in self.partners[j]:
            if other in times:
                lo, hi = max(lo, times[other] + g_lo), min(hi, times[other] + g_hi)
        if lo > hi:
            return False
        # One carer per node of a group: every link needs different carers, and it keeps day limits exact.
        busy_slots = {state.slot[v] for v, *_ in placed}
        cands = sorted(
            (approx, v, p, e, late)
            for v in self.allowed[j]
            if state.slot[v] not in busy_slots
            for approx, p, e, late in self.scan.positions(j, v, (lo, hi))
        )
        for _, v, p, e, late in cands[:EXACT_CANDIDATES]:
            t = min(late, max(e, state.timing.target[j]))
            sched = state.try_insert(v, j, p, t)
            if sched is None:
                continue
            placed.append((v, j, p, t, sched))
            state.pin[j] = t
            ok = self._place_rest(nodes, k + 1, placed)
            del state.pin[j]
            if ok:
                return True
            placed.pop()
        return False
