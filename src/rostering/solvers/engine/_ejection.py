"""Making room for a visit nobody could take: eject visits from a carer who could, then re-insert all.

Cheapest insertion leaves a visit out when every carer allowed to do it is busy around its window; a
re-plan meets this whenever a sick carer did visits few others can (a skill, a gender preference). The
re-plan's ruin-and-recreate can find room too, but only by chance within its budget. This tries each run
of up to MAX_RUN consecutive visits on each allowed carer's route that overlaps the stranded visit's
window: take the run out, insert the stranded visit first, then everything else unrouted; it keeps the
cheapest roster that leaves fewer visits out than before (not one that strands another visit instead:
a re-plan must not take a visit from a carer who is still at work). In node and route order:
deterministic.
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np

from ._insertion import Insertion

# Two stranded visits of one client (a tea call and a bedtime call) can need two visits moved.
MAX_RUN = 3
# Runs tried per stranded visit, nearest first: bounded on a council-sized day with a thousand carers.
MAX_TRIES = 120


def eject_for_stranded(insertion: Insertion, nodes: list[int], keep: Set[int] = frozenset()) -> int:
    """Try to route each of `nodes` still unrouted by ejecting a run of other visits (none in `keep`);
    return how many were routed."""
    state = insertion.state
    inst = state.inst
    routed = 0
    for j in nodes:
        if state.vehicle_of[j] >= 0:
            continue
        start = state.snapshot()
        out = _unrouted(insertion)
        best_cost, best = 0, None
        for run in _runs_around(insertion, j, keep):
            if state.remove(run):
                insertion.insert([inst.group_of[j]])
                if state.vehicle_of[j] >= 0:
                    insertion.insert_all()
                    cost = state.total_cost()
                    if _unrouted(insertion) < out and (best is None or cost < best_cost):
                        best_cost, best = cost, state.snapshot()
            state.restore(start)
        if best is not None:
            state.restore(best)
            routed += 1
    return routed


def _runs_around(insertion: Insertion, j: int, keep: Set[int]) -> list[set[int]]:
    """Runs of 1..MAX_RUN consecutive visits, none kept, on the routes of vehicles allowed to do node j,
    each with a visit whose time overlaps j's window; the MAX_TRIES nearest j by travel first."""
    state = insertion.state
    inst = state.inst
    lo, hi = int(inst.ws[j]), int(inst.hi[j]) + int(inst.service[j])
    travel = next(iter(inst.travel.values()))
    runs: list[tuple[int, int, set[int]]] = []
    for v in map(int, np.flatnonzero(inst.allowed[j])):
        route, starts = state.routes[v], state.scheds[v].starts
        near = [
            k
            for k, x in enumerate(route)
            if x not in keep and starts[k] < hi and starts[k] + int(inst.service[x]) > lo
        ]
        for k in near:
            for length in range(1, MAX_RUN + 1):
                run = route[k : k + length]
                if len(run) < length or any(x in keep for x in run):
                    break
                runs.append((int(travel[run[0], j]), len(runs), set(run)))
    return [run for *_, run in sorted(runs, key=lambda r: r[:2])[:MAX_TRIES]]


def _unrouted(insertion: Insertion) -> int:
    return int(np.count_nonzero(insertion.state.vehicle_of < 0))
