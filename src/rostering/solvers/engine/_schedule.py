"""Timing a route: when each visit starts, when the carer leaves and gets back, where the rest break goes.

Every hard rule of a single route is checked here: windows (or a pinned start), shift bounds (leave and
return to base), the rest break of routes longer than six hours (a gap between two visits holding the
travel + 20 minutes: the break falls during the working day, never before the first visit or after the last),
working minutes per day (the caller says how many are left) and capacity. A feasible route is costed by
the objective.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._instance import REST_BREAK_MIN, Instance
from ._objective import Objective


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
    """Times and costs routes of an instance; `pin` (shared with the caller) fixes some starts."""

    def __init__(self, inst: Instance, objective: Objective, pin: dict[int, int]) -> None:
        self.inst = inst
        self.objective = objective
        self.pin = pin
        travel = {mode: m.tolist() for mode, m in inst.travel.items()}
        self.T: list[list[list[int]]] = [travel[veh.mode] for veh in inst.vehicles]
        self.svc: list[int] = inst.service.tolist()
        self.ws: list[int] = inst.ws.tolist()
        self.hi: list[int] = inst.hi.tolist()
        self.demand: list[int] = inst.demand.tolist()
        # Where each visit is aimed: its start on an earlier day of the week when that is within the
        # tolerance of the requested start (a consistent time), else the requested start.
        self.target: list[int] = inst.requested.tolist()
        if inst.consistency_coeff:
            for j, (a, r) in enumerate(zip(inst.anchor.tolist(), inst.requested.tolist(), strict=True)):
                if a >= 0 and abs(a - r) <= inst.tolerance:
                    self.target[j] = a
        # Are start times priced beyond punctuality? Then both timings of a salaried route are compared.
        self.weighs_time = bool(inst.punct_coeff or inst.beyond_coeff or inst.consistency_coeff)

    def empty(self, v: int) -> Schedule:
        """The schedule of vehicle v with no visits."""
        start = self.inst.vehicles[v].start
        return Schedule((), start, start, None, 0)

    def bounds(self, j: int) -> tuple[int, int]:
        """Earliest and latest start of node j: its pinned start, or its window."""
        t = self.pin.get(j)
        return (t, t) if t is not None else (self.ws[j], self.hi[j])

    def schedule(self, v: int, nodes: list[int], minutes_left: int | None = None) -> Schedule | None:
        """Time a route and cost it; None if it breaks a hard rule or spans more than `minutes_left`.

        A salaried carer's route is timed two ways, each visit as late as the next allows (the shortest
        paid span) and each visit as near its target start as it can (punctual), and the cheaper by the
        objective is kept; a time-and-task carer's route is timed punctually (its span is not paid).
        """
        if not nodes:
            return self.empty(v)
        if self.inst.vehicles[v].span_coeff <= 0:
            return self._timed_route(v, nodes, minutes_left, aim=True)
        compact = self._timed_route(v, nodes, minutes_left, aim=False)
        if not self.weighs_time:
            return compact
        punctual = self._timed_route(v, nodes, minutes_left, aim=True)
        if punctual is None or (compact is not None and compact.cost <= punctual.cost):
            return compact
        return punctual

    def _timed_route(self, v: int, nodes: list[int], minutes_left: int | None, aim: bool) -> Schedule | None:
        veh = self.inst.vehicles[v]
        timed = self.timed(v, nodes, None, aim)
        if timed is None:
            return None
        starts, dep, ret = timed
        brk: int | None = None
        if self.inst.break_after is not None and ret - dep > self.inst.break_after:
            placed = self._place_break(v, nodes, starts, dep, ret, aim)
            if placed is None:
                return None
            starts, dep, ret, brk = placed
        if minutes_left is not None and ret - dep > minutes_left:
            return None
        if veh.carer.capacity is not None and sum(self.demand[j] for j in nodes) > veh.carer.capacity:
            return None
        return Schedule(tuple(starts), dep, ret, brk, self.objective.route_cost(v, nodes, starts, ret - dep))

    def timed(
        self, v: int, nodes: list[int], extra_leg: int | None, aim: bool = True
    ) -> tuple[list[int], int, int] | None:
        """Earliest forward pass, then a backward pass moving visits later: (starts, dep, ret).

        `aim` moves each visit towards its target start (the requested start, or its start on an earlier
        day of the week); otherwise as late as the next visit allows (a salaried carer's shortest span).
        `extra_leg` lengthens one leg by the break (see `_place_break`).
        """
        veh = self.inst.vehicles[v]
        T, svc, base = self.T[v], self.svc, veh.base
        pin, ws, hi = self.pin, self.ws, self.hi
        n = len(nodes)
        t, prev = veh.start, base
        earliest: list[int] = []
        for k, j in enumerate(nodes):
            arr = t + T[prev][j] + (REST_BREAK_MIN if extra_leg == k else 0)
            pinned = pin.get(j)
            lo, h = (pinned, pinned) if pinned is not None else (ws[j], hi[j])
            e = arr if arr > lo else lo
            if e > h:
                return None
            earliest.append(e)
            t, prev = e + svc[j], j
        ret = t + T[prev][base] + (REST_BREAK_MIN if extra_leg == n else 0)
        if ret > veh.end:
            return None
        target = self.target
        if aim and all(e >= target[j] for e, j in zip(earliest, nodes, strict=True)):
            # Nothing to move later: every visit is already at or past its target.
            return earliest, earliest[0] - T[base][nodes[0]] - (REST_BREAK_MIN if extra_leg == 0 else 0), ret
        starts = list(earliest)
        last = nodes[-1]
        if aim:
            latest = min(
                self.bounds(last)[1],
                veh.end - T[last][base] - svc[last] - (REST_BREAK_MIN if extra_leg == n else 0),
            )
            starts[-1] = min(latest, max(earliest[-1], target[last]))
            ret = starts[-1] + svc[last] + T[last][base] + (REST_BREAK_MIN if extra_leg == n else 0)
        for k in range(n - 2, -1, -1):
            j, nx = nodes[k], nodes[k + 1]
            latest = min(
                self.bounds(j)[1],
                starts[k + 1] - T[j][nx] - svc[j] - (REST_BREAK_MIN if extra_leg == k + 1 else 0),
            )
            starts[k] = min(latest, max(earliest[k], target[j])) if aim else latest
        departure = starts[0] - T[base][nodes[0]] - (REST_BREAK_MIN if extra_leg == 0 else 0)
        return starts, departure, ret

    def _place_break(
        self, v: int, nodes: list[int], starts: list[int], dep: int, ret: int, aim: bool
    ) -> tuple[list[int], int, int, int] | None:
        """A 20-minute break in a gap between two visits that also holds the travel; else re-time with one
        such leg longer. None for a route with no gap between visits to hold one (a single visit)."""
        T, svc = self.T[v], self.svc
        n = len(nodes)
        mid = (dep + ret) / 2
        best: tuple[float, int] | None = None
        for k in range(1, n):
            prev, nx = nodes[k - 1], nodes[k]
            slack = starts[k] - starts[k - 1] - svc[prev] - T[prev][nx]
            if slack >= REST_BREAK_MIN:
                gap_mid = starts[k - 1] + svc[prev] + T[prev][nx] / 2
                score = abs(gap_mid - mid)
                if best is None or score < best[0]:
                    best = (score, k)
        if best is not None:
            return starts, dep, ret, best[1]
        options: list[tuple[int, list[int], int, int, int]] = []
        for k in range(1, n):
            timed = self.timed(v, nodes, k, aim)
            if timed is not None:
                s2, d2, r2 = timed
                # The compressed schedule may still leave the break leg exactly REST_BREAK_MIN of slack.
                options.append((r2 - d2, s2, d2, r2, k))
        if not options:
            return None
        _, s, d, r, k = min(options, key=lambda o: (o[0], o[4]))
        return s, d, r, k
