"""Carers (care workers) and their working shifts."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ._base import DomainModel
from .limits import MAX_LOAD, MAX_MINUTES

TravelMode = Literal["drive", "walk", "bike"]
Gender = Literal["f", "m", "x"]
TRAVEL_MODES: tuple[TravelMode, ...] = ("drive", "walk", "bike")


class Carer(DomainModel):
    carer_id: str = Field(min_length=1)
    provider_id: str
    lat: float = Field(ge=-90, le=90, description="start/end base")
    lon: float = Field(ge=-180, le=180)
    travel_mode: TravelMode = "drive"
    skills: tuple[str, ...] = ()
    gender: Gender = "x"
    max_minutes_per_day: int | None = Field(
        default=None, gt=0, le=MAX_MINUTES, description="working minutes cap per day"
    )
    contracted_hours_week: float | None = Field(default=None, ge=0, le=168)
    # Signed the Working Time Regulations opt-out: the locality's weekly maximum does not apply.
    opt_out_48h: bool = False
    # Vehicle capacity for capacitated benchmark instances; None for care bundles.
    capacity: int | None = Field(default=None, ge=0, le=MAX_LOAD)


class Shift(DomainModel):
    """One continuous period a carer is available on a date. Two shifts on a date = a split shift."""

    carer_id: str
    date: dt.date
    start_min: int = Field(ge=0, le=MAX_MINUTES, description="minutes after midnight")
    end_min: int = Field(gt=0, le=MAX_MINUTES)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Shift:
        if self.end_min <= self.start_min:
            raise ValueError("shift end must be after its start")
        return self

    @property
    def length_min(self) -> int:
        return self.end_min - self.start_min
