"""The block's shifts as vehicles: a split shift is two vehicles of one carer.

Times are minutes after midnight of the block's first date; a later date adds 1440 minutes per day, so a
block linked by a dependency across midnight is still one timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain import Carer, Problem, Provider, Shift
from ...domain.time import MINUTES_PER_DAY
from ..params import SolveParams
from ._objective import span_coeff


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

    @property
    def mode(self) -> str:
        return self.carer.travel_mode


def block_offsets(dates: tuple[dt.date, ...]) -> dict[dt.date, int]:
    """Minutes from the block's first midnight to each date's midnight."""
    first = dates[0]
    return {d: (d - first).days * MINUTES_PER_DAY for d in dates}


def block_vehicles(problem: Problem, dates: tuple[dt.date, ...], params: SolveParams) -> list[VehicleSpec]:
    """The block's shifts as absences leave them (Problem.available_shifts) as vehicles, in (date, carer
    input order, start) order; bases numbered later."""
    offsets = block_offsets(dates)
    order = {c.carer_id: i for i, c in enumerate(problem.carers)}
    shifts = sorted(
        (s for s in problem.available_shifts if s.date in offsets),
        key=lambda s: (s.date, order[s.carer_id], s.start_min),
    )
    slots: dict[str, int] = {}
    out: list[VehicleSpec] = []
    for s in shifts:
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
                start=offsets[s.date] + s.start_min,
                end=offsets[s.date] + s.end_min,
                span_coeff=span_coeff(provider, params),
            )
        )
    return out
