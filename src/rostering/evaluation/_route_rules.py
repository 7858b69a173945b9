"""Validator rules about a carer's day: shifts and routes, travel, overlaps, seq, breaks, hours and capacity.

A carer's day is their routes (one per shift worked, base to base), the assignments inside them and their
breaks. Travel is always read from the carer's travel-mode matrix, never trusted from the roster.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping

from ..domain import Assignment, Break, Problem, Roster, ShiftRoute
from ..domain.time import format_hhmm as hhmm
from ..travel.matrix import TravelSource
from .routes import Leg, RouteVisits, route_legs, routes_with_visits
from .violation import Violation

REST_BREAK_AFTER_MIN = 360  # a route longer than this must contain a break (Working Time Regulations)
REST_BREAK_MIN = 20
METRES_TOLERANCE = 0.5  # recorded distances may be rounded to whole metres


def check_routes(problem: Problem, roster: Roster) -> list[Violation]:
    """Every route is well formed, works a real shift of its carer, and no shift is worked twice."""
    out: list[Violation] = []
    seen = Counter((r.carer_id, r.date, r.shift_start_min) for r in roster.routes)
    for (carer_id, day, shift_start), n in sorted(seen.items()):
        if n > 1:
            out.append(
                Violation(
                    "duplicate_route",
                    f"{n} routes work the shift starting at {hhmm(shift_start)}",
                    None,
                    carer_id,
                    day,
                )
            )
    for route in roster.routes:
        if route.carer_id not in problem.carer_by_id:
            continue
        where = (None, route.carer_id, route.date)
        if route.end_min < route.start_min:
            out.append(
                Violation(
                    "route_invalid",
                    f"route ends at {hhmm(route.end_min)} before it starts at {hhmm(route.start_min)}",
                    *where,
                )
            )
            continue
        shift = problem.named_shift(route.carer_id, route.date, route.shift_start_min)
        if shift is None:
            out.append(
                Violation(
                    "route_outside_shift",
                    f"route names a shift starting at {hhmm(route.shift_start_min)}; there is none",
                    *where,
                )
            )
        elif route.start_min < shift.start_min or route.end_min > shift.end_min:
            out.append(
                Violation(
                    "route_outside_shift",
                    f"route {hhmm(route.start_min)}-{hhmm(route.end_min)} is outside its shift "
                    f"{hhmm(shift.start_min)}-{hhmm(shift.end_min)}",
                    *where,
                )
            )
    return out


def check_carer_days(problem: Problem, roster: Roster) -> list[Violation]:
    """Overlaps, seq order, working-minute caps and routeless assignments, one carer-day at a time."""
    out: list[Violation] = []
    routes: dict[tuple[str, dt.date], list[ShiftRoute]] = defaultdict(list)
    for r in roster.routes:
        routes[(r.carer_id, r.date)].append(r)
    breaks: dict[tuple[str, dt.date], list[Break]] = defaultdict(list)
    for b in roster.breaks:
        breaks[(b.carer_id, b.date)].append(b)
    _, orphans = routes_with_visits(roster)
    for a in orphans:
        if a.carer_id in problem.carer_by_id:
            out.append(
                Violation(
                    "outside_route",
                    f"{hhmm(a.start_min)}-{hhmm(a.end_min)} is inside none of the carer's routes",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
    days = sorted(set(roster.by_carer_day) | set(routes) | set(breaks))
    for key in days:
        carer = problem.carer_by_id.get(key[0])
        if carer is None:
            continue
        visits = roster.by_carer_day.get(key, ())
        out.extend(_overlaps(key, visits, routes.get(key, []), breaks.get(key, [])))
        out.extend(_seq(key, visits))
        worked = sum(max(0, r.end_min - r.start_min) for r in routes.get(key, []))
        if carer.max_minutes_per_day is not None and worked > carer.max_minutes_per_day:
            out.append(
                Violation(
                    "over_max_minutes",
                    f"works {worked} min, limit {carer.max_minutes_per_day}",
                    None,
                    key[0],
                    key[1],
                )
            )
    return out


def _intervals_overlap(items: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Pairs (label, label) of half-open intervals that overlap, scanning in start order."""
    clashes: list[tuple[str, str]] = []
    ordered = sorted(items)
    for i, (_start, end, label) in enumerate(ordered):
        for later_start, _later_end, later_label in ordered[i + 1 :]:
            if later_start >= end:
                break
            clashes.append((label, later_label))
    return clashes


