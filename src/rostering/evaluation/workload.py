"""KPIs of each carer's day: contact, working and travel time, distance, overtime.

Everything is totalled per carer first (carer_id -> value), so that costs and utilisation can be rolled
up by provider without walking the roster again. Travel comes from the travel matrices along each route,
legs home included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Problem, Roster
from ..travel.matrix import TravelSource
from .routes import route_legs, routes_with_visits


@dataclass(frozen=True)
class CarerTravel:
    minutes: int
    metres: float


def contact_minutes(roster: Roster) -> dict[str, int]:
    """Minutes each carer spends with clients; a double-up counts for both carers."""
    out: dict[str, int] = defaultdict(int)
    for a in roster.assignments:
        out[a.carer_id] += a.end_min - a.start_min
    return dict(out)


def working_minutes(roster: Roster) -> dict[str, int]:
    """Minutes each carer is out on routes (departure from base to return), summed over days."""
    out: dict[str, int] = defaultdict(int)
    for r in roster.routes:
        out[r.carer_id] += max(0, r.end_min - r.start_min)
    return dict(out)


def travel_by_carer(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster
) -> dict[str, CarerTravel]:
    """Travel minutes and metres of each carer from the matrices, base to base along every route.

    An assignment outside every route (an invalid roster) contributes its recorded travel instead.
    """
    minutes: dict[str, int] = defaultdict(int)
    metres: dict[str, float] = defaultdict(float)
    grouped, orphans = routes_with_visits(roster)
    for rs in grouped:
        if rs.route.carer_id not in problem.carer_by_id:
            continue
        for lg in route_legs(problem, matrices, rs):
            minutes[rs.route.carer_id] += lg.minutes
            metres[rs.route.carer_id] += lg.metres
    for a in orphans:
        minutes[a.carer_id] += a.travel_min
        metres[a.carer_id] += a.travel_m
    return {k: CarerTravel(minutes[k], metres[k]) for k in sorted(set(minutes) | set(metres))}


def overtime_outside_shift(problem: Problem, roster: Roster) -> int:
    """Route minutes outside the shift the route names (0 in a valid roster; a guard for baselines)."""
    total = 0
    for r in roster.routes:
        shift = problem.named_shift(r.carer_id, r.date, r.shift_start_min)
        span = max(0, r.end_min - r.start_min)
        if shift is None:
            total += span
            continue
        inside = max(0, min(r.end_min, shift.end_min) - max(r.start_min, shift.start_min))
        total += span - inside
    return total


def overtime_by_carer(problem: Problem, roster: Roster) -> dict[str, float]:
    """Minutes each carer with a contract works beyond contracted_hours_week, over the complete weeks.

    A weekly contract cannot be judged from part of a week (a carer on 5 long days of a 37.5-hour
    contract is not over it on Tuesday), so weeks are 7-day blocks from the problem's first date and
    only blocks holding all 7 dates count; shorter rosters report 0.
    """
    if not problem.dates:
        return {}
    first = problem.dates[0]
    dates_in_block: dict[int, set[object]] = defaultdict(set)
    for day in problem.dates:
        dates_in_block[(day - first).days // 7].add(day)
    complete = {block for block, days in dates_in_block.items() if len(days) == 7}
    worked: dict[tuple[str, int], int] = defaultdict(int)
    for r in roster.routes:
        block = (r.date - first).days // 7
        if block in complete:
            worked[(r.carer_id, block)] += max(0, r.end_min - r.start_min)
    out: dict[str, float] = defaultdict(float)
    for (carer_id, _block), minutes in sorted(worked.items()):
        carer = problem.carer_by_id.get(carer_id)
        if carer is None or carer.contracted_hours_week is None:
            continue
        out[carer_id] += max(0.0, minutes - carer.contracted_hours_week * 60.0)
    return dict(out)


def overtime_over_contract(problem: Problem, roster: Roster) -> float:
    """Minutes worked beyond contracted_hours_week, summed over carers (see `overtime_by_carer`)."""
    return sum(overtime_by_carer(problem, roster).values())
