"""Our own first roster, and the recreate step of ruin-and-recreate: cheapest feasible insertion.

OR-Tools' own first-solution heuristics insert one node at a time, so a double-up (two carers at the same
minute) or a dependency (a second visit min..max minutes after the first) rarely fits and the search
starts from a roster missing them. Here the visits are inserted in order of (priority, synchronised
groups first, window tightness), each into the cheapest feasible position (a position scan ranks them,
the few cheapest are timed exactly); the nodes of a group are placed together into different carers'
routes at a common feasible start and then pinned there (_sync_insertion.py).

Every hard rule of the model is checked on each insertion (_schedule.py), so OR-Tools accepts what this
builds unchanged. Costs are the objective's (_objective.py).
"""

from __future__ import annotations

import random

import numpy as np
from numpy.typing import NDArray

from ._instance import Instance
from ._positions import EXACT_CANDIDATES, PositionScan
from ._routes import RouteState
from ._scan_kernels import best_single
from ._schedule import Schedule
from ._sync_insertion import SyncInsertion


class Insertion:
    """Inserts unrouted visits into `state`; `rng` orders groups of one priority when shuffling."""

    def __init__(self, state: RouteState, seed: int) -> None:
        self.state = state
        self.rng = random.Random(seed)
        self.scan = PositionScan(state)
        self.sync = SyncInsertion(state, self.scan)
        self._route = np.zeros(0, dtype=np.int64)
        self._starts = np.zeros(0, dtype=np.int64)

    def insert_all(self, shuffle: bool = False) -> None:
        """Insert every unrouted group: high priority, synchronised groups and tight windows first.

        With `shuffle`, groups of one priority come in random order (ruin-and-recreate diversity).
        """
        state = self.state
        inst = state.inst
        ws, hi = state.timing.ws, state.timing.hi
        pending = [g for g in range(len(inst.groups)) if state.vehicle_of[inst.groups[g][0]] < 0]
        noise = {g: self.rng.random() for g in pending}

        def key(g: int) -> tuple[int, int, int, int, float]:
            nodes = inst.groups[g]
            visit = inst.visit_of(nodes[0])
            if shuffle:
                return (visit.priority, 0, 0, 0, noise[g])
            width = min(hi[j] - ws[j] for j in nodes)
            return (visit.priority, -len(nodes), width, min(ws[j] for j in nodes), noise[g])

        for g in sorted(pending, key=key):
            nodes = inst.groups[g]
            if len(nodes) == 1:
                self._insert_single(nodes[0])
            elif len(nodes) == 2:
                self.sync.insert_pair(nodes[0], nodes[1])
            else:
                self.sync.insert_group(nodes)

    def _insert_single(self, j: int) -> None:
        """j at its cheapest feasible position, if that costs less than leaving it out."""
        state = self.state
        t, a, timing = state.tables, state.arrays, state.timing
        lo, h = timing.bounds(j)
        cap = a.nodes.shape[1] + 1
        route, starts = self._buffers(cap)
        tmp, best = timing.buffers(cap)
        approx, vs, ps, es, lates = self.scan.out
        found, delta, v, p, dep, ret, brk, cost = best_single(
            j, self.sync.allowed_arrays[j], lo, h, EXACT_CANDIDATES, a.nodes, a.length, a.latest, a.leaves,
            a.cost, a.span, state.pin.arr, t.travel, t.arc, t.enter, t.new_carer, t.node, t.veh, t.params,
            t.day_limit, t.day_ptr, t.day_idx, t.slot_ptr, t.slot_idx, approx, vs, ps, es, lates, route,
            starts, tmp, best,
        )
        if found and delta < state.inst.penalty[j]:
            n = int(a.length[v]) + 1
            sched = Schedule(tuple(best[:n].tolist()), dep, ret, None if brk < 0 else brk, cost)
            state.commit(v, j, p, None, sched)

    def _buffers(self, n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Scratch arrays for a route being tried, at least n long."""
        if self._route.shape[0] < n:
            self._route = np.zeros(2 * n, dtype=np.int64)
            self._starts = np.zeros(2 * n, dtype=np.int64)
        return self._route, self._starts


def construct(inst: Instance, seed: int) -> Insertion:
    """The greedy roster of `inst` (see the module docstring), with the insertion that built it."""
    insertion = Insertion(RouteState(inst), seed)
    insertion.insert_all()
    return insertion
