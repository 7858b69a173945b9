"""Timing a route: when each visit starts, when the carer leaves and gets back, where the rest break goes.

Every hard rule of a single route is checked here: windows (or a pinned start), shift bounds (leave and
return to base), the rest break of routes longer than six hours (a gap holding the travel + 20 minutes),
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
    break_leg: int | None  # 0 = base -> first visit, k = after visit k, len = last visit -> base
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
        self.req: list[int] = inst.requested.tolist()
        self.demand: list[int] = inst.demand.tolist()

    def empty(self, v: int) -> Schedule:
        """The schedule of vehicle v with no visits."""
        start = self.inst.vehicles[v].start
        return Schedule((), start, start, None, 0)

    def bounds(self, j: int) -> tuple[int, int]:
        """Earliest and latest start of node j: its pinned start, or its window."""
        t = self.pin.get(j)
        return (t, t) if t is not None else (self.ws[j], self.hi[j])

    def schedule(self, v: int, nodes: list[int], minutes_left: int | None = None) -> Schedule | None:
        """Time a route and cost it; None if it breaks a hard rule or spans more than `minutes_left`."""
        if not nodes:
            return self.empty(v)
        veh = self.inst.vehicles[v]
        timed = self.timed(v, nodes, None)
        if timed is None:
            return None
        starts, dep, ret = timed
        brk: int | None = None
        if self.inst.break_after is not None and ret - dep > self.inst.break_after:
            placed = self._place_break(v, nodes, starts, dep, ret)
            if placed is None:
                return None
            starts, dep, ret, brk = placed
        if minutes_left is not None and ret - dep > minutes_left:
            return None
        if veh.carer.capacity is not None and sum(self.demand[j] for j in nodes) > veh.carer.capacity:
            return None
        return Schedule(tuple(starts), dep, ret, brk, self.objective.route_cost(v, nodes, starts, ret - dep))

    def timed(self, v: int, nodes: list[int], extra_leg: int | None) -> tuple[list[int], int, int] | None:
        """Earliest forward pass, then a backward pass moving visits as late as helps: (starts, dep, ret).

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
        salaried = veh.span_coeff > 0
        req = self.req
        if not salaried and all(e >= req[j] for e, j in zip(earliest, nodes, strict=True)):
            # Nothing to move later: every visit is already at or past its requested start.
            return earliest, earliest[0] - T[base][nodes[0]] - (REST_BREAK_MIN if extra_leg == 0 else 0), ret
        starts = list(earliest)
        last = nodes[-1]
        if not salaried:
            latest = min(
                self.bounds(last)[1],
                veh.end - T[last][base] - svc[last] - (REST_BREAK_MIN if extra_leg == n else 0),
            )
            starts[-1] = min(latest, max(earliest[-1], req[last]))
            ret = starts[-1] + svc[last] + T[last][base] + (REST_BREAK_MIN if extra_leg == n else 0)
        for k in range(n - 2, -1, -1):
            j, nx = nodes[k], nodes[k + 1]
            latest = min(
                self.bounds(j)[1],
                starts[k + 1] - T[j][nx] - svc[j] - (REST_BREAK_MIN if extra_leg == k + 1 else 0),
            )
            starts[k] = latest if salaried else min(latest, max(earliest[k], req[j]))
        departure = starts[0] - T[base][nodes[0]] - (REST_BREAK_MIN if extra_leg == 0 else 0)
        return starts, departure, ret

    def _place_break(
        self, v: int, nodes: list[int], starts: list[int], dep: int, ret: int
    ) -> tuple[list[int], int, int, int] | None:
        """A 20-minute break in a gap that also holds the travel; else re-time with one leg longer."""
        veh = self.inst.vehicles[v]
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
        if dep - REST_BREAK_MIN >= veh.start:
            options.append((ret - dep + REST_BREAK_MIN, starts, dep - REST_BREAK_MIN, ret, 0))
        if ret + REST_BREAK_MIN <= veh.end:
            options.append((ret - dep + REST_BREAK_MIN, starts, dep, ret + REST_BREAK_MIN, n))
        for k in range(1, n):
            timed = self.timed(v, nodes, k)
            if timed is not None:
                s2, d2, r2 = timed
                # The compressed schedule may still leave the break leg exactly REST_BREAK_MIN of slack.
                options.append((r2 - d2, s2, d2, r2, k))
        if not options:
            return None
        _, s, d, r, k = min(options, key=lambda o: (o[0], o[4]))
        return s, d, r, k
