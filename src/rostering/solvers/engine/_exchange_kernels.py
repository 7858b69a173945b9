"""Exchanges between carers' days after each ruin-and-recreate round: a compiled local search.

A round re-inserts the visits it removed one at a time. The changes no single insertion makes are tried
here, each between a visit u and one of its nearest visits w in place and time (granular neighbourhoods,
Toth and Vigo 2003) on another route: u moved just after or just before w, u and w swapped, and the
two routes' tails exchanged around u and w (2-opt*, three ways of joining them; where u and w both come
first, their whole days change carers). The first change that lowers the objective is made, until none
does. Only pairs with a route changed since the clock stamp
`since` are tried, so after a round the search starts where the round changed the roster and a roster
already at its local optimum costs one pass.

Every route stays feasible (each new route is re-timed by `schedule`, within its carer's day limit) and
each change is priced exactly: the two routes' costs and, with a max-lateness term, the roster's largest
lateness. Where a route costs its legs, per-visit costs and lateness alone, a change between two routes
on time whose legs cost no less cannot pay (lateness only grows from nothing), so it is not timed. Only
visits of their own move (not half of a double-up), and only to carers allowed them. Objectives that
price the roster beyond its routes (the new-carer charge, re-planning's told costs) are not searched
here: the caller leaves them out (_exchange.py).
"""

from __future__ import annotations

import numpy as np

from ._jit import njit
from ._kernels import largest_lateness, minutes_left, schedule, store_route
from ._route_arrays import R_COST, R_LATE, R_LENGTH, R_NODES, R_PIN, R_SPAN, R_STAMP, R_VEHICLE_OF
from ._tables import (
    MAX_LATE,
    N_VISIT_NODES,
    TB_ARC,
    TB_DAY_IDX,
    TB_DAY_LIMIT,
    TB_DAY_PTR,
    TB_ENTER,
    TB_NODE,
    TB_PARAMS,
    TB_VEH,
    V_BASE,
    V_DAY,
    V_KEY,
)

# The changes tried for a pair (u, w), u at i on route a and w at j on route b: u moved just after w, u
# moved just before w, u and w swapped; then the routes' tails exchanged (2-opt*): a keeps a[:ca] and
# takes b[cb:], b keeps b[:cb] and takes a[ca:], with (ca, cb) one of (i+1, j+1), (i+1, j) (u then w),
# (i, j+1) (w then u) and, where both are first of their day, (0, 0): the two days swap carers.
AFTER, BEFORE, SWAP = range(3)
MOVES = 7


@njit(inline="always")
def _at(routes, n, v, j):  # type: ignore[no-untyped-def]
    for k in range(n):
        if routes[v, k] == j:
            return k
    return -1


@njit(inline="always")
def _cuts(move, i, j):  # type: ignore[no-untyped-def]
    """Where a tail exchange cuts routes a and b."""
    if move == SWAP + 1:
        return i + 1, j + 1
    if move == SWAP + 2:
        return i + 1, j
    if move == SWAP + 3:
        return i, j + 1
    return 0, 0


@njit()
def _build(move, a, na, i, b, nb, j, out_a, out_b):  # type: ignore[no-untyped-def]
    """The two new routes of `move` into out_a and out_b: their lengths, or (-1, -1) when the move
    changes nothing."""
    if move <= BEFORE:  # AFTER or BEFORE
        p = j + 1 if move == AFTER else j
        m = 0
        for k in range(na):
            if k != i:
                out_a[m] = a[k]
                m += 1
        for k in range(nb + 1):
            if k == p:
                out_b[k] = a[i]
            else:
                out_b[k] = b[k if k < p else k - 1]
        return na - 1, nb + 1
    if move == SWAP:
        out_a[:na] = a[:na]
        out_b[:nb] = b[:nb]
        out_a[i] = b[j]
        out_b[j] = a[i]
        return na, nb
    ca, cb = _cuts(move, i, j)
    if ca == na and cb == nb:
        return -1, -1
    out_a[:ca] = a[:ca]
    m = ca
    for k in range(cb, nb):
        out_a[m] = b[k]
        m += 1
    out_b[:cb] = b[:cb]
    q = cb
    for k in range(ca, na):
        out_b[q] = a[k]
        q += 1
    return m, q


