"""Timing a route: when each visit starts, when the carer leaves and gets back, where the rest break goes.

Every hard rule of a single route is checked here: windows (or a pinned start), shift bounds (leave and
return to base), the rest break of routes longer than six hours (a gap between two visits holding the
travel + 20 minutes: the break falls during the working day, never before the first visit or after the last),
working minutes per day (the caller says how many are left) and capacity. A feasible route is costed by
the objective.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ._instance import Instance
from ._kernels import schedule as schedule_route
from ._kernels import timed_route
from ._objective import Objective
from ._tables import NO_LIMIT, Tables, build_tables, targets

if TYPE_CHECKING:
    from ._route_arrays import Pins


@dataclass(frozen=True)
class Schedule:
    """A route timed: start of each visit, leaving and returning to base, where the break goes."""

    starts: tuple[int, ...]
    departure: int
    ret: int
    break_leg: int | None  # k = in the gap after visit k (1 <= k < number of visits)
    cost: int

    @property
    def span(self) -> int:
        return self.ret - self.departure


class RouteTiming:
    """Times and costs routes of an instance; `pin` (shared with the caller) fixes some starts.

    The timing itself is compiled (_kernels.py); this is its Python face for one route at a time."""

    def __init__(self, inst: Instance, objective: Objective, pin: Pins, tables: Tables | None = None) -> None:
        self.inst = inst
        self.objective = objective
        self.pin = pin
        self.tables = tables if tables is not None else build_tables(inst)
        self.tb = self.tables.packed
        self.ws: list[int] = inst.ws.tolist()
        self.hi: list[int] = inst.hi.tolist()
        # Where each visit is aimed (see _tables.targets).
        self.target: list[int] = targets(inst)
        self._out = np.zeros(8, dtype=np.int64)
        self._tmp = np.zeros(8, dtype=np.int64)

    def empty(self, v: int) -> Schedule:
        """The schedule of vehicle v with no visits."""
        start = self.inst.vehicles[v].start
        return Schedule((), start, start, None, 0)

    def bounds(self, j: int) -> tuple[int, int]:
        """Earliest and latest start of node j: its pinned start, or its window."""
        t = self.pin.get(j)
        return (t, t) if t is not None else (self.ws[j], self.hi[j])

    def buffers(self, n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Scratch arrays for the kernels, at least n long."""
        if self._out.shape[0] < n:
            size = max(n, 2 * self._out.shape[0])
            self._out = np.zeros(size, dtype=np.int64)
            self._tmp = np.zeros(size, dtype=np.int64)
        return self._out, self._tmp

    def schedule(self, v: int, nodes: list[int], minutes_left: int | None = None) -> Schedule | None:
        """Time a route and cost it; None if it breaks a hard rule or spans more than `minutes_left`.

        A salaried carer's route is timed two ways, each visit as late as the next allows (the shortest
        paid span) and each visit as near its target start as it can (punctual), and the cheaper by the
        objective is kept; a time-and-task carer's route is timed punctually (its span is not paid).
        """
        if not nodes:
            return self.empty(v)
        out, tmp = self.buffers(len(nodes))
        route = np.array(nodes, dtype=np.int64)
        left = NO_LIMIT if minutes_left is None else minutes_left
        ok, dep, ret, brk, cost = schedule_route(
            route, len(nodes), v, left, self.tb, self.pin.arr, -1, 0, out, tmp
        )
        if not ok:
            return None
        return Schedule(tuple(out[: len(nodes)].tolist()), dep, ret, None if brk < 0 else brk, cost)

    def timed(
        self, v: int, nodes: list[int], extra_leg: int | None, aim: bool = True
    ) -> tuple[list[int], int, int] | None:
        """Earliest forward pass, then a backward pass moving visits later: (starts, dep, ret).

        `aim` moves each visit towards its target start (the requested start, or its start on an earlier
        day of the week); otherwise as late as the next visit allows (a salaried carer's shortest span).
        `extra_leg` lengthens one leg by the break."""
        out, _ = self.buffers(len(nodes))
        extra = -1 if extra_leg is None else extra_leg
        ok, dep, ret = timed_route(
            np.array(nodes, dtype=np.int64), len(nodes), v, extra, aim, self.tb, self.pin.arr, out
        )
        return (out[: len(nodes)].tolist(), dep, ret) if ok else None
