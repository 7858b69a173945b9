"""KPIs of continuity and timeliness: how many carers a client sees, how familiar they are, how punctual.

Familiar carer: one the client already knows, i.e. a carer in the client's history records, in their
preferred_carers, or who visited the client on an earlier date of the same roster.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from ..domain import Assignment, Problem, Roster

PUNCTUAL_WITHIN_MIN = 15


def distinct_carers_per_client(problem: Problem, roster: Roster) -> dict[str, int]:
    """Number of distinct carers each client sees over the roster's dates (clients with a visit only)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is not None:
            seen[visit.client_id].add(a.carer_id)
    return {client_id: len(carers) for client_id, carers in sorted(seen.items())}


def mean_and_p90(values: list[int] | list[float]) -> tuple[float | None, float | None]:
    """Mean and 90th percentile (numpy's linear interpolation); None for no values."""
    if not values:
        return None, None
    arr = np.asarray(values, dtype=np.float64)
    return float(arr.mean()), float(np.percentile(arr, 90))


def familiar_share(problem: Problem, roster: Roster) -> float | None:
    """Share of carer-visits done by a carer familiar to the client; None when nothing is assigned."""
    known: dict[str, set[str]] = defaultdict(set)
    for h in problem.history:
        known[h.client_id].add(h.carer_id)
    for c in problem.clients:
        known[c.client_id].update(c.preferred_carers)
    first_day: dict[tuple[str, str], dt.date] = {}
    rows: list[tuple[Assignment, str]] = []
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is None:
            continue
        rows.append((a, visit.client_id))
        key = (visit.client_id, a.carer_id)
        if key not in first_day or a.date < first_day[key]:
            first_day[key] = a.date
    if not rows:
        return None
    familiar = sum(
        1
        for a, client_id in rows
        if a.carer_id in known[client_id] or first_day[(client_id, a.carer_id)] < a.date
    )
    return familiar / len(rows)


def start_of_each_visit(roster: Roster) -> dict[str, int]:
    """The start minute of each assigned visit (a double-up's carers share it; the earliest is taken)."""
    starts: dict[str, int] = {}
    for a in roster.assignments:
        starts[a.visit_id] = min(a.start_min, starts.get(a.visit_id, a.start_min))
    return starts


def punctuality(problem: Problem, roster: Roster) -> tuple[float | None, float | None]:
    """Mean absolute deviation from requested_start (minutes) and share of visits within 15 minutes."""
    deviations = [
        abs(start - problem.visit_by_id[vid].requested_start_min)
        for vid, start in start_of_each_visit(roster).items()
        if vid in problem.visit_by_id
    ]
    if not deviations:
        return None, None
    return sum(deviations) / len(deviations), sum(d <= PUNCTUAL_WITHIN_MIN for d in deviations) / len(
        deviations
    )


def lateness(problem: Problem, roster: Roster) -> tuple[int, int]:
    """Total and largest minutes visits start after their window closes (only soft windows may, validly)."""
    late = [
        max(0, start - problem.visit_by_id[vid].window_end_min)
        for vid, start in start_of_each_visit(roster).items()
        if vid in problem.visit_by_id
    ]
    return sum(late), max(late, default=0)
