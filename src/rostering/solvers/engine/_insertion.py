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

from ._instance import Instance
from ._positions import EXACT_CANDIDATES, PositionScan
from ._routes import RouteState
from ._schedule import Schedule
from ._sync_insertion import SyncInsertion


class Insertion:
    """Inserts unrouted visits into `state`; `rng` orders groups of one priority when shuffling."""

    def __init__(self, state: RouteState, seed: int) -> None:
        self.state = state
        self.rng = random.Random(seed)
        self.scan = PositionScan(state)
        self.sync = SyncInsertion(state, self.scan)

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
        cands = []
        for v in self.sync.allowed[j]:
            for approx, p, _, _ in self.scan.positions(j, v, state.timing.bounds(j)):
                cands.append((approx, v, p))
        cands.sort()
        best: tuple[int, int, int, Schedule] | None = None
        tried = 0
        for _, v, p in cands:
            sched = state.try_insert(v, j, p, None)
            if sched is None:
                continue
            delta = sched.cost - state.scheds[v].cost + state.pair_cost(v, j)
            if best is None or delta < best[0]:
                best = (delta, v, p, sched)
            tried += 1
            if tried >= EXACT_CANDIDATES:
                break
        if best is not None and best[0] < state.inst.penalty[j]:
            state.commit(best[1], j, best[2], None, best[3])


def construct(inst: Instance, seed: int) -> Insertion:
    """The greedy roster of `inst` (see the module docstring), with the insertion that built it."""
    insertion = Insertion(RouteState(inst), seed)
    insertion.insert_all()
    return insertion
