"""The shape of a care-at-home week, shared by every sample locality: calls, windows, visits.

A client's package is a set of daily calls (morning, lunch, tea, bed; some clients fewer, a few with a
mid-afternoon call on set weekdays). Windows open around the commissioned slot: wider for ordinary
care, narrower for medication (which is priority 1). Everything draws from one numpy Generator in a
fixed order, so a seed fixes the week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..domain import Visit

DAY_START = 7 * 60  # no visit starts before the first shifts begin
DAY_END = 22 * 60  # every visit ends by the end of the late shifts


@dataclass(frozen=True)
class Slot:
    name: str
    tag: str  # one letter in visit ids
    earliest_min: int  # first requested start
    latest_min: int  # last requested start
    half_window_min: int
    # Probabilities of 15 / 30 / 45 / 60 minute visits in this slot.
    durations: tuple[float, float, float, float]


MORNING = Slot("morning", "M", 7 * 60 + 30, 9 * 60 + 45, 60, (0.01, 0.52, 0.29, 0.18))
LUNCH = Slot("lunch", "L", 12 * 60, 13 * 60 + 30, 45, (0.03, 0.85, 0.10, 0.02))
AFTERNOON = Slot("afternoon", "A", 14 * 60, 15 * 60 + 45, 90, (0.05, 0.65, 0.25, 0.05))
TEA = Slot("tea", "T", 16 * 60 + 45, 18 * 60, 45, (0.03, 0.83, 0.12, 0.02))
BED = Slot("bed", "B", 19 * 60 + 30, 21 * 60, 45, (0.03, 0.76, 0.15, 0.06))
DURATIONS = (15, 30, 45, 60)
MEDICATION_HALF_WINDOW_MIN = 30
# How many daily calls a package has, with the slots they fall in.
CALL_PATTERNS: tuple[tuple[float, tuple[tuple[Slot, ...], ...]], ...] = (
    (0.64, ((MORNING, LUNCH, TEA, BED),)),
    (0.17, ((MORNING, LUNCH, BED), (MORNING, TEA, BED), (MORNING, AFTERNOON, BED))),
    (0.11, ((MORNING, BED), (MORNING, TEA), (MORNING, AFTERNOON))),
    (0.08, ((MORNING,), (LUNCH,), (AFTERNOON,))),
)
EVERY_DAY = tuple(range(7))


@dataclass(frozen=True)
class Call:
    """One commissioned call of a package, the same on every weekday it runs."""

    slot: Slot
    requested_min: int
    duration_min: int
    medication: bool
    weekdays: tuple[int, ...] = EVERY_DAY  # Monday = 0


@dataclass(frozen=True)
class Package:
    """What a client is commissioned for: calls, the skills every call needs, one or two carers."""

    client_id: str
    calls: tuple[Call, ...]
    skills: tuple[str, ...]  # needed on every call (dementia, moving_and_handling, peg_feeding)
    double_up: bool

    def call_skills(self, call: Call) -> tuple[str, ...]:
        wanted = set(self.skills) | ({"medication"} if call.medication else set())
        return tuple(sorted(wanted))


def draw_calls(rng: np.random.Generator, medication: bool) -> tuple[Call, ...]:
    """A package's daily calls; medication clients take it at their morning and bed (or only) call."""
    weights = np.array([w for w, _ in CALL_PATTERNS])
    patterns = CALL_PATTERNS[int(rng.choice(len(CALL_PATTERNS), p=weights / weights.sum()))][1]
    slots = patterns[int(rng.integers(len(patterns)))]
    calls = []
    for slot in slots:
        steps = (slot.latest_min - slot.earliest_min) // 15 + 1
        requested = slot.earliest_min + 15 * int(rng.integers(steps))
        duration = DURATIONS[int(rng.choice(4, p=np.array(slot.durations)))]
        on_meds = medication and (slot in (MORNING, BED) or len(slots) == 1)
        weekdays = EVERY_DAY
        if slot is AFTERNOON and len(slots) == 1:
            # A lone mid-afternoon call (shopping, a sitting service) runs on three set weekdays.
            weekdays = tuple(sorted(int(d) for d in rng.choice(7, size=3, replace=False)))
        calls.append(Call(slot, requested, duration, on_meds, weekdays))
    return tuple(calls)


def window(call: Call) -> tuple[int, int]:
    """The start window around the commissioned slot, kept inside the working day."""
    half = MEDICATION_HALF_WINDOW_MIN if call.medication else call.slot.half_window_min
    start = max(DAY_START, call.requested_min - half)
    end = min(DAY_END - call.duration_min, call.requested_min + half)
    return start, max(start, end)


def visits_for(packages: list[Package], dates: list[dt.date]) -> tuple[Visit, ...]:
    """Every visit of the week, in date, client and slot order."""
    out = []
    for date in dates:
        for package in packages:
            for call in package.calls:
                if date.weekday() not in call.weekdays:
                    continue
                start, end = window(call)
                # Medication and PEG feeds are critical; a lone sitting or shopping call is flexible.
                priority: Literal[1, 2, 3] = 2
                if call.medication or "peg_feeding" in package.skills:
                    priority = 1
                elif call.slot is AFTERNOON and len(package.calls) == 1:
                    priority = 3
                out.append(
                    Visit(
                        visit_id=f"V{date:%m%d}-{package.client_id}-{call.slot.tag}",
                        client_id=package.client_id,
                        date=date,
                        window_start_min=start,
                        window_end_min=end,
                        duration_min=call.duration_min,
                        carers_required=2 if package.double_up else 1,
                        skills=package.call_skills(call),
                        priority=priority,
                        requested_start_min=call.requested_min,
                    )
                )
    return tuple(out)
