"""From routes and start times (block minutes) to the roster's Assignments, Breaks, ShiftRoutes, Unassigned.

Travel is read from the carer's travel-mode matrix exactly as the validator reads it (TravelMatrix
.minutes); a route leaves base just in time for its first visit and ends back at base. A route longer
than six hours gets its 20-minute break in a gap between two visits that also holds the travel (ACAS on
the Working Time Regulations: the break falls during the working day, not at its start or end). Our
search only builds such routes; an OR-Tools solution without such a gap is rejected (`interior_breaks`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from ...domain import Assignment, Break, ShiftRoute, Unassigned
from ...domain.time import format_hhmm
from ._instance import REST_BREAK_MIN, Instance


@dataclass(frozen=True)
class BlockRoster:
    assignments: tuple[Assignment, ...]
    breaks: tuple[Break, ...]
    routes: tuple[ShiftRoute, ...]
    unassigned: tuple[Unassigned, ...]


def extract_block(
    inst: Instance, routes: list[list[int]], starts: dict[int, int], unreached: Collection[int] = ()
) -> BlockRoster:
    """The roster of one block; visits dropped by the search become `no_capacity_in_window` (those in
    `unreached`, which a construction stopped by the time limit never tried, say so)."""
    rows: dict[tuple[str, dt.date], list[tuple[int, int, int, int, float]]] = defaultdict(list)
    breaks: list[Break] = []
    shift_routes: list[ShiftRoute] = []
    for v, nodes in enumerate(routes):
        if not nodes:
            continue
        veh = inst.vehicles[v]
        M, base = inst.metres[veh.mode], veh.base
        off = inst.offsets[veh.shift.date]
        times = [starts[j] for j in nodes]
        legs = [base, *nodes, base]
        leg_min = _leg_minutes(inst, v, nodes)
        dep, ret, brk_start = _route_times(inst, v, nodes, times, leg_min)
        if brk_start is not None:
            breaks.append(
                Break(
                    carer_id=veh.carer.carer_id,
                    date=veh.shift.date,
                    start_min=brk_start - off,
                    duration_min=REST_BREAK_MIN,
                )
            )
        shift_routes.append(
            ShiftRoute(
                carer_id=veh.carer.carer_id,
                date=veh.shift.date,
                shift_start_min=veh.shift.start_min,
                start_min=dep - off,
                end_min=ret - off,
                travel_home_min=leg_min[-1],
                travel_home_m=float(M[nodes[-1], base]),
            )
        )
        for k, j in enumerate(nodes):
            rows[(veh.carer.carer_id, veh.shift.date)].append(
                (times[k], j, v, leg_min[k], float(M[legs[k], j]))
            )
    assignments: list[Assignment] = []
    for (carer_id, _), items in rows.items():
        for seq, (t, j, _v, travel_min, travel_m) in enumerate(sorted(items), start=1):
            visit = inst.visit_of(j)
            start = t - inst.offsets[visit.date]
            assignments.append(
                Assignment(
                    visit_id=visit.visit_id,
                    carer_id=carer_id,
                    date=visit.date,
                    start_min=start,
                    end_min=start + visit.duration_min,
                    travel_min=travel_min,
                    travel_m=travel_m,
                    seq=seq,
                )
            )
    return BlockRoster(
        tuple(assignments), tuple(breaks), tuple(shift_routes), tuple(_dropped(inst, routes, set(unreached)))
    )


def route_spans(inst: Instance, routes: list[list[int]], starts: dict[int, int]) -> list[int]:
    """Minutes from leaving base to getting back, per vehicle, as the roster will show them (0 if unused)."""
    out: list[int] = []
    for v, nodes in enumerate(routes):
        if nodes:
            dep, ret, _ = _route_times(
                inst, v, nodes, [starts[j] for j in nodes], _leg_minutes(inst, v, nodes)
            )
            out.append(ret - dep)
        else:
            out.append(0)
    return out


def _leg_minutes(inst: Instance, v: int, nodes: list[int]) -> list[int]:
    T, base = inst.travel[inst.vehicles[v].mode], inst.vehicles[v].base
    return [int(T[a, b]) for a, b in itertools.pairwise([base, *nodes, base])]


def _route_times(
    inst: Instance, v: int, nodes: list[int], times: list[int], leg_min: list[int]
) -> tuple[int, int, int | None]:
    """(departure, return, break start or None): just in time for the first visit, straight home after
    the last, and the break of a route longer than six hours."""
    dep = times[0] - leg_min[0]
    ret = times[-1] + int(inst.service[nodes[-1]]) + leg_min[-1]
    if inst.break_after is not None and ret - dep > inst.break_after:
        return dep, ret, _break_start(inst, nodes, times, leg_min, dep, ret)
    return dep, ret, None


def interior_breaks(inst: Instance, routes: list[list[int]], starts: dict[int, int]) -> bool:
    """Does every route longer than six hours have a gap between two visits for its rest break?"""
    if inst.break_after is None:
        return True
    for v, nodes in enumerate(routes):
        if nodes:
            dep, ret, brk = _route_times(
                inst, v, nodes, [starts[j] for j in nodes], _leg_minutes(inst, v, nodes)
            )
            if ret - dep > inst.break_after and brk is None:
                return False
    return True


def _break_start(
    inst: Instance, nodes: list[int], times: list[int], leg_min: list[int], dep: int, ret: int
) -> int | None:
    """The break's start: right after the visit ending the gap nearest mid-route that holds the travel
    + 20 minutes; None when no gap between two visits does."""
    mid = (dep + ret) / 2
    best: tuple[float, int] | None = None
    for k in range(1, len(nodes)):
        prev_end = times[k - 1] + int(inst.service[nodes[k - 1]])
        if times[k] - prev_end - leg_min[k] >= REST_BREAK_MIN:
            score = abs(prev_end - mid)
            if best is None or score < best[0]:
                best = (score, prev_end)
    return None if best is None else best[1]


def _dropped(inst: Instance, routes: list[list[int]], unreached: set[int]) -> list[Unassigned]:
    routed = {j for nodes in routes for j in nodes}
    out: list[Unassigned] = []
    seen: set[str] = set()
    for j in range(inst.n_visit_nodes):
        visit = inst.visit_of(j)
        if j in routed or visit.visit_id in seen:
            continue
        seen.add(visit.visit_id)
        window = f"{format_hhmm(visit.window_start_min)}-{format_hhmm(visit.window_end_min)}"
        shifts = int(inst.allowed[j].sum())
        linked = len(inst.groups[inst.group_of[j]]) > 1
        detail = f"{shifts} eligible shift(s) could reach it in {window}, but the search could not fit it" + (
            " together with its synchronised partner" if linked else ""
        )
        if j in unreached:
            detail = (
                f"{shifts} eligible shift(s) could reach it in {window}; the time limit ran out before the "
                "search tried to place it"
            )
        out.append(
            Unassigned(
                visit_id=visit.visit_id,
                client_id=visit.client_id,
                date=visit.date,
                reason="no_capacity_in_window",
                detail=detail,
            )
        )
    return out
