"""The parts of a decomposed problem: each a smaller Problem the engine solves alone.

A part is a region's clients with all their visits, and the carers working for the region on some day,
with only the shifts of those days. Everything else a Problem needs comes along, cut to the part: the
history and preferences that name the part's own carers (the others cannot visit anyway), the
dependencies between the part's visits, every provider and the locality as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ...domain import Client, HistoryRecord, Problem, Shift, Visit, VisitDependency
from ._carers import CarerAllocation, CarerDay


@dataclass(frozen=True)
class PartPlan:
    """One part: its name, clients and carer-days, and the care it holds (visits on its busiest day)."""

    label: str
    clients: frozenset[str]
    carer_days: frozenset[CarerDay]
    visits: int
    busiest_day_visits: int


def plan_parts(problem: Problem, client_region: Mapping[str, int], carers: CarerAllocation) -> list[PartPlan]:
    """One PartPlan per region, in region order; regions with no visits are left out."""
    clients: dict[int, set[str]] = defaultdict(set)
    for client_id, r in client_region.items():
        clients[r].add(client_id)
    days: dict[int, set[CarerDay]] = defaultdict(set)
    for day, r in carers.region_of_day.items():
        days[r].add(day)
    per_day: dict[tuple[int, dt.date], int] = defaultdict(int)
    visits: dict[int, int] = defaultdict(int)
    for v in problem.visits:
        r = client_region[v.client_id]
        per_day[(r, v.date)] += 1
        visits[r] += 1
    out: list[PartPlan] = []
    for r in sorted(clients):
        if visits[r] == 0:
            continue
        busiest = max(n for (q, _), n in per_day.items() if q == r)
        out.append(
            PartPlan(f"part {len(out) + 1}", frozenset(clients[r]), frozenset(days[r]), visits[r], busiest)
        )
    return out


class Lookup:
    """The problem's visits, shifts and history by client or carer-day, built once for many cuts."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.visits: dict[str, list[Visit]] = defaultdict(list)
        for v in problem.visits:
            self.visits[v.client_id].append(v)
        self.shifts: dict[CarerDay, list[Shift]] = defaultdict(list)
        for s in problem.shifts:
            self.shifts[(s.carer_id, s.date)].append(s)
        self.history: dict[str, list[HistoryRecord]] = defaultdict(list)
        for h in problem.history:
            self.history[h.client_id].append(h)
        self.dependencies: dict[str, list[VisitDependency]] = defaultdict(list)
        for d in problem.dependencies:
            self.dependencies[d.first_visit_id].append(d)
        self.carer_order = {k.carer_id: i for i, k in enumerate(problem.carers)}
        self.client_order = {c.client_id: i for i, c in enumerate(problem.clients)}


def sub_problem(
    lookup: Lookup,
    clients: Collection[str],
    carer_days: Collection[CarerDay],
    visit_ids: Collection[str] | None = None,
    history: Mapping[str, list[HistoryRecord]] | None = None,
) -> Problem:
    """The problem cut to `clients` (their visits, or only `visit_ids`) and the shifts of `carer_days`.

    `history` (by client) is added to the problem's own: a repair pass passes the days already rostered.
    """
    problem = lookup.problem
    days = sorted(set(carer_days), key=lambda d: (d[1], lookup.carer_order[d[0]]))
    carer_ids = {k for k, _ in days}
    chosen = sorted(set(clients), key=lookup.client_order.__getitem__)
    visits = [v for c in chosen for v in lookup.visits[c] if visit_ids is None or v.visit_id in visit_ids]
    visits.sort(key=lambda v: (v.date, lookup.client_order[v.client_id]))
    kept = {v.visit_id for v in visits}
    extra = history or {}
    return Problem(
        locality=problem.locality,
        providers=problem.providers,
        carers=tuple(problem.carer_by_id[k] for k in sorted(carer_ids, key=lookup.carer_order.__getitem__)),
        shifts=tuple(s for d in days for s in lookup.shifts[d]),
        clients=tuple(_cut_client(problem.client_by_id[c], carer_ids) for c in chosen),
        visits=tuple(visits),
        history=tuple(
            h for c in chosen for h in (*lookup.history[c], *extra.get(c, ())) if h.carer_id in carer_ids
        ),
        dependencies=tuple(
            d for v in visits for d in lookup.dependencies[v.visit_id] if d.second_visit_id in kept
        ),
    )


def _cut_client(client: Client, carer_ids: set[str]) -> Client:
    """The client naming only carers of the part (the others cannot visit in it anyway)."""
    if not client.preferred_carers and not client.excluded_carers:
        return client
    return client.model_copy(
        update={
            "preferred_carers": tuple(k for k in client.preferred_carers if k in carer_ids),
            "excluded_carers": tuple(k for k in client.excluded_carers if k in carer_ids),
        }
    )
