"""The compiled core of the search: timing a route, keeping a route's arrays, the objective.

These are the loops every ruin-and-recreate round runs thousands of times (benchmarks/bench_rounds.py):
numba compiles them to machine code on first use and caches it beside this file, so a later process
loads them in a fraction of a second. They read the instance as the tuple `tb` (_tables.py) and the
roster as the tuple `r` (_route_arrays.py). Each does what the Python code it replaced did, step for
step (tests/solvers/engine/test_kernels.py compares them with a plain-Python reference on random
routes), so a work-limited run gives the same roster as before.

The rules of a route (RouteTiming's docstring, _schedule.py): windows or a pinned start, leaving and
returning to base inside the shift, a 20-minute rest break in any route longer than six hours (in a gap
that also holds the travel, else by re-timing with one leg longer), the carer's working minutes per day,
capacity. Costs are the objective's (_objective.py).
"""

from __future__ import annotations

import numpy as np

from ._jit import njit
from ._route_arrays import (
    R_BRK,
    R_COST,
    R_DEP,
    R_LATE,
    R_LATEST,
    R_LEAVES,
    R_LEG_COST,
    R_LEG_TIME,
    R_LENGTH,
    R_NODES,
    R_PIN,
    R_RET,
    R_SPAN,
    R_STAMP,
    R_STARTS,
    R_VEHICLE_OF,
)
from ._tables import (
    BEYOND,
    BREAK_AFTER,
    CARER_TOLD,
    CLIENT_TOLD,
    CONSISTENCY,
    HAS_NEW_CARER,
    HAS_PUBLISHED,
    MAX_LATE,
    MOVE_TOLERANCE,
    MOVED_COST,
    N_ANCHOR,
    N_CLIENT,
    N_DEMAND,
    N_HI,
    N_LATE,
    N_PENALTY,
    N_PUBLISHED,
    N_PUBLISHED_SLOT,
    N_REQ,
    N_SOFT,
    N_SVC,
    N_TARGET,
    N_VISIT_NODES,
    N_WE,
    N_WS,
    NO_LIMIT,
    NO_PIN,
    OVERTIME,
    PUNCT,
    REST_BREAK,
    TB_ARC,
    TB_CLIENT_IDX,
    TB_CLIENT_PTR,
    TB_ENTER,
    TB_NEW_CARER,
    TB_NEW_CARER_BY_NODE,
    TB_NODE,
    TB_PARAMS,
    TB_SLOT_PTR,
    TB_TRAVEL,
    TB_VEH,
    TOLERANCE,
    V_BASE,
    V_CAP,
    V_DAY,
    V_END,
    V_KEY,
    V_MODE,
    V_OVERTIME_AFTER,
    V_SLOT,
    V_SPAN,
    V_START,
    WEIGHS_TIME,
)


@njit(inline="always")
def time_cost(j, t, node, params):  # type: ignore[no-untyped-def]
    """Punctuality and lateness of starting node j at t, the minutes beyond the tolerance, the distance
    from its start on earlier days of the week, and (re-planning) moving it from its published start
    (Objective.time_cost)."""
    punct = params[PUNCT]
    req = node[j, N_REQ]
    c = punct * (req - t) if t < req else 0
    if node[j, N_SOFT]:
        we = node[j, N_WE]
        if t > we:
            c += (node[j, N_LATE] + (punct if req >= we else 0)) * (t - we)
    elif t > req:
        c += punct * (t - req)
    beyond = params[BEYOND]
    if beyond:
        off = (t - req if t > req else req - t) - params[TOLERANCE]
        if off > 0:
            c += beyond * off
    consistency = params[CONSISTENCY]
    if consistency:
        anchor = node[j, N_ANCHOR]
        if anchor >= 0:
            c += consistency * (t - anchor if t > anchor else anchor - t)
    published = node[j, N_PUBLISHED]
    if published >= 0 and abs(t - published) > params[MOVE_TOLERANCE]:
        c += params[MOVED_COST]
    return c


