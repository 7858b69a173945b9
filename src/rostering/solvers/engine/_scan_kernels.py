"""The compiled position scan and cheapest insertion (conventions: _kernels.py).

`scan` is PositionScan.positions over every allowed vehicle of a visit at once; `best_single` the
insertion of one visit (scan, rank by the approximate cost, time the few cheapest exactly, keep the
cheapest feasible); `cheapest`, `pair_order` and `best_pair` the insertion of a synchronised pair (the
cheapest positions of each half, paired, the first few feasible pairs timed). Candidates are ranked by
(approximate cost, vehicle, position), exactly as sorting Python tuples did: positions are generated in
that order and sorted stably by cost.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit
from ._kernels import minutes_left, pair_charge, schedule_with, served_slots, time_cost
from ._route_arrays import (
    R_COST,
    R_LATEST,
    R_LEAVES,
    R_LEG_COST,
    R_LEG_TIME,
    R_LENGTH,
    R_NODES,
    R_PIN,
    R_SPAN,
)
from ._tables import (
    N_SVC,
    N_TARGET,
    TB_ARC,
    TB_ARC_IN,
    TB_CLIENT_PTR,
    TB_DAY_IDX,
    TB_DAY_LIMIT,
    TB_DAY_PTR,
    TB_ENTER,
    TB_ENTER_BY_NODE,
    TB_NODE,
    TB_PARAMS,
    TB_TRAVEL,
    TB_TRAVEL_IN,
    TB_VEH,
    V_BASE,
    V_END,
    V_KEY,
    V_MODE,
    V_SLOT,
    V_SPAN,
    V_START,
)

# Candidate columns: approximate cost, vehicle, position, earliest start, latest start.
C_APPROX, C_V, C_P, C_E, C_LATE = range(5)


@njit()
def scan(j, vs, lo, h, tb, r, out):  # type: ignore[no-untyped-def]
    """Feasible-looking positions of j in the routes of vehicles `vs`, starting inside [lo, h]
    (PositionScan.positions): rows of `out` (C_* columns) in (vehicle, position) order; how many."""
    node, veh, enter = tb[TB_NODE], tb[TB_VEH], tb[TB_ENTER_BY_NODE]
    travel, travel_in, arc, arc_in = tb[TB_TRAVEL], tb[TB_TRAVEL_IN], tb[TB_ARC], tb[TB_ARC_IN]
    routes, length, latest, leaves = r[R_NODES], r[R_LENGTH], r[R_LATEST], r[R_LEAVES]
    leg_time, leg_cost = r[R_LEG_TIME], r[R_LEG_COST]
    count = 0
    sj = node[j, N_SVC]
    req = node[j, N_TARGET]  # where a punctual timing aims j
    params = tb[TB_PARAMS]
    served = np.empty(tb[TB_CLIENT_PTR][-1] + 1, dtype=np.int64)
    n_served = served_slots(j, tb, r, served)
    for i in range(vs.shape[0]):
        v = vs[i]
        # Row j of each matrix: travel and cost out of j, and (transposed) into j.
        mode = veh[v, V_MODE]
        key = veh[v, V_KEY]
        base = veh[v, V_BASE]
        span_coeff = veh[v, V_SPAN]
        n = length[v]
        fixed = enter[j, v] + pair_charge(v, j, tb, served, n_served)
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
            e = max(leave + travel_in[mode, j, prev], lo)
            if e > h:
                continue
            if p < n:
                nx = routes[v, p]
                bound = latest[v, p]
            else:
                nx = base
                bound = veh[v, V_END]
            late = min(h, bound - travel[mode, j, nx] - sj)
            if e > late:
                continue
            t = min(late, max(e, req))
            approx = (
                arc_in[key, j, prev]
                + arc[key, j, nx]
                - leg_cost[v, p]
                + fixed
                + time_cost(j, t, node, params)
            )
            if span_coeff:
                approx += span_coeff * (travel_in[mode, j, prev] + sj + travel[mode, j, nx] - leg_time[v, p])
            out[count, C_APPROX] = approx
            out[count, C_V] = v
            out[count, C_P] = p
            out[count, C_E] = e
            out[count, C_LATE] = late
            count += 1
    return count


@njit(inline="always")
def with_inserted(routes, length, v, p, j, out):  # type: ignore[no-untyped-def]
    """Route v with j inserted at position p, into out; returns its length."""
    n = length[v]
    for k in range(p):
        out[k] = routes[v, k]
    out[p] = j
    for k in range(p, n):
        out[k + 1] = routes[v, k]
    return n + 1


@njit()
def best_single(j, vs, lo, h, exact, tb, r, cand, route, starts, tmp, best):  # type: ignore[no-untyped-def]
    """j at its cheapest feasible position (Insertion._insert_single without the commit): the `exact`
    cheapest positions by approximate cost that time feasibly are costed exactly, the cheapest kept.
    Returns (found, cost increase, vehicle, position, departure, return, break leg, route cost); the new
    route's starts in `best`."""
    count = scan(j, vs, lo, h, tb, r, cand)
    order = np.argsort(cand[:count, C_APPROX], kind="mergesort")
    routes, length, cost, span, pin = r[R_NODES], r[R_LENGTH], r[R_COST], r[R_SPAN], r[R_PIN]
    travel, arc, enter, node, veh, params = (
        tb[TB_TRAVEL],
        tb[TB_ARC],
        tb[TB_ENTER],
        tb[TB_NODE],
        tb[TB_VEH],
        tb[TB_PARAMS],
    )
    day_limit, day_ptr, day_idx = tb[TB_DAY_LIMIT], tb[TB_DAY_PTR], tb[TB_DAY_IDX]
    served = np.empty(tb[TB_CLIENT_PTR][-1] + 1, dtype=np.int64)
    n_served = served_slots(j, tb, r, served)
    found = False
    b_delta = 0
    b_v = b_p = b_dep = b_ret = b_brk = b_cost = 0
    tried = 0
    for i in range(count):
        v = cand[order[i], C_V]
        p = cand[order[i], C_P]
        n = with_inserted(routes, length, v, p, j, route)
        left = minutes_left(v, veh, day_limit, day_ptr, day_idx, span)
        ok, dep, ret, brk, c = schedule_with(
            route,
            n,
            v,
            left,
            travel[veh[v, V_MODE]],
            arc[veh[v, V_KEY]],
            enter,
            node,
            veh,
            params,
            pin,
            -1,
            0,
            starts,
            tmp,
        )
        if not ok:
            continue
        delta = c - cost[v] + pair_charge(v, j, tb, served, n_served)
        if not found or delta < b_delta:
            found = True
            b_delta, b_v, b_p, b_dep, b_ret, b_brk, b_cost = delta, v, p, dep, ret, brk, c
            best[:n] = starts[:n]
        tried += 1
        if tried >= exact:
            break
    return found, b_delta, b_v, b_p, b_dep, b_ret, b_brk, b_cost


