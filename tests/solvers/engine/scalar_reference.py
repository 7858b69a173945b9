"""The engine's inner loops as plain Python: what the compiled core (_kernels.py, _scan_kernels.py)
replaced, kept as the reference the kernels are tested against (test_kernels.py).

Copied from the Python implementation that shipped before the core was compiled (RouteTiming's timing
and break placement as issue 18 left them, PositionScan's slack and scan); any change to a rule goes here
and into the kernel alike. Costs are Objective's (_objective.py), which stays the engine's Python
definition of every term.
"""

from __future__ import annotations

from bisect import bisect_left

from rostering.solvers.engine._instance import REST_BREAK_MIN, Instance
from rostering.solvers.engine._objective import Objective

Timed = tuple[list[int], int, int]
# (starts, departure, return, break leg or None, cost)
Sched = tuple[tuple[int, ...], int, int, int | None, int]


class ScalarTiming:
    def __init__(self, inst: Instance, pin: dict[int, int]) -> None:
        self.inst = inst
        self.objective = Objective(inst)
        self.pin = pin
        travel = {mode: m.tolist() for mode, m in inst.travel.items()}
        self.T = [travel[veh.mode] for veh in inst.vehicles]
        self.svc = inst.service.tolist()
        self.ws = inst.ws.tolist()
        self.hi = inst.hi.tolist()
        self.demand = inst.demand.tolist()
        # Where each visit is aimed: its start on an earlier day of the week when that is within the
        # tolerance of the requested start (a consistent time), else the requested start.
        self.target: list[int] = inst.requested.tolist()
        if inst.consistency_coeff:
            for j, (a, r) in enumerate(zip(inst.anchor.tolist(), inst.requested.tolist(), strict=True)):
                if a >= 0 and abs(a - r) <= inst.tolerance:
                    self.target[j] = a
        # Are start times priced beyond punctuality? Then both timings of a salaried route are compared.
        self.weighs_time = bool(inst.punct_coeff or inst.beyond_coeff or inst.consistency_coeff)

    def bounds(self, j: int) -> tuple[int, int]:
        t = self.pin.get(j)
        return (t, t) if t is not None else (self.ws[j], self.hi[j])

    def schedule(self, v: int, nodes: list[int], minutes_left: int | None = None) -> Sched | None:
        """Time a route and cost it; None if it breaks a hard rule or spans more than `minutes_left`.

        A salaried carer's route is timed two ways, each visit as late as the next allows (the shortest
        paid span) and each visit as near its target start as it can (punctual), and the cheaper by the
        objective is kept; a time-and-task carer's route is timed punctually (its span is not paid).
        """
        if not nodes:
            veh = self.inst.vehicles[v]
            return ((), veh.start, veh.start, None, 0)
        if self.inst.vehicles[v].span_coeff <= 0:
            return self._timed_route(v, nodes, minutes_left, aim=True)
        compact = self._timed_route(v, nodes, minutes_left, aim=False)
        if not self.weighs_time:
            return compact
        punctual = self._timed_route(v, nodes, minutes_left, aim=True)
        if punctual is None or (compact is not None and compact[4] <= punctual[4]):
            return compact
        return punctual

    def _timed_route(self, v: int, nodes: list[int], minutes_left: int | None, aim: bool) -> Sched | None:
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
        return (tuple(starts), dep, ret, brk, self.objective.route_cost(v, nodes, starts, ret - dep))

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

    def slack(self, v: int, nodes: list[int]) -> tuple[list[int], list[int]]:
        veh = self.inst.vehicles[v]
        T, svc, base = self.T[v], self.svc, veh.base
        n = len(nodes)
        latest = [0] * n
        nxt_t, nxt = veh.end, base
        for k in range(n - 1, -1, -1):
            m = nodes[k]
            latest[k] = min(self.bounds(m)[1], nxt_t - T[m][nxt] - svc[m])
            nxt_t, nxt = latest[k], m
        leaves: list[int] = []
        t, prev = veh.start, base
        for m in nodes:
            t = max(t + T[prev][m], self.bounds(m)[0]) + svc[m]
            leaves.append(t)
            prev = m
        return latest, leaves

    def positions(
        self, j: int, v: int, nodes: list[int], window: tuple[int, int], pair_cost: int
    ) -> list[tuple[int, int, int, int]]:
        """(approx, position, earliest, latest) of j in route `nodes` of v; `pair_cost` the new-carer
        charge of giving j to v."""
        objective = self.objective
        veh = self.inst.vehicles[v]
        T, C, svc, base = self.T[v], objective.arc[v], self.svc, veh.base
        lo, h = window
        n = len(nodes)
        latest, leaves = self.slack(v, nodes)
        out: list[tuple[int, int, int, int]] = []
        fixed = objective.enter[v][j] + pair_cost
        span_coeff, sj, req, Tj = veh.span_coeff, svc[j], self.target[j], T[j]
        for p in range(bisect_left(latest, lo), n + 1):
            prev, leave = (nodes[p - 1], leaves[p - 1]) if p > 0 else (base, veh.start)
            if leave > h:
                break
            e = max(leave + T[prev][j], lo)
            if e > h:
                continue
            nx = nodes[p] if p < n else base
            bound = latest[p] if p < n else veh.end
            late = min(h, bound - Tj[nx] - sj)
            if e > late:
                continue
            t = min(late, max(e, req))
            approx = C[prev][j] + C[j][nx] - C[prev][nx] + fixed + objective.time_cost(j, t)
            if span_coeff:
                approx += span_coeff * (T[prev][j] + sj + Tj[nx] - T[prev][nx])
            out.append((approx, p, e, late))
        return out
