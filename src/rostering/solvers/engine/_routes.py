"""The roster under construction: each vehicle's route and schedule, which vehicle has each visit node,
the starts pinned by synchronisation, and the (client, carer) pairs so far; with snapshot and restore
for ruin-and-recreate. The compiled core reads the routes as arrays (_route_arrays.py): every change of
a route goes through `commit`, `remove` or `restore`, which keep the arrays equal to the lists.
"""

from __future__ import annotations

from ._instance import Instance
from ._kernels import slack_row
from ._objective import Objective
from ._route_arrays import Pins, RouteArrays
from ._schedule import RouteTiming, Schedule
from ._tables import build_tables

# routes, schedules, pinned starts, vehicle of each node, (client, carer slot) -> nodes, the arrays
Snapshot = tuple[
    list[list[int]], list[Schedule], dict[int, int], list[int], dict[tuple[int, int], int], RouteArrays
]


class RouteState:
    """Routes of an instance as they are built, ruined and rebuilt; every route always feasible."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.objective = Objective(inst)
        # Starts fixed by synchronisation: shared with the timing, so only ever changed in place.
        self.pin = Pins(inst.n_nodes)
        self.tables = build_tables(inst)
        self.timing = RouteTiming(inst, self.objective, self.pin, self.tables)
        n_veh = len(inst.vehicles)
        self.routes: list[list[int]] = [[] for _ in range(n_veh)]
        self.scheds: list[Schedule] = [self.timing.empty(v) for v in range(n_veh)]
        self.vehicle_of: list[int] = [-1] * inst.n_visit_nodes
        self.pairs: dict[tuple[int, int], int] = {}
        self.slot = [veh.carer_slot for veh in inst.vehicles]
        self.arrays = RouteArrays.empty(n_veh, 16)
        for v in range(n_veh):
            self._store(v)

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
        return limit - sum(self.scheds[u].span for u in self.inst.day_vehicles[day] if u != v)

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
        self.routes[v].insert(p, j)
        self.scheds[v] = sched
        self.vehicle_of[j] = v
        self._count_pair(v, j, 1)
        if t is not None:
            self.pin[j] = t
        self._store(v)

    def remove(self, nodes: set[int]) -> bool:
        """Unroute `nodes` with their whole synchronised groups, unpinning them.

        False if a shortened route no longer fits (travel matrices that break the triangle inequality);
        the state is then inconsistent and the caller restores a snapshot.
        """
        inst = self.inst
        gone = {m for j in nodes for m in inst.groups[inst.group_of[j]]}
        touched = {self.vehicle_of[j] for j in gone if self.vehicle_of[j] >= 0}
        for j in gone:
            if self.vehicle_of[j] >= 0:
                self._count_pair(self.vehicle_of[j], j, -1)
            self.vehicle_of[j] = -1
            self.pin.pop(j, None)
        for v in sorted(touched):
            self.routes[v] = [j for j in self.routes[v] if j not in gone]
            sched = self.schedule(v, self.routes[v], check_limit=False)
            if sched is None:
                return False
            self.scheds[v] = sched
            self._store(v)
        return True

    def _store(self, v: int) -> None:
        """Copy route v (nodes, cost, span) into the arrays and refresh its slack."""
        nodes = self.routes[v]
        n = len(nodes)
        a = self.arrays
        if n + 1 > a.nodes.shape[1]:
            a = self.arrays = a.grown(2 * (n + 1))
        a.nodes[v, :n] = nodes
        a.length[v] = n
        a.cost[v] = self.scheds[v].cost
        a.span[v] = self.scheds[v].span
        t = self.tables
        slack_row(v, a.nodes, a.length, t.travel, t.node, t.veh, self.pin.arr, a.latest, a.leaves)

    def snapshot(self) -> Snapshot:
        return (
            [list(r) for r in self.routes],
            list(self.scheds),
            dict(self.pin),
            list(self.vehicle_of),
            dict(self.pairs),
            self.arrays.copy(),
        )

    def restore(self, snap: Snapshot) -> None:
        routes, scheds, pin, vehicle_of, pairs, arrays = snap
        self.routes, self.scheds = [list(r) for r in routes], list(scheds)
        self.pin.clear()
        self.pin.update(pin)
        self.vehicle_of, self.pairs = list(vehicle_of), dict(pairs)
        self.arrays = arrays.copy()

    def _count_pair(self, v: int, j: int, step: int) -> None:
        key = (self.objective.client_of[j], self.slot[v])
        self.pairs[key] = self.pairs.get(key, 0) + step

    # --------------------------------------------------------------------------- reading it
    def pair_cost(self, v: int, j: int) -> int:
        """The new-carer charge of giving node j to vehicle v, given the pairs so far."""
        return self.objective.pair_cost(v, j, self.pairs)

    def total_cost(self) -> int:
        """The objective of the roster as it stands (see _objective.py)."""
        return self.objective.total(self.routes, self.scheds, self.vehicle_of)

    def routes_cost(self) -> int:
        return sum(s.cost for s in self.scheds)

    def routed_count(self) -> int:
        return sum(len(nodes) for nodes in self.routes)

    def routed_starts(self) -> dict[int, int]:
        return {
            j: t
            for v, nodes in enumerate(self.routes)
            for j, t in zip(nodes, self.scheds[v].starts, strict=True)
        }