@njit()
def cheapest(j, vs, lo, h, limit, tb, r, cand):  # type: ignore[no-untyped-def]
    """Up to `limit` candidates of j (C_* columns), cheapest first, ties in scan order."""
    count = scan(j, vs, lo, h, tb, r, cand)
    order = np.argsort(cand[:count, C_APPROX], kind="mergesort")[:limit]
    out = np.empty((order.shape[0], 5), dtype=np.int64)
    for i in range(order.shape[0]):
        out[i] = cand[order[i]]
    return out


@njit()
def pair_order(ca, cb, g_lo, g_hi, veh, limit):  # type: ignore[no-untyped-def]
    """(ia, ib) of the `limit` cheapest pairs of candidates, one per half of a synchronised pair: on
    different carers, with start ranges that admit a gap in [g_lo, g_hi]; cheapest first, ties by ia
    then ib (SyncInsertion's pair_combinations).

    ca and cb must each be sorted by cost (as `cheapest` gives them), so the pairs come in order from a
    heap holding, per row of ca, its cheapest pair not yet taken (the k smallest sums of two sorted
    lists): only as many pairs as needed are looked at, instead of sorting all of them."""
    na, nb = ca.shape[0], cb.shape[0]
    ia = np.empty(limit, dtype=np.int64)
    ib = np.empty(limit, dtype=np.int64)
    # A binary heap of (sum, row of ca, row of cb), smallest first.
    hs = np.empty(na, dtype=np.int64)
    hi = np.empty(na, dtype=np.int64)
    hj = np.empty(na, dtype=np.int64)
    size = 0
    for x in range(na if nb else 0):
        hs[size], hi[size], hj[size] = ca[x, C_APPROX] + cb[0, C_APPROX], x, 0
        k = size
        size += 1
        while k > 0:
            up = (k - 1) // 2
            if (hs[k], hi[k], hj[k]) < (hs[up], hi[up], hj[up]):
                hs[k], hs[up] = hs[up], hs[k]
                hi[k], hi[up] = hi[up], hi[k]
                hj[k], hj[up] = hj[up], hj[k]
                k = up
            else:
                break
    m = 0
    while size > 0 and m < limit:
        x, y = hi[0], hj[0]
        if veh[ca[x, C_V], V_SLOT] != veh[cb[y, C_V], V_SLOT] and max(ca[x, C_E], cb[y, C_E] - g_hi) <= min(
            ca[x, C_LATE], cb[y, C_LATE] - g_lo
        ):
            ia[m] = x
            ib[m] = y
            m += 1
        # Replace the top by the next pair of its row (or the last entry), then sift it down.
        if y + 1 < nb:
            hs[0], hj[0] = ca[x, C_APPROX] + cb[y + 1, C_APPROX], y + 1
        else:
            size -= 1
            hs[0], hi[0], hj[0] = hs[size], hi[size], hj[size]
        k = 0
        while True:
            left = 2 * k + 1
            if left >= size:
                break
            c = left
            if left + 1 < size and (hs[left + 1], hi[left + 1], hj[left + 1]) < (
                hs[left],
                hi[left],
                hj[left],
            ):
                c = left + 1
            if (hs[c], hi[c], hj[c]) < (hs[k], hi[k], hj[k]):
                hs[k], hs[c] = hs[c], hs[k]
                hi[k], hi[c] = hi[c], hi[k]
                hj[k], hj[c] = hj[c], hj[k]
                k = c
            else:
                break
    return ia[:m], ib[:m]


