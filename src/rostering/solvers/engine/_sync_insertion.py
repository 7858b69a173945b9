"""Inserting synchronised visits: both halves of a double-up or a dependency pair at once, and larger
linked groups depth-first, into different carers' routes at starts that keep every link's gap.

Pairs are inserted by the compiled recreate (_recreate_kernels.py, _scan_kernels.py `best_pair`): the
PAIR_SIDE_CANDIDATES cheapest positions of each half are paired, the PAIR_COMBINATIONS cheapest
compatible pairs examined in order, the first few feasible ones timed exactly. Groups of three or more
linked nodes (a dependency on a double-up), which are rare, are placed here: each node within the starts
that the links and every window of the group still allow (`start_ranges`), as a pair's two halves are.
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
            # (other node, min, max) of start(this) - start(other): this starts in other's start + min..max
            self.partners[link.first].append((link.second, -link.max_gap, -link.min_gap))
            self.partners[link.second].append((link.first, link.min_gap, link.max_gap))

    def insert_group(self, nodes: list[int]) -> None:
        """Three or more linked nodes: depth-first, each pinned given those already placed."""
        placed: list[Placement] = []
        if self._place_rest(nodes, 0, placed):
            for v, j, p, t, sched in placed:
                self.state.commit(v, j, p, t, sched)

    def start_ranges(self, nodes: list[int]) -> dict[int, tuple[int, int]] | None:
        """The starts each node of a group can take with every link's gap kept, given its window (or
        pinned start, for the nodes placed so far); None if no starts keep them all.

        The links' bounds are propagated until nothing changes (a simple temporal network's minimal
        domains): any start in a node's range is then part of some start of every node that keeps every
        gap, so placing one node at a start in its range never rules the group out on times alone."""
        ranges = {j: self.state.timing.bounds(j) for j in nodes}
        # Each round tightens at least one bound, or stops; more rounds than nodes means a cycle of links
        # whose gaps contradict each other (a negative cycle): nothing keeps them all.
        for _ in range(len(nodes) + 1):
            changed = False
            for j in nodes:
                lo, hi = ranges[j]
                for other, g_lo, g_hi in self.partners[j]:
                    o_lo, o_hi = ranges[other]
                    lo, hi = max(lo, o_lo + g_lo), min(hi, o_hi + g_hi)
                if lo > hi:
                    return None
                if (lo, hi) != ranges[j]:
                    ranges[j] = (lo, hi)
                    changed = True
            if not changed:
                return ranges
        return None

    def _place_rest(self, nodes: list[int], k: int, placed: list[Placement]) -> bool:
        if k == len(nodes):
            return True
        state = self.state
        j = nodes[k]
        ranges = self.start_ranges(nodes)
        if ranges is None:
            return False
        lo, hi = ranges[j]
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
