"""A carer's shift being filled visit by visit, and the roster those shifts make.

The time-and-task coordinator fills routes in time order, so a route only ever grows at its end. A plan
knows where its carer is and when they are free, which start times a new visit could take (travel in,
travel home before the shift ends, the daily working-minute cap and room for the rest break), and how to
turn itself into a ShiftRoute, its Assignments and Break. Routes leave base just in time for their first
visit and end on return to base, so a plan's span is exactly the working time it records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...domain import (
    Assignment,
    Break,
    Carer,
    Roster,
    Shift,
    ShiftRoute,
    Unassigned,
    carer_location_id,
)
from ...travel.matrix import TravelMatrix

REST_BREAK_AFTER_MIN = 360  # a route longer than six hours needs a break (Working Time Regulations)
REST_BREAK_MIN = 20

Interval = tuple[int, int]


@dataclass
class PlannedVisit:
    visit_id: str
    location_id: str
    start_min: int
    end_min: int
    demand: int = 0


@dataclass
class ShiftPlan:
    """One shift of one carer on one date, with the visits given to it so far (in start order)."""

    carer: Carer
    shift: Shift
    matrix: TravelMatrix
    visits: list[PlannedVisit] = field(default_factory=list)
    # What the week's working-time rules leave (solvers/engine/_working_time.py): leave base no earlier
    # than this (daily rest) and work at most this many minutes on the date (the weekly maximum).
    earliest_departure: int | None = None
    day_cap: int | None = None

    @property
    def opens(self) -> int:
        """The earliest the carer may leave base: the shift start, or later after a short rest."""
        return max(self.shift.start_min, self.earliest_departure or self.shift.start_min)

    @property
    def cap(self) -> int | None:
        """Most working minutes on the date: the week's limit, else max_minutes_per_day."""
        return self.carer.max_minutes_per_day if self.day_cap is None else self.day_cap

    @property
    def base(self) -> str:
        return carer_location_id(self.carer.carer_id)

    @property
    def date(self) -> dt.date:
        return self.shift.date

    def minutes(self, from_id: str, to_id: str) -> int:
        return self.matrix.travel_min(from_id, to_id)

    def here(self) -> str:
        """Where the carer will be when free: the last visit's client, or base."""
        return self.visits[-1].location_id if self.visits else self.base

    def start_min(self) -> int:
        first = self.visits[0]
        return first.start_min - self.minutes(self.base, first.location_id)

    def end_min(self) -> int:
        last = self.visits[-1]
        return last.end_min + self.minutes(last.location_id, self.base)

    def span_min(self) -> int:
        return self.end_min() - self.start_min() if self.visits else 0

    def slack_after(self, k: int) -> int:
        """Minutes to spare between visit k and visit k + 1 once the travel between them is done."""
        a, b = self.visits[k], self.visits[k + 1]
        return b.start_min - a.end_min - self.minutes(a.location_id, b.location_id)

    def break_gap(self) -> int | None:
        """The first visit after which a rest break fits, or None."""
        return next((k for k in range(len(self.visits) - 1) if self.slack_after(k) >= REST_BREAK_MIN), None)

    def start_options(
        self, location_id: str, duration_min: int, demand: int, window: Interval, other_routes_min: int
    ) -> list[Interval]:
        """The start times (as sorted, disjoint intervals) at which this carer could take a new last visit.

        `window` bounds the start; `other_routes_min` is the working time of the carer's other routes that
        day, which counts against max_minutes_per_day.
        """
        lo, hi = window
        carer, shift = self.carer, self.shift
        if carer.capacity is not None and sum(s.demand for s in self.visits) + demand > carer.capacity:
            return []
        travel_in = self.minutes(self.here(), location_id)
        home = self.minutes(location_id, self.base)
        ready = self.visits[-1].end_min if self.visits else self.opens
        earliest = max(lo, ready + travel_in)
        latest = min(hi, shift.end_min - duration_min - home)
        cap = self.cap
        if not self.visits:
            # Leaving base just in time, the span is the same whatever the start.
            span = travel_in + duration_min + home
            if span > REST_BREAK_AFTER_MIN or (cap is not None and other_routes_min + span > cap):
                return []
            return [(earliest, latest)] if earliest <= latest else []
        route_start = self.start_min()
        if cap is not None:
            latest = min(latest, cap - other_routes_min - duration_min - home + route_start)
        if earliest > latest:
            return []
        if self.break_gap() is not None:
            return [(earliest, latest)]
        # No break fits yet: the route stays within six hours, or the break goes just before this visit.
        within_six_hours = REST_BREAK_AFTER_MIN - duration_min - home + route_start
        after_break = ready + REST_BREAK_MIN + travel_in
        options = [(earliest, min(latest, within_six_hours)), (max(earliest, after_break), latest)]
        return merge_intervals([iv for iv in options if iv[0] <= iv[1]])

    def fault(self, other_routes_min: int) -> int | None:
        """The index of the first visit that breaks a rule of the route, or None if the route is sound."""
        if not self.visits:
            return None
        if self.start_min() < self.opens:
            return 0
        for k in range(len(self.visits) - 1):
            if self.slack_after(k) < 0:
                return k + 1
        last = len(self.visits) - 1
        span = self.span_min()
        cap = self.cap
        capacity = self.carer.capacity
        if (
            self.end_min() > self.shift.end_min
            or (span > REST_BREAK_AFTER_MIN and self.break_gap() is None)
            or (cap is not None and other_routes_min + span > cap)
            or (capacity is not None and sum(s.demand for s in self.visits) > capacity)
        ):
            return last
        return None

    def route(self) -> ShiftRoute:
        last = self.visits[-1].location_id
        return ShiftRoute(
            carer_id=self.carer.carer_id,
            date=self.date,
            shift_start_min=self.shift.start_min,
            start_min=self.start_min(),
            end_min=self.end_min(),
            travel_home_min=self.minutes(last, self.base),
            travel_home_m=self.matrix.travel_m(last, self.base),
        )

    def rest_break(self) -> Break | None:
        """The rest break, taken straight after the visit before the first gap with room, if one is due."""
        if self.span_min() <= REST_BREAK_AFTER_MIN:
            return None
        k = self.break_gap()
        if k is None:
            return None
        return Break(
            carer_id=self.carer.carer_id,
            date=self.date,
            start_min=self.visits[k].end_min,
            duration_min=REST_BREAK_MIN,
        )

    def legs(self) -> list[tuple[PlannedVisit, int, float]]:
        """Each visit with the travel into it (minutes, metres) from the previous visit or base."""
        out = []
        previous = self.base
        for planned in self.visits:
            out.append(
                (
                    planned,
                    self.minutes(previous, planned.location_id),
                    self.matrix.travel_m(previous, planned.location_id),
                )
            )
            previous = planned.location_id
        return out


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def intersect_intervals(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for alo, ahi in a:
        for blo, bhi in b:
            lo, hi = max(alo, blo), min(ahi, bhi)
            if lo <= hi:
                out.append((lo, hi))
    return merge_intervals(out)


def closest_start(options: list[Interval], target_min: int) -> int:
    """The start in `options` closest to the booked time; the earlier one on a tie."""
    best: tuple[int, int] | None = None
    for lo, hi in options:
        t = min(max(target_min, lo), hi)
        key = (abs(t - target_min), t)
        if best is None or key < best:
            best = key
    if best is None:
        raise ValueError("no start options")
    return best[1]


def assignments_of(plans: Iterable[ShiftPlan]) -> list[Assignment]:
    """Every plan's visits as assignments, seq counted across each carer's day in start order."""
    by_day: dict[tuple[str, dt.date], list[tuple[PlannedVisit, int, float]]] = defaultdict(list)
    for plan in plans:
        by_day[(plan.carer.carer_id, plan.date)].extend(plan.legs())
    out: list[Assignment] = []
    for (carer_id, day), legs in sorted(by_day.items()):
        for seq, (planned, travel_min, travel_m) in enumerate(
            sorted(legs, key=lambda x: x[0].start_min), start=1
        ):
            out.append(
                Assignment(
                    visit_id=planned.visit_id,
                    carer_id=carer_id,
                    date=day,
                    start_min=planned.start_min,
                    end_min=planned.end_min,
                    travel_min=travel_min,
                    travel_m=travel_m,
                    seq=seq,
                )
            )
    return out


def roster_from_plans(
    locality: str,
    solver: str,
    plans: Iterable[ShiftPlan],
    unassigned: Iterable[Unassigned],
    seed: int | None = None,
    stats: dict[str, Any] | None = None,
) -> Roster:
    """The roster of the filled plans (empty plans are shifts the carer is not called in for)."""
    used = sorted((p for p in plans if p.visits), key=lambda p: (p.date, p.carer.carer_id, p.shift.start_min))
    breaks = [b for b in (p.rest_break() for p in used) if b is not None]
    return Roster(
        locality=locality,
        solver=solver,
        seed=seed,
        assignments=tuple(assignments_of(used)),
        breaks=tuple(breaks),
        routes=tuple(p.route() for p in used),
        unassigned=tuple(sorted(unassigned, key=lambda u: (u.date, u.visit_id))),
        stats=stats or {},
    )
