"""The string ruin takes runs of consecutive visits, at most one run per route."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._ruin import closeness, ruin
from tests.care_day import block_of
from tests.strategies import SEARCH_EXAMPLES, small_problems


@given(small_problems(), st.integers(0, 1000), st.integers(1, 8), st.integers(1, 4))
@SEARCH_EXAMPLES
def test_string_ruin_takes_at_most_k_visits_as_one_run_of_consecutive_visits_per_route(
    p: Problem, seed: int, k: int, max_string: int
) -> None:
    inst = block_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    state = construct(inst, seed).state
    out = ruin(state, closeness(inst), k, random.Random(seed), max_string)
    assert len(out) <= k
    assert all(state.vehicle_of[j] >= 0 for j in out)
    for nodes in state.routes:
        at = [i for i, j in enumerate(nodes) if j in out]
        assert len(at) <= max_string
        assert at == list(range(at[0], at[0] + len(at))) if at else True
    if state.routed_count():
        assert out
