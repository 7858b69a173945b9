"""Inserting synchronised visits: both halves of a double-up or a dependency pair at once, and larger
linked groups depth-first, into different carers' routes at starts that keep every link's gap.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._positions import EXACT_CANDIDATES, PositionScan
from ._routes import RouteState
from ._scan_kernels import best_pair
from ._schedule import Schedule

# Candidate pairs examined per synchronised pair before giving up.
PAIR_COMBINATIONS = 600
# Positions per half of a synchronised pair that are paired with the other half's.
PAIR_SIDE_CANDIDATES = 80

Candidate = tuple[int, int, int, int, int]  # (approx cost, vehicle, position, earliest, latest start)
# (vehicle, node, position, pinned start, the vehicle's new schedule)
Placement = tuple[int, int, int, int, Schedule]


class SyncInsertion:
    """Places linked nodes of `state` together (see the module docstring)."""

    def __init__(self, state: RouteState, scan: PositionScan) -> None:
        self.state = state
        self.scan = scan
        inst = state.inst
        self.allowed = [list(map(int, row.nonzero()[0])) for row in inst.allowed]
        self.allowed_arrays = [np.flatnonzero(row).astype(np.int64) for row in inst.allowed]
        self._buffers = [np.zeros(0, dtype=np.int64) for _ in range(4)]
        self._out = np.zeros(14, dtype=np.int64)
        self.slot_array = np.array(state.slot, dtype=np.int64)
        self.partners: list[list[tuple[int, int, int]]] = [[] for _ in range(inst.n_visit_nodes)]
        for link in inst.links:
            # (other node, min, max) of start(other) - start(this)
            self.partners[link.first].append((link.second, link.min_gap, link.max_gap))
            self.partners[link.second].append((link.first, -link.max_gap, -link.min_gap))

    def insert_pair(self, a: int, b: int) -> None:
        """a and b (linked) into different carers' routes, if together they cost less than leaving out."""
        state = self.state
        gaps = [(lo, hi) for other, lo, hi in self.partners[a] if other == b]
        g_lo = max(lo for lo, _ in gaps)
        g_hi = min(hi for _, hi in gaps)
        # Only the cheapest positions of each half are paired: the PAIR_COMBINATIONS cheapest pairs
        # almost always come from them, and pairing all is quadratic in the positions of a large day.
        bounds = state.timing.bounds
        ca = self.scan.cheapest(a, self.allowed_arrays[a], bounds(a), PAIR_SIDE_CANDIDATES)
        cb = self.scan.cheapest(b, self.allowed_arrays[b], bounds(b), PAIR_SIDE_CANDIDATES)
        if not len(ca) or not len(cb):
            return
        ia, ib = pair_order(ca, cb, g_lo, g_hi, self.slot_array)
        t, arr, timing = state.tables, state.arrays, state.timing
        cap = arr.nodes.shape[1] + 1
        route, tmp = timing.buffers(cap)
        sa, sb, best_a, best_b = (self._buffer(k, cap) for k in range(4))
        out = self._out
        found, delta = best_pair(
            a, b, ia, ib, ca, cb, g_lo, g_hi, EXACT_CANDIDATES, arr.nodes, arr.length, arr.cost, arr.span,
            state.pin.arr, t.travel, t.arc, t.enter, t.new_carer, t.node, t.veh, t.params, t.day_limit,
            t.day_ptr, t.day_idx, t.slot_ptr, t.slot_idx, route, tmp, sa, sb, best_a, best_b, out,
        )
        if found and delta < state.inst.penalty[a] + state.inst.penalty[b]:
            va, pa, ta, dep_a, ret_a, brk_a, cost_a, vb, pb, tb, dep_b, ret_b, brk_b, cost_b = out.tolist()
            na, nb = int(arr.length[va]) + 1, int(arr.length[vb]) + 1
            sched_a = Schedule(tuple(best_a[:na].tolist()), dep_a, ret_a, None if brk_a < 0 else brk_a, cost_a)
            sched_b = Schedule(tuple(best_b[:nb].tolist()), dep_b, ret_b, None if brk_b < 0 else brk_b, cost_b)
            state.commit(va, a, pa, ta, sched_a)
            state.commit(vb, b, pb, tb, sched_b)

    def _buffer(self, k: int, n: int) -> NDArray[np.int64]:
        if self._buffers[k].shape[0] < n:
            self._buffers[k] = np.zeros(2 * n, dtype=np.int64)
        return self._buffers[k]

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
            t = min(late, max(e, state.timing.req[j]))
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


def pair_combinations(
    ca: list[Candidate], cb: list[Candidate], g_lo: int, g_hi: int, slot: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """(ia, ib) of the PAIR_COMBINATIONS cheapest pairs of positions, one per half of a synchronised pair:
    on different carers (`slot` maps vehicle to carer), with start ranges that admit a gap in
    [g_lo, g_hi]; cheapest first, ties by index."""
    ia, ib = pair_order(np.array(ca, dtype=np.int64), np.array(cb, dtype=np.int64), g_lo, g_hi, slot)
    return list(zip(ia.tolist(), ib.tolist(), strict=True))


def pair_order(
    a: NDArray[np.int64], b: NDArray[np.int64], g_lo: int, g_hi: int, slot: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """pair_combinations on candidate rows (approx, vehicle, position, earliest, latest), as two index
    arrays. Vectorised: this is the hot spot of days with many double-ups (a Python double loop took
    most of the insertion time on 200-patient instances)."""
    ok = slot[a[:, 1]][:, None] != slot[b[:, 1]][None, :]
    ok &= np.maximum(a[:, 3][:, None], b[:, 3][None, :] - g_hi) <= np.minimum(
        a[:, 4][:, None], b[:, 4][None, :] - g_lo
    )
    ia, ib = np.nonzero(ok)
    order = np.lexsort((ib, ia, a[ia, 0] + b[ib, 0]))[:PAIR_COMBINATIONS]
    return ia[order].astype(np.int64), ib[order].astype(np.int64)
