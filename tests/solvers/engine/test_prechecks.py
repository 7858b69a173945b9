"""The prechecks' eligibility matrix says what Problem.is_eligible says, for every visit and carer."""

from __future__ import annotations

from hypothesis import given

from rostering.domain import Problem
from rostering.solvers.engine._prechecks import eligibility
from tests.strategies import SEARCH_EXAMPLES, small_problems


@given(small_problems())
@SEARCH_EXAMPLES
def test_eligibility_matrix_is_is_eligible_of_every_pair(p: Problem) -> None:
    visits = list(p.visits)
    matrix = eligibility(p, visits)
    assert matrix.tolist() == [[p.is_eligible(c, v) for c in p.carers] for v in visits]
