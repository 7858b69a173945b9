"""The compiled position scan and cheapest insertion (see _kernels.py for the conventions).

`scan` is PositionScan.positions over every allowed vehicle at once; `best_single` is the whole
insertion of one visit (scan, rank by the approximate cost, time the few cheapest exactly, keep the
cheapest feasible); `best_pair` times the candidate pairs of a synchronised pair in the order
pair_combinations gives them. Candidates are ranked by (approximate cost, vehicle, position), exactly
as sorting the Python tuples did: positions are generated in that order and sorted stably by cost.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ._kernels import CACHE, minutes_left, schedule, time_cost
from ._tables import HAS_NEW_CARER, N_CLIENT, N_REQ, N_SVC, PUNCT, V_BASE, V_END, V_KEY, V_MODE, V_SPAN, V_START


@njit(cache=CACHE)
def pair_cost(v, j, routes, length, node, veh, params, new_carer, slot_ptr, slot_idx):  # type: ignore[no-untyped-def]
    """The new-carer charge of giving node j to vehicle v: 0 once the carer has any visit of the client
    in the block (RouteState.pair_cost)."""
    if params[HAS_NEW_CARER] == 0:
        return 0
    client = node[j, N_CLIENT]
    slot = veh[v, 8]
    for i in range(slot_ptr[slot], slot_ptr[slot + 1]):
        u = slot_idx[i]
        for k in range(length[u]):
            if node[routes[u, k], N_CLIENT] == client:
                return 0
    return new_carer[v, j]


@njit(cache=CACHE)
def scan(  # type: ignore[no-untyped-def]
    j, vs, lo, h, routes, length, latest, leaves, travel, arc, enter, new_carer, node, veh, params,
    slot_ptr, slot_idx, out_approx, out_v, out_p, out_e, out_late,
):
    """Feasible-looking positions of j in the routes of vehicles `vs`, starting inside [lo, h]
    (PositionScan.positions): appended to the out arrays in (vehicle, position) order; returns how many."""
    count = 0
    sj = node[j, N_SVC]
    req = node[j, N_REQ]
    punct = params[PUNCT]
    for i in range(vs.shape[0]):
        v = vs[i]
        T = travel[veh[v, V_MODE]]
        C = arc[veh[v, V_KEY]]
        base = veh[v, V_BASE]
        span_coeff = veh[v, V_SPAN]
        n = length[v]
        fixed = enter[v, j] + pair_cost(v, j, routes, length, node, veh, params, new_carer, slot_ptr, slot_idx)
        # bisect_left(latest, lo): latest never decreases along a route, earlier positions cannot fit.
        a = 0
        b = n
        while a < b:
            mid = (a + b) // 2
            if latest[v, mid] < lo:
                a = mid + 1
            else:
                b = mid
        for p in range(a, n + 1):
            if p > 0:
                prev = routes[v, p - 1]
                leave = leaves[v, p - 1]
            else:
                prev = base
                leave = veh[v, V_START]
            if leave > h:
                break
            e = max(leave + T[prev, j], lo)
            if e > h:
                continue
            if p < n:
                nx = routes[v, p]
                bound = latest[v, p]
            else:
                nx = base
                bound = veh[v, V_END]
            late = min(h, bound - T[j, nx] - sj)
            if e > late:
                continue
            t = min(late, max(e, req))
            approx = C[prev, j] + C[j, nx] - C[prev, nx] + fixed + time_cost(j, t, node, punct)
            if span_coeff:
                approx += span_coeff * (T[prev, j] + sj + T[j, nx] - T[prev, nx])
            out_approx[count] = approx
            out_v[count] = v
            out_p[count] = p
            out_e[count] = e
            out_late[count] = late
            count += 1
    return count


@njit(cache=CACHE)
def with_inserted(routes, length, v, p, j, out):  # type: ignore[no-untyped-def]
    """Route v with j inserted at position p, into out; returns its length."""
    n = length[v]
    for k in range(p):
        out[k] = routes[v, k]
    out[p] = j
    for k in range(p, n):
        out[k + 1] = routes[v, k]
    return n + 1


@njit(cache=CACHE)
def best_single(  # type: ignore[no-untyped-def]
    j, vs, lo, h, exact, routes, length, latest, leaves, cost, span, pin, travel, arc, enter, new_carer,
    node, veh, params, day_limit, day_ptr, day_idx, slot_ptr, slot_idx, c_approx, c_v, c_p, c_e, c_late,
    route_buf, starts_buf, tmp_buf, best_starts,
):
    """j at its cheapest feasible position (Insertion._insert_single without the commit): the `exact`
    cheapest positions by approximate cost that time feasibly are costed exactly, the cheapest kept.
    Returns (found, cost increase, vehicle, position, departure, return, break leg, route cost); the
    route's starts in best_starts."""
    count = scan(
        j, vs, lo, h, routes, length, latest, leaves, travel, arc, enter, new_carer, node, veh, params,
        slot_ptr, slot_idx, c_approx, c_v, c_p, c_e, c_late,
    )
    order = np.argsort(c_approx[:count], kind="mergesort")
    found = False
    b_delta = 0
    b_v = b_p = b_dep = b_ret = b_brk = b_cost = 0
    tried = 0
    for i in range(count):
        v = c_v[order[i]]
        p = c_p[order[i]]
        n = with_inserted(routes, length, v, p, j, route_buf)
        left = minutes_left(v, veh, day_limit, day_ptr, day_idx, span)
        ok, dep, ret, brk, c = schedule(
            route_buf, n, v, left, travel, arc, enter, node, veh, params, pin, -1, 0, starts_buf, tmp_buf
        )
        if not ok:
            continue
        delta = c - cost[v] + pair_cost(v, j, routes, length, node, veh, params, new_carer, slot_ptr, slot_idx)
        if not found or delta < b_delta:
            found = True
            b_delta, b_v, b_p, b_dep, b_ret, b_brk, b_cost = delta, v, p, dep, ret, brk, c
            best_starts[:n] = starts_buf[:n]
        tried += 1
        if tried >= exact:
            break
    return found, b_delta, b_v, b_p, b_dep, b_ret, b_brk, b_cost


