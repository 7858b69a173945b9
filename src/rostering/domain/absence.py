"""Carer absences (sickness, leave, training) and the shift time a carer can still work around them.

An absence covers local date-times [start, end). A shift that an absence overlaps is cut: what is left
before and after the absence stays available (a shift cut in the middle becomes a split shift), and a
shift inside an absence is removed. Rosters built from the cut shifts name a part by its start.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from ._base import DomainModel
from .carer import Shift
from .time import minutes_after

AbsenceReason = Literal["sickness", "annual_leave", "training", "other"]


class Absence(DomainModel):
    """Carer `carer_id` cannot work from `start` up to (not including) `end`, local wall-clock times."""

    carer_id: str = Field(min_length=1)
    start: dt.datetime
    end: dt.datetime
    reason: AbsenceReason = "other"

    @model_validator(mode="after")
    def _local_whole_minutes_ordered(self) -> Absence:
        for name in ("start", "end"):
            value: dt.datetime = getattr(self, name)
            if value.tzinfo is not None:
                raise ValueError(f"{name} must be a local date-time without a timezone")
            if value.second or value.microsecond:
                raise ValueError(f"{name} must be a whole minute")
        if self.end <= self.start:
            raise ValueError("absence end must be after its start")
        return self

    def minutes_on(self, date: dt.date) -> tuple[int, int]:
        """[start, end) as minutes after midnight of `date` (below 0 or above 1440 when it spans days)."""
        return minutes_after(date, self.start), minutes_after(date, self.end)

    def overlaps(self, date: dt.date, start_min: int, end_min: int) -> bool:
        """Does [start_min, end_min) on `date` meet the absence? An empty interval meets it if inside."""
        lo, hi = self.minutes_on(date)
        if end_min <= start_min:
            return lo <= start_min < hi
        return max(lo, start_min) < min(hi, end_min)


def cut_shift(shift: Shift, absences: Iterable[Absence]) -> tuple[Shift, ...]:
    """The parts of `shift` outside every absence of its carer, in time order (none if all absent)."""
    parts = [(shift.start_min, shift.end_min)]
    for absence in absences:
        if absence.carer_id != shift.carer_id:
            continue
        lo, hi = absence.minutes_on(shift.date)
        parts = [
            piece for a, b in parts for piece in ((a, min(b, lo)), (max(a, hi), b)) if piece[0] < piece[1]
        ]
    if parts == [(shift.start_min, shift.end_min)]:
        return (shift,)
    return tuple(shift.model_copy(update={"start_min": a, "end_min": b}) for a, b in parts)


def available_shifts(shifts: Iterable[Shift], absences: Iterable[Absence]) -> tuple[Shift, ...]:
    """Each shift minus the absences of its carer: kept whole, cut into parts, or removed; input order."""
    by_carer: dict[str, list[Absence]] = defaultdict(list)
    for absence in absences:
        by_carer[absence.carer_id].append(absence)
    return tuple(part for s in shifts for part in cut_shift(s, by_carer.get(s.carer_id, ())))
