"""KPIs of time consistency: does a client's recurring visit happen at the same time each day?

A *recurring visit* is one client's visits with the same requested_start (the commissioned slot, e.g. the
07:20 morning call) on two or more dates of one week (7-day blocks from the problem's first date). Its
*spread* is the latest start minus the earliest start of those visits that are assigned, in minutes after
each visit's own midnight: 0 when the carer comes at the same minute every day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..domain import Problem, Roster
from .continuity import start_of_each_visit

DAYS_PER_WEEK = 7


@dataclass(frozen=True, order=True)
class RecurringVisit:
    """One client's commissioned slot in one week (week 0 holds the problem's first date)."""

    client_id: str
    week: int
    requested_start_min: int


def recurring_spreads(problem: Problem, roster: Roster) -> dict[RecurringVisit, int]:
    """Each recurring visit's spread of start minutes, over its assigned visits on 2+ dates."""
    if not problem.dates:
        return {}
    first = problem.dates[0]
    starts: dict[RecurringVisit, list[tuple[dt.date, int]]] = defaultdict(list)
    for visit_id, start in start_of_each_visit(roster).items():
        visit = problem.visit_by_id.get(visit_id)
        if visit is None:
            continue
        key = RecurringVisit(
            visit.client_id, (visit.date - first).days // DAYS_PER_WEEK, visit.requested_start_min
        )
        starts[key].append((visit.date, start))
    return {
        key: max(s for _, s in found) - min(s for _, s in found)
        for key, found in sorted(starts.items())
        if len({d for d, _ in found}) >= 2
    }


def median_and_p90(values: list[int] | list[float]) -> tuple[float | None, float | None]:
    """Median and 90th percentile (numpy's linear interpolation); None for no values."""
    if not values:
        return None, None
    arr = np.asarray(values, dtype=np.float64)
    return float(np.median(arr)), float(np.percentile(arr, 90))