@njit()
def best_pair(a, b, ia, ib, ca, cb, g_lo, g_hi, exact, tb, r, route, tmp, sa, sb, best_a, best_b, out):  # type: ignore[no-untyped-def]
    """The cheapest of the first `exact` feasible pairs of positions among (ia, ib), in that order
    (SyncInsertion.insert_pair without the commit): a's start as close to its requested start as the gap
    allows, b's then. Returns (found, cost increase); out holds (vehicle, position, pinned start,
    departure, return, break leg, route cost) of a then of b, the new routes' starts best_a and best_b."""
    routes, length, cost, span, pin = r[R_NODES], r[R_LENGTH], r[R_COST], r[R_SPAN], r[R_PIN]
    travel, arc, enter, node, veh, params = (
        tb[TB_TRAVEL],
        tb[TB_ARC],
        tb[TB_ENTER],
        tb[TB_NODE],
        tb[TB_VEH],
        tb[TB_PARAMS],
    )
    day_limit, day_ptr, day_idx = tb[TB_DAY_LIMIT], tb[TB_DAY_PTR], tb[TB_DAY_IDX]
    served_a = np.empty(tb[TB_CLIENT_PTR][-1] + 1, dtype=np.int64)
    n_a = served_slots(a, tb, r, served_a)
    served_b = np.empty(tb[TB_CLIENT_PTR][-1] + 1, dtype=np.int64)
    n_b = served_slots(b, tb, r, served_b)
    found = False
    b_delta = 0
    tried = 0
    req_a = node[a, N_TARGET]
    req_b = node[b, N_TARGET]
    for i in range(ia.shape[0]):
        va, pa, ea, la = ca[ia[i], C_V], ca[ia[i], C_P], ca[ia[i], C_E], ca[ia[i], C_LATE]
        vb, pb, eb, lb = cb[ib[i], C_V], cb[ib[i], C_P], cb[ib[i], C_E], cb[ib[i], C_LATE]
        lo_t = max(ea, eb - g_hi)
        hi_t = min(la, lb - g_lo)
        ta = min(hi_t, max(lo_t, req_a))
        tb_ = min(min(lb, ta + g_hi), max(max(eb, ta + g_lo), req_b))
        na = with_inserted(routes, length, va, pa, a, route)
        left = minutes_left(va, veh, day_limit, day_ptr, day_idx, span)
        ok, dep_a, ret_a, brk_a, cost_a = schedule_with(
            route,
            na,
            va,
            left,
            travel[veh[va, V_MODE]],
            arc[veh[va, V_KEY]],
            enter,
            node,
            veh,
            params,
            pin,
            a,
            ta,
            sa,
            tmp,
        )
        if not ok:
            continue
        # b's carer limit counts a's route as tentatively changed (a carer's split shifts share it).
        old_span = span[va]
        span[va] = ret_a - dep_a
        nb = with_inserted(routes, length, vb, pb, b, route)
        left = minutes_left(vb, veh, day_limit, day_ptr, day_idx, span)
        span[va] = old_span
        ok, dep_b, ret_b, brk_b, cost_b = schedule_with(
            route,
            nb,
            vb,
            left,
            travel[veh[vb, V_MODE]],
            arc[veh[vb, V_KEY]],
            enter,
            node,
            veh,
            params,
            pin,
            b,
            tb_,
            sb,
            tmp,
        )
        if not ok:
            continue
        delta = cost_a - cost[va] + pair_charge(va, a, tb, served_a, n_a) + cost_b - cost[vb]
        delta += pair_charge(vb, b, tb, served_b, n_b)
        if not found or delta < b_delta:
            found = True
            b_delta = delta
            out[0], out[1], out[2], out[3], out[4], out[5], out[6] = va, pa, ta, dep_a, ret_a, brk_a, cost_a
            out[7], out[8], out[9], out[10], out[11], out[12], out[13] = (
                vb,
                pb,
                tb_,
                dep_b,
                ret_b,
                brk_b,
                cost_b,
            )
            best_a[:na] = sa[:na]
            best_b[:nb] = sb[:nb]
        tried += 1
        if tried >= exact:
            break
    return found, b_delta
