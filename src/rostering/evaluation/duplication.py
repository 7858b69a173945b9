"""The duplication KPI as Midlothian means it: providers crossing each other at a client's door.

(a) client-days on which carers of two or more providers visit the same client;
(b) pairs of carer-visits by carers of different providers at the same address (same client lat/lon,
    so a couple sharing a house counts) on the same date, within 30 minutes of each other: the gap
    between the end of one and the start of the other is at most 30 minutes, overlaps included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..domain import Problem, Roster

SAME_ADDRESS_WINDOW_MIN = 30


def multi_provider_client_days(problem: Problem, roster: Roster) -> int:
    """Client-days served by carers of two or more providers."""
    providers: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    for a in roster.assignments:
        visit, carer = problem.visit_by_id.get(a.visit_id), problem.carer_by_id.get(a.carer_id)
        if visit is not None and carer is not None:
            providers[(visit.client_id, a.date)].add(carer.provider_id)
    return sum(1 for ps in providers.values() if len(ps) >= 2)


def cross_provider_close_pairs(
    problem: Problem, roster: Roster, window_min: int = SAME_ADDRESS_WINDOW_MIN
) -> int:
    """Pairs of carer-visits by different providers at one address and date, at most `window_min` apart."""
    at_address: dict[tuple[float, float, dt.date], list[tuple[int, int, str]]] = defaultdict(list)
    for a in roster.assignments:
        visit, carer = problem.visit_by_id.get(a.visit_id), problem.carer_by_id.get(a.carer_id)
        if visit is None or carer is None:
            continue
        client = problem.client_by_id[visit.client_id]
        at_address[(client.lat, client.lon, a.date)].append((a.start_min, a.end_min, carer.provider_id))
    pairs = 0
    for calls in at_address.values():
        for i, (start_i, end_i, prov_i) in enumerate(calls):
            for start_j, end_j, prov_j in calls[i + 1 :]:
                gap = max(start_i, start_j) - min(end_i, end_j)
                if prov_i != prov_j and gap <= window_min:
                    pairs += 1
    return pairs