@njit(inline="always")
def _arc_delta(move, a, na, i, b, nb, j, va, vb, tb):  # type: ignore[no-untyped-def]
    """Travel cost and per-visit cost of the new routes less the old, where both vehicles share one
    arc-cost matrix (only the legs that change are counted)."""
    veh, enter = tb[TB_VEH], tb[TB_ENTER]
    C = tb[TB_ARC][veh[va, V_KEY]]
    base_a, base_b = veh[va, V_BASE], veh[vb, V_BASE]
    u, w = a[i], b[j]
    pu = a[i - 1] if i > 0 else base_a
    su = a[i + 1] if i + 1 < na else base_a
    pw = b[j - 1] if j > 0 else base_b
    sw = b[j + 1] if j + 1 < nb else base_b
    if move == AFTER:
        return C[pu, su] - C[pu, u] - C[u, su] + C[w, u] + C[u, sw] - C[w, sw] + enter[vb, u] - enter[va, u]
    if move == BEFORE:
        return C[pu, su] - C[pu, u] - C[u, su] + C[pw, u] + C[u, w] - C[pw, w] + enter[vb, u] - enter[va, u]
    if move == SWAP:
        d = C[pu, w] + C[w, su] - C[pu, u] - C[u, su] + C[pw, u] + C[u, sw] - C[pw, w] - C[w, sw]
        return d + enter[vb, u] - enter[va, u] + enter[va, w] - enter[vb, w]
    # Tails: the two joins change, and each moved tail's return to base and per-visit costs.
    ca, cb = _cuts(move, i, j)
    head_a = a[ca - 1] if ca > 0 else base_a
    head_b = b[cb - 1] if cb > 0 else base_b
    d = C[head_a, b[cb] if cb < nb else base_a] + C[head_b, a[ca] if ca < na else base_b]
    d -= C[head_a, a[ca] if ca < na else base_a] + C[head_b, b[cb] if cb < nb else base_b]
    if ca < na:
        d += C[a[na - 1], base_b] - C[a[na - 1], base_a]
        for k in range(ca, na):
            d += enter[vb, a[k]] - enter[va, a[k]]
    if cb < nb:
        d += C[b[nb - 1], base_a] - C[b[nb - 1], base_b]
        for k in range(cb, nb):
            d += enter[va, b[k]] - enter[vb, b[k]]
    return d


@njit(inline="always")
def _moves_ok(move, a, na, i, b, nb, j, va, vb, allowed, movable):  # type: ignore[no-untyped-def]
    """Whether every visit the move hands to the other route may go there (u and w are movable)."""
    if move <= BEFORE:  # AFTER or BEFORE
        return allowed[a[i], vb]
    if move == SWAP:
        return allowed[a[i], vb] and allowed[b[j], va]
    ca, cb = _cuts(move, i, j)
    for k in range(ca, na):
        if not movable[a[k]] or not allowed[a[k], vb]:
            return False
    for k in range(cb, nb):  # noqa: SIM110 (numba compiles loops, not all() over a generator)
        if not movable[b[k]] or not allowed[b[k], va]:
            return False
    return True


@njit(inline="always")
def _timed(nodes, n, v, tb, r, out, tmp):  # type: ignore[no-untyped-def]
    """A new route of vehicle v timed within its carer's day limit (the carer's other routes as they
    stand): schedule's (feasible, departure, return, break leg, cost), the starts in out."""
    limit = minutes_left(v, tb[TB_VEH], tb[TB_DAY_LIMIT], tb[TB_DAY_PTR], tb[TB_DAY_IDX], r[R_SPAN])
    return schedule(nodes, n, v, limit, tb, r[R_PIN], -1, 0, out, tmp)


