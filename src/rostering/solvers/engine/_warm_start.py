"""Starting a block's search from a roster it already has: the published one (re-planning) or the week's
first pass (the second pass over the week).

Each node goes back into the vehicle the roster had it in, route by route in start order. A re-plan pins
every node at its published start (the time the client was told); the second pass pins only the
synchronised groups (a double-up's carers start together) and lets each route time the rest afresh,
since the objective it is judged by has changed.
"""

from __future__ import annotations

from ._routes import RouteState


def load_routes(state: RouteState, vehicle: list[int], start: list[int], *, pin_all: bool) -> set[int]:
    """Load each node j with vehicle[j] >= 0 into that vehicle at start[j] (pinned there when `pin_all`
    or in a synchronised group); return the nodes that do not fit (a synchronised group goes whole or
    not at all)."""
    inst = state.inst
    misfits: set[int] = set()
    for v in range(len(inst.vehicles)):
        nodes = sorted((j for j, u in enumerate(vehicle) if u == v), key=lambda j: (start[j], j))
        for j in nodes:
            at = len(state.routes[v])
            pin = start[j] if pin_all or len(inst.groups[inst.group_of[j]]) > 1 else None
            sched = state.try_insert(v, j, at, pin)
            if sched is None:
                misfits.add(j)
            else:
                state.commit(v, j, at, pin, sched)
    broken = {
        j
        for group in inst.groups
        if any(state.vehicle_of[m] >= 0 for m in group) and any(state.vehicle_of[m] < 0 for m in group)
        for j in group
    }
    if broken and not state.remove(broken):
        raise AssertionError("a loaded route no longer fits after removing a visit")  # pragma: no cover
    return misfits | broken
