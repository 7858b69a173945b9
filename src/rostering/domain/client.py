"""Clients (service users), their visits, the history of who visited them, and visit dependencies."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ._base import DomainModel
from .limits import MAX_GBP_RATE, MAX_LOAD, MAX_MINUTES

GenderPreference = Literal["any", "f", "m"]


class Client(DomainModel):
    client_id: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    gender_preference: GenderPreference = "any"
    preferred_carers: tuple[str, ...] = ()
    excluded_carers: tuple[str, ...] = ()
    # The provider commissioned for this client's package today (time-and-task baseline).
    provider_id: str | None = None
    # Hours of care a week the council commissioned for this client (reporting: delivered vs commissioned).
    commissioned_hours_week: float | None = Field(default=None, ge=0)
    # The zone the client lives in (zones.csv), for per-zone KPIs and rates; None outside any zone.
    zone: str | None = None
    # A provider policy (hard): only carers of these providers may visit. Empty: any provider's carers.
    allowed_providers: tuple[str, ...] = ()


class Visit(DomainModel):
    """A care visit. It must *start* inside [window_start_min, window_end_min] and lasts duration_min."""

    visit_id: str = Field(min_length=1)
    client_id: str
    date: dt.date
    window_start_min: int = Field(ge=0, le=MAX_MINUTES)
    window_end_min: int = Field(ge=0, le=MAX_MINUTES)
    duration_min: int = Field(gt=0, le=MAX_MINUTES)
    carers_required: Literal[1, 2] = 1
    skills: tuple[str, ...] = ()
    priority: Literal[1, 2, 3] = 2
    requested_start_min: int = Field(ge=0, le=MAX_MINUTES, description="the commissioned time-and-task slot")
    # None: window_end is hard (care default). A number: the visit may start late at this cost per minute.
    late_penalty_per_min: float | None = Field(default=None, ge=0, le=MAX_GBP_RATE)
    # Load for capacitated benchmark instances; 0 for care visits.
    demand: int = Field(default=0, ge=0, le=MAX_LOAD)

    @model_validator(mode="after")
    def _window_ordered(self) -> Visit:
        if self.window_end_min < self.window_start_min:
            raise ValueError("window_end is before window_start")
        return self


class HistoryRecord(DomainModel):
    """A past visit: carer `carer_id` visited client `client_id` on `date` (continuity of care)."""

    client_id: str
    carer_id: str
    date: dt.date


class VisitDependency(DomainModel):
    """Two visits done by two different carers, the second starting min_gap..max_gap after the first.

    min_gap = max_gap = 0 is a simultaneous pair; e.g. a district-nurse check 30-120 minutes after a
    carer's medication round is min_gap=30, max_gap=120.
    """

    first_visit_id: str
    second_visit_id: str
    min_gap_min: int = Field(default=0, ge=-MAX_MINUTES, le=MAX_MINUTES)
    max_gap_min: int = Field(default=0, ge=-MAX_MINUTES, le=MAX_MINUTES)

    @model_validator(mode="after")
    def _gap_ordered(self) -> VisitDependency:
        if self.max_gap_min < self.min_gap_min:
            raise ValueError("max_gap is below min_gap")
        if self.first_visit_id == self.second_visit_id:
            raise ValueError("a visit cannot depend on itself")
        return self
