"""How a roster's assignments sit on its shift routes, and the travel legs along each route.

The validator and the KPIs both need to know which visits a route serves and in what order, and what
each leg costs according to the travel matrix (never according to what the roster recorded). Keeping that
here gives the two judges one reading of the roster.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Assignment, Carer, Problem, Roster, ShiftRoute, carer_location_id, client_location_id
from ..errors import MatrixError
from ..travel.matrix import TravelSource


@dataclass(frozen=True)
class Leg:
    """Travel between two visits of a route (or a visit and the base), from the carer's travel-mode matrix."""

    from_id: str
    to_id: str
    minutes: int
    metres: float


@dataclass(frozen=True)
class RouteVisits:
    """A shift route and the assignments inside its [start_min, end_min], in start order."""

    route: ShiftRoute
    visits: tuple[Assignment, ...]


def roster_dates(roster: Roster) -> tuple[dt.date, ...]:
    """The dates a roster covers: every date it assigns, leaves unassigned or routes, in order."""
    dates = {a.date for a in roster.assignments} | {u.date for u in roster.unassigned}
    dates |= {r.date for r in roster.routes}
    return tuple(sorted(dates))


def routes_with_visits(roster: Roster) -> tuple[list[RouteVisits], list[Assignment]]:
    """Each route with the assignments it contains, plus the assignments that fit in no route.

    An assignment belongs to the first route (by start) of its carer and date that contains it whole.
    """
    routes_by_day: dict[tuple[str, dt.date], list[ShiftRoute]] = defaultdict(list)
    for route in roster.routes:
        routes_by_day[(route.carer_id, route.date)].append(route)
    members: dict[int, list[Assignment]] = defaultdict(list)
    orphans: list[Assignment] = []
    ordered_routes = sorted(roster.routes, key=lambda r: (r.date, r.carer_id, r.start_min, r.end_min))
    position = {id(r): i for i, r in enumerate(ordered_routes)}
    for a in roster.assignments:
        candidates = sorted(
            routes_by_day.get((a.carer_id, a.date), []), key=lambda r: (r.start_min, r.end_min)
        )
        home = next((r for r in candidates if r.start_min <= a.start_min and a.end_min <= r.end_min), None)
        if home is None:
            orphans.append(a)
        else:
            members[position[id(home)]].append(a)
    grouped = [
        RouteVisits(route, tuple(sorted(members[i], key=lambda a: (a.start_min, a.seq, a.visit_id))))
        for i, route in enumerate(ordered_routes)
    ]
    return grouped, sorted(orphans, key=lambda a: (a.date, a.carer_id, a.start_min, a.visit_id))


def matrix_for(matrices: Mapping[str, TravelSource], carer: Carer) -> TravelSource:
    """The matrix of the carer's travel mode; a missing profile is a matrix problem, not a roster one."""
    try:
        return matrices[carer.travel_mode]
    except KeyError:
        raise MatrixError(
            f"no {carer.travel_mode} travel matrix for carer {carer.carer_id} "
            f"(have: {', '.join(sorted(matrices))})"
        ) from None


def leg(matrix: TravelSource, from_id: str, to_id: str) -> Leg:
    return Leg(from_id, to_id, matrix.travel_min(from_id, to_id), matrix.travel_m(from_id, to_id))


def route_legs(problem: Problem, matrices: Mapping[str, TravelSource], rv: RouteVisits) -> list[Leg]:
    """Legs base -> first visit -> ... -> last visit -> base; n + 1 legs for n known visits, none if empty.

    Assignments naming an unknown visit are skipped (the validator reports them separately).
    """
    carer = problem.carer_by_id[rv.route.carer_id]
    matrix = matrix_for(matrices, carer)
    base = carer_location_id(carer.carer_id)
    places = [
        client_location_id(problem.visit_by_id[a.visit_id].client_id)
        for a in rv.visits
        if a.visit_id in problem.visit_by_id
    ]
    if not places:
        return []
    path = [base, *places, base]
    return [leg(matrix, path[k], path[k + 1]) for k in range(len(path) - 1)]
