"""The repair pass across borders: unmet visits re-rostered with the spare time of nearby carers.

After the parts are stitched, some visits may be unmet that a carer of the next part could have taken.
For each unmet visit (most critical first), a *neighbourhood* is built: the carers based nearest to the
client, whichever part they worked for, with at least one who may do the visit (eligible, on shift that
day), and every other unmet visit within their reach that one of them may do. The neighbourhood's problem
is those carers' whole work (every day of the problem, so the rules across days still hold) plus the
unmet visits; the engine re-rosters it, and the new plan replaces the old one only when it leaves less
need unmet (by the engine's own priority weights). Carers who share a double-up or a visit dependency are
taken together, so nobody is booked twice and every synchronised pair stays whole. Neighbourhoods of one
round share no carer, so a round runs in parallel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from ...domain import Problem, Roster, Unassigned, Visit
from ..params import SolveParams
from ..stitch import ordered_assignments, ordered_breaks, ordered_routes, ordered_unassigned
from ._carers import CarerDay
from ._parts import Lookup, sub_problem
from ._regions import planar_m

# A visit's eligible carers must include one this many times the neighbourhood's size away at most.
SEARCH_FACTOR = 4


@dataclass(frozen=True)
class Neighbourhood:
    """Carers' work (all their days) and the visits re-rostered with them (their own and unmet ones)."""

    carer_days: tuple[CarerDay, ...]
    unmet: tuple[str, ...]
    assigned: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"repair {self.unmet[0]}"


def unmet_cost(visit: Visit, params: SolveParams) -> float:
    """What leaving the visit unmet costs in the engine's objective (GBP; a double-up counts twice)."""
    k = visit.priority - 1
    u = params.unassigned
    return (u.per_visit_gbp[k] + u.per_minute_gbp[k] * visit.duration_min) * visit.carers_required


def neighbourhoods(
    lookup: Lookup, roster: Roster, size: int, tried: set[tuple[str, int]]
) -> list[Neighbourhood]:
    """Disjoint neighbourhoods around the roster's unmet visits (see the module docstring).

    `tried` holds (visit, size) pairs already attempted; a visit is not tried again at the same size.
    """
    problem = lookup.problem
    unmet = [problem.visit_by_id[u.visit_id] for u in roster.unassigned]
    days_of: dict[str, list[CarerDay]] = defaultdict(list)
    for day in sorted(lookup.shifts, key=lambda d: (lookup.carer_order[d[0]], d[1])):
        days_of[day[0]].append(day)
    carers = list(days_of)
    if not unmet or not carers:
        return []
    crew = _crews(roster, lookup, carers)
    bases = [problem.carer_by_id[k] for k in carers]
    lat0 = float(np.mean([c.lat for c in bases]))
    tree = cKDTree(planar_m([c.lat for c in bases], [c.lon for c in bases], lat0))
    work: dict[str, list[str]] = defaultdict(list)
    for a in roster.assignments:
        work[a.carer_id].append(a.visit_id)
    partners = _unmet_partners(lookup, unmet)
    clients = [problem.client_by_id[v.client_id] for v in unmet]
    unmet_at = planar_m([c.lat for c in clients], [c.lon for c in clients], lat0)
    unmet_tree = cKDTree(unmet_at)
    taken_carers: set[str] = set()
    taken_visits: set[str] = set()
    out = []

    def urgency(j: int) -> tuple[int, int, str]:
        v = unmet[j]
        return (v.priority, -v.duration_min * v.carers_required, v.visit_id)

    for j in sorted(range(len(unmet)), key=urgency):
        visit, here = unmet[j], unmet_at[j]
        if visit.visit_id in taken_visits or (visit.visit_id, size) in tried:
            continue
        chosen, reach = _nearest_crews(lookup, tree, carers, crew, days_of, taken_carers, visit, here, size)
        if not chosen:
            continue
        near = sorted(unmet_tree.query_ball_point(here, reach + 1e-6))
        extra = [
            unmet[i].visit_id
            for i in near
            if unmet[i].visit_id not in taken_visits
            and any(_may_do(lookup, d, unmet[i]) for k in chosen for d in days_of[k])
        ]
        wanted = _with_partners({visit.visit_id, *extra}, partners)
        taken_carers |= set(chosen)
        taken_visits |= wanted
        own = sorted({x for k in chosen for x in work.get(k, [])})
        tried.add((visit.visit_id, size))
        days = tuple(d for k in chosen for d in days_of[k])
        out.append(Neighbourhood(days, tuple(sorted(wanted)), tuple(own)))
    return out


