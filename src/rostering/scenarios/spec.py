"""The scenario file (TOML) as typed, frozen models: every key, its type, its range and its default.

A scenario is a pure function of a base bundle: `materialise` applies the sections below in a fixed
order (dates, zones, provider inference, workforce, provider policy, rates, windows) to make a new
problem; `[solve]` says how the sweep rosters it. Unknown keys are errors, so a misspelt key never
silently does nothing. docs/formats.md documents each key; `rostering schema scenario` prints the JSON
Schema generated from these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from ..domain.carer import Gender, TravelMode
from ..domain.provider import PaymentModel

# A scenario's name names its folders (DIR/scenarios/<name>, DIR/runs/<name>/<seed>).
ScenarioName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]
Policy = Literal["status-quo", "pooled", "single-provider", "main-plus-specialist", "max-providers"]
POLICIES: tuple[str, ...] = (
    "status-quo",
    "pooled",
    "single-provider",
    "main-plus-specialist",
    "max-providers",
)
# Policies that divide the locality and so need [zones].
ZONED_POLICIES = frozenset({"single-provider", "main-plus-specialist", "max-providers"})


def _one_or_many(value: object) -> object:
    """A single inline table is a list of one (`specialist = {...}` or `[[providers.specialist]]`)."""
    return [value] if isinstance(value, dict) else value


def _one_or_many_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of such a field: one table or an array of them."""
    items = schema.pop("items")
    schema.pop("type", None)
    schema["anyOf"] = [items, {"type": "array", "items": items}]


WindowPolicy = Literal["outcome", "time-and-task", "width"]
SolverName = Literal["locality", "time-and-task", "time-and-task-optimised"]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ZonesSpec(_Section):
    """Where the zones come from: a GeoJSON file of polygons, or k-means over the clients' homes."""

    file: str | None = Field(default=None, description="GeoJSON polygons, relative to the scenario file")
    property: str = Field(default="zone", min_length=1, description="the feature property naming the zone")
    method: Literal["kmeans"] | None = Field(default=None, description="make zones from the clients' homes")
    count: int | None = Field(default=None, ge=1, le=50, description="how many k-means zones")
    rural: tuple[str, ...] = Field(
        default=(), description="zones marked rural (features may say rural: true)"
    )

    @model_validator(mode="after")
    def _one_source(self) -> ZonesSpec:
        if (self.file is None) == (self.method is None):
            raise ValueError('give either file = "zones.geojson" or method = "kmeans" (with count)')
        if self.method == "kmeans" and self.count is None:
            raise ValueError('method = "kmeans" needs count (how many zones)')
        if self.file is not None and self.count is not None:
            raise ValueError('count applies to method = "kmeans" only')
        return self


class Specialist(_Section):
    """A specialist secondary provider: clients needing any of these skills get their package from it."""

    provider: str = Field(min_length=1)
    skills: tuple[str, ...] = Field(min_length=1)


class ProvidersSpec(_Section):
    """Which providers' carers may visit which clients (a hard rule the validator enforces)."""

    policy: Policy = "status-quo"
    max_per_zone: int | None = Field(default=None, ge=1, description="for max-providers")
    specialist: Annotated[tuple[Specialist, ...], BeforeValidator(_one_or_many)] = Field(
        default=(),
        description="for main-plus-specialist: one table, or a list of them",
        json_schema_extra=_one_or_many_schema,
    )
    zone_providers: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="zone -> provider(s), instead of the rule that picks them"
    )

    @model_validator(mode="after")
    def _policy_keys(self) -> ProvidersSpec:
        if self.policy == "max-providers" and self.max_per_zone is None:
            raise ValueError('policy = "max-providers" needs max_per_zone')
        if self.policy != "max-providers" and self.max_per_zone is not None:
            raise ValueError('max_per_zone applies to policy = "max-providers" only')
        if self.policy == "main-plus-specialist" and not self.specialist:
            raise ValueError('policy = "main-plus-specialist" needs specialist = { provider, skills }')
        if self.policy != "main-plus-specialist" and self.specialist:
            raise ValueError('specialist applies to policy = "main-plus-specialist" only')
        if self.zone_providers and self.policy not in ZONED_POLICIES:
            raise ValueError(f"zone_providers applies to the zoned policies only, not {self.policy!r}")
        return self


