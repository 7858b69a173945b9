"""`time-and-task`: today's practice, the rule a coordinator applies by hand in each provider's office.

Each client's package is held by one provider (see silos.py), and each provider rosters only its own
carers. The coordinator takes the day's visits in booked-time order and gives each to

1. the client's regular carer, when that carer is free: the carer who visited the client most often in
   history (most recent on a tie), then the client's preferred carers in order, then the carer who has
   visited the client most often so far in this roster (that is how a week keeps its regulars);
2. otherwise the nearest free, eligible carer, nearest by travel time from where the carer will be (their
   last visit, or base) in their own travel mode; then by distance, then carer id.

Free means: eligible (Problem.is_eligible), on shift, able to reach the client within the booked slot
(requested_start +/- tolerance, inside the commissioned window) and to get home before the shift ends,
within their daily working-minute cap, and with room for a 20-minute rest break if the route passes six
hours (the break goes in a gap; an assignment that would leave no room for it is refused). The
working-time rules hold too: a day off after too many in a row, no start before the daily rest is over,
no more hours than the weekly maximum leaves (as the engine keeps them, solvers/engine/_working_time.py).
A double-up needs two such carers starting together. The visit starts as near the booked time as the
carers allow. There is no pooling across providers and no look-ahead; the result is deterministic.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...domain import Carer, Problem, Roster, Unassigned, Visit, client_location_id
from ...domain.time import format_hhmm
from ...errors import MatrixError
from ...evaluation.working_time import worked_days
from ...travel.matrix import TravelMatrix
from ..base import Budget, Progress, ProgressCallback
from ..engine._working_time import day_limits
from .params import BaselineParams
from .repair import enforce_dependencies
from .shift_plans import (
    Interval,
    PlannedVisit,
    ShiftPlan,
    closest_start,
    intersect_intervals,
    roster_from_plans,
)
from .silos import commissioned_provider, fixed_time_window

NAME = "time-and-task"


class TimeAndTaskSolver:
    """The status-quo allocator behind the Solver protocol.

    `params` passed to `solve` is used when it is a BaselineParams; anything else (such as the engine's
    SolveParams, which `compare` hands to every solver) leaves the baseline parameters given here.
    """

    name = NAME

    def __init__(self, baseline: BaselineParams | None = None) -> None:
        self.baseline = baseline or BaselineParams()

    def solve(
        self,
        problem: Problem,
        matrices: Mapping[str, TravelMatrix],
        params: Any = None,
        budget: Budget | None = None,
        seed: int = 0,
        progress: ProgressCallback | None = None,
    ) -> Roster:
        baseline = params if isinstance(params, BaselineParams) else self.baseline
        return roster_time_and_task(problem, matrices, baseline, seed=seed, progress=progress)


def roster_time_and_task(
    problem: Problem,
    matrices: Mapping[str, TravelMatrix],
    params: BaselineParams | None = None,
    seed: int | None = 0,
    progress: ProgressCallback | None = None,
) -> Roster:
    """Roster every date of `problem` by the coordinator's rule (see the module docstring)."""
    params = params or BaselineParams()
    for carer in problem.carers:
        if carer.travel_mode not in matrices:
            raise MatrixError(f"no {carer.travel_mode} travel matrix for carer {carer.carer_id}")
    started = time.perf_counter()
    office = _Coordinator(problem, matrices, params)
    for day in problem.dates:
        office.keep_working_time(day)
        for visit in sorted(
            (v for v in problem.visits if v.date == day),
            key=lambda v: (v.requested_start_min, v.priority, -v.carers_required, v.visit_id),
        ):
            office.place(visit)
        if progress is not None:
            progress(
                Progress(
                    elapsed_s=time.perf_counter() - started,
                    best_objective=None,
                    visits_assigned=len(office.placed),
                    visits_total=len(problem.visits),
                    phase=f"time-and-task {day.isoformat()}",
                )
            )
    plans = [p for day_plans in office.plans.values() for p in day_plans]
    roster = roster_from_plans(
        problem.locality.name,
        NAME,
        plans,
        office.unassigned,
        seed=seed,
        stats={"tolerance_min": params.tolerance_min},
    )
    sources = {c.travel_mode: matrices[c.travel_mode].source for c in problem.carers}
    roster = roster.model_copy(update={"travel_sources": dict(sorted(sources.items()))})
    return enforce_dependencies(problem, matrices, roster)


