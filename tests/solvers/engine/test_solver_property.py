"""Property: whatever small valid problem comes in, every solver's roster passes the independent validator.

Random problems (tests/strategies.py) cover 1-3 dates with 2-4 carers (any travel mode, some skills,
genders, early, late and split shifts, day limits, capacities, opt-outs), 3-10 visits (windows, durations,
double-ups, soft windows, demands), sometimes a dependency, and working-time rules tight enough to bind
(a weekly maximum of a few hours, daily rest up to 11 hours, 1-3 days in a row); each is solved with a
work limit, so every example is reproducible.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import Problem, Roster
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.registry import SOLVER_NAMES, make_solver
from tests.conftest import line_matrices
from tests.strategies import small_problems

EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def solve(name: str, problem: Problem, seed: int) -> Roster:
    return make_solver(name).solve(
        problem, line_matrices(problem), None, Budget(time_limit_s=None, work_limit=30), seed=seed
    )


@pytest.mark.parametrize("name", SOLVER_NAMES)
@EXAMPLES
@given(small_problems(), st.integers(0, 3))
def test_every_roster_of_a_random_problem_is_valid(name: str, problem: Problem, seed: int) -> None:
    roster = solve(name, problem, seed)
    assert validate(problem, line_matrices(problem), roster) == []
    # Every visit is accounted for exactly once, assigned or with a reason.
    assert set(roster.by_visit) | {u.visit_id for u in roster.unassigned} == {
        v.visit_id for v in problem.visits
    }