def _nearest_crews(
    lookup: Lookup,
    tree: cKDTree,
    carers: list[str],
    crew: Mapping[str, list[str]],
    days_of: Mapping[str, list[CarerDay]],
    taken: set[str],
    visit: Visit,
    here: NDArray[np.float64],
    size: int,
) -> tuple[list[str], float]:
    """The free carers nearest to `here` (whole crews) until `size` of them, one of whom may do `visit`;
    with how far the last is. Nothing when nobody near enough may do the visit."""
    distance, index = tree.query(here, k=min(len(carers), size * SEARCH_FACTOR))
    chosen: list[str] = []
    able = False
    reach = 0.0
    for dist, i in zip(np.atleast_1d(distance), np.atleast_1d(index), strict=True):
        carer = carers[int(i)]
        if carer in chosen or any(k in taken for k in crew[carer]):
            continue
        chosen += [k for k in crew[carer] if k not in chosen]
        able = able or any(_may_do(lookup, d, visit) for k in crew[carer] for d in days_of[k])
        reach = float(dist)
        if len(chosen) >= size and able:
            break
    return (chosen, reach) if able else ([], 0.0)


def _crews(roster: Roster, lookup: Lookup, carers: list[str]) -> dict[str, list[str]]:
    """Carers that must be re-rostered together: they share a double-up or a dependency's visits."""
    parent = {k: k for k in carers}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[find(b)] = find(a)

    done_by = {v: [a.carer_id for a in xs] for v, xs in roster.by_visit.items()}
    for together in done_by.values():
        for other in together[1:]:
            join(together[0], other)
    for links in lookup.dependencies.values():
        for link in links:
            for a in done_by.get(link.first_visit_id, [])[:1]:
                for b in done_by.get(link.second_visit_id, []):
                    join(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for k in carers:
        groups[find(k)].append(k)
    return {k: groups[find(k)] for k in carers}


def _unmet_partners(lookup: Lookup, unmet: list[Visit]) -> dict[str, set[str]]:
    """Unmet visits linked by a dependency (both sides are unmet together, or met together)."""
    ids = {v.visit_id for v in unmet}
    linked: dict[str, set[str]] = defaultdict(set)
    for v in unmet:
        for d in lookup.dependencies.get(v.visit_id, []):
            if d.second_visit_id in ids:
                linked[v.visit_id].add(d.second_visit_id)
                linked[d.second_visit_id].add(v.visit_id)
    return linked


def _with_partners(ids: set[str], partners: Mapping[str, set[str]]) -> set[str]:
    out, todo = set(ids), list(ids)
    while todo:
        for other in partners.get(todo.pop(), ()):
            if other not in out:
                out.add(other)
                todo.append(other)
    return out


def _may_do(lookup: Lookup, day: CarerDay, visit: Visit) -> bool:
    """Is the carer eligible and on shift some time the visit could start and end?"""
    problem = lookup.problem
    if not problem.is_eligible(problem.carer_by_id[day[0]], visit):
        return False
    return any(
        s.start_min <= visit.window_end_min and visit.window_start_min + visit.duration_min <= s.end_min
        for s in lookup.shifts[day]
    )


def neighbourhood_problem(lookup: Lookup, hood: Neighbourhood) -> Problem:
    """The neighbourhood's carers, every day of their work, with their visits and its unmet ones."""
    visits = set(hood.unmet) | set(hood.assigned)
    clients = {lookup.problem.visit_by_id[v].client_id for v in visits}
    return sub_problem(lookup, clients, hood.carer_days, visits)


def improves(lookup: Lookup, hood: Neighbourhood, new: Roster, params: SolveParams) -> bool:
    """Does the neighbourhood's new roster leave less need unmet than before?"""
    visits = lookup.problem.visit_by_id
    before = sum(unmet_cost(visits[v], params) for v in hood.unmet)
    after = sum(unmet_cost(visits[u.visit_id], params) for u in new.unassigned)
    return after < before - 1e-9


def apply(roster: Roster, hood: Neighbourhood, new: Roster) -> Roster:
    """The roster with the neighbourhood's carer-days and visits replaced by its new roster."""
    days = set(hood.carer_days)
    visits = set(hood.unmet) | set(hood.assigned)
    return roster.model_copy(
        update={
            "assignments": ordered_assignments(
                [a for a in roster.assignments if (a.carer_id, a.date) not in days] + list(new.assignments)
            ),
            "breaks": ordered_breaks(
                [b for b in roster.breaks if (b.carer_id, b.date) not in days] + list(new.breaks)
            ),
            "routes": ordered_routes(
                [r for r in roster.routes if (r.carer_id, r.date) not in days] + list(new.routes)
            ),
            "unassigned": ordered_unassigned(
                [u for u in roster.unassigned if u.visit_id not in visits] + list(new.unassigned)
            ),
        }
    )


def with_reasons(roster: Roster, new: Roster) -> Roster:
    """The roster with the reasons a (rejected) wider attempt gave for visits it still could not place."""
    reasons: dict[str, Unassigned] = {u.visit_id: u for u in new.unassigned}
    if not reasons:
        return roster
    return roster.model_copy(
        update={"unassigned": tuple(reasons.get(u.visit_id, u) for u in roster.unassigned)}
    )