@njit(inline="always")
def _lo(m, node, pin, pj, pt):  # type: ignore[no-untyped-def]
    if m == pj:
        return pt
    return pin[m] if pin[m] != NO_PIN else node[m, N_WS]


@njit(inline="always")
def _hi(m, node, pin, pj, pt):  # type: ignore[no-untyped-def]
    if m == pj:
        return pt
    return pin[m] if pin[m] != NO_PIN else node[m, N_HI]


@njit()
def timed(nodes, n, v, extra, aim, T, node, veh, pin, pj, pt, out):  # type: ignore[no-untyped-def]
    """Earliest forward pass, then a backward pass moving visits later: the starts in out[:n];
    (feasible, departure, return) (RouteTiming.timed). `aim` moves each visit towards its target start,
    otherwise as late as the next visit allows (a salaried carer's shortest span). `extra` lengthens leg
    `extra` by the rest break (-1: none); node pj is pinned at pt for this call (-1: none). T is the
    vehicle's travel matrix."""
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
    if aim:
        settled = True
        for k in range(n):
            if out[k] < node[nodes[k], N_TARGET]:
                settled = False
                break
        if settled:
            # Nothing to move later: every visit is already at or past its target.
            return True, out[0] - T[base, nodes[0]] - (REST_BREAK if extra == 0 else 0), ret
    last = nodes[n - 1]
    if aim:
        latest = min(
            _hi(last, node, pin, pj, pt),
            veh[v, V_END] - T[last, base] - node[last, N_SVC] - (REST_BREAK if extra == n else 0),
        )
        out[n - 1] = min(latest, max(out[n - 1], node[last, N_TARGET]))
        ret = out[n - 1] + node[last, N_SVC] + T[last, base] + (REST_BREAK if extra == n else 0)
    for k in range(n - 2, -1, -1):
        j = nodes[k]
        nx = nodes[k + 1]
        latest = min(
            _hi(j, node, pin, pj, pt),
            out[k + 1] - T[j, nx] - node[j, N_SVC] - (REST_BREAK if extra == k + 1 else 0),
        )
        out[k] = min(latest, max(out[k], node[j, N_TARGET])) if aim else latest
    return True, out[0] - T[base, nodes[0]] - (REST_BREAK if extra == 0 else 0), ret


@njit()
def _place_break(nodes, n, v, starts, dep, ret, aim, T, node, veh, pin, pj, pt, tmp):  # type: ignore[no-untyped-def]
    """The rest break of a timed route, in a gap between two visits: (feasible, departure, return, break
    leg); starts may change (RouteTiming._place_break). The gap nearest mid-route that holds the travel and
    20 minutes; else the smallest (span, leg) of re-timing with one leg k inside the route 20 minutes
    longer; infeasible for a single visit."""
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
    o_span = -1
    o_k = -1
    o_dep = 0
    o_ret = 0
    keep = np.empty(n, dtype=np.int64)
    for k in range(1, n):
        ok, d2, r2 = timed(nodes, n, v, k, aim, T, node, veh, pin, pj, pt, tmp)
        if not ok:
            continue
        span = r2 - d2
        if o_k < 0 or span < o_span:
            o_span, o_k, o_dep, o_ret = span, k, d2, r2
            keep[:n] = tmp[:n]
    if o_k < 0:
        return False, 0, 0, -1
    starts[:n] = keep[:n]
    return True, o_dep, o_ret, o_k


@njit()
def route_cost(nodes, n, v, starts, span, C, enter, node, veh, params):  # type: ignore[no-untyped-def]
    """Wages, overtime, travel, mileage, continuity and time costs of one timed route
    (Objective.route_cost); C is the vehicle's arc-cost matrix."""
    base = veh[v, V_BASE]
    cost = veh[v, V_SPAN] * span
    after = veh[v, V_OVERTIME_AFTER]
    if after >= 0 and span > after:
        cost += params[OVERTIME] * (span - after)
    prev = base
    for k in range(n):
        j = nodes[k]
        cost += C[prev, j] + enter[v, j] + time_cost(j, starts[k], node, params)
        prev = j
    return cost + C[prev, base]