@njit()
def exchange(neighbours, allowed, movable, legs_priced, since, tb, r, clock):  # type: ignore[no-untyped-def]
    """Improve the roster by the changes of the module docstring until none lowers its objective;
    how many were made. `neighbours[u]`: the visit nodes nearest u; `allowed[j, v]`: vehicle v may take
    node j; `movable[j]`: j may change vehicle; `legs_priced`: every route costs its legs, per-visit costs
    and lateness alone (no time or wage terms), so a change between two routes on time whose legs cost
    no less is not timed.
    (changes made, whether a change was passed over for want of room in the arrays: grow them and call
    again)."""
    node, veh, params = tb[TB_NODE], tb[TB_VEH], tb[TB_PARAMS]
    day_limit = tb[TB_DAY_LIMIT]
    routes, length, vehicle_of, stamp = r[R_NODES], r[R_LENGTH], r[R_VEHICLE_OF], r[R_STAMP]
    cost, late = r[R_COST], r[R_LATE]
    cap = routes.shape[1]
    n_veh = length.shape[0]
    max_late = params[MAX_LATE]
    room = 2 * cap + 2
    new_a = np.empty(room, dtype=np.int64)
    new_b = np.empty(room, dtype=np.int64)
    starts_a = np.empty(room, dtype=np.int64)
    starts_b = np.empty(room, dtype=np.int64)
    tmp = np.empty(room, dtype=np.int64)
    made = 0
    short = False
    changed = True
    while changed:
        changed = False
        # A pair tried in this pass, neither of whose routes changes later, need not be tried again.
        next_since = clock[0]
        for u in range(params[N_VISIT_NODES]):
            if not movable[u]:
                continue
            for q in range(neighbours.shape[1]):
                w = neighbours[u, q]
                va, vb = vehicle_of[u], vehicle_of[w]
                if va < 0:
                    break
                if vb < 0 or vb == va or not movable[w] or (stamp[va] <= since and stamp[vb] <= since):
                    continue
                if veh[va, V_DAY] == veh[vb, V_DAY] and day_limit[veh[va, V_DAY]] >= 0:
                    continue  # one carer's day limit over both routes: not priced here
                na, nb = length[va], length[vb]
                i, j = _at(routes, na, va, u), _at(routes, nb, vb, w)
                a, b = routes[va], routes[vb]
                # Both on time: no lateness to save, so a change pays only through its legs.
                same_arcs = (
                    legs_priced and veh[va, V_KEY] == veh[vb, V_KEY] and late[va] == 0 and late[vb] == 0
                )
                for move in range(MOVES):
                    if move == MOVES - 1 and (i > 0 or j > 0):
                        continue  # whole days swap carers from their first visits only
                    if same_arcs and _arc_delta(move, a, na, i, b, nb, j, va, vb, tb) >= 0:
                        continue
                    if not _moves_ok(move, a, na, i, b, nb, j, va, vb, allowed, movable):
                        continue
                    ma, mb = _build(move, a, na, i, b, nb, j, new_a, new_b)
                    if ma < 0:
                        continue
                    if ma + 2 > cap or mb + 2 > cap:
                        short = True
                        continue
                    ok, dep_a, ret_a, brk_a, cost_a = _timed(new_a, ma, va, tb, r, starts_a, tmp)
                    if not ok:
                        continue
                    old = cost[va] + cost[vb]
                    if cost_a >= old and not max_late:
                        continue
                    ok, dep_b, ret_b, brk_b, cost_b = _timed(new_b, mb, vb, tb, r, starts_b, tmp)
                    if not ok:
                        continue
                    delta = cost_a + cost_b - old
                    if max_late:
                        before = 0
                        late_a = largest_lateness(new_a, ma, starts_a, node)
                        after = max(late_a, largest_lateness(new_b, mb, starts_b, node))
                        for v in range(n_veh):
                            if late[v] > before:
                                before = late[v]
                            if v != va and v != vb and late[v] > after:
                                after = late[v]
                        delta += max_late * (after - before)
                    if delta >= 0:
                        continue
                    store_route(va, new_a, ma, starts_a, dep_a, ret_a, brk_a, cost_a, tb, r, clock)
                    store_route(vb, new_b, mb, starts_b, dep_b, ret_b, brk_b, cost_b, tb, r, clock)
                    made += 1
                    changed = True
                    break
        since = next_since
    return made, short
