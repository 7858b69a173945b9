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
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ._instance import Instance
from ._positions import EXACT_CANDIDATES, PositionScan
from ._recreate_kernels import GROUP, GROW, recreate
from ._routes import RouteState
from ._sync_insertion import PAIR_COMBINATIONS, PAIR_SIDE_CANDIDATES, SyncInsertion


@dataclass(frozen=True)
class Effort:
    """How hard each insertion looks: positions timed exactly, positions per half of a synchronised
    pair, pairs of positions examined."""

    exact: int
    side: int
    combinations: int

    def __iter__(self) -> Iterator[int]:
        return iter((self.exact, self.side, self.combinations))


NORMAL = Effort(EXACT_CANDIDATES, PAIR_SIDE_CANDIDATES, PAIR_COMBINATIONS)
# Past a construction's hurry time: the cheapest feasible-looking place, fewer pairs (about 4x faster).
HURRIED = Effort(1, 16, 64)
# Groups inserted between two looks at the clock.
CHUNK = 32
# The orders a shuffled recreate may take with `sorts` (SISR's sort step, Christiaens and Vanden Berghe
# 2020, with window starts for time windows): random, furthest from every carer's base first, earliest
# window first, latest window first; and how often each is drawn.
RANDOM, FAR_FIRST, EARLY_FIRST, LATE_FIRST = range(4)
SORT_WEIGHTS = (0.4, 0.2, 0.2, 0.2)


@dataclass(frozen=True)
class Deadline:
    """time.monotonic() readings: when a construction should hurry, and when it must stop."""

    hurry: float
    stop: float


class Insertion:
    """Inserts unrouted visits into `state`; `rng` orders groups of one priority when shuffling."""

    def __init__(self, state: RouteState, seed: int) -> None:
        self.state = state
        self.rng = random.Random(seed)
        self.scan = PositionScan(state)
        self.sync = SyncInsertion(state, self.scan)
        inst = state.inst
        ws, hi = inst.ws, inst.hi
        # The order of insertion (see insert_all), less the random tie-break: fixed for the instance.
        self._order_key = [
            (
                inst.visit_of(nodes[0]).priority,
                -len(nodes),
                int(min(hi[j] - ws[j] for j in nodes)),
                int(min(ws[j] for j in nodes)),
            )
            for nodes in inst.groups
        ]
        self._first = np.array([nodes[0] for nodes in inst.groups], dtype=np.int64)
        # Set by a construction that ran out of time (see insert).
        self.hurried = False
        self.unreached: list[int] = []

    @cached_property
    def _sort_keys(self) -> tuple[list[int] | None, ...]:
        """Secondary keys of the orders of SORT_WEIGHTS, fixed for the instance; built when the rounds
        first draw one (care days never do)."""
        inst = self.state.inst
        travel = next(iter(inst.travel.values()))
        bases = sorted({veh.base for veh in inst.vehicles})
        from_base = travel[bases, : inst.n_visit_nodes].min(axis=0) if bases else np.zeros(inst.n_visit_nodes)
        far = [-int(from_base[nodes].min()) for nodes in inst.groups]
        window = [int(inst.ws[nodes].min()) for nodes in inst.groups]
        return (None, far, window, [-t for t in window])

    def insert_all(
        self, shuffle: bool = False, deadline: Deadline | None = None, sorts: bool = False
    ) -> None:
        """Insert every unrouted group: high priority, synchronised groups and tight windows first.

        With `shuffle`, groups of one priority come in random order (ruin-and-recreate diversity); with
        `sorts` too, in one of the orders of SORT_WEIGHTS, drawn at random, ties in random order.
        """
        state = self.state
        pending = np.flatnonzero(state.vehicle_of[self._first] < 0).tolist()
        noise = {g: self.rng.random() for g in pending}
        keys = self._order_key
        sort = (
            self._sort_keys[self.rng.choices(range(len(SORT_WEIGHTS)), SORT_WEIGHTS)[0]]
            if shuffle and sorts
            else None
        )

        def key(g: int) -> tuple[int, int, int, int, float]:
            if shuffle:
                return (keys[g][0], 0 if sort is None else sort[g], 0, 0, noise[g])
            return (*keys[g], noise[g])

        order = sorted(pending, key=key)
        self.insert(order, deadline)

    def insert(self, order: list[int], deadline: Deadline | None = None) -> None:
        """Insert the groups `order` in turn, each at its cheapest feasible place when that costs less than
        leaving it out (the compiled recreate; groups of three or more nodes here).

        With a `deadline`, the clock is read every CHUNK groups: past `deadline.hurry` fewer positions
        are timed exactly (HURRIED), past `deadline.stop` the groups not reached stay out (`unreached`).
        """
        state = self.state
        groups = np.array(order, dtype=np.int64)
        effort = NORMAL
        i = 0
        while i < len(order):
            stop = len(order)
            if deadline is not None:
                now = time.monotonic()
                if now >= deadline.stop:
                    self.unreached.extend(order[i:])
                    return
                if now >= deadline.hurry:
                    effort = HURRIED
                    self.hurried = True
                stop = min(stop, i + CHUNK)
            done, why = recreate(
                groups[i:stop], 0, *effort, state.tables.packed, state.arrays.packed, state.clock
            )
            i += int(done)
            if why == GROW:
                state.grow()
            elif why == GROUP:
                self.sync.insert_group(state.inst.groups[order[i]])
                i += 1


def construct(inst: Instance, seed: int, deadline: Deadline | None = None) -> Insertion:
    """The greedy roster of `inst` (see the module docstring), with the insertion that built it.

    With a `deadline` it hurries, then stops, when time runs out (Insertion.insert): `hurried` and
    `unreached` on the insertion say whether it did."""
    insertion = Insertion(RouteState(inst), seed)
    insertion.insert_all(deadline=deadline)
    return insertion