@njit()
def _timed_route(nodes, n, v, minutes_left, aim, T, C, enter, node, veh, params, pin, pj, pt, out, tmp):  # type: ignore[no-untyped-def]
    """One timing of a route (RouteTiming._timed_route): (feasible, departure, return, break leg or -1,
    cost), the starts in out[:n]."""
    ok, dep, ret = timed(nodes, n, v, -1, aim, T, node, veh, pin, pj, pt, out)
    if not ok:
        return False, 0, 0, -1, 0
    brk = -1
    after = params[BREAK_AFTER]
    if after >= 0 and ret - dep > after:
        ok, dep, ret, brk = _place_break(nodes, n, v, out, dep, ret, aim, T, node, veh, pin, pj, pt, tmp)
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
    return True, dep, ret, brk, route_cost(nodes, n, v, out, ret - dep, C, enter, node, veh, params)


@njit()
def schedule_with(nodes, n, v, minutes_left, T, C, enter, node, veh, params, pin, pj, pt, out, tmp):  # type: ignore[no-untyped-def]
    """Time and cost a route (RouteTiming.schedule): (feasible, departure, return, break leg or -1, cost),
    the starts in out[:n]. `minutes_left` is NO_LIMIT when no day limit applies; T and C are the
    vehicle's travel and arc-cost matrices. A salaried carer's route is timed compactly (the shortest paid
    span) and, when start times are priced, punctually too, the cheaper kept (the compact one on a tie);
    a time-and-task carer's punctually."""
    if n == 0:
        return True, veh[v, V_START], veh[v, V_START], -1, 0
    if veh[v, V_SPAN] <= 0:
        return _timed_route(
            nodes, n, v, minutes_left, True, T, C, enter, node, veh, params, pin, pj, pt, out, tmp
        )
    ok, dep, ret, brk, cost = _timed_route(
        nodes, n, v, minutes_left, False, T, C, enter, node, veh, params, pin, pj, pt, out, tmp
    )
    if not params[WEIGHS_TIME]:
        return ok, dep, ret, brk, cost
    other = np.empty(n, dtype=np.int64)
    ok2, dep2, ret2, brk2, cost2 = _timed_route(
        nodes, n, v, minutes_left, True, T, C, enter, node, veh, params, pin, pj, pt, other, tmp
    )
    if not ok2 or (ok and cost <= cost2):
        return ok, dep, ret, brk, cost
    out[:n] = other[:n]
    return ok2, dep2, ret2, brk2, cost2


@njit()
def schedule(nodes, n, v, minutes_left, tb, pin, pj, pt, out, tmp):  # type: ignore[no-untyped-def]
    """schedule_with, the vehicle's matrices taken from the tables."""
    veh = tb[TB_VEH]
    return schedule_with(
        nodes,
        n,
        v,
        minutes_left,
        tb[TB_TRAVEL][veh[v, V_MODE]],
        tb[TB_ARC][veh[v, V_KEY]],
        tb[TB_ENTER],
        tb[TB_NODE],
        veh,
        tb[TB_PARAMS],
        pin,
        pj,
        pt,
        out,
        tmp,
    )


@njit()
def timed_route(nodes, n, v, extra, aim, tb, pin, out):  # type: ignore[no-untyped-def]
    """timed, the vehicle's travel matrix taken from the tables."""
    veh = tb[TB_VEH]
    return timed(nodes, n, v, extra, aim, tb[TB_TRAVEL][veh[v, V_MODE]], tb[TB_NODE], veh, pin, -1, 0, out)


