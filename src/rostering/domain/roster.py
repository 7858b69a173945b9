"""The solution: who does which visit when, the breaks, and what could not be covered and why."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property
from typing import Any, Literal

from pydantic import Field

from ._base import DomainModel
from .limits import MAX_METRES, MAX_MINUTES


class Assignment(DomainModel):
    """One carer doing one visit. A double-up is two assignments with the same visit_id and start."""

    visit_id: str
    carer_id: str
    date: dt.date
    start_min: int = Field(ge=-MAX_MINUTES, le=MAX_MINUTES)
    end_min: int = Field(ge=-MAX_MINUTES, le=MAX_MINUTES)
    travel_min: int = Field(
        ge=0, le=MAX_MINUTES, description="travel into this visit from the previous visit or base"
    )
    travel_m: float = Field(ge=0, le=MAX_METRES)
    seq: int = Field(ge=1, le=MAX_MINUTES, description="1-based position in the carer's day")


class Break(DomainModel):
    """A rest break (UK Working Time Regulations: 20 minutes when working more than 6 hours)."""

    carer_id: str
    date: dt.date
    start_min: int = Field(ge=-MAX_MINUTES, le=MAX_MINUTES)
    duration_min: int = Field(gt=0, le=MAX_MINUTES)


class ShiftRoute(DomainModel):
    """One shift's route: the carer leaves base at start_min and is back at base at end_min.

    A split shift is two routes on one date; the carer goes home in between. A shift with no visits
    has no route (the carer is not called in).
    """

    carer_id: str
    date: dt.date
    shift_start_min: int = Field(
        ge=-MAX_MINUTES, le=MAX_MINUTES, description="identifies the shift this route works"
    )
    start_min: int = Field(ge=-MAX_MINUTES, le=MAX_MINUTES)
    end_min: int = Field(ge=-MAX_MINUTES, le=MAX_MINUTES)
    travel_home_min: int = Field(ge=0, le=MAX_MINUTES, description="travel from the last visit back to base")
    travel_home_m: float = Field(ge=0, le=MAX_METRES)


class Unassigned(DomainModel):
    visit_id: str
    client_id: str
    date: dt.date
    reason: str = Field(description="machine-readable code, e.g. no_eligible_carer, no_capacity_in_window")
    detail: str = ""


TeamRole = Literal["primary", "backup"]


class TeamMember(DomainModel):
    """One carer of a client's care team for the rostered week (teams.csv).

    Primary carers are planned to cover most of the client's visits; backups cover the rest (days the
    primaries are off, double-ups). `planned_visits` counts the client's visits the carer does in the
    roster (a double-up counts once for each of its two carers).
    """

    client_id: str
    carer_id: str
    role: TeamRole
    planned_visits: int = Field(ge=0)


class Roster(DomainModel):
    locality: str
    solver: str
    seed: int | None = None
    assignments: tuple[Assignment, ...] = ()
    breaks: tuple[Break, ...] = ()
    routes: tuple[ShiftRoute, ...] = ()
    unassigned: tuple[Unassigned, ...] = ()
    # The clients' care teams when the roster was planned as a week (empty for a day-by-day roster).
    teams: tuple[TeamMember, ...] = ()
    objective: float | None = None
    # Which travel matrix each profile used, e.g. {"drive": "osm:rutland.osm.pbf", "walk": "approximate"}.
    travel_sources: dict[str, str] = Field(default_factory=dict)
    stats: dict[str, Any] = Field(default_factory=dict)

    @cached_property
    def by_carer_day(self) -> dict[tuple[str, dt.date], tuple[Assignment, ...]]:
        grouped: dict[tuple[str, dt.date], list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            grouped[(a.carer_id, a.date)].append(a)
        return {k: tuple(sorted(v, key=lambda a: a.seq)) for k, v in grouped.items()}

    @cached_property
    def by_visit(self) -> dict[str, tuple[Assignment, ...]]:
        grouped: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            grouped[a.visit_id].append(a)
        return {k: tuple(v) for k, v in grouped.items()}
