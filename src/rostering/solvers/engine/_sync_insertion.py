"""Inserting synchronised visits: both halves of a double-up or a dependency pair at once, and larger
linked groups depth-first, into different carers' routes at starts that keep every link's gap.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._positions import EXACT_CANDIDATES, PositionScan
from ._routes import RouteState
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
        self.slot_array = np.array(state.slot, dtype=np.int64)
        self.partners: list[list[tuple[int, int, int]]] = [[] for _ in range(inst.n_visit_nodes)]
        for link in inst.links:
            # (other node, min, max) of start(other) - start(this)
            self.partners[link.first].append((link.second, link.min_gap, link.max_gap))
            self.partners[link.second].append((link.first, -link.max_gap, -link.min_gap))

    def _candidates(self, j: int) -> list[Candidate]:
        bounds = self.state.timing.bounds(j)
        return [
            (approx, v, p, e, late)
            for v in self.allowed[j]
            for approx, p, e, late in self.scan.positions(j, v, bounds)
        ]

    def insert_pair(self, a: int, b: int) -> None:
        """a and b (linked) into different carers' routes, if together they cost less than leaving out."""
        state = self.state
        req = state.timing.target
        gaps = [(lo, hi) for other, lo, hi in self.partners[a] if other == b]
        g_lo = max(lo for lo, _ in gaps)
        g_hi = min(hi for _, hi in gaps)
        # Only the cheapest positions of each half are paired: the PAIR_COMBINATIONS cheapest pairs
        # almost always come from them, and pairing all is quadratic in the positions of a large day.
        ca = sorted(self._candidates(a))[:PAIR_SIDE_CANDIDATES]
        cb = sorted(self._candidates(b))[:PAIR_SIDE_CANDIDATES]
        combos = pair_combinations(ca, cb, g_lo, g_hi, self.slot_array) if ca and cb else []
        best: tuple[int, tuple[int, int, int, Schedule], tuple[int, int, int, Schedule]] | None = None
        found = 0
        for ia, ib in combos:
            _, va, pa, ea, la = ca[ia]
            _, vb, pb, eb, lb = cb[ib]
            lo_t, hi_t = max(ea, eb - g_hi), min(la, lb - g_lo)
            ta = min(hi_t, max(lo_t, req[a]))
            tb = min(min(lb, ta + g_hi), max(max(eb, ta + g_lo), req[b]))
            sa = state.try_insert(va, a, pa, ta)
            if sa is None:
                continue
            sb = self._try_with(va, sa, vb, b, pb, tb)
            if sb is None:
                continue
            delta = (
                sa.cost
                - state.scheds[va].cost
                + state.pair_cost(va, a)
                + sb.cost
                - state.scheds[vb].cost
                + state.pair_cost(vb, b)
            )
            if best is None or delta < best[0]:
                best = (delta, (va, pa, ta, sa), (vb, pb, tb, sb))
            found += 1
            if found >= EXACT_CANDIDATES:
                break
        if best is not None and best[0] < state.inst.penalty[a] + state.inst.penalty[b]:
            va, pa, ta, sa = best[1]
            vb, pb, tb, sb = best[2]
            state.commit(va, a, pa, ta, sa)
            state.commit(vb, b, pb, tb, sb)

    def _try_with(self, va: int, sa: Schedule, vb: int, b: int, pb: int, tb: int) -> Schedule | None:
        """Route vb with b inserted, given a tentatively in va (which matters for a carer's day limit)."""
        state = self.state
        day_of = state.inst.day_of
        if day_of[va] != day_of[vb] or state.inst.day_limit.get(day_of[vb]) is None:
            return state.try_insert(vb, b, pb, tb)
        old = state.scheds[va]
        state.scheds[va] = sa
        try:
            return state.try_insert(vb, b, pb, tb)
        finally:
            state.scheds[va] = old

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


def pair_combinations(
    ca: list[Candidate], cb: list[Candidate], g_lo: int, g_hi: int, slot: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """(ia, ib) of the PAIR_COMBINATIONS cheapest pairs of positions, one per half of a synchronised pair:
    on different carers (`slot` maps vehicle to carer), with start ranges that admit a gap in
    [g_lo, g_hi]; cheapest first, ties by index. Vectorised: this is the hot spot of days with many
    double-ups (a Python double loop took most of the insertion time on 200-patient instances)."""
    a, b = np.array(ca, dtype=np.int64), np.array(cb, dtype=np.int64)
    ok = slot[a[:, 1]][:, None] != slot[b[:, 1]][None, :]
    ok &= np.maximum(a[:, 3][:, None], b[:, 3][None, :] - g_hi) <= np.minimum(
        a[:, 4][:, None], b[:, 4][None, :] - g_lo
    )
    ia, ib = np.nonzero(ok)
    order = np.lexsort((ib, ia, a[ia, 0] + b[ib, 0]))[:PAIR_COMBINATIONS]
    return list(zip(ia[order].tolist(), ib[order].tolist(), strict=True))
