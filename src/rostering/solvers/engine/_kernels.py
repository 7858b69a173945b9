"""The compiled core of the search: timing a route, its slack, and scanning where a visit could go.

These are the loops every ruin-and-recreate round runs thousands of times (benchmarks/bench_rounds.py);
numba compiles them to machine code on first use and caches the result beside this file, so a later
process loads them in a fraction of a second. They read the instance as a few integer tables
(`_tables.py`) and the roster as arrays mirrored by RouteState (`_routes.py`); the Python modules
around them (_schedule.py, _positions.py, _insertion.py, _sync_insertion.py) keep the search's logic
and its interfaces. The rules are the ones the modules' docstrings state; every kernel does what the
Python loop it replaced did, step for step, so a work-limited run gives the same roster (tests in
tests/solvers/engine/test_kernels.py compare them with a plain-Python reference on random routes).

Conventions: `NO_PIN` for a node without a pinned start, -1 for "none" (a vehicle's capacity, a day's
limit, the rest-break rule, an extra break leg).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._tables import (
    BREAK_AFTER,
    HAS_NEW_CARER,
    N_CLIENT,
    N_DEMAND,
    N_HI,
    N_LATE,
    N_REQ,
    N_SOFT,
    N_SVC,
    N_WE,
    N_WS,
    NO_LIMIT,
    NO_PIN,
    PUNCT,
    REST_BREAK,
    V_BASE,
    V_CAP,
    V_DAY,
    V_END,
    V_KEY,
    V_MODE,
    V_SLOT,
    V_SPAN,
    V_START,
)

CACHE = True


@njit(cache=CACHE)
def time_cost(j, t, node, punct):  # type: ignore[no-untyped-def]
    """Punctuality and lateness of starting node j at t (Objective.time_cost)."""
    req = node[j, N_REQ]
    c = punct * (req - t) if t < req else 0
    if node[j, N_SOFT]:
        we = node[j, N_WE]
        if t > we:
            c += (node[j, N_LATE] + (punct if req >= we else 0)) * (t - we)
    elif t > req:
        c += punct * (t - req)
    return c


@njit(cache=CACHE)
def _lo(m, node, pin, pj, pt):  # type: ignore[no-untyped-def]
    if m == pj:
        return pt
    return pin[m] if pin[m] != NO_PIN else node[m, N_WS]


@njit(cache=CACHE)
def _hi(m, node, pin, pj, pt):  # type: ignore[no-untyped-def]
    if m == pj:
        return pt
    return pin[m] if pin[m] != NO_PIN else node[m, N_HI]


@njit(cache=CACHE)
def timed(nodes, n, v, extra, travel, node, veh, pin, pj, pt, out):  # type: ignore[no-untyped-def]
    """Earliest forward pass, then a backward pass moving visits as late as helps (RouteTiming.timed).

    Starts go to out[:n]; returns (feasible, departure, return). `extra` lengthens leg `extra` by the
    rest break (-1: none); node pj is pinned at pt for this call (-1: none)."""
    T = travel[veh[v, V_MODE]]
    base = veh[v, V_BASE]
    t = veh[v, V_START]
    prev = base
    for k in range(n):
        j = nodes[k]
        arr = t + T[prev, j] + (REST_BREAK if extra == k else 0)
        lo = _lo(j, node, pin, pj, pt)
        e = arr if arr > lo else lo
        if e > _hi(j, node, pin, pj, pt):
            return False, 0, 0
        out[k] = e
        t = e + node[j, N_SVC]
        prev = j
    ret = t + T[prev, base] + (REST_BREAK if extra == n else 0)
    if ret > veh[v, V_END]:
        return False, 0, 0
    salaried = veh[v, V_SPAN] > 0
    if not salaried:
        settled = True
        for k in range(n):
            if out[k] < node[nodes[k], N_REQ]:
                settled = False
                break
        if settled:
            return True, out[0] - T[base, nodes[0]] - (REST_BREAK if extra == 0 else 0), ret
    last = nodes[n - 1]
    if not salaried:
        latest = min(
            _hi(last, node, pin, pj, pt),
            veh[v, V_END] - T[last, base] - node[last, N_SVC] - (REST_BREAK if extra == n else 0),
        )
        out[n - 1] = min(latest, max(out[n - 1], node[last, N_REQ]))
        ret = out[n - 1] + node[last, N_SVC] + T[last, base] + (REST_BREAK if extra == n else 0)
    for k in range(n - 2, -1, -1):
        j = nodes[k]
        nx = nodes[k + 1]
        latest = min(
            _hi(j, node, pin, pj, pt),
            out[k + 1] - T[j, nx] - node[j, N_SVC] - (REST_BREAK if extra == k + 1 else 0),
        )
        out[k] = latest if salaried else min(latest, max(out[k], node[j, N_REQ]))
    return True, out[0] - T[base, nodes[0]] - (REST_BREAK if extra == 0 else 0), ret


@njit(cache=CACHE)
def _place_break(nodes, n, v, starts, dep, ret, travel, node, veh, pin, pj, pt, tmp):  # type: ignore[no-untyped-def]
    """A 20-minute break in a gap that also holds the travel, else re-time with one leg longer
    (RouteTiming._place_break). Returns (feasible, departure, return, break leg); starts may change."""
    T = travel[veh[v, V_MODE]]
    mid = (dep + ret) / 2.0
    best_k = -1
    best_score = 0.0
    for k in range(1, n):
        prev = nodes[k - 1]
        nx = nodes[k]
        slack = starts[k] - starts[k - 1] - node[prev, N_SVC] - T[prev, nx]
        if slack >= REST_BREAK:
            gap_mid = starts[k - 1] + node[prev, N_SVC] + T[prev, nx] / 2.0
            score = abs(gap_mid - mid)
            if best_k < 0 or score < best_score:
                best_k = k
                best_score = score
    if best_k >= 0:
        return True, dep, ret, best_k
    # The options, smallest (span, leg) first: leave earlier (leg 0), get back later (leg n), or a
    # longer leg k inside the route, re-timed.
    o_span = -1
    o_k = -1
    o_dep = 0
    o_ret = 0
    if dep - REST_BREAK >= veh[v, V_START]:
        o_span, o_k, o_dep, o_ret = ret - dep + REST_BREAK, 0, dep - REST_BREAK, ret
    if ret + REST_BREAK <= veh[v, V_END]:
        span = ret - dep + REST_BREAK
        if o_k < 0 or span < o_span:
            o_span, o_k, o_dep, o_ret = span, n, dep, ret + REST_BREAK
    keep = np.empty(n, dtype=np.int64)
    moved = False
    for k in range(1, n):
        ok, d2, r2 = timed(nodes, n, v, k, travel, node, veh, pin, pj, pt, tmp)
        if not ok:
            continue
        span = r2 - d2
        if o_k < 0 or span < o_span or (span == o_span and k < o_k):
            o_span, o_k, o_dep, o_ret = span, k, d2, r2
            keep[:n] = tmp[:n]
            moved = True
    if o_k < 0:
        return False, 0, 0, -1
    if moved and o_k != 0 and o_k != n:
        starts[:n] = keep[:n]
    return True, o_dep, o_ret, o_k


@njit(cache=CACHE)
def route_cost(nodes, n, v, starts, span, arc, enter, node, veh, params):  # type: ignore[no-untyped-def]
    """Wages, travel, mileage, unfamiliar-carer and time costs of one timed route (Objective.route_cost)."""
    C = arc[veh[v, V_KEY]]
    base = veh[v, V_BASE]
    punct = params[PUNCT]
    cost = veh[v, V_SPAN] * span
    prev = base
    for k in range(n):
        j = nodes[k]
        cost += C[prev, j] + enter[v, j] + time_cost(j, starts[k], node, punct)
        prev = j
    return cost + C[prev, base]


@njit(cache=CACHE)
def schedule(nodes, n, v, minutes_left, travel, arc, enter, node, veh, params, pin, pj, pt, out, tmp):  # type: ignore[no-untyped-def]
    """Time and cost a route (RouteTiming.schedule): (feasible, departure, return, break leg, cost), the
    starts in out[:n]; NO_LIMIT as `minutes_left` when no day limit applies."""
    if n == 0:
        return True, veh[v, V_START], veh[v, V_START], -1, 0
    ok, dep, ret = timed(nodes, n, v, -1, travel, node, veh, pin, pj, pt, out)
    if not ok:
        return False, 0, 0, -1, 0
    brk = -1
    after = params[BREAK_AFTER]
    if after >= 0 and ret - dep > after:
        ok, dep, ret, brk = _place_break(nodes, n, v, out, dep, ret, travel, node, veh, pin, pj, pt, tmp)
        if not ok:
            return False, 0, 0, -1, 0
    if ret - dep > minutes_left:
        return False, 0, 0, -1, 0
    cap = veh[v, V_CAP]
    if cap >= 0:
        load = 0
        for k in range(n):
            load += node[nodes[k], N_DEMAND]
        if load > cap:
            return False, 0, 0, -1, 0
    return True, dep, ret, brk, route_cost(nodes, n, v, out, ret - dep, arc, enter, node, veh, params)


@njit(cache=CACHE)
def minutes_left(v, veh, day_limit, day_ptr, day_idx, span):  # type: ignore[no-untyped-def]
    """Minutes vehicle v may span within its carer's daily limit given the carer's other routes that day
    (RouteState._minutes_left); NO_LIMIT when the carer has none."""
    day = veh[v, V_DAY]
    limit = day_limit[day]
    if limit < 0:
        return NO_LIMIT
    left = limit
    for i in range(day_ptr[day], day_ptr[day + 1]):
        u = day_idx[i]
        if u != v:
            left -= span[u]
    return left


@njit(cache=CACHE)
def slack_row(v, routes, length, travel, node, veh, pin, latest, leaves):  # type: ignore[no-untyped-def]
    """Per routed visit of v: its latest start that still lets the rest of the route finish in the shift,
    and the earliest time it can be left (PositionScan.slack), into row v of latest and leaves."""
    T = travel[veh[v, V_MODE]]
    n = length[v]
    nxt_t = veh[v, V_END]
    nxt = veh[v, V_BASE]
    for k in range(n - 1, -1, -1):
        m = routes[v, k]
        hi = pin[m] if pin[m] != NO_PIN else node[m, N_HI]
        latest[v, k] = min(hi, nxt_t - T[m, nxt] - node[m, N_SVC])
        nxt_t = latest[v, k]
        nxt = m
    t = veh[v, V_START]
    prev = veh[v, V_BASE]
    for k in range(n):
        m = routes[v, k]
        lo = pin[m] if pin[m] != NO_PIN else node[m, N_WS]
        t = max(t + T[prev, m], lo) + node[m, N_SVC]
        leaves[v, k] = t
        prev = m
