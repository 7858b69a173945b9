"""A broken hard rule in a roster, and the catalogue of rule codes the validator reports.

Each code names one rule of the roster semantics, so a test, a benchmark or an ops team can filter on it.
The catalogue is documented in docs/formats.md (roster section) and checked against it by a test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# code -> the rule it breaks, in the order the validator checks them.
VIOLATION_CODES: dict[str, str] = {
    "unknown_visit": "an assignment or unassigned entry names a visit that is not in the problem",
    "unknown_carer": "an assignment, route or break names a carer that is not in the problem",
    "wrong_date": "an entry's date differs from its visit's date",
    "wrong_client": "an unassigned entry's client_id differs from its visit's client",
    "unknown_reason": "an unassigned entry's reason is not one of the documented codes",
    "visit_missing": "a visit is neither assigned nor listed as unassigned",
    "assigned_and_unassigned": "a visit is both assigned and listed as unassigned",
    "duplicate_unassigned": "a visit is listed as unassigned more than once",
    "carer_count": "a visit is assigned to a number of carers other than its carers_required",
    "duplicate_carer": "the same carer is assigned twice to one visit",
    "double_up_not_synchronised": "the two carers of a double-up start at different minutes",
    "ineligible_carer": (
        "the carer lacks a skill, is excluded by the client, fails the gender preference, or works for a "
        "provider the client's provider policy (allowed_providers) does not allow"
    ),
    "visit_during_absence": "a carer is given a visit that falls in one of the carer's absences",
    "early_start": "a visit starts before its window opens",
    "late_start": "a visit with a hard window starts after its window closes",
    "wrong_end": "an assignment's end is not start + duration",
    "route_invalid": "a route ends before it starts",
    "route_outside_shift": "a route does not lie inside the carer's shift it names on that date",
    "route_during_absence": "a route of a carer meets one of the carer's absences (absences.csv)",
    "duplicate_route": "two routes work the same shift",
    "outside_route": "an assignment lies inside none of the carer's routes that day",
    "overlap": "a carer's visits, breaks or routes overlap in time",
    "seq_order": "seq is not 1..n in start-time order over the carer's day",
    "travel_mismatch": "a recorded travel_min / travel_m (or travel_home) differs from the travel matrix",
    "travel_too_short": "consecutive visits are closer than the travel (plus breaks) between them",
    "base_travel_too_short": "a route starts too late or ends too early for the travel from / to base",
    "break_outside_route": "a break lies outside every route of the carer that day",
    "missing_break": "a route longer than 360 minutes has no break of 20+ minutes that fits",
    "break_not_between_visits": "a route longer than 360 minutes has its 20+ minute break only before its "
    "first visit or after its last (the break is taken during the working day)",
    "over_max_minutes": "a carer's working minutes in a day exceed max_minutes_per_day",
    "over_weekly_max": "a carer without the opt-out works more than the locality's weekly maximum in a week",
    "short_daily_rest": "a carer rests less than the locality's daily rest between two working days",
    "too_many_consecutive_days": "a carer works more dates in a row than the locality's maximum",
    "over_capacity": "the demand on a route exceeds the carer's capacity",
    "team_mismatch": "a team entry names an unknown client, lists a carer twice for one client, or its "
    "planned_visits differs from the client's visits the carer does in the roster",
    "dependency_partial": "one visit of a dependency is assigned and the other is not",
    "dependency_same_carer": "a carer does both visits of a dependency",
    "dependency_gap": "the gap between a dependency's two starts is outside [min_gap, max_gap]",
}

# The reasons a visit may be left unassigned (Unassigned.reason).
UNASSIGNED_REASONS: dict[str, str] = {
    "no_eligible_carer": "no carer has the skills, gender, client consent and provider the visit needs",
    "no_shift_in_window": "no eligible carer has a shift that covers the visit's window",
    "no_pair_for_double_up": "two eligible carers could not be found free at the same minute",
    "dependency_partner_unassigned": "the visit it depends on (or that depends on it) could not be placed",
    "no_capacity_in_window": "eligible carers exist but the search could not fit the visit",
    "carer_absent": "re-planning: its published carer is absent and nobody could take it over",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule, with the visit / carer / date it concerns when there is one."""

    code: str
    message: str
    visit_id: str | None = None
    carer_id: str | None = None
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.code not in VIOLATION_CODES:
            raise ValueError(f"unknown violation code {self.code!r}")

    def __str__(self) -> str:
        where = [
            part
            for part in (
                self.date.isoformat() if self.date else None,
                f"carer {self.carer_id}" if self.carer_id else None,
                f"visit {self.visit_id}" if self.visit_id else None,
            )
            if part
        ]
        prefix = f"[{self.code}]"
        if where:
            prefix += " " + ", ".join(where)
        return f"{prefix}: {self.message}"
