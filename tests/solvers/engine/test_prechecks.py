"""The prechecks' eligibility matrix says what Problem.is_eligible says, for every visit and carer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._prechecks import eligibility
from tests.strategies import SEARCH_EXAMPLES, small_problems


@given(small_problems())
@SEARCH_EXAMPLES
def test_eligibility_matrix_is_is_eligible_of_every_pair(p: Problem) -> None:
    visits = list(p.visits)
    matrix = eligibility(p, visits)
    assert matrix.tolist() == [[p.is_eligible(c, v) for c in p.carers] for v in visits]


@given(small_problems(), st.lists(st.sampled_from([(), ("P1",), ("P2",), ("P1", "P2")]), min_size=1))
@SEARCH_EXAMPLES
def test_eligibility_matrix_keeps_each_clients_provider_policy(
    p: Problem, policies: list[tuple[str, ...]]
) -> None:
    clients = tuple(
        c.model_copy(update={"allowed_providers": policies[k % len(policies)]})
        for k, c in enumerate(p.clients)
    )
    p = p.replace(clients=clients)
    visits = list(p.visits)
    assert eligibility(p, visits).tolist() == [[p.is_eligible(c, v) for c in p.carers] for v in visits]
