"""Our own first roster: a synchronisation-aware greedy insertion (pure Python, no OR-Tools).

OR-Tools' own first-solution heuristics insert one node at a time, so a double-up (two carers at the same
minute) or a dependency (a second visit min..max minutes after the first) rarely fits and the search
starts from a roster missing them. Here the visits are inserted in order of (priority, synchronised
groups first, window tightness), each into the cheapest feasible position; the nodes of a group are
placed together into different carers' routes at a common feasible start and then pinned there.

Every hard rule of the model is checked on each insertion: windows, shift bounds (leave and return to
base), the rest break of routes longer than six hours (a gap holding travel + 20 minutes), working
minutes per day across a carer's split shifts, capacity, and different carers within a group, so
OR-Tools accepts what this builds unchanged. Costs are the model's objective terms, except that a carer
new to a client this week is charged once per (client, carer) in the day rather than per visit.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .instance import REST_BREAK_MIN, Instance

# Exact evaluations per visit after ranking positions by an approximate cost.
EXACT_CANDIDATES = 4
# Candidate pairs examined per synchronised pair before giving up.
PAIR_COMBINATIONS = 600
# Positions per half of a synchronised pair that are paired with the other half's.
PAIR_SIDE_CANDIDATES = 80


Snapshot = tuple[list[list[int]], list["Schedule"], dict[int, int], list[int], dict[tuple[int, int], int]]


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


class Construction:
    """Routes under construction. `insert_all` places every unrouted visit it can."""

    def __init__(self, inst: Instance, seed: int) -> None:
        self.inst = inst
        self.rng = random.Random(seed)
        n_veh = len(inst.vehicles)
        self.routes: list[list[int]] = [[] for _ in range(n_veh)]
        self.scheds: list[Schedule] = [self._empty(v) for v in range(n_veh)]
        self.pin: dict[int, int] = {}
        self.vehicle_of: list[int] = [-1] * inst.n_visit_nodes
        travel = {mode: m.tolist() for mode, m in inst.travel.items()}
        arc = {key: m.tolist() for key, m in inst.arc_cost.items()}
        self.T = [travel[veh.mode] for veh in inst.vehicles]
        self.C = [arc[inst.vehicle_key[v]] for v in range(n_veh)]
        # Route costs leave out the new-carer-in-week part, which is charged per (client, carer) pair.
        self.NC = (inst.node_cost - inst.new_carer_cost).tolist()
        self.new_cost: list[list[int]] = inst.new_carer_cost.tolist()
        self.client_of = inst.node_client
        self.pairs: dict[tuple[int, int], int] = {}
        self.svc: list[int] = inst.service.tolist()
        self.ws: list[int] = inst.ws.tolist()
        self.we: list[int] = inst.we.tolist()
        self.hi: list[int] = inst.hi.tolist()
        self.soft: list[bool] = inst.soft.tolist()
        self.req: list[int] = inst.requested.tolist()
        self.late: list[int] = inst.late_coeff.tolist()
        self.demand: list[int] = inst.demand.tolist()
        self.allowed = [list(map(int, row.nonzero()[0])) for row in inst.allowed]
        self.slot = [veh.carer_slot for veh in inst.vehicles]
        self.slot_array = np.array(self.slot, dtype=np.int64)
        self._slack_cache: dict[int, tuple[Schedule, list[int], list[int]]] = {}
        self.partners: list[list[tuple[int, int, int]]] = [[] for _ in range(inst.n_visit_nodes)]
        for link in inst.links:
            # (other node, min, max) of start(other) - start(this)
            self.partners[link.first].append((link.second, link.min_gap, link.max_gap))
            self.partners[link.second].append((link.first, -link.max_gap, -link.min_gap))

    # ------------------------------------------------------------------------------ ruining routes
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
        return True

    # ------------------------------------------------------------------------- the state as a whole
    def total_cost(self) -> int:
        """The objective: route costs, one new-carer charge per (client, carer) pair, unrouted penalties,
        the largest lateness.

        The model charges the new-carer term per visit instead (see configs/README.md); counting it per
        pair here rewards giving a client's visits of the day to one carer.
        """
        unrouted = sum(int(self.inst.penalty[j]) for j, v in enumerate(self.vehicle_of) if v < 0)
        first: dict[tuple[int, int], int] = {}
        for j, v in enumerate(self.vehicle_of):
            if v >= 0:
                first.setdefault((self.client_of[j], self.slot[v]), self.new_cost[v][j])
        return self.routes_cost() + sum(first.values()) + unrouted + self.max_lateness_cost()

    def routes_cost(self) -> int:
        return sum(s.cost for s in self.scheds)

    def max_lateness_cost(self) -> int:
        """The model's charge on the day's largest lateness (soft windows), 0 when it is not priced."""
        coeff = self.inst.max_late_coeff
        if not coeff:
            return 0
        worst = 0
        for nodes, sched in zip(self.routes, self.scheds, strict=True):
            for j, t in zip(nodes, sched.starts, strict=True):
                if self.soft[j] and t - self.we[j] > worst:
                    worst = t - self.we[j]
        return coeff * worst

    def routed_count(self) -> int:
        return sum(len(nodes) for nodes in self.routes)

    def snapshot(self) -> Snapshot:
        return (
            [list(r) for r in self.routes],
            list(self.scheds),
            dict(self.pin),
            list(self.vehicle_of),
            dict(self.pairs),
        )

    def restore(self, snap: Snapshot) -> None:
        routes, scheds, pin, vehicle_of, pairs = snap
        self.routes, self.scheds = [list(r) for r in routes], list(scheds)
        self.pin, self.vehicle_of, self.pairs = dict(pin), list(vehicle_of), dict(pairs)

    def _count_pair(self, v: int, j: int, step: int) -> None:
        key = (self.client_of[j], self.slot[v])
        self.pairs[key] = self.pairs.get(key, 0) + step

    def _pair_cost(self, v: int, j: int) -> int:
        """The new-carer charge of giving node j to vehicle v: only the carer's first visit to the client."""
        return 0 if self.pairs.get((self.client_of[j], self.slot[v]), 0) else self.new_cost[v][j]

    # ----------------------------------------------------------------------------- insertion order
    def insert_all(self, shuffle: bool = False) -> None:
        """Insert every unrouted group: high priority, synchronised groups and tight windows first.

        With `shuffle`, groups of one priority come in random order (ruin-and-recreate diversity).
        """
        inst = self.inst
        pending = [g for g in range(len(inst.groups)) if self.vehicle_of[inst.groups[g][0]] < 0]
        noise = {g: self.rng.random() for g in pending}

        def key(g: int) -> tuple[int, int, int, int, float]:
            nodes = inst.groups[g]
            visit = inst.visit_of(nodes[0])
            if shuffle:
                return (visit.priority, 0, 0, 0, noise[g])
            width = min(self.hi[j] - self.ws[j] for j in nodes)
            return (visit.priority, -len(nodes), width, min(self.ws[j] for j in nodes), noise[g])

        for g in sorted(pending, key=key):
            nodes = inst.groups[g]
            if len(nodes) == 1:
                self._insert_single(nodes[0])
            elif len(nodes) == 2:
                self._insert_pair(nodes[0], nodes[1])
            else:
                self._insert_group(nodes)

    def routed_starts(self) -> dict[int, int]:
        return {
            j: t
            for v, nodes in enumerate(self.routes)
            for j, t in zip(nodes, self.scheds[v].starts, strict=True)
        }

    # ------------------------------------------------------------------------------- timing a route
    def _empty(self, v: int) -> Schedule:
        start = self.inst.vehicles[v].start
        return Schedule((), start, start, None, 0)

    def _bounds(self, j: int) -> tuple[int, int]:
        t = self.pin.get(j)
        return (t, t) if t is not None else (self.ws[j], self.hi[j])

    def time_cost(self, j: int, t: int) -> int:
        """Punctuality and lateness of starting node j at t, as the model charges them."""
        inst = self.inst
        req = self.req[j]
        c = inst.punct_coeff * (req - t) if t < req else 0
        if self.soft[j]:
            if t > self.we[j]:
                c += (self.late[j] + (inst.punct_coeff if req >= self.we[j] else 0)) * (t - self.we[j])
        elif t > req:
            c += inst.punct_coeff * (t - req)
        return c

    def _timed(self, v: int, nodes: list[int], extra_leg: int | None) -> tuple[list[int], int, int] | None:
        """Earliest forward pass, then a backward pass moving visits as late as helps: (starts, dep, ret)."""
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
                self._bounds(last)[1],
                veh.end - T[last][base] - svc[last] - (REST_BREAK_MIN if extra_leg == n else 0),
            )
            starts[-1] = min(latest, max(earliest[-1], self.req[last]))
            ret = starts[-1] + svc[last] + T[last][base] + (REST_BREAK_MIN if extra_leg == n else 0)
        for k in range(n - 2, -1, -1):
            j, nx = nodes[k], nodes[k + 1]
            latest = min(
                self._bounds(j)[1],
                starts[k + 1] - T[j][nx] - svc[j] - (REST_BREAK_MIN if extra_leg == k + 1 else 0),
            )
            starts[k] = latest if salaried else min(latest, max(earliest[k], self.req[j]))
        departure = starts[0] - T[base][nodes[0]] - (REST_BREAK_MIN if extra_leg == 0 else 0)
        return starts, departure, ret

    def schedule(self, v: int, nodes: list[int], check_limit: bool = True) -> Schedule | None:
        """Time a route and cost it; None if it breaks a hard rule."""
        if not nodes:
            return self._empty(v)
        veh = self.inst.vehicles[v]
        timed = self._timed(v, nodes, None)
        if timed is None:
            return None
        starts, dep, ret = timed
        brk: int | None = None
        if self.inst.break_after is not None and ret - dep > self.inst.break_after:
            placed = self._place_break(v, nodes, starts, dep, ret)
            if placed is None:
                return None
            starts, dep, ret, brk = placed
        if check_limit and not self._within_limit(v, ret - dep):
            return None
        if veh.carer.capacity is not None and sum(self.demand[j] for j in nodes) > veh.carer.capacity:
            return None
        return Schedule(tuple(starts), dep, ret, brk, self._route_cost(v, nodes, starts, ret - dep))

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
            timed = self._timed(v, nodes, k)
            if timed is not None:
                s2, d2, r2 = timed
                # The compressed schedule may still leave the break leg exactly REST_BREAK_MIN of slack.
                options.append((r2 - d2, s2, d2, r2, k))
        if not options:
            return None
        _, s, d, r, k = min(options, key=lambda o: (o[0], o[4]))
        return s, d, r, k

    def _within_limit(self, v: int, span: int) -> bool:
        inst = self.inst
        slot = self.slot[v]
        limit = inst.carer_limit.get(slot)
        if limit is None:
            return True
        others = sum(self.scheds[u].span for u in inst.carer_vehicles[slot] if u != v)
        return others + span <= limit

    def _route_cost(self, v: int, nodes: list[int], starts: list[int], span: int) -> int:
        C, NC, base = self.C[v], self.NC[v], self.inst.vehicles[v].base
        cost = self.inst.vehicles[v].span_coeff * span
        prev = base
        for j, t in zip(nodes, starts, strict=True):
            cost += C[prev][j] + NC[j] + self.time_cost(j, t)
            prev = j
        return cost + C[prev][base]

    # ------------------------------------------------------------------------- candidate positions
    def _positions(self, j: int, v: int, window: tuple[int, int]) -> list[tuple[int, int, int, int]]:
        """Feasible-looking positions of j in route v: (approx cost, position, earliest, latest start)."""
        veh = self.inst.vehicles[v]
        T, C, svc, base = self.T[v], self.C[v], self.svc, veh.base
        nodes = self.routes[v]
        lo, h = window
        n = len(nodes)
        latest, leaves = self._slack(v)
        out: list[tuple[int, int, int, int]] = []
        # Same for every position: the carer-and-client cost of the visit.
        fixed = self.NC[v][j] + self._pair_cost(v, j)
        span_coeff, sj, req, Tj = veh.span_coeff, svc[j], self.req[j], T[j]
        # latest[] never decreases along a route: positions before the first latest >= lo cannot fit.
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
            approx = C[prev][j] + C[j][nx] - C[prev][nx] + fixed + self.time_cost(j, t)
            if span_coeff:
                approx += span_coeff * (T[prev][j] + sj + Tj[nx] - T[prev][nx])
            out.append((approx, p, e, late))
        return out

    def _slack(self, v: int) -> tuple[list[int], list[int]]:
        """Per routed visit of v: its latest start that still lets the rest of the route finish in the
        shift, and the earliest time it can be left. Cached per schedule: a route is re-timed only when
        it changes, but its positions are examined for every visit inserted."""
        sched = self.scheds[v]
        cached = self._slack_cache.get(v)
        if cached is not None and cached[0] is sched:
            return cached[1], cached[2]
        veh = self.inst.vehicles[v]
        T, svc, base = self.T[v], self.svc, veh.base
        nodes = self.routes[v]
        n = len(nodes)
        latest = [0] * n
        nxt_t, nxt = veh.end, base
        for k in range(n - 1, -1, -1):
            m = nodes[k]
            latest[k] = min(self._bounds(m)[1], nxt_t - T[m][nxt] - svc[m])
            nxt_t, nxt = latest[k], m
        leaves: list[int] = []
        t, prev = veh.start, base
        for m in nodes:
            t = max(t + T[prev][m], self._bounds(m)[0]) + svc[m]
            leaves.append(t)
            prev = m
        self._slack_cache[v] = (sched, latest, leaves)
        return latest, leaves

    def _try(self, v: int, j: int, p: int, t: int | None) -> Schedule | None:
        """The route with j inserted at p (pinned at t when given), or None if infeasible."""
        if t is not None:
            self.pin[j] = t
        nodes = self.routes[v]
        sched = self.schedule(v, [*nodes[:p], j, *nodes[p:]])
        if t is not None:
            del self.pin[j]
        return sched

    def _commit(self, v: int, j: int, p: int, t: int | None, sched: Schedule) -> None:
        self.routes[v].insert(p, j)
        self.scheds[v] = sched
        self.vehicle_of[j] = v
        self._count_pair(v, j, 1)
        if t is not None:
            self.pin[j] = t

    # ------------------------------------------------------------------------------------ inserting
    def _insert_single(self, j: int) -> None:
        cands = []
        for v in self.allowed[j]:
            for approx, p, _, _ in self._positions(j, v, self._bounds(j)):
                cands.append((approx, v, p))
        cands.sort()
        best: tuple[int, int, int, Schedule] | None = None
        tried = 0
        for _, v, p in cands:
            sched = self._try(v, j, p, None)
            if sched is None:
                continue
            delta = sched.cost - self.scheds[v].cost + self._pair_cost(v, j)
            if best is None or delta < best[0]:
                best = (delta, v, p, sched)
            tried += 1
            if tried >= EXACT_CANDIDATES:
                break
        if best is not None and best[0] < self.inst.penalty[j]:
            self._commit(best[1], j, best[2], None, best[3])

    def _insert_pair(self, a: int, b: int) -> None:
        gaps = [(lo, hi) for other, lo, hi in self.partners[a] if other == b]
        g_lo = max(lo for lo, _ in gaps)
        g_hi = min(hi for _, hi in gaps)
        ca = [
            (approx, v, p, e, late)
            for v in self.allowed[a]
            for approx, p, e, late in self._positions(a, v, self._bounds(a))
        ]
        cb = [
            (approx, v, p, e, late)
            for v in self.allowed[b]
            for approx, p, e, late in self._positions(b, v, self._bounds(b))
        ]
        # Only the cheapest positions of each half are paired: the PAIR_COMBINATIONS cheapest pairs
        # almost always come from them, and pairing all is quadratic in the positions of a large day.
        ca = sorted(ca)[:PAIR_SIDE_CANDIDATES]
        cb = sorted(cb)[:PAIR_SIDE_CANDIDATES]
        combos = pair_combinations(ca, cb, g_lo, g_hi, self.slot_array) if ca and cb else []
        best: tuple[int, tuple[int, int, int, Schedule], tuple[int, int, int, Schedule]] | None = None
        found = 0
        for ia, ib in combos:
            _, va, pa, ea, la = ca[ia]
            _, vb, pb, eb, lb = cb[ib]
            lo_t, hi_t = max(ea, eb - g_hi), min(la, lb - g_lo)
            ta = min(hi_t, max(lo_t, self.req[a]))
            tb = min(min(lb, ta + g_hi), max(max(eb, ta + g_lo), self.req[b]))
            sa = self._try(va, a, pa, ta)
            if sa is None:
                continue
            sb = self._try_with(va, sa, a, ta, vb, b, pb, tb)
            if sb is None:
                continue
            delta = (
                sa.cost
                - self.scheds[va].cost
                + self._pair_cost(va, a)
                + sb.cost
                - self.scheds[vb].cost
                + self._pair_cost(vb, b)
            )
            if best is None or delta < best[0]:
                best = (delta, (va, pa, ta, sa), (vb, pb, tb, sb))
            found += 1
            if found >= EXACT_CANDIDATES:
                break
        if best is not None and best[0] < self.inst.penalty[a] + self.inst.penalty[b]:
            va, pa, ta, sa = best[1]
            vb, pb, tb, sb = best[2]
            self._commit(va, a, pa, ta, sa)
            self._commit(vb, b, pb, tb, sb)

    def _try_with(
        self, va: int, sa: Schedule, a: int, ta: int, vb: int, b: int, pb: int, tb: int
    ) -> Schedule | None:
        """Route vb with b inserted, given a tentatively in va (which matters for a carer's day limit)."""
        if self.slot[va] != self.slot[vb] and self.inst.carer_limit.get(self.slot[vb]) is None:
            return self._try(vb, b, pb, tb)
        old = self.scheds[va]
        self.scheds[va] = sa
        try:
            return self._try(vb, b, pb, tb)
        finally:
            self.scheds[va] = old

    def _insert_group(self, nodes: list[int]) -> None:
        """Three or more linked nodes: depth-first, each pinned given those already placed."""
        placed: list[tuple[int, int, int, int, Schedule]] = []
        if self._place_rest(nodes, 0, placed):
            for v, j, p, t, sched in placed:
                self._commit(v, j, p, t, sched)

    def _place_rest(
        self, nodes: list[int], k: int, placed: list[tuple[int, int, int, int, Schedule]]
    ) -> bool:
        if k == len(nodes):
            return True
        j = nodes[k]
        lo, hi = self._bounds(j)
        times = {m: t for _, m, _, t, _ in placed}
        for other, g_lo, g_hi in self.partners[j]:
            if other in times:
                lo, hi = max(lo, times[other] + g_lo), min(hi, times[other] + g_hi)
        if lo > hi:
            return False
        # One carer per node of a group: every link needs different carers, and it keeps day limits exact.
        busy_slots = {self.slot[v] for v, *_ in placed}
        cands = sorted(
            (approx, v, p, e, late)
            for v in self.allowed[j]
            if self.slot[v] not in busy_slots
            for approx, p, e, late in self._positions(j, v, (lo, hi))
        )
        for _, v, p, e, late in cands[:EXACT_CANDIDATES]:
            t = min(late, max(e, self.req[j]))
            sched = self._try(v, j, p, t)
            if sched is None:
                continue
            placed.append((v, j, p, t, sched))
            self.pin[j] = t
            ok = self._place_rest(nodes, k + 1, placed)
            del self.pin[j]
            if ok:
                return True
            placed.pop()
        return False