@njit(inline="always")
def minutes_left(v, veh, day_limit, day_ptr, day_idx, span):  # type: ignore[no-untyped-def]
    """Minutes vehicle v may span within its carer's daily limit, given the carer's other routes that day
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


@njit(inline="always")
def route_row(v, tb, r):  # type: ignore[no-untyped-def]
    """What row v of the arrays derives from its nodes and starts: the slack (PositionScan.slack), the
    legs' travel and arc cost, the largest lateness."""
    node, veh = tb[TB_NODE], tb[TB_VEH]
    T = tb[TB_TRAVEL][veh[v, V_MODE]]
    C = tb[TB_ARC][veh[v, V_KEY]]
    routes, starts, pin = r[R_NODES], r[R_STARTS], r[R_PIN]
    latest, leaves, leg_time, leg_cost = r[R_LATEST], r[R_LEAVES], r[R_LEG_TIME], r[R_LEG_COST]
    n = r[R_LENGTH][v]
    base = veh[v, V_BASE]
    nxt_t = veh[v, V_END]
    nxt = base
    for k in range(n - 1, -1, -1):
        m = routes[v, k]
        hi = pin[m] if pin[m] != NO_PIN else node[m, N_HI]
        latest[v, k] = min(hi, nxt_t - T[m, nxt] - node[m, N_SVC])
        nxt_t = latest[v, k]
        nxt = m
    t = veh[v, V_START]
    prev = base
    for k in range(n):
        m = routes[v, k]
        lo = pin[m] if pin[m] != NO_PIN else node[m, N_WS]
        t = max(t + T[prev, m], lo) + node[m, N_SVC]
        leaves[v, k] = t
        leg_time[v, k] = T[prev, m]
        leg_cost[v, k] = C[prev, m]
        prev = m
    leg_time[v, n] = T[prev, base]
    leg_cost[v, n] = C[prev, base]
    r[R_LATE][v] = largest_lateness(routes[v], n, starts[v], node)


@njit(inline="always")
def largest_lateness(nodes, n, starts, node):  # type: ignore[no-untyped-def]
    """The largest lateness of a timed route (soft windows only; 0 when on time)."""
    worst = 0
    for k in range(n):
        m = nodes[k]
        if node[m, N_SOFT] and starts[k] - node[m, N_WE] > worst:
            worst = starts[k] - node[m, N_WE]
    return worst


@njit()
def store_route(v, nodes, n, starts, dep, ret, brk, cost, tb, r, clock):  # type: ignore[no-untyped-def]
    """Route v becomes nodes[:n], timed (starts, departure, return, break leg, cost); its nodes' vehicle
    is v. The caller unroutes the nodes that left it."""
    for k in range(n):
        r[R_NODES][v, k] = nodes[k]
        r[R_STARTS][v, k] = starts[k]
        r[R_VEHICLE_OF][nodes[k]] = v
    r[R_LENGTH][v] = n
    r[R_COST][v] = cost
    r[R_SPAN][v] = ret - dep
    r[R_DEP][v] = dep
    r[R_RET][v] = ret
    r[R_BRK][v] = brk
    clock[0] += 1
    r[R_STAMP][v] = clock[0]
    route_row(v, tb, r)


@njit(inline="always")
def served_slots(j, tb, r, out):  # type: ignore[no-untyped-def]
    """The carers (slots) who have a visit of j's client in the roster, into out; how many (with
    repeats). Nothing when no new-carer charge applies."""
    if tb[TB_PARAMS][HAS_NEW_CARER] == 0:
        return 0
    client = tb[TB_NODE][j, N_CLIENT]
    cptr, cidx = tb[TB_CLIENT_PTR], tb[TB_CLIENT_IDX]
    vehicle_of, veh = r[R_VEHICLE_OF], tb[TB_VEH]
    count = 0
    for i in range(cptr[client], cptr[client + 1]):
        u = vehicle_of[cidx[i]]
        if u >= 0:
            out[count] = veh[u, V_SLOT]
            count += 1
    return count


@njit(inline="always")
def pair_charge(v, j, tb, served, count):  # type: ignore[no-untyped-def]
    """The new-carer charge of giving node j to vehicle v: 0 once the carer has any visit of the client
    in the block (`served`: served_slots of j)."""
    if tb[TB_PARAMS][HAS_NEW_CARER] == 0:
        return 0
    slot = tb[TB_VEH][v, V_SLOT]
    for i in range(count):
        if served[i] == slot:
            return 0
    return tb[TB_NEW_CARER_BY_NODE][j, v]


