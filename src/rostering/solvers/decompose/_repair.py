"""The repair pass across borders: unmet visits re-rostered with the spare time of nearby carers.

After the parts are stitched, some visits may be unmet that a carer of the next part could have taken.
For each unmet visit (most critical first), a *neighbourhood* is built: the carers nearest to the client
on that day, whichever part they worked for, with at least one who may do the visit, and every other
unmet visit of the day within their reach. The neighbourhood's problem is those carers' whole day of work
plus the unmet visits; the engine re-rosters it, and the new plan replaces the old one only when it
leaves less need unmet (by the engine's own priority weights). The carers' days are taken whole, and
carers who share a double-up or a visit dependency are taken together, so every rule of the day holds
and nobody is booked twice. Neighbourhoods of one round share no carer, so a round runs in parallel.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from ...domain import HistoryRecord, Problem, Roster, Unassigned, Visit
from ..params import SolveParams
from ..stitch import ordered_assignments, ordered_breaks, ordered_routes, ordered_unassigned
from ._carers import CarerDay
from ._parts import Lookup, sub_problem
from ._regions import planar_m

# A visit's eligible carers must include one this many times the neighbourhood's size away at most.
SEARCH_FACTOR = 4


@dataclass(frozen=True)
class Neighbourhood:
    """Carers' days on one date and the visits re-rostered with them (their own and some unmet ones)."""

    date: dt.date
    carer_days: tuple[CarerDay, ...]
    unmet: tuple[str, ...]
    assigned: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"repair {self.date} {self.unmet[0]}"


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
    unmet_by_date: dict[dt.date, list[Visit]] = defaultdict(list)
    for u in roster.unassigned:
        v = problem.visit_by_id[u.visit_id]
        unmet_by_date[v.date].append(v)
    out: list[Neighbourhood] = []
    for date in sorted(unmet_by_date):
        out += _day_neighbourhoods(lookup, roster, date, unmet_by_date[date], size, tried)
    return out


def _day_neighbourhoods(
    lookup: Lookup,
    roster: Roster,
    date: dt.date,
    unmet: list[Visit],
    size: int,
    tried: set[tuple[str, int]],
) -> list[Neighbourhood]:
    problem = lookup.problem
    days = sorted({d for d in lookup.shifts if d[1] == date}, key=lambda d: lookup.carer_order[d[0]])
    if not days:
        return []
    team = _teams(lookup, roster, date, days)
    carers = [problem.carer_by_id[k] for k, _ in days]
    lat0 = float(np.mean([c.lat for c in carers]))
    tree = cKDTree(planar_m([c.lat for c in carers], [c.lon for c in carers], lat0))
    work: dict[CarerDay, list[str]] = defaultdict(list)
    for a in roster.assignments:
        if a.date == date:
            work[(a.carer_id, date)].append(a.visit_id)
    partners = _unmet_partners(lookup, unmet)
    clients = [problem.client_by_id[v.client_id] for v in unmet]
    unmet_at = planar_m([c.lat for c in clients], [c.lon for c in clients], lat0)
    unmet_tree = cKDTree(unmet_at)
    taken_days: set[CarerDay] = set()
    taken_visits: set[str] = set()
    out = []

    def urgency(j: int) -> tuple[int, int, str]:
        v = unmet[j]
        return (v.priority, -v.duration_min * v.carers_required, v.visit_id)

    for j in sorted(range(len(unmet)), key=urgency):
        visit, here = unmet[j], unmet_at[j]
        if visit.visit_id in taken_visits or (visit.visit_id, size) in tried:
            continue
        k = min(len(days), size * SEARCH_FACTOR)
        distance, index = tree.query(here, k=k)
        chosen: list[CarerDay] = []
        able = False
        reach = 0.0
        for dist, i in zip(np.atleast_1d(distance), np.atleast_1d(index), strict=True):
            day = days[int(i)]
            if day in taken_days or day in chosen:
                continue
            group = team[day]
            if any(d in taken_days for d in group):
                continue
            chosen += [d for d in group if d not in chosen]
            able = able or any(_may_do(lookup, d, visit) for d in group)
            reach = float(dist)
            if len(chosen) >= size and able:
                break
        if not able:
            continue
        group_days = set(chosen)
        near = sorted(unmet_tree.query_ball_point(here, reach + 1e-6))
        extra = [
            unmet[i]
            for i in near
            if unmet[i].visit_id not in taken_visits and any(_may_do(lookup, d, unmet[i]) for d in group_days)
        ]
        wanted = _with_partners({visit.visit_id} | {v.visit_id for v in extra}, partners)
        taken_days |= group_days
        taken_visits |= wanted
        own = sorted({x for d in chosen for x in work.get(d, [])})
        tried.add((visit.visit_id, size))
        out.append(Neighbourhood(date, tuple(chosen), tuple(sorted(wanted)), tuple(own)))
    return out


def _teams(
    lookup: Lookup, roster: Roster, date: dt.date, days: list[CarerDay]
) -> dict[CarerDay, list[CarerDay]]:
    """Carer-days that must be re-rostered together: they share a double-up or a dependency's visits."""
    parent = {d: d for d in days}

    def find(d: CarerDay) -> CarerDay:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    def join(a: CarerDay, b: CarerDay) -> None:
        if a in parent and b in parent:
            parent[find(b)] = find(a)

    on_date = {v: [(a.carer_id, date) for a in xs] for v, xs in roster.by_visit.items() if xs[0].date == date}
    for crew in on_date.values():
        for other in crew[1:]:
            join(crew[0], other)
    for links in lookup.dependencies.values():
        for link in links:
            first, second = on_date.get(link.first_visit_id, []), on_date.get(link.second_visit_id, [])
            for a in first[:1]:
                for b in second:
                    join(a, b)
    groups: dict[CarerDay, list[CarerDay]] = defaultdict(list)
    for day in days:
        groups[find(day)].append(day)
    return {day: groups[find(day)] for day in days}


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


def neighbourhood_problem(lookup: Lookup, roster: Roster, hood: Neighbourhood) -> Problem:
    """The neighbourhood's carers' day with their visits and its unmet ones; earlier days as history."""
    visits = set(hood.unmet) | set(hood.assigned)
    clients = {lookup.problem.visit_by_id[v].client_id for v in visits}
    return sub_problem(
        lookup, clients, hood.carer_days, visits, history_for(lookup, roster, clients, hood.date)
    )


def history_for(
    lookup: Lookup, roster: Roster, clients: set[str], date: dt.date
) -> dict[str, list[HistoryRecord]]:
    """Who visited these clients earlier in the rostered days: continuity for a later day's repair."""
    seen: dict[str, set[tuple[str, dt.date]]] = defaultdict(set)
    for a in roster.assignments:
        if a.date < date:
            client = lookup.problem.visit_by_id[a.visit_id].client_id
            if client in clients:
                seen[client].add((a.carer_id, a.date))
    return {
        c: [HistoryRecord(client_id=c, carer_id=k, date=d) for k, d in sorted(pairs)]
        for c, pairs in seen.items()
    }


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
