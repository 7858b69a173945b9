"""KPIs of unmet need: which visits the roster covers, by count, minutes and priority.

A visit counts as assigned when at least one carer is assigned to it (the validator checks that a
double-up has both); visit minutes are the visit's duration, the time the client receives care.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import Problem, Roster, Visit
from .routes import roster_dates

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Coverage:
    visits_total: int
    visits_assigned: int
    minutes_total: int
    minutes_assigned: int

    @property
    def visits_unmet(self) -> int:
        return self.visits_total - self.visits_assigned

    @property
    def minutes_unmet(self) -> int:
        return self.minutes_total - self.minutes_assigned


def dates_in_scope(problem: Problem, roster: Roster) -> tuple[dt.date, ...]:
    """The roster's dates, or the whole problem's for a roster that names no date (nothing rostered)."""
    return roster_dates(roster) or problem.dates


def visits_in_scope(problem: Problem, roster: Roster) -> tuple[Visit, ...]:
    """The problem's visits on the dates in scope."""
    dates = set(dates_in_scope(problem, roster))
    return tuple(v for v in problem.visits if v.date in dates)


def assigned_visit_ids(roster: Roster) -> frozenset[str]:
    return frozenset(a.visit_id for a in roster.assignments)


def coverage(visits: Iterable[Visit], assigned: frozenset[str]) -> Coverage:
    """Counts and minutes of `visits`, in total and assigned."""
    vs = list(visits)
    done = [v for v in vs if v.visit_id in assigned]
    return Coverage(
        visits_total=len(vs),
        visits_assigned=len(done),
        minutes_total=sum(v.duration_min for v in vs),
        minutes_assigned=sum(v.duration_min for v in done),
    )


def coverage_by_priority(visits: Iterable[Visit], assigned: frozenset[str]) -> dict[int, Coverage]:
    """Coverage of each priority (1 = most critical) present among `visits`, in priority order."""
    vs = list(visits)
    return {
        p: coverage((v for v in vs if v.priority == p), assigned) for p in sorted({v.priority for v in vs})
    }


def unmet_hours_per_week(minutes_unmet: int, days: int) -> float:
    """Unmet visit hours scaled to a 7-day week from a roster covering `days` dates."""
    if days <= 0:
        return 0.0
    return minutes_unmet / 60.0 * DAYS_PER_WEEK / days