@njit(cache=CACHE)
def ranked(count, c_approx):  # type: ignore[no-untyped-def]
    """Indices of the first `count` candidates, cheapest first (ties: scan order)."""
    return np.argsort(c_approx[:count], kind="mergesort")


@njit(cache=CACHE)
def best_pair(  # type: ignore[no-untyped-def]
    a, b, ia, ib, ca, cb, g_lo, g_hi, exact, routes, length, cost, span, pin, travel, arc, enter,
    new_carer, node, veh, params, day_limit, day_ptr, day_idx, slot_ptr, slot_idx, route_buf, tmp_buf,
    sa_buf, sb_buf, best_a, best_b, out,
):
    """The cheapest of the first `exact` feasible pairs of positions among (ia, ib), in that order
    (SyncInsertion.insert_pair without the commit). ca and cb are rows (approx, vehicle, position,
    earliest, latest). Returns found and the cost increase; out holds (va, pa, ta, dep, ret, brk, cost) of
    a then of b, the starts in best_a and best_b."""
    found = False
    b_delta = 0
    tried = 0
    req_a = node[a, N_REQ]
    req_b = node[b, N_REQ]
    for i in range(ia.shape[0]):
        va, pa, ea, la = ca[ia[i], 1], ca[ia[i], 2], ca[ia[i], 3], ca[ia[i], 4]
        vb, pb, eb, lb = cb[ib[i], 1], cb[ib[i], 2], cb[ib[i], 3], cb[ib[i], 4]
        lo_t = max(ea, eb - g_hi)
        hi_t = min(la, lb - g_lo)
        ta = min(hi_t, max(lo_t, req_a))
        tb = min(min(lb, ta + g_hi), max(max(eb, ta + g_lo), req_b))
        na = with_inserted(routes, length, va, pa, a, route_buf)
        left = minutes_left(va, veh, day_limit, day_ptr, day_idx, span)
        ok, dep_a, ret_a, brk_a, cost_a = schedule(
            route_buf, na, va, left, travel, arc, enter, node, veh, params, pin, a, ta, sa_buf, tmp_buf
        )
        if not ok:
            continue
        # b's carer limit counts a's route as tentatively changed (SyncInsertion._try_with).
        old_span = span[va]
        span[va] = ret_a - dep_a
        nb = with_inserted(routes, length, vb, pb, b, route_buf)
        left = minutes_left(vb, veh, day_limit, day_ptr, day_idx, span)
        ok, dep_b, ret_b, brk_b, cost_b = schedule(
            route_buf, nb, vb, left, travel, arc, enter, node, veh, params, pin, b, tb, sb_buf, tmp_buf
        )
        span[va] = old_span
        if not ok:
            continue
        delta = (
            cost_a
            - cost[va]
            + pair_cost(va, a, routes, length, node, veh, params, new_carer, slot_ptr, slot_idx)
            + cost_b
            - cost[vb]
            + pair_cost(vb, b, routes, length, node, veh, params, new_carer, slot_ptr, slot_idx)
        )
        if not found or delta < b_delta:
            found = True
            b_delta = delta
            out[0], out[1], out[2], out[3], out[4], out[5], out[6] = va, pa, ta, dep_a, ret_a, brk_a, cost_a
            out[7], out[8], out[9], out[10], out[11], out[12], out[13] = vb, pb, tb, dep_b, ret_b, brk_b, cost_b
            best_a[:na] = sa_buf[:na]
            best_b[:nb] = sb_buf[:nb]
        tried += 1
        if tried >= exact:
            break
    return found, b_delta