Candidate = tuple[int, int, int, int, int]  # (approx cost, vehicle, position, earliest, latest start)


def pair_combinations(
    ca: list[Candidate], cb: list[Candidate], g_lo: int, g_hi: int, slot: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """(ia, ib) of the PAIR_COMBINATIONS cheapest pairs of positions, one per half of a synchronised pair:
    on different carers (`slot` maps vehicle to carer), with start ranges that admit a gap in
    [g_lo, g_hi]; cheapest first, ties by index. Vectorised: this is the hot spot of days with many
    double-ups (a Python double loop took most of the insertion time on 200-patient instances)."""
    a, b = np.array(ca, dtype=np.int64), np.array(cb, dtype=np.int64)
    ok = slot[a[:, 1]][:, None] != slot[b[:, 1]][None, :]
    ok &= np.maximum(a[:, 3][:, None], b[:, 3][None, :] - g_hi) <= np.minimum(
        a[:, 4][:, None], b[:, 4][None, :] - g_lo
    )
    ia, ib = np.nonzero(ok)
    order = np.lexsort((ib, ia, a[ia, 0] + b[ib, 0]))[:PAIR_COMBINATIONS]
    return list(zip(ia[order].tolist(), ib[order].tolist(), strict=True))


def construct(inst: Instance, seed: int) -> Construction:
    """The greedy roster of `inst` (see the module docstring)."""
    con = Construction(inst, seed)
    con.insert_all()
    return con
