"""KPIs of care delivered against the hours the council commissioned for each client.

Delivered hours are the summed duration of a client's assigned visits (client time: a double-up counts
once); planned hours the same over all the client's visits in scope. Commissioned hours are
commissioned_hours_week scaled to the roster's calendar span (fairness.period_weeks), so a one-day roster
is held to a seventh of the week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Problem, Visit
from .fairness import period_weeks

# Delivered is "below" commissioned only by more than rounding (hours are sums of whole minutes).
TOLERANCE_H = 1e-9


@dataclass(frozen=True)
class ClientHours:
    client_id: str
    planned_h: float
    delivered_h: float
    commissioned_h: float | None

    @property
    def delivered_share(self) -> float | None:
        if self.commissioned_h is None or self.commissioned_h <= 0:
            return None
        return self.delivered_h / self.commissioned_h

    @property
    def below_commissioned(self) -> bool:
        return self.commissioned_h is not None and self.delivered_h < self.commissioned_h - TOLERANCE_H


def client_hours(
    problem: Problem, visits: Sequence[Visit], assigned: frozenset[str], dates: Sequence[dt.date]
) -> list[ClientHours]:
    """Planned, delivered and commissioned hours of each client with a visit in scope or a commission."""
    planned: dict[str, int] = defaultdict(int)
    delivered: dict[str, int] = defaultdict(int)
    for v in visits:
        planned[v.client_id] += v.duration_min
        if v.visit_id in assigned:
            delivered[v.client_id] += v.duration_min
    weeks = period_weeks(dates)
    return [
        ClientHours(
            client_id=c.client_id,
            planned_h=planned.get(c.client_id, 0) / 60.0,
            delivered_h=delivered.get(c.client_id, 0) / 60.0,
            commissioned_h=None if c.commissioned_hours_week is None else c.commissioned_hours_week * weeks,
        )
        for c in problem.clients
        if c.client_id in planned or c.commissioned_hours_week is not None
    ]