def _overlaps(
    key: tuple[str, dt.date], visits: tuple[Assignment, ...], routes: list[ShiftRoute], breaks: list[Break]
) -> list[Violation]:
    carer_id, day = key
    out: list[Violation] = []
    timed = [(a.start_min, a.end_min, f"visit {a.visit_id}") for a in visits if a.end_min > a.start_min]
    timed += [(b.start_min, b.start_min + b.duration_min, f"break at {hhmm(b.start_min)}") for b in breaks]
    for first, second in _intervals_overlap(timed):
        out.append(Violation("overlap", f"{first} overlaps {second}", None, carer_id, day))
    spans = [
        (r.start_min, r.end_min, f"route {hhmm(r.start_min)}-{hhmm(r.end_min)}")
        for r in routes
        if r.end_min > r.start_min
    ]
    for first, second in _intervals_overlap(spans):
        out.append(Violation("overlap", f"{first} overlaps {second}", None, carer_id, day))
    return out


def _seq(key: tuple[str, dt.date], visits: tuple[Assignment, ...]) -> list[Violation]:
    in_time = sorted(visits, key=lambda a: (a.start_min, a.seq, a.visit_id))
    seqs = [a.seq for a in in_time]
    if seqs == list(range(1, len(seqs) + 1)):
        return []
    shown = ", ".join(f"{a.visit_id}={a.seq}" for a in in_time)
    return [
        Violation(
            "seq_order", f"seq in start order is {shown}; expected 1..{len(seqs)}", None, key[0], key[1]
        )
    ]


def check_route_travel(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster
) -> list[Violation]:
    """Recorded travel equals the matrix, every gap fits its travel and breaks, long routes have a break."""
    out: list[Violation] = []
    breaks: dict[tuple[str, dt.date], list[Break]] = defaultdict(list)
    for b in roster.breaks:
        breaks[(b.carer_id, b.date)].append(b)
    placed: set[int] = set()
    grouped, _ = routes_with_visits(roster)
    for rs in grouped:
        route = rs.route
        if route.carer_id not in problem.carer_by_id or route.end_min < route.start_min:
            continue
        inside = [
            b
            for b in breaks.get((route.carer_id, route.date), [])
            if route.start_min <= b.start_min and b.start_min + b.duration_min <= route.end_min
        ]
        placed.update(id(b) for b in inside)
        rv = RouteVisits(route, tuple(a for a in rs.visits if a.visit_id in problem.visit_by_id))
        legs = route_legs(problem, matrices, rv)
        out.extend(_recorded_travel(rv, legs))
        out.extend(_gaps_and_breaks(rv, legs, inside, problem.locality.rest_breaks))
        out.extend(_capacity(problem, rv))
    for b in roster.breaks:
        if id(b) not in placed and b.carer_id in problem.carer_by_id:
            out.append(
                Violation(
                    "break_outside_route",
                    f"break at {hhmm(b.start_min)} lies in none of the carer's routes",
                    None,
                    b.carer_id,
                    b.date,
                )
            )
    return out


