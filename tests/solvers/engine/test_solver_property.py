"""Property: whatever small valid problem comes in, the engine's roster passes the independent validator.

Random problems have 2-4 carers (any travel mode, some skills, genders, split shifts, day limits,
capacities), 3-10 visits (windows, durations, double-ups, soft windows, demands) and sometimes a
dependency; each is solved with a work limit, so every example is reproducible.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine.solver import EngineSolver
from tests.conftest import line_matrices
from tests.strategies import small_problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(small_problems(), st.integers(0, 3))
def test_every_roster_of_a_random_problem_is_valid(problem: Problem, seed: int) -> None:
    matrices = line_matrices(problem)
    roster = EngineSolver().solve(
        problem, matrices, None, Budget(time_limit_s=None, work_limit=30), seed=seed
    )
    assert validate(problem, matrices, roster) == []
    # Every visit is accounted for exactly once, assigned or with a reason.
    assert set(roster.by_visit) | {u.visit_id for u in roster.unassigned} == {
        v.visit_id for v in problem.visits
    }
