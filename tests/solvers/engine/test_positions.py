"""The route slack kept with each route (RouteState's arrays) stays equal to a fresh computation from the
route while ruin-and-recreate changes the routes."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._ruin_recreate import ruin_and_recreate
from tests.care_day import block_of
from tests.solvers.engine.scalar_reference import ScalarTiming
from tests.strategies import SEARCH_EXAMPLES, small_problems


@given(small_problems(), st.integers(0, 1000))
@SEARCH_EXAMPLES
def test_cached_route_slack_matches_a_fresh_computation_after_ruin_and_recreate(
    p: Problem, seed: int
) -> None:
    inst = block_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    insertion = construct(inst, seed)
    rng = random.Random(seed)
    vehicles = range(len(inst.vehicles))
    for _ in range(5):
        ruin_and_recreate(insertion, 3, rng, None, 2, temperature=0.5)
        state = insertion.state
        fresh = ScalarTiming(inst, dict(state.pin.items()))
        assert [insertion.scan.slack(v) for v in vehicles] == [
            fresh.slack(v, state.routes[v]) for v in vehicles
        ]
