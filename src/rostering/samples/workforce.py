"""Sizing a provider's team to its commissioned week, and the shifts each carer works.

Demand per time band (contact minutes plus an estimated travel leg per carer-visit, see
io/bundle_summary.py) is divided by (1 - target slack) to get the shift minutes each band needs. A small
integer programme picks how many carers work each shift pattern per day at least cost in shift minutes
(plus an hour's overhead per carer, so longer shifts win when they fit). Carers then rotate their days
off so every day of the week gets at least that many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..domain import ApproximateTravel, Carer, Client, Shift, Visit
from ..io.bundle_summary import BANDS, band_of, contact_in_band, minutes_per_metre, overlap, visit_legs_min

OVERHEAD_MIN_PER_CARER = 60


@dataclass(frozen=True)
class Pattern:
    """A daily shift pattern: one part, or two for a split shift; worked `days` days a week."""

    name: str
    parts: tuple[tuple[int, int], ...]
    days: int = 5

    @property
    def minutes(self) -> int:
        return sum(end - start for start, end in self.parts)

    def covers(self, minute: int) -> bool:
        return any(start <= minute < end for start, end in self.parts)


def hm(h: int, m: int = 0) -> int:
    return h * 60 + m


PATTERNS: tuple[Pattern, ...] = (
    Pattern("split", ((hm(7), hm(13)), (hm(16, 30), hm(22)))),
    Pattern("early", ((hm(7), hm(13)),)),
    Pattern("early-long", ((hm(7), hm(14)),)),
    Pattern("early-short", ((hm(7), hm(10, 30)),), days=4),
    Pattern("day", ((hm(9), hm(17)),)),
    Pattern("lunch", ((hm(11), hm(14)),), days=4),
    Pattern("midday", ((hm(11), hm(15)),), days=4),
    Pattern("late", ((hm(16, 30), hm(22)),), days=4),
    Pattern("twilight", ((hm(18, 30), hm(22)),), days=4),
)


@dataclass(frozen=True)
class WorkPlan:
    """One carer's week: a pattern and the weekdays (Monday = 0) they work it."""

    carer_id: str
    pattern: Pattern
    weekdays: tuple[int, ...]


def band_demand(
    clients: Mapping[str, Client],
    visits: list[Visit],
    mode_share: Mapping[str, float],
    settings: ApproximateTravel,
) -> dict[str, float]:
    """Per band, the largest day's contact plus estimated visit-to-visit travel minutes."""
    per_m = minutes_per_metre(mode_share, settings)
    worst: dict[str, float] = {name: 0.0 for name, _, _ in BANDS}
    for date in sorted({v.date for v in visits}):
        day = [v for v in visits if v.date == date]
        for name, lo, hi in BANDS:
            in_band = [v for v in day if band_of(v.requested_start_min) == name]
            total = contact_in_band(day, lo, hi) + visit_legs_min(clients, in_band, per_m, settings.circuity)
            worst[name] = max(worst[name], total)
    return worst


def size_team(
    demand: Mapping[str, float], target_slack: float, patterns: tuple[Pattern, ...], base_leg_min: float
) -> dict[str, int]:
    """Carers per day on each pattern so that every band keeps `target_slack` of its shift minutes free.

    Each shift part gives up `base_leg_min` in the band it starts in (travel out from base) and in the
    band it ends in (travel home).
    """
    bands = [(name, lo, hi) for name, lo, hi in BANDS if demand.get(name, 0.0) > 0]
    if not bands:
        return {}
    cover = np.array(
        [
            [
                sum(
                    overlap(a, b, lo, hi) - base_leg_min * ((lo <= a < hi) + (lo < b <= hi))
                    for a, b in p.parts
                )
                for p in patterns
            ]
            for _, lo, hi in bands
        ]
    )
    need = np.array([demand[name] / (1.0 - target_slack) for name, _, _ in bands])
    cost = np.array([p.minutes + OVERHEAD_MIN_PER_CARER for p in patterns], dtype=float)
    result = milp(
        cost,
        constraints=LinearConstraint(cover, lb=need, ub=np.inf),
        integrality=np.ones(len(patterns)),
        bounds=Bounds(0, np.inf),
    )
    if not result.success:
        raise RuntimeError(f"workforce sizing failed: {result.message}")
    counts = np.round(result.x).astype(int)
    return {p.name: int(n) for p, n in zip(patterns, counts, strict=True) if n > 0}


def rota(prefix: str, daily: Mapping[str, int], patterns: tuple[Pattern, ...]) -> list[WorkPlan]:
    """Work plans giving each pattern at least `daily[name]` carers on every weekday.

    Days off are consecutive and rotate around the week carer by carer, each pattern group starting
    where the last left off, so weekends are shared out like any other day.
    """
    plans: list[WorkPlan] = []
    offset = 0
    for pattern in patterns:
        wanted = daily.get(pattern.name, 0)
        if wanted == 0:
            continue
        off = 7 - pattern.days
        size = wanted
        while True:
            starts = [(offset + j * off) % 7 for j in range(size)]
            on = [size - sum(1 for s in starts if (d - s) % 7 < off) for d in range(7)]
            if min(on) >= wanted:
                break
            size += 1
        for s in starts:
            days_off = {(s + t) % 7 for t in range(off)}
            weekdays = tuple(d for d in range(7) if d not in days_off)
            plans.append(WorkPlan(f"{prefix}{len(plans) + 1:02d}", pattern, weekdays))
        offset = (offset + size * off) % 7
    return plans


def shifts_for(plans: list[WorkPlan], dates: list[dt.date]) -> tuple[Shift, ...]:
    return tuple(
        Shift(carer_id=plan.carer_id, date=date, start_min=start, end_min=end)
        for date in dates
        for plan in plans
        if date.weekday() in plan.weekdays
        for start, end in plan.pattern.parts
    )


def contracted_hours(plan: WorkPlan) -> float:
    return plan.pattern.minutes * len(plan.weekdays) / 60.0


def build_team(plans: list[WorkPlan], draw: Callable[[WorkPlan], Carer]) -> tuple[Carer, ...]:
    """The carers of a team, drawn one by one in plan order (the order fixes the random draws)."""
    return tuple(draw(plan) for plan in plans)