class AddCarers(_Section):
    """New carers of one provider, copied from a template carer (skills, shifts, contract)."""

    provider: str = Field(min_length=1)
    count: int = Field(ge=1, le=1000)
    zone: str | None = Field(default=None, description="based at clients' homes in this zone")
    like: str | None = Field(default=None, description="template carer id (default: one of the provider's)")
    skills: tuple[str, ...] | None = None
    travel_mode: TravelMode | None = None
    gender: Gender | None = None


class WorkforceSpec(_Section):
    """Who employs the carers: the in-house share of carer hours, and carers added."""

    in_house_share: float | None = Field(default=None, ge=0, le=1, description="target share of shift hours")
    in_house_share_change: float | None = Field(
        default=None, ge=-1, le=1, description="change of that share, e.g. 0.2 = +20 points"
    )
    add_carers: Annotated[tuple[AddCarers, ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="one table, or a list of them", json_schema_extra=_one_or_many_schema
    )

    @model_validator(mode="after")
    def _one_share(self) -> WorkforceSpec:
        if self.in_house_share is not None and self.in_house_share_change is not None:
            raise ValueError("give in_house_share or in_house_share_change, not both")
        return self


class RatesSpec(_Section):
    """What providers are paid."""

    rural_uplift: float = Field(default=0.0, ge=0, le=5, description="extra on external rates in rural zones")
    rate_per_hour: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    mileage_per_km: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    payment: dict[str, PaymentModel] = Field(default_factory=dict)


class WindowsSpec(_Section):
    """When visits may start: the commissioned windows, the booked slot +/- a tolerance, or a width."""

    policy: WindowPolicy = "outcome"
    tolerance_min: int = Field(default=15, ge=0, le=240, description="for time-and-task")
    width_min: int | None = Field(default=None, ge=0, le=1440, description="for width: the whole window")
    priorities: tuple[Literal[1, 2, 3], ...] = Field(default=(1, 2, 3), min_length=1)

    @model_validator(mode="after")
    def _width(self) -> WindowsSpec:
        if self.policy == "width" and self.width_min is None:
            raise ValueError('policy = "width" needs width_min')
        if self.policy != "width" and self.width_min is not None:
            raise ValueError('width_min applies to policy = "width" only')
        return self


class SolveSpec(_Section):
    """How the sweep rosters the scenario (the command line's --time-limit / --seeds override)."""

    solver: SolverName = "locality"
    time_limit_s: float | None = Field(default=None, gt=0)
    work_limit: int | None = Field(default=None, ge=1)
    seeds: tuple[int, ...] = Field(default=(1,), min_length=1)
    continuity_weight: float = Field(default=1.0, ge=0, description="x every default continuity weight")
    params: str | None = Field(default=None, description="engine parameters TOML, relative to this file")


class ScenarioSpec(_Section):
    """One scenario file."""

    name: ScenarioName
    title: str = ""
    description: str = ""
    base: str = Field(min_length=1, description="the base bundle folder, relative to this file")
    seed: int = Field(default=0, description="seeds the k-means zones and the workforce changes")
    dates: tuple[dt.date, ...] = ()
    zones: ZonesSpec | None = None
    providers: ProvidersSpec = ProvidersSpec()
    workforce: WorkforceSpec = WorkforceSpec()
    rates: RatesSpec = RatesSpec()
    windows: WindowsSpec = WindowsSpec()
    solve: SolveSpec = SolveSpec()


# The scenario file's format: minor = keys added, major = a change of meaning.
SCENARIO_FORMAT_VERSION = "1.0"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file read as TOML (`rostering schema scenario`)."""
    from ..io.schemas import headed_schema

    return headed_schema(
        "scenario",
        SCENARIO_FORMAT_VERSION,
        "Scenario file",
        "An analyst's scenario (TOML): a base bundle plus changes (docs/formats.md, scenario files).",
        ScenarioSpec.model_json_schema(),
    )
