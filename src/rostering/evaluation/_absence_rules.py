"""Validator rules about absences: an absent carer does no visit and works no route inside an absence."""

from __future__ import annotations

from ..domain import Absence, Problem, Roster
from ..domain.time import format_hhmm as hhmm
from ..domain.time import format_local_datetime
from .violation import Violation


def check_absences(problem: Problem, roster: Roster) -> list[Violation]:
    """Every assignment and route of a carer that meets one of the carer's absences (absences.csv)."""
    if not problem.absences:
        return []
    out: list[Violation] = []
    for a in roster.assignments:
        absence = problem.absence_at(a.carer_id, a.date, a.start_min, a.end_min)
        if absence is not None:
            out.append(
                Violation(
                    "visit_during_absence",
                    f"visit {hhmm(a.start_min)}-{hhmm(a.end_min)} falls in the carer's {_describe(absence)}",
                    a.visit_id,
                    a.carer_id,
                    a.date,
                )
            )
    for r in roster.routes:
        absence = problem.absence_at(r.carer_id, r.date, r.start_min, r.end_min)
        if absence is not None:
            out.append(
                Violation(
                    "route_during_absence",
                    f"route {hhmm(r.start_min)}-{hhmm(r.end_min)} meets the carer's {_describe(absence)}",
                    None,
                    r.carer_id,
                    r.date,
                )
            )
    return out


def _describe(absence: Absence) -> str:
    start, end = format_local_datetime(absence.start), format_local_datetime(absence.end)
    return f"{absence.reason} absence {start} to {end}"