@dataclass
class _Option:
    carer: Carer
    plan: ShiftPlan
    starts: list[Interval]
    travel_min: int
    travel_m: float

    def nearness(self) -> tuple[int, float, str]:
        return (self.travel_min, self.travel_m, self.carer.carer_id)


@dataclass
class _Coordinator:
    problem: Problem
    matrices: Mapping[str, TravelMatrix]
    params: BaselineParams
    plans: dict[tuple[str, dt.date], list[ShiftPlan]] = field(default_factory=dict)
    placed: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    unassigned: list[Unassigned] = field(default_factory=list)
    seen: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def __post_init__(self) -> None:
        self.owner = commissioned_provider(self.problem, self.params)
        self.team: dict[str, list[Carer]] = defaultdict(list)
        for c in self.problem.carers:
            self.team[c.provider_id].append(c)
        for (carer_id, day), shifts in self.problem.shifts_by_carer_date.items():
            carer = self.problem.carer_by_id[carer_id]
            self.plans[(carer_id, day)] = [
                ShiftPlan(carer, s, self.matrices[carer.travel_mode]) for s in shifts
            ]
        self.history_regular = _history_regulars(self.problem)
        self.dependencies = defaultdict(list)
        for d in self.problem.dependencies:
            self.dependencies[d.first_visit_id].append(d)
            self.dependencies[d.second_visit_id].append(d)

    def keep_working_time(self, day: dt.date) -> None:
        """Give `day` only the hours and days the week's working-time rules leave each carer after the
        days already rostered (a day off, a later start after a short rest, fewer minutes)."""
        done = (p.route() for plans in self.plans.values() for p in plans if p.visits and p.date < day)
        limits = day_limits(self.problem, (day,), worked_days(done))
        for carer in self.problem.carers:
            key = (carer.carer_id, day)
            if key in limits.off:
                self.plans[key] = []
                continue
            for plan in self.plans.get(key, []):
                plan.earliest_departure = limits.earliest.get(key)
                plan.day_cap = limits.minutes.get(key)

    def regulars(self, client_id: str) -> list[str]:
        client = self.problem.client_by_id[client_id]
        ordered = [*self.history_regular.get(client_id, ()), *client.preferred_carers]
        if self.seen[client_id]:
            ordered.append(min(self.seen[client_id].items(), key=lambda kv: (-kv[1], kv[0]))[0])
        return list(dict.fromkeys(ordered))

    def place(self, visit: Visit) -> None:
        provider = self.owner[visit.client_id]
        window, barred, blocked = self._dependency_limits(
            visit, fixed_time_window(visit, self.params.tolerance_min)
        )
        if blocked is not None:
            self._fail(visit, "dependency_partner_unassigned", blocked)
            return
        eligible = [
            c for c in self.team[provider] if c.carer_id not in barred and self.problem.is_eligible(c, visit)
        ]
        options = self._options(visit, eligible, window) if window[0] <= window[1] else []
        chosen = self._choose(visit, options)
        if chosen is None:
            self._fail(visit, *self._why_not(visit, provider, eligible, window))
            return
        start, picked = chosen
        location = client_location_id(visit.client_id)
        for option in picked:
            option.plan.visits.append(
                PlannedVisit(visit.visit_id, location, start, start + visit.duration_min, visit.demand)
            )
            self.seen[visit.client_id][option.carer.carer_id] += 1
        self.placed[visit.visit_id] = (start, tuple(o.carer.carer_id for o in picked))

    def _dependency_limits(self, visit: Visit, window: Interval) -> tuple[Interval, set[str], str | None]:
        """Narrow the window to keep the gap to an already placed partner; bar the partner's carers."""
        lo, hi = window
        barred: set[str] = set()
        for d in self.dependencies.get(visit.visit_id, []):
            is_first = d.first_visit_id == visit.visit_id
            partner = d.second_visit_id if is_first else d.first_visit_id
            if partner in self.failed:
                return window, barred, f"its dependent visit {partner} could not be placed"
            if partner in self.placed:
                other_start, other_carers = self.placed[partner]
                barred.update(other_carers)
                if is_first:
                    lo, hi = max(lo, other_start - d.max_gap_min), min(hi, other_start - d.min_gap_min)
                else:
                    lo, hi = max(lo, other_start + d.min_gap_min), min(hi, other_start + d.max_gap_min)
        return (lo, hi), barred, None

    def _options(self, visit: Visit, eligible: list[Carer], window: Interval) -> list[_Option]:
        location = client_location_id(visit.client_id)
        out = []
        for carer in eligible:
            day_plans = self.plans.get((carer.carer_id, visit.date), [])
            worked = sum(p.span_min() for p in day_plans)
            for plan in day_plans:
                starts = plan.start_options(
                    location, visit.duration_min, visit.demand, window, worked - plan.span_min()
                )
                if starts:
                    here = plan.here()
                    out.append(
                        _Option(
                            carer,
                            plan,
                            starts,
                            plan.minutes(here, location),
                            plan.matrix.travel_m(here, location),
                        )
                    )
                    break
        return out

    def _choose(self, visit: Visit, options: list[_Option]) -> tuple[int, list[_Option]] | None:
        """The regular carer when free, else the nearest; a double-up: the first pair free at one start."""
        by_carer = {o.carer.carer_id: o for o in options}
        regular = [by_carer[k] for k in self.regulars(visit.client_id) if k in by_carer]
        regular_ids = {o.carer.carer_id for o in regular}
        ordered = regular + sorted(
            (o for o in options if o.carer.carer_id not in regular_ids), key=_Option.nearness
        )
        target = visit.requested_start_min
        if visit.carers_required == 1:
            return (closest_start(ordered[0].starts, target), [ordered[0]]) if ordered else None
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                together = intersect_intervals(first.starts, second.starts)
                if together:
                    return closest_start(together, target), [first, second]
        return None

    def _why_not(
        self, visit: Visit, provider: str, eligible: list[Carer], window: Interval
    ) -> tuple[str, str]:
        slot = f"{format_hhmm(max(window[0], 0))}-{format_hhmm(max(window[1], 0))}"
        if not self.team[provider]:
            return "no_eligible_carer", f"provider {provider} holds this package but has no carers"
        if not eligible:
            return (
                "no_eligible_carer",
                f"no carer of provider {provider} has the skills and gender and is not excluded",
            )
        if visit.carers_required == 2 and len(eligible) < 2:
            return (
                "no_pair_for_double_up",
                f"only one carer of provider {provider} is eligible for this double-up",
            )
        on_shift = [
            c
            for c in eligible
            if any(
                s.start_min <= window[1] and s.end_min >= window[0] + visit.duration_min
                for s in self.problem.shifts_by_carer_date.get((c.carer_id, visit.date), ())
            )
        ]
        if window[0] > window[1]:
            return (
                "no_capacity_in_window",
                "the dependency gap to its partner visit falls outside the booked slot",
            )
        if len(on_shift) < visit.carers_required:
            return (
                "no_shift_in_window",
                f"too few eligible carers of provider {provider} are on shift at {slot}",
            )
        if visit.carers_required == 2:
            return (
                "no_pair_for_double_up",
                f"no two carers of provider {provider} are free to start together at {slot}",
            )
        return (
            "no_capacity_in_window",
            f"every eligible carer of provider {provider} is busy or too far away at {slot}",
        )

    def _fail(self, visit: Visit, reason: str, detail: str) -> None:
        self.failed.add(visit.visit_id)
        self.unassigned.append(
            Unassigned(
                visit_id=visit.visit_id,
                client_id=visit.client_id,
                date=visit.date,
                reason=reason,
                detail=detail,
            )
        )


def _history_regulars(problem: Problem) -> dict[str, tuple[str]]:
    """client_id -> (the carer who visited most often in history,), most recent visit breaking ties."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    last: dict[tuple[str, str], dt.date] = {}
    for h in problem.history:
        counts[h.client_id][h.carer_id] += 1
        key = (h.client_id, h.carer_id)
        last[key] = max(last.get(key, h.date), h.date)
    return {
        client_id: (min(c.items(), key=lambda kv: (-kv[1], -last[(client_id, kv[0])].toordinal(), kv[0]))[0],)
        for client_id, c in counts.items()
    }
