"""The block's shifts as vehicles: a split shift is two vehicles of one carer.

Times are minutes after midnight of the block's first date; a later date adds 1440 minutes per day, so a
block linked by a dependency across midnight is still one timeline. The working-time rules of the week
(_working_time.py) take a carer's shifts away on a day off, start them no earlier and end them no later
than the daily rest around the carer's other working days allows, and cap the day's working minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain import Carer, Problem, Provider, Shift
from ...domain.time import MINUTES_PER_DAY
from ..params import SolveParams, cost_units
from ._objective import span_coeff
from ._working_time import DayLimits, DayTargets


@dataclass(frozen=True)
class VehicleSpec:
    """One shift as a vehicle: base to base inside [start, end] (block minutes)."""

    index: int
    carer: Carer
    shift: Shift
    provider: Provider
    carer_slot: int
    base: int
    start: int
    end: int
    # Cost units per minute of route span (salaried wages), 0 for time-and-task carers.
    span_coeff: int
    # Most working minutes of the carer on the vehicle's date (max_minutes_per_day, the weekly maximum).
    day_limit: int | None = None
    # Route minutes beyond this are overtime over the weekly contract (the contract minutes left, shared
    # among the carer's shifts that day by length); None without a contract.
    overtime_after: int | None = None

    @property
    def mode(self) -> str:
        return self.carer.travel_mode


def block_offsets(dates: tuple[dt.date, ...]) -> dict[dt.date, int]:
    """Minutes from the block's first midnight to each date's midnight."""
    first = dates[0]
    return {d: (d - first).days * MINUTES_PER_DAY for d in dates}


def block_vehicles(
    problem: Problem,
    dates: tuple[dt.date, ...],
    params: SolveParams,
    limits: DayLimits | None = None,
    targets: DayTargets | None = None,
) -> list[VehicleSpec]:
    """The block's shifts as absences leave them (Problem.available_shifts) as vehicles, in (date, carer
    input order, start) order; bases numbered later.

    `limits` (the week's working-time rules) drops a day off's shifts, starts a shift no earlier and ends
    it no later than the daily rest allows (a shift that leaves nothing is dropped) and caps the day's
    working minutes.
    """
    limits = limits or DayLimits()
    targets = targets or DayTargets()
    fairness = params.working_time.fairness_per_hour_gbp / 60.0
    offsets = block_offsets(dates)
    order = {c.carer_id: i for i, c in enumerate(problem.carers)}
    shifts = sorted(
        (s for s in problem.available_shifts if s.date in offsets),
        key=lambda s: (s.date, order[s.carer_id], s.start_min),
    )
    slots: dict[str, int] = {}
    out: list[VehicleSpec] = []
    for s in shifts:
        key = (s.carer_id, s.date)
        start = max(s.start_min, limits.earliest.get(key, s.start_min))
        end = min(s.end_min, limits.latest.get(key, s.end_min))
        if key in limits.off or start >= end:
            continue
        carer = problem.carer_by_id[s.carer_id]
        provider = problem.provider_by_id[carer.provider_id]
        slot = slots.setdefault(s.carer_id, len(slots))
        out.append(
            VehicleSpec(
                index=len(out),
                carer=carer,
                shift=s,
                provider=provider,
                carer_slot=slot,
                base=-1,
                start=offsets[s.date] + start,
                end=offsets[s.date] + end,
                # A carer ahead of their provider's mean share of contract costs more per minute out.
                span_coeff=span_coeff(provider, params) + cost_units(fairness * targets.ahead.get(key, 0.0)),
                day_limit=limits.minutes.get(key, carer.max_minutes_per_day),
                overtime_after=_share_of_day(problem, s, targets.contract_left.get(key)),
            )
        )
    return out


def _share_of_day(problem: Problem, shift: Shift, minutes: int | None) -> int | None:
    """`minutes` of the carer's day given to `shift` in proportion to its length (None stays None)."""
    if minutes is None:
        return None
    day = problem.shifts_by_carer_date[(shift.carer_id, shift.date)]
    return max(0, minutes) * shift.length_min // sum(s.length_min for s in day)
