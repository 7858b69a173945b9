"""The roster under construction as arrays: what the compiled core reads and changes.

RouteState (_routes.py) owns one `RouteArrays`; its lists (routes, schedules) are views of it,
refreshed per vehicle when the vehicle's stamp changes. A stamp is a number from a clock that only ever
goes forward, so a route restored from a snapshot carries the stamp it had then and a view made of it
then is still valid. The kernels take the arrays as one tuple, `RouteArrays.packed`, indexed by the R_*
constants.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from ._tables import NO_PIN

IntArray = NDArray[np.int64]

# Positions of the arrays in `RouteArrays.packed` (the order of the fields).
(
    R_NODES,
    R_LENGTH,
    R_COST,
    R_SPAN,
    R_DEP,
    R_RET,
    R_BRK,
    R_LATEST,
    R_LEAVES,
    R_LEG_TIME,
    R_LEG_COST,
    R_STARTS,
    R_LATE,
    R_STAMP,
    R_VEHICLE_OF,
    R_PIN,
) = range(16)


@dataclass
class RouteArrays:
    """Per vehicle (rows of the grids: one column per position): its route's nodes and their starts; the
    route's length, cost, span, departure, return and rest-break leg (-1: none); its slack (the latest
    start of each visit that lets the rest of the route finish in the shift, and the earliest time each
    can be left); each leg's travel minutes and arc cost (leg p ends at position p, leg `length` at
    base); its largest lateness (soft windows, 0 if none) and its stamp. Per node: its vehicle (-1:
    unrouted) and its pinned start (NO_PIN: none)."""

    nodes: IntArray
    length: IntArray
    cost: IntArray
    span: IntArray
    dep: IntArray
    ret: IntArray
    brk: IntArray
    latest: IntArray
    leaves: IntArray
    leg_time: IntArray
    leg_cost: IntArray
    starts: IntArray
    late: IntArray
    stamp: IntArray
    vehicle_of: IntArray
    pin: IntArray

    @staticmethod
    def empty(n_vehicles: int, n_nodes: int, n_visit_nodes: int, capacity: int) -> RouteArrays:
        def grid() -> IntArray:
            return np.zeros((n_vehicles, capacity), dtype=np.int64)

        def row() -> IntArray:
            return np.zeros(n_vehicles, dtype=np.int64)

        return RouteArrays(
            nodes=grid(),
            length=row(),
            cost=row(),
            span=row(),
            dep=row(),
            ret=row(),
            brk=np.full(n_vehicles, -1, dtype=np.int64),
            latest=grid(),
            leaves=grid(),
            leg_time=grid(),
            leg_cost=grid(),
            starts=grid(),
            late=row(),
            stamp=np.full(n_vehicles, -1, dtype=np.int64),
            vehicle_of=np.full(n_visit_nodes, -1, dtype=np.int64),
            pin=np.full(n_nodes, NO_PIN, dtype=np.int64),
        )

    @property
    def packed(self) -> tuple[IntArray, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    @property
    def capacity(self) -> int:
        return int(self.nodes.shape[1])

    def copy(self) -> RouteArrays:
        return RouteArrays(*(a.copy() for a in self.packed))

    def copy_from(self, other: RouteArrays) -> None:
        """Take over `other`'s contents, in place when the shapes allow it."""
        for name in _FIELDS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine.shape == theirs.shape:
                np.copyto(mine, theirs)
            else:
                setattr(self, name, theirs.copy())

    def grow(self, capacity: int) -> None:
        """Room for `capacity` visits per route (the routes unchanged)."""
        for f in fields(self):
            a = getattr(self, f.name)
            if a.ndim == 2 and a.shape[1] < capacity:
                wider = np.zeros((a.shape[0], capacity), dtype=np.int64)
                wider[:, : a.shape[1]] = a
                setattr(self, f.name, wider)


_FIELDS = tuple(f.name for f in fields(RouteArrays))


class Pins:
    """Starts fixed by synchronisation, node -> start: a dictionary's face on the arrays' `pin`."""

    def __init__(self, arrays: RouteArrays) -> None:
        self.arrays = arrays

    @property
    def arr(self) -> IntArray:
        return self.arrays.pin

    def get(self, j: int, default: int | None = None) -> int | None:
        t = int(self.arrays.pin[j])
        return default if t == NO_PIN else t

    def __contains__(self, j: object) -> bool:
        return isinstance(j, int | np.integer) and int(self.arrays.pin[j]) != NO_PIN

    def __getitem__(self, j: int) -> int:
        t = self.get(j)
        if t is None:
            raise KeyError(j)
        return t

    def __setitem__(self, j: int, t: int) -> None:
        self.arrays.pin[j] = t

    def __delitem__(self, j: int) -> None:
        if j not in self:
            raise KeyError(j)
        self.arrays.pin[j] = NO_PIN

    def pop(self, j: int, default: int | None = None) -> int | None:
        t = self.get(j, default)
        self.arrays.pin[j] = NO_PIN
        return t

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.arrays.pin != NO_PIN).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.arrays.pin != NO_PIN))

    def items(self) -> list[tuple[int, int]]:
        return [(j, int(self.arrays.pin[j])) for j in self]