@njit(inline="always")
def pair_cost(v, j, tb, r):  # type: ignore[no-untyped-def]
    """pair_charge, the served carers looked up (RouteState.pair_cost)."""
    served = np.empty(tb[TB_CLIENT_PTR][-1] + 1, dtype=np.int64)
    count = served_slots(j, tb, r, served)
    return pair_charge(v, j, tb, served, count)


@njit()
def pair_cost_of(v, j, tb, r):  # type: ignore[no-untyped-def]
    """pair_cost, called from Python."""
    return pair_cost(v, j, tb, r)


@njit()
def _told_cost(tb, r):  # type: ignore[no-untyped-def]
    """Re-planning: one call per carer whose visits change and per client with a changed visit
    (Objective.told_cost): a node changes when it leaves its published carer, moves beyond the tolerance,
    is dropped, or is covered without having been."""
    node, veh, params = tb[TB_NODE], tb[TB_VEH], tb[TB_PARAMS]
    vehicle_of, routes, length, starts = r[R_VEHICLE_OF], r[R_NODES], r[R_LENGTH], r[R_STARTS]
    n_slots = tb[TB_SLOT_PTR].shape[0] - 1
    n_clients = tb[TB_CLIENT_PTR].shape[0] - 1
    carers = np.zeros(n_slots, dtype=np.bool_)
    clients = np.zeros(n_clients, dtype=np.bool_)
    for v in range(length.shape[0]):
        for k in range(length[v]):
            j = routes[v, k]
            slot, start, now = node[j, N_PUBLISHED_SLOT], node[j, N_PUBLISHED], veh[v, V_SLOT]
            if start >= 0 and now == slot and abs(starts[v, k] - start) <= params[MOVE_TOLERANCE]:
                continue  # where it was published
            clients[node[j, N_CLIENT]] = True
            carers[now] = True
            if slot >= 0:
                carers[slot] = True
    for j in range(params[N_VISIT_NODES]):
        if vehicle_of[j] >= 0 or node[j, N_PUBLISHED] < 0:
            continue  # routed (above), or unassigned then and now
        clients[node[j, N_CLIENT]] = True
        if node[j, N_PUBLISHED_SLOT] >= 0:
            carers[node[j, N_PUBLISHED_SLOT]] = True
    return params[CARER_TOLD] * np.count_nonzero(carers) + params[CLIENT_TOLD] * np.count_nonzero(clients)


@njit()
def total(tb, r):  # type: ignore[no-untyped-def]
    """The objective of the roster (Objective.total): route costs, one new-carer charge per (client,
    carer) pair, the penalties of unrouted nodes, the largest lateness."""
    node, params = tb[TB_NODE], tb[TB_PARAMS]
    out = 0
    for v in range(r[R_COST].shape[0]):
        out += r[R_COST][v]
    vehicle_of = r[R_VEHICLE_OF]
    for j in range(params[N_VISIT_NODES]):
        if vehicle_of[j] < 0:
            out += node[j, N_PENALTY]
    if params[HAS_NEW_CARER]:
        # One charge per (client, carer) pair: each client's nodes in order, a carer counted once.
        cptr, cidx, veh = tb[TB_CLIENT_PTR], tb[TB_CLIENT_IDX], tb[TB_VEH]
        for c in range(cptr.shape[0] - 1):
            for i in range(cptr[c], cptr[c + 1]):
                u = vehicle_of[cidx[i]]
                if u < 0:
                    continue
                first = True
                for i2 in range(cptr[c], i):
                    u2 = vehicle_of[cidx[i2]]
                    if u2 >= 0 and veh[u2, V_SLOT] == veh[u, V_SLOT]:
                        first = False
                        break
                if first:
                    out += tb[TB_NEW_CARER][u, cidx[i]]
    if params[HAS_PUBLISHED]:
        out += _told_cost(tb, r)
    coeff = params[MAX_LATE]
    if coeff:
        worst = 0
        for v in range(r[R_LATE].shape[0]):
            if r[R_LATE][v] > worst:
                worst = r[R_LATE][v]
        out += coeff * worst
    return out
