"""The problem bundle v1 layout as data: every file and column, so the reader, writer and docs agree.

A column is *required* when it must appear in the header; its cells may still be empty when the column
has a default (`default` is then the documented meaning of an empty cell). Contract columns are read by
other tools and are never renamed or removed. Numbers have a documented range (`minimum`..`maximum`):
the engine's costs are 64-bit integers, so a rate of 1e308 must be an input error, not an overflow.
*Personal* columns (a client's or carer's home coordinates) are never quoted back in messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from ..domain.absence import AbsenceReason
from ..domain.carer import Gender, TravelMode
from ..domain.client import GenderPreference
from ..domain.provider import PaymentModel, ProviderKind

LOCALITY_FILE = "locality.toml"
# What each cell kind accepts, as the docs state it.
KIND_NAMES = {
    "id": "id (text, no `;`)",
    "ref": "id of another row",
    "text": "text",
    "float": "number",
    "int": "integer",
    "date": "date `YYYY-MM-DD`",
    "hhmm": "time `HH:MM`",
    "datetime": "local date-time `YYYY-MM-DDTHH:MM`",
    "enum": "one of the listed values",
    "list": "`;`-separated list",
    "bool": "`true` or `false` (also `yes` / `no`, any case)",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: str
    required: bool = True
    contract: bool = True
    # None: an empty cell is an error. Otherwise the documented meaning of an empty cell.
    default: str | None = None
    choices: tuple[str, ...] = ()
    # The domain model's field this column fills (defaults to the column name).
    field: str = ""
    # Allowed range of a number (inclusive), and its unit as the docs and messages name it.
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    # Personal data (home coordinates): messages never repeat the cell's value.
    personal: bool = False

    @property
    def field_name(self) -> str:
        return self.field or self.name


@dataclass(frozen=True)
class BundleFile:
    name: str
    collection: str  # the Problem field it fills
    meaning: str
    columns: tuple[Column, ...]
    required: bool = True

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _choices(literal: object) -> tuple[str, ...]:
    return tuple(str(a) for a in get_args(literal))


def _optional(name: str, kind: str, default: str, meaning: str, **kw: Any) -> Column:
    return Column(name, kind, meaning, required=False, contract=False, default=default, **kw)


def _lat(meaning: str) -> Column:
    return Column("lat", "float", meaning, minimum=-90, maximum=90, unit="degrees", personal=True)


def _lon(meaning: str) -> Column:
    return Column("lon", "float", meaning, minimum=-180, maximum=180, unit="degrees", personal=True)


# Minutes in a day: the longest visit, and a carer's longest working day.
DAY_MIN = 24 * 60
WEEK_MIN = 7 * DAY_MIN
# GBP an hour and per km: far above any real rate, far below what overflows the engine's costs.
MAX_RATE_GBP = 10_000
MAX_MILEAGE_GBP = 100
MAX_LOAD = 1_000_000_000


PROVIDERS = BundleFile(
    "providers.csv",
    "providers",
    "The council's in-house team and the external agencies it commissions.",
    (
        Column("provider_id", "id", "Unique provider id."),
        Column("name", "text", "Display name.", default="empty"),
        Column("kind", "enum", "`in_house` or `external`.", choices=_choices(ProviderKind)),
        Column(
            "payment",
            "enum",
            "`salaried` (paid per hour on shift) or `time_and_task` (paid per contact minute).",
            choices=_choices(PaymentModel),
        ),
        Column(
            "rate_per_hour",
            "float",
            "GBP per paid hour (salaried) or per contact hour (time_and_task).",
            minimum=0,
            maximum=MAX_RATE_GBP,
            unit="GBP",
        ),
        _optional(
            "mileage_per_km",
            "float",
            "0.28",
            "GBP per km driven or cycled (HMRC 45p a mile).",
            minimum=0,
            maximum=MAX_MILEAGE_GBP,
            unit="GBP",
        ),
        _optional(
            "compensatory_rest",
            "bool",
            "false",
            "`true`: the provider uses the care sector's exception to daily rest (Working Time Regulations "
            "reg. 21, compensatory rest instead), so locality.toml's daily rest rule does not apply to its "
            "carers.",
        ),
    ),
)

CARERS = BundleFile(
    "carers.csv",
    "carers",
    "Care workers. lat/lon is the base each shift route starts from and returns to (usually home).",
    (
        Column("carer_id", "id", "Unique carer id."),
        Column("provider_id", "ref", "The carer's employer (providers.csv)."),
        _lat("Base latitude (WGS84 degrees), inside the locality bounds."),
        _lon("Base longitude (WGS84 degrees), inside the locality bounds."),
        Column(
            "travel_mode", "enum", "`drive`, `walk` or `bike`.", default="drive", choices=_choices(TravelMode)
        ),
        Column("skills", "list", "Skills held, `;`-separated, from the locality vocabulary.", default="none"),
        Column("gender", "enum", "`f`, `m` or `x`.", default="x", choices=_choices(Gender)),
        _optional(
            "max_minutes_per_day",
            "int",
            "the shift length",
            "Cap on working minutes (route spans) per day.",
            minimum=1,
            maximum=DAY_MIN,
            unit="minutes",
        ),
        _optional(
            "contracted_hours_week",
            "float",
            "none",
            "Contracted hours per week: the weekly working-time target (overtime beyond it costs, and is "
            "reported).",
            minimum=0,
            maximum=168,
            unit="hours",
        ),
        _optional(
            "capacity",
            "int",
            "none (uncapacitated)",
            "Load limit per shift route (benchmarks).",
            minimum=0,
            maximum=MAX_LOAD,
        ),
        _optional(
            "opt_out_48h",
            "bool",
            "false",
            "`true`: the carer signed the Working Time Regulations opt-out, so locality.toml's weekly "
            "maximum does not apply.",
        ),
    ),
)

SHIFTS = BundleFile(
    "shifts.csv",
    "shifts",
    "When each carer is available. Two rows for one carer on one date = a split shift (two routes).",
    (
        Column("carer_id", "ref", "The carer (carers.csv)."),
        Column("date", "date", "YYYY-MM-DD."),
        Column("start", "hhmm", "HH:MM shift start.", field="start_min"),
        Column("end", "hhmm", "HH:MM shift end (after start; 24:00 allowed).", field="end_min"),
    ),
)

CLIENTS = BundleFile(
    "clients.csv",
    "clients",
    "Service users: where they live and who may visit them.",
    (
        Column("client_id", "id", "Unique client id."),
        _lat("Home latitude (WGS84 degrees), inside the locality bounds."),
        _lon("Home longitude (WGS84 degrees), inside the locality bounds."),
        Column(
            "gender_preference",
            "enum",
            "`any`, `f` or `m`: only carers of that gender may visit.",
            default="any",
            choices=_choices(GenderPreference),
        ),
        Column("preferred_carers", "list", "Carer ids the client prefers (continuity), `;`.", default="none"),
        Column("excluded_carers", "list", "Carer ids who must never visit, `;`.", default="none"),
        _optional(
            "provider_id",
            "ref",
            "none",
            "The provider commissioned for this client's package (time-and-task baseline).",
        ),
        _optional(
            "zone", "ref", "none", "The zone the client lives in (zones.csv): KPIs and rates per zone."
        ),
        _optional(
            "allowed_providers",
            "list",
            "any provider",
            "Provider policy (hard): only carers of these providers may visit, `;`-separated.",
        ),
        _optional(
            "commissioned_hours_week",
            "float",
            "none",
            "Hours of care a week commissioned for the client (KPIs report delivered against it).",
            minimum=0,
            maximum=168,
            unit="hours",
        ),
    ),
)

VISITS = BundleFile(
    "visits.csv",
    "visits",
    "Care visits. A visit must *start* inside [window_start, window_end] and lasts duration_min.",
    (
        Column("visit_id", "id", "Unique visit id."),
        Column("client_id", "ref", "The client visited (clients.csv)."),
        Column("date", "date", "YYYY-MM-DD."),
        Column("window_start", "hhmm", "Earliest start, HH:MM.", field="window_start_min"),
        Column(
            "window_end", "hhmm", "Latest start, HH:MM (not before window_start).", field="window_end_min"
        ),
        Column("duration_min", "int", "Minutes of care.", minimum=1, maximum=DAY_MIN, unit="minutes"),
        Column(
            "carers_required",
            "enum",
            "1, or 2 for a double-up (two carers starting together).",
            default="1",
            choices=("1", "2"),
        ),
        Column("skills", "list", "Skills the visit needs, `;`-separated.", default="none"),
        Column(
            "priority",
            "enum",
            "1 = critical (e.g. medication), 2, 3 = flexible.",
            default="2",
            choices=("1", "2", "3"),
        ),
        Column(
            "requested_start",
            "hhmm",
            "The commissioned time-and-task slot, HH:MM (a warning when outside the window).",
            field="requested_start_min",
        ),
        _optional(
            "late_penalty_per_min",
            "float",
            "none (window_end is hard)",
            "When set, the visit may start after window_end at this cost per minute late.",
            minimum=0,
            maximum=MAX_RATE_GBP,
        ),
        _optional(
            "demand", "int", "0", "Load for capacitated benchmark instances.", minimum=0, maximum=MAX_LOAD
        ),
    ),
)

HISTORY = BundleFile(
    "history.csv",
    "history",
    "Past visits: who visited whom before (continuity of care).",
    (
        Column("client_id", "ref", "The client (clients.csv)."),
        Column("carer_id", "ref", "The carer who visited (carers.csv)."),
        Column("date", "date", "YYYY-MM-DD of the past visit."),
    ),
    required=False,
)

DEPENDENCIES = BundleFile(
    "dependencies.csv",
    "dependencies",
    "Pairs of visits done by two different carers, the second starting min_gap..max_gap after the first.",
    (
        Column("first_visit_id", "ref", "The earlier visit (visits.csv)."),
        Column("second_visit_id", "ref", "The later visit (visits.csv)."),
        Column(
            "min_gap_min",
            "int",
            "Least minutes from first start to second start.",
            default="0",
            minimum=-WEEK_MIN,
            maximum=WEEK_MIN,
            unit="minutes",
        ),
        Column(
            "max_gap_min",
            "int",
            "Most minutes from first start to second start.",
            default="0",
            minimum=-WEEK_MIN,
            maximum=WEEK_MIN,
            unit="minutes",
        ),
    ),
    required=False,
)

ABSENCES = BundleFile(
    "absences.csv",
    "absences",
    "When carers cannot work (sickness, leave, training): their shifts are cut or removed inside them.",
    (
        Column("carer_id", "ref", "The absent carer (carers.csv)."),
        Column("start", "datetime", "First minute of the absence, `YYYY-MM-DDTHH:MM` local time."),
        Column(
            "end",
            "datetime",
            "End of the absence (the carer is back at this minute), after start, `YYYY-MM-DDTHH:MM`.",
        ),
        Column(
            "reason",
            "enum",
            "`sickness`, `annual_leave`, `training` or `other`.",
            default="other",
            choices=_choices(AbsenceReason),
        ),
    ),
    required=False,
)

ZONES = BundleFile(
    "zones.csv",
    "zones",
    "Zones of the locality (a scenario's areas): per-zone KPIs, rural marking and rate uplifts.",
    (
        Column("zone_id", "id", "Unique zone id (clients.csv `zone`)."),
        _optional("name", "text", "empty", "Display name."),
        _optional("rural", "enum", "false", "`true` for a rural zone.", choices=("false", "true")),
        _optional(
            "rate_uplift",
            "float",
            "0",
            "Extra on external providers' rates for contact time in the zone (0.15 = +15%).",
            minimum=0,
            maximum=5,
        ),
    ),
    required=False,
)

BUNDLE_FILES: tuple[BundleFile, ...] = (
    PROVIDERS,
    CARERS,
    SHIFTS,
    CLIENTS,
    VISITS,
    HISTORY,
    DEPENDENCIES,
    ABSENCES,
    ZONES,
)
FILE_BY_COLLECTION = {f.collection: f for f in BUNDLE_FILES}
# The order issues are reported in: locality.toml first, then the CSV files as listed.
FILE_ORDER = {LOCALITY_FILE: 0, **{f.name: i + 1 for i, f in enumerate(BUNDLE_FILES)}}
