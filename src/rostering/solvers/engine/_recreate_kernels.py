"""The compiled recreate and ruin steps: insert groups of visits in a given order, unroute visits.

`recreate` is Insertion.insert_all's loop after the order is chosen: each single visit and each
synchronised pair at its cheapest feasible place (_scan_kernels.py) when that costs less than leaving it
out. A group of three or more linked nodes is rare and goes back to Python (SyncInsertion.insert_group);
so does a route about to outgrow the arrays (RouteState grows them). `unroute` is RouteState.remove.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit
from ._kernels import minutes_left, schedule, store_route
from ._route_arrays import R_LENGTH, R_NODES, R_PIN, R_SPAN, R_VEHICLE_OF
from ._scan_kernels import best_pair, best_single, cheapest, pair_order, with_inserted
from ._tables import (
    N_HI,
    N_PENALTY,
    N_VISIT_NODES,
    N_WS,
    NO_LIMIT,
    NO_PIN,
    TB_ALLOWED_IDX,
    TB_ALLOWED_PTR,
    TB_DAY_IDX,
    TB_DAY_LIMIT,
    TB_DAY_PTR,
    TB_GROUP_GAP,
    TB_GROUP_IDX,
    TB_GROUP_PTR,
    TB_NODE,
    TB_PARAMS,
    TB_VEH,
)

# Why `recreate` stopped: every group done, a group of three or more nodes, a route needs more room.
DONE, GROUP, GROW = range(3)


@njit()
def _window(j, node, pin):  # type: ignore[no-untyped-def]
    if pin[j] != NO_PIN:
        return pin[j], pin[j]
    return node[j, N_WS], node[j, N_HI]


@njit()
def _commit(v, j, p, t, starts, dep, ret, brk, cost, tb, r, clock, route):  # type: ignore[no-untyped-def]
    """j into route v at p (pinned at t unless NO_PIN), the new route timed as given."""
    if t != NO_PIN:
        r[R_PIN][j] = t
    n = with_inserted(r[R_NODES], r[R_LENGTH], v, p, j, route)
    store_route(v, route, n, starts, dep, ret, brk, cost, tb, r, clock)


@njit()
def recreate(order, first, exact, side, combinations, tb, r, clock):  # type: ignore[no-untyped-def]
    """Insert the groups order[first:] in turn (see the module docstring). Returns (index reached, why
    it stopped: DONE, GROUP or GROW); the group at that index is not inserted."""
    node, veh = tb[TB_NODE], tb[TB_VEH]
    gptr, gidx, gap = tb[TB_GROUP_PTR], tb[TB_GROUP_IDX], tb[TB_GROUP_GAP]
    aptr, aidx = tb[TB_ALLOWED_PTR], tb[TB_ALLOWED_IDX]
    length, pin = r[R_LENGTH], r[R_PIN]
    cap = r[R_NODES].shape[1]
    cand = np.empty((tb[TB_PARAMS][N_VISIT_NODES] + veh.shape[0] + 1, 5), dtype=np.int64)
    route = np.empty(cap + 1, dtype=np.int64)
    starts = np.empty(cap + 1, dtype=np.int64)
    tmp = np.empty(cap + 1, dtype=np.int64)
    best = np.empty(cap + 1, dtype=np.int64)
    best_b = np.empty(cap + 1, dtype=np.int64)
    starts_b = np.empty(cap + 1, dtype=np.int64)
    out = np.empty(14, dtype=np.int64)
    for i in range(first, order.shape[0]):
        g = order[i]
        size = gptr[g + 1] - gptr[g]
        if size == 1:
            j = gidx[gptr[g]]
            lo, h = _window(j, node, pin)
            vs = aidx[aptr[j] : aptr[j + 1]]
            found, delta, v, p, dep, ret, brk, cost = best_single(
                j, vs, lo, h, exact, tb, r, cand, route, starts, tmp, best
            )
            if found and delta < node[j, N_PENALTY]:
                if length[v] + 2 > cap:
                    return i, GROW
                _commit(v, j, p, NO_PIN, best, dep, ret, brk, cost, tb, r, clock, route)
        elif size == 2:
            a, b = gidx[gptr[g]], gidx[gptr[g] + 1]
            lo, h = _window(a, node, pin)
            ca = cheapest(a, aidx[aptr[a] : aptr[a + 1]], lo, h, side, tb, r, cand)
            lo, h = _window(b, node, pin)
            cb = cheapest(b, aidx[aptr[b] : aptr[b + 1]], lo, h, side, tb, r, cand)
            if ca.shape[0] == 0 or cb.shape[0] == 0:
                continue
            g_lo, g_hi = gap[g, 0], gap[g, 1]
            ia, ib = pair_order(ca, cb, g_lo, g_hi, veh, combinations)
            found, delta = best_pair(
                a,
                b,
                ia,
                ib,
                ca,
                cb,
                g_lo,
                g_hi,
                exact,
                tb,
                r,
                route,
                tmp,
                starts,
                starts_b,
                best,
                best_b,
                out,
            )
            if found and delta < node[a, N_PENALTY] + node[b, N_PENALTY]:
                if length[out[0]] + 2 > cap or length[out[7]] + 2 > cap:
                    return i, GROW
                _commit(out[0], a, out[1], out[2], best, out[3], out[4], out[5], out[6], tb, r, clock, route)
                _commit(
                    out[7], b, out[8], out[9], best_b, out[10], out[11], out[12], out[13], tb, r, clock, route
                )
        else:
            return i, GROUP
    return order.shape[0], DONE


@njit()
def unroute(gone, tb, r, clock):  # type: ignore[no-untyped-def]
    """Unroute and unpin the nodes `gone`, re-timing each route they left (in vehicle order; within the
    carer's day limit if it can, else without: a shorter route never needs more minutes). False if a
    shortened route no longer fits (travel that breaks the triangle inequality); the arrays are then
    inconsistent and the caller restores a snapshot."""
    vehicle_of, pin, routes, length = r[R_VEHICLE_OF], r[R_PIN], r[R_NODES], r[R_LENGTH]
    n_veh = length.shape[0]
    touched = np.zeros(n_veh, dtype=np.bool_)
    leaving = np.zeros(vehicle_of.shape[0], dtype=np.bool_)
    for j in gone:
        if vehicle_of[j] >= 0:
            touched[vehicle_of[j]] = True
        vehicle_of[j] = -1
        pin[j] = NO_PIN
        leaving[j] = True
    cap = routes.shape[1]
    kept = np.empty(cap, dtype=np.int64)
    starts = np.empty(cap, dtype=np.int64)
    tmp = np.empty(cap, dtype=np.int64)
    for v in range(n_veh):
        if not touched[v]:
            continue
        n = 0
        for k in range(length[v]):
            if not leaving[routes[v, k]]:
                kept[n] = routes[v, k]
                n += 1
        # The day limit as the carer's other routes stand (they only shrink here); a route that then does
        # not fit is timed without it, as a shortened route with the shortest span always fits.
        ok, dep, ret, brk, cost = schedule(
            kept,
            n,
            v,
            minutes_left(v, tb[TB_VEH], tb[TB_DAY_LIMIT], tb[TB_DAY_PTR], tb[TB_DAY_IDX], r[R_SPAN]),
            tb,
            pin,
            -1,
            0,
            starts,
            tmp,
        )
        if not ok:
            ok, dep, ret, brk, cost = schedule(kept, n, v, NO_LIMIT, tb, pin, -1, 0, starts, tmp)
        if not ok:
            return False
        store_route(v, kept, n, starts, dep, ret, brk, cost, tb, r, clock)
    return True
