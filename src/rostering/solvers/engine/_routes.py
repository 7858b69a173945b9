"""The roster under construction: each vehicle's route and schedule, which vehicle has each visit node,
the starts pinned by synchronisation; with snapshot and restore for ruin-and-recreate.

The roster itself lives in arrays (_route_arrays.py) that the compiled core reads and changes; `routes`
and `scheds` are read-only views of them, rebuilt per vehicle only when its route changed. Every change
goes through `commit`, `retime`, `remove`, `restore` or the recreate kernel (_insertion.py).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._instance import Instance
from ._kernels import pair_cost_of, store_route, total
from ._objective import Objective
from ._recreate_kernels import unroute
from ._route_arrays import Pins, RouteArrays
from ._schedule import RouteTiming, Schedule
from ._tables import build_tables

# A copy of the arrays: the whole roster.
Snapshot = RouteArrays


class RouteState:
    """Routes of an instance as they are built, ruined and rebuilt; every route always feasible."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.objective = Objective(inst)
        self.tables = build_tables(inst)
        n_veh = len(inst.vehicles)
        self.arrays = RouteArrays.empty(n_veh, inst.n_nodes, inst.n_visit_nodes, 16)
        # Stamps of the arrays' routes only go forward (see _route_arrays.py).
        self.clock = np.zeros(1, dtype=np.int64)
        # Starts fixed by synchronisation: shared with the timing.
        self.pin = Pins(self.arrays)
        self.timing = RouteTiming(inst, self.objective, self.pin, self.tables)
        self.slot = [veh.carer_slot for veh in inst.vehicles]
        self._routes: list[list[int]] = [[] for _ in range(n_veh)]
        self._scheds: list[Schedule] = [self.timing.empty(v) for v in range(n_veh)]
        self._seen = np.full(n_veh, -2, dtype=np.int64)
        for v in range(n_veh):
            self._store(v, [], self._scheds[v])

    # ------------------------------------------------------------------------------ reading it
    @property
    def routes(self) -> list[list[int]]:
        """Visit nodes per vehicle, in visiting order (read-only)."""
        self._sync_views()
        return self._routes

    @property
    def scheds(self) -> list[Schedule]:
        """Each vehicle's timed route (read-only)."""
        self._sync_views()
        return self._scheds

    @property
    def vehicle_of(self) -> NDArray[np.int64]:
        """The vehicle of each visit node, -1 when unrouted (read-only)."""
        return self.arrays.vehicle_of

    def _sync_views(self) -> None:
        a = self.arrays
        stale = np.flatnonzero(a.stamp != self._seen)
        for v in stale.tolist():
            n = int(a.length[v])
            brk = int(a.brk[v])
            self._routes[v] = a.nodes[v, :n].tolist()
            self._scheds[v] = Schedule(
                tuple(a.starts[v, :n].tolist()),
                int(a.dep[v]),
                int(a.ret[v]),
                None if brk < 0 else brk,
                int(a.cost[v]),
            )
        self._seen[stale] = a.stamp[stale]

    def pair_cost(self, v: int, j: int) -> int:
        """The new-carer charge of giving node j to vehicle v, given the roster so far."""
        return int(pair_cost_of(v, j, self.tables.packed, self.arrays.packed))

    def total_cost(self) -> int:
        """The objective of the roster as it stands (see _objective.py)."""
        return int(total(self.tables.packed, self.arrays.packed))

    def routes_cost(self) -> int:
        return int(self.arrays.cost.sum())

    def routed_count(self) -> int:
        return int(self.arrays.length.sum())

    def routed_starts(self) -> dict[int, int]:
        return {
            j: t
            for v, nodes in enumerate(self.routes)
            for j, t in zip(nodes, self.scheds[v].starts, strict=True)
        }

    # ------------------------------------------------------------------------------ timing a route
    def schedule(self, v: int, nodes: list[int], check_limit: bool = True) -> Schedule | None:
        """Time route `nodes` of vehicle v; None if it breaks a hard rule (the carer's day limit counts
        the carer's other routes of the day as they stand, unless `check_limit` is off)."""
        return self.timing.schedule(v, nodes, self._minutes_left(v) if check_limit else None)

    def _minutes_left(self, v: int) -> int | None:
        """Minutes vehicle v may span within its carer's daily limit, given the carer's other routes that
        day."""
        day = self.inst.day_of[v]
        limit = self.inst.day_limit.get(day)
        if limit is None:
            return None
        span = self.arrays.span
        return limit - sum(int(span[u]) for u in self.inst.day_vehicles[day] if u != v)

    def try_insert(self, v: int, j: int, p: int, t: int | None) -> Schedule | None:
        """The route of v with j inserted at p (pinned at t when given), or None if infeasible."""
        if t is not None:
            self.pin[j] = t
        nodes = self.routes[v]
        sched = self.schedule(v, [*nodes[:p], j, *nodes[p:]])
        if t is not None:
            del self.pin[j]
        return sched

    # ------------------------------------------------------------------------------- changing it
    def commit(self, v: int, j: int, p: int, t: int | None, sched: Schedule) -> None:
        """Insert j at position p of v's route, whose new schedule is `sched` (pinned at t when given)."""
        if t is not None:
            self.pin[j] = t
        nodes = self.routes[v]
        self._store(v, [*nodes[:p], j, *nodes[p:]], sched)

    def retime(self, v: int, sched: Schedule) -> None:
        """Route v keeps its visits with a new timing `sched` (e.g. after pinning one of them)."""
        self._store(v, self.routes[v], sched)

    def remove(self, nodes: set[int]) -> bool:
        """Unroute `nodes` with their whole synchronised groups, unpinning them.

        False if a shortened route no longer fits (travel matrices that break the triangle inequality);
        the state is then inconsistent and the caller restores a snapshot.
        """
        inst = self.inst
        gone = np.array(sorted({m for j in nodes for m in inst.groups[inst.group_of[j]]}), dtype=np.int64)
        return bool(unroute(gone, self.tables.packed, self.arrays.packed, self.clock))

    def grow(self) -> None:
        """Twice the room per route in the arrays."""
        self.arrays.grow(2 * self.arrays.capacity)

    def _store(self, v: int, nodes: list[int], sched: Schedule) -> None:
        n = len(nodes)
        if n + 2 > self.arrays.capacity:
            self.arrays.grow(2 * (n + 2))
        brk = -1 if sched.break_leg is None else sched.break_leg
        store_route(
            v,
            np.array(nodes, dtype=np.int64),
            n,
            np.array(sched.starts, dtype=np.int64),
            sched.departure,
            sched.ret,
            brk,
            sched.cost,
            self.tables.packed,
            self.arrays.packed,
            self.clock,
        )

    def snapshot(self) -> Snapshot:
        return self.arrays.copy()

    def restore(self, snap: Snapshot) -> None:
        self.arrays.copy_from(snap)
