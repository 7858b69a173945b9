"""The roster as the compiled core reads it: pinned starts and routes mirrored in numpy arrays.

RouteState (_routes.py) owns them and keeps them equal to its lists: every change of a route goes
through its `commit`, `remove` or `restore`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._tables import NO_PIN

IntArray = NDArray[np.int64]


class Pins(dict[int, int]):
    """Starts fixed by synchronisation (node -> start), mirrored in `arr` (NO_PIN where none)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.arr = np.full(n, NO_PIN, dtype=np.int64)

    def __setitem__(self, j: int, t: int) -> None:
        super().__setitem__(j, t)
        self.arr[j] = t

    def __delitem__(self, j: int) -> None:
        super().__delitem__(j)
        self.arr[j] = NO_PIN

    def pop(self, j: int, *default: int | None) -> int | None:  # type: ignore[override]
        if j in self:
            self.arr[j] = NO_PIN
        return super().pop(j, *default)

    def clear(self) -> None:
        for j in self:
            self.arr[j] = NO_PIN
        super().clear()

    def update(self, other: dict[int, int]) -> None:  # type: ignore[override]
        for j, t in other.items():
            self[j] = t


@dataclass
class RouteArrays:
    """Per vehicle: its route's nodes (vehicles x capacity), length, cost and span, and its slack (the
    latest start of each visit that lets the rest of the route finish in the shift, and the earliest time
    each can be left)."""

    nodes: IntArray
    length: IntArray
    cost: IntArray
    span: IntArray
    latest: IntArray
    leaves: IntArray

    @staticmethod
    def empty(n_vehicles: int, capacity: int) -> RouteArrays:
        def grid() -> IntArray:
            return np.zeros((n_vehicles, capacity), dtype=np.int64)

        def row() -> IntArray:
            return np.zeros(n_vehicles, dtype=np.int64)

        return RouteArrays(grid(), row(), row(), row(), grid(), grid())

    def copy(self) -> RouteArrays:
        return RouteArrays(
            self.nodes.copy(),
            self.length.copy(),
            self.cost.copy(),
            self.span.copy(),
            self.latest.copy(),
            self.leaves.copy(),
        )

    def grown(self, capacity: int) -> RouteArrays:
        """The same routes with room for `capacity` visits per route."""

        def wider(a: IntArray) -> IntArray:
            out = np.zeros((a.shape[0], capacity), dtype=np.int64)
            out[:, : a.shape[1]] = a
            return out

        return RouteArrays(
            wider(self.nodes), self.length, self.cost, self.span, wider(self.latest), wider(self.leaves)
        )
