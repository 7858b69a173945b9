"""KPIs of fairness within each provider: how evenly the work is shared among its carers.

For each carer available on the roster's dates (a shift on one of them, or any work on the roster):
    contract share = contact minutes / contracted minutes over the period (contracted_hours_week x 60 x
                     span / 7, span = calendar days from the first to the last date in scope); None
                     without a contract
    utilisation    = contact minutes / working minutes; None for a carer who did not work
    travel share   = travel minutes / working minutes; None for a carer who did not work
The spread of each is its standard deviation within the provider (population, over the carers where it
is defined); the locality's figure pools the providers' deviations: sqrt(sum of squared deviations from
each carer's own provider mean / number of carers), so that one provider paying more than another does
not count as unfairness among carers of one employer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..domain import Problem, Roster
from .workload import CarerTravel

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class CarerWorkload:
    carer_id: str
    provider_id: str
    contracted_min: float | None
    contact_min: int
    working_min: int
    travel_min: int
    days_worked: int

    @property
    def contract_share(self) -> float | None:
        if self.contracted_min is None or self.contracted_min <= 0:
            return None
        return self.contact_min / self.contracted_min

    @property
    def utilisation(self) -> float | None:
        return self.contact_min / self.working_min if self.working_min > 0 else None

    @property
    def travel_share(self) -> float | None:
        return self.travel_min / self.working_min if self.working_min > 0 else None


def period_weeks(dates: Sequence[dt.date]) -> float:
    """The calendar span of `dates` in weeks: (last - first + 1 day) / 7; 0 for no dates."""
    if not dates:
        return 0.0
    return ((max(dates) - min(dates)).days + 1) / DAYS_PER_WEEK


def carer_workloads(
    problem: Problem,
    roster: Roster,
    dates: Sequence[dt.date],
    contact: Mapping[str, int],
    working: Mapping[str, int],
    travel: Mapping[str, CarerTravel],
) -> list[CarerWorkload]:
    """The workload of every carer available on `dates` or working on the roster, in carers.csv order."""
    in_scope = set(dates)
    available = {s.carer_id for s in problem.shifts if s.date in in_scope}
    available |= {a.carer_id for a in roster.assignments} | {r.carer_id for r in roster.routes}
    worked_dates: dict[str, set[dt.date]] = defaultdict(set)
    for r in roster.routes:
        worked_dates[r.carer_id].add(r.date)
    weeks = period_weeks(dates)
    return [
        CarerWorkload(
            carer_id=c.carer_id,
            provider_id=c.provider_id,
            contracted_min=None
            if c.contracted_hours_week is None
            else c.contracted_hours_week * 60.0 * weeks,
            contact_min=contact.get(c.carer_id, 0),
            working_min=working.get(c.carer_id, 0),
            travel_min=travel[c.carer_id].minutes if c.carer_id in travel else 0,
            days_worked=len(worked_dates.get(c.carer_id, ())),
        )
        for c in problem.carers
        if c.carer_id in available
    ]


Measure = Callable[[CarerWorkload], float | None]


def spread(workloads: Sequence[CarerWorkload], measure: Measure) -> float | None:
    """Standard deviation (population) of `measure` over the carers where it is defined; None if none."""
    values = [x for x in map(measure, workloads) if x is not None]
    if not values:
        return None
    mean = sum(values) / len(values)
    return math.sqrt(sum((x - mean) ** 2 for x in values) / len(values))


def pooled_spread(workloads: Sequence[CarerWorkload], measure: Measure) -> float | None:
    """The within-provider standard deviation of `measure`, pooled over providers; None if undefined."""
    by_provider: dict[str, list[float]] = defaultdict(list)
    for w in workloads:
        x = measure(w)
        if x is not None:
            by_provider[w.provider_id].append(x)
    n = sum(len(v) for v in by_provider.values())
    if n == 0:
        return None
    squares = sum(sum((x - sum(v) / len(v)) ** 2 for x in v) for v in by_provider.values())
    return math.sqrt(squares / n)


def mean_of(workloads: Sequence[CarerWorkload], measure: Measure) -> float | None:
    values = [x for x in map(measure, workloads) if x is not None]
    return sum(values) / len(values) if values else None
