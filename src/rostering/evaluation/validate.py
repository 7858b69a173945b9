"""The independent judge: does a roster keep every hard rule of the problem?

`validate` is a pure function of (problem, matrices, roster). It knows nothing about how the roster was
built, so every solver and baseline is held to the same rules; an empty list means the roster is valid.
Rule codes and their meaning are in `violation.VIOLATION_CODES` (and docs/formats.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain import Problem, Roster
from ..travel.matrix import TravelSource
from ._absence_rules import check_absences
from ._route_rules import check_carer_days, check_route_travel, check_routes
from ._team_rules import check_teams
from ._visit_rules import check_coverage, check_dependencies, check_each_assignment, check_references
from .violation import VIOLATION_CODES, Violation
from .working_time import check_working_time

__all__ = ["Violation", "validate"]

_CODE_ORDER = {code: i for i, code in enumerate(VIOLATION_CODES)}


def validate(problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster) -> list[Violation]:
    """Every hard-rule violation in `roster`, in a stable order (by rule, then date, carer, visit).

    Parameters
    ----------
    problem
        The problem the roster claims to solve. Every visit of `problem` must appear in the roster, so pass
        `problem.for_dates(...)` when the roster covers only some of the bundle's dates.
    matrices
        Travel matrices by profile ("drive", "walk", "bike"); each carer's legs use their travel_mode's.
    roster
        The roster to judge.

    Raises
    ------
    MatrixError
        When a carer's travel mode has no matrix or a matrix lacks one of the roster's locations: that is a
        fault of the inputs, not of the roster.
    """
    found = [
        *check_references(problem, roster),
        *check_coverage(problem, roster),
        *check_each_assignment(problem, roster),
        *check_absences(problem, roster),
        *check_dependencies(problem, roster),
        *check_routes(problem, roster),
        *check_carer_days(problem, roster),
        *check_route_travel(problem, matrices, roster),
        *check_working_time(problem, roster),
        *check_teams(problem, roster),
    ]
    return sorted(
        found,
        key=lambda v: (
            _CODE_ORDER[v.code],
            v.date.isoformat() if v.date else "",
            v.carer_id or "",
            v.visit_id or "",
            v.message,
        ),
    )
