"""The locality a bundle covers: its name, bounds, skill vocabulary and approximate-travel settings."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from ._base import DomainModel


class Bounds(DomainModel):
    min_lat: float = Field(ge=-90, le=90)
    min_lon: float = Field(ge=-180, le=180)
    max_lat: float = Field(ge=-90, le=90)
    max_lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.max_lat <= self.min_lat or self.max_lon <= self.min_lon:
            raise ValueError("bounds must have max_lat > min_lat and max_lon > min_lon")
        return self

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


class ApproximateTravel(DomainModel):
    """Great-circle x circuity / speed: the fallback when no road network is supplied."""

    # A speed near 0 would make every journey last for ever; none of these needs more than a fast road.
    circuity: float = Field(default=1.35, ge=1.0, le=10.0)
    drive_kmh: float = Field(default=40.0, ge=1.0, le=300.0)
    walk_kmh: float = Field(default=4.8, ge=1.0, le=300.0)
    bike_kmh: float = Field(default=15.0, ge=1.0, le=300.0)


class WorkingTime(DomainModel):
    """Rules of employment every roster of the locality keeps (UK Working Time Regulations 1998).

    They are the employer's rules, not search preferences, so they live in the bundle; what overtime
    costs is a solver weight. A carer's working time is their route spans (leaving base to back at base,
    breaks included); a week is a 7-day block from the problem's first date.
    """

    # Weekly maximum of working time; carers with opt_out_48h are exempt.
    weekly_max_hours: float = Field(default=48.0, gt=0, le=168)
    # Least rest between the end of one working day and the start of the next; 0 switches it off.
    # Carers of providers with compensatory_rest are exempt.
    daily_rest_hours: float = Field(default=11.0, ge=0, le=24)
    # Most dates in a row a carer works (at least one route a date).
    max_consecutive_days: int = Field(default=6, ge=1)

    @property
    def weekly_max_min(self) -> int:
        return round(self.weekly_max_hours * 60)

    @property
    def daily_rest_min(self) -> int:
        return round(self.daily_rest_hours * 60)


class Locality(DomainModel):
    # Names a roster's locality: one printable line, no path separators.
    name: str = Field(min_length=1, max_length=100)
    title: str = ""
    timezone: str = "Europe/London"
    bounds: Bounds
    # The vocabulary of skills; a visit or carer naming another skill is an input error.
    skills: tuple[str, ...] = ()
    # Path of a GeoJSON boundary polygon, relative to the bundle folder (clips the OSM network).
    boundary: str | None = None
    # Path of a local OSM extract (.osm.pbf / .osm / .osm.bz2), relative to the bundle folder.
    osm_extract: str | None = None
    attribution: str = ""
    notes: str = ""
    approximate_travel: ApproximateTravel = ApproximateTravel()
    # UK Working Time Regulations: a 20-minute rest break in any route longer than six hours. Off only
    # for benchmark instances (VRPTW / HHC), whose times are not clock minutes; the validator reads it.
    rest_breaks: bool = True
    # Weekly hours, daily rest and consecutive days. None only for benchmark instances (not clock minutes).
    working_time: WorkingTime | None = WorkingTime()

    @field_validator("name")
    @classmethod
    def _printable_name(cls, name: str) -> str:
        if not name.isprintable() or any(ch in name for ch in "/\\"):
            raise ValueError("name must be printable text without '/' or '\\'")
        return name