def _recorded_travel(rv: RouteVisits, legs: list[Leg]) -> list[Violation]:
    out: list[Violation] = []
    for a, lg in zip(rv.visits, legs, strict=False):
        if a.travel_min != lg.minutes or abs(a.travel_m - lg.metres) > METRES_TOLERANCE:
            out.append(
                Violation(
                    "travel_mismatch",
                    f"travel recorded as {a.travel_min} min / {a.travel_m:.0f} m from {lg.from_id}; "
                    f"matrix says {lg.minutes} min / {lg.metres:.0f} m",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
    route = rv.route
    home = legs[-1] if legs else Leg("", "", 0, 0.0)
    if route.travel_home_min != home.minutes or abs(route.travel_home_m - home.metres) > METRES_TOLERANCE:
        out.append(
            Violation(
                "travel_mismatch",
                f"travel home recorded as {route.travel_home_min} min / {route.travel_home_m:.0f} m; "
                f"matrix says {home.minutes} min / {home.metres:.0f} m",
                None,
                route.carer_id,
                route.date,
            )
        )
    return out


def _gaps_and_breaks(
    rv: RouteVisits, legs: list[Leg], breaks: list[Break], rest_breaks: bool
) -> list[Violation]:
    """Each gap between visits (or base) must hold its travel plus the breaks taken in it."""
    route = rv.route
    out: list[Violation] = []
    if not rv.visits:
        # A route with no visits is one gap, base to base, with nothing to travel.
        legs = [Leg("base", "base", 0, 0.0)]
    # The gaps: route start -> first visit, visit -> visit, last visit -> route end.
    ends = [route.start_min, *(a.end_min for a in rv.visits)]
    starts = [*(a.start_min for a in rv.visits), route.end_min]
    # A qualifying break between two visits; one only before the first or after the last visit does not
    # count (ACAS on the Working Time Regulations: the break is taken during the working day).
    break_between_visits = break_at_an_end = False
    for k, (prev_end, next_start) in enumerate(zip(ends, starts, strict=True)):
        in_gap = [b for b in breaks if prev_end <= b.start_min and b.start_min + b.duration_min <= next_start]
        needed = legs[k].minutes + sum(b.duration_min for b in in_gap)
        fits = next_start - prev_end >= needed
        if fits and any(b.duration_min >= REST_BREAK_MIN for b in in_gap):
            if 0 < k < len(rv.visits):
                break_between_visits = True
            else:
                break_at_an_end = True
        if fits:
            continue
        rest = needed - legs[k].minutes
        at_base = k == 0 or k == len(rv.visits)
        code = "base_travel_too_short" if at_base else "travel_too_short"
        what = (
            "leaving base"
            if k == 0
            else ("returning to base" if at_base else f"{legs[k].from_id} -> {legs[k].to_id}")
        )
        target = rv.visits[min(k, len(rv.visits) - 1)] if rv.visits else None
        out.append(
            Violation(
                code,
                f"{what}: gap {hhmm(prev_end)}-{hhmm(next_start)} is {next_start - prev_end} min, "
                f"needs {legs[k].minutes} min travel" + (f" + {rest} min break" if rest else ""),
                target.visit_id if target else None,
                route.carer_id,
                route.date,
            )
        )
    span = route.end_min - route.start_min
    if rest_breaks and span > REST_BREAK_AFTER_MIN and not break_between_visits:
        where = f"route {hhmm(route.start_min)}-{hhmm(route.end_min)} spans {span} min"
        out.append(
            Violation(
                "break_not_between_visits",
                f"{where}; its {REST_BREAK_MIN}+ min break is before the first visit or after the last",
                None,
                route.carer_id,
                route.date,
            )
            if break_at_an_end
            else Violation(
                "missing_break",
                f"{where} with no {REST_BREAK_MIN}+ min break that fits",
                None,
                route.carer_id,
                route.date,
            )
        )
    return out


def _capacity(problem: Problem, rv: RouteVisits) -> list[Violation]:
    carer = problem.carer_by_id[rv.route.carer_id]
    if carer.capacity is None:
        return []
    load = sum(problem.visit_by_id[a.visit_id].demand for a in rv.visits)
    if load <= carer.capacity:
        return []
    return [
        Violation(
            "over_capacity",
            f"route carries demand {load}, capacity {carer.capacity}",
            None,
            carer.carer_id,
            rv.route.date,
        )
    ]
