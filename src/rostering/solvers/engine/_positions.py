"""Where a visit could go: every feasible-looking position in a route, ranked by an approximate cost.

The approximation (the arc detour, the visit's own costs, the wages of a longer span) lets insertion
time exactly only the few cheapest positions. Each route's slack (latest start of each visit that still
lets the rest of the route finish in the shift, earliest time each can be left) is cached per schedule:
a route is re-timed only when it changes, but its positions are examined for every visit inserted.
"""

from __future__ import annotations

from bisect import bisect_left

from ._routes import RouteState
from ._schedule import Schedule

# Exact evaluations per visit after ranking positions by an approximate cost.
EXACT_CANDIDATES = 4

# (approx cost, position, earliest start, latest start)
Position = tuple[int, int, int, int]


class PositionScan:
    """Candidate positions of a visit node in the routes of `state`."""

    def __init__(self, state: RouteState) -> None:
        self.state = state
        self._slack_cache: dict[int, tuple[Schedule, list[int], list[int]]] = {}

    def positions(self, j: int, v: int, window: tuple[int, int]) -> list[Position]:
        """Feasible-looking positions of j in route v, starting inside `window`."""
        state = self.state
        timing, objective = state.timing, state.objective
        veh = state.inst.vehicles[v]
        T, C, svc, base = timing.T[v], objective.arc[v], timing.svc, veh.base
        nodes = state.routes[v]
        lo, h = window
        n = len(nodes)
        latest, leaves = self.slack(v)
        out: list[Position] = []
        # Same for every position: the carer-and-client cost of the visit.
        fixed = objective.enter[v][j] + state.pair_cost(v, j)
        span_coeff, sj, req, Tj = veh.span_coeff, svc[j], timing.target[j], T[j]
        time_cost = objective.time_cost
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
            approx = C[prev][j] + C[j][nx] - C[prev][nx] + fixed + time_cost(j, t)
            if span_coeff:
                approx += span_coeff * (T[prev][j] + sj + Tj[nx] - T[prev][nx])
            out.append((approx, p, e, late))
        return out

    def slack(self, v: int) -> tuple[list[int], list[int]]:
        """Per routed visit of v: its latest start that still lets the rest of the route finish in the
        shift, and the earliest time it can be left."""
        state = self.state
        sched = state.scheds[v]
        cached = self._slack_cache.get(v)
        if cached is not None and cached[0] is sched:
            return cached[1], cached[2]
        timing = state.timing
        veh = state.inst.vehicles[v]
        T, svc, base, bounds = timing.T[v], timing.svc, veh.base, timing.bounds
        nodes = state.routes[v]
        n = len(nodes)
        latest = [0] * n
        nxt_t, nxt = veh.end, base
        for k in range(n - 1, -1, -1):
            m = nodes[k]
            latest[k] = min(bounds(m)[1], nxt_t - T[m][nxt] - svc[m])
            nxt_t, nxt = latest[k], m
        leaves: list[int] = []
        t, prev = veh.start, base
        for m in nodes:
            t = max(t + T[prev][m], bounds(m)[0]) + svc[m]
            leaves.append(t)
            prev = m
        self._slack_cache[v] = (sched, latest, leaves)
        return latest, leaves
