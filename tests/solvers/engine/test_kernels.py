"""The compiled core does what the plain-Python loops it replaced did (scalar_reference.py), on random
problems and random routes: timing and costing a route (rest breaks, pins, day limits, capacity), each
route's slack, the position scan of every visit in every route, and the objective of the roster."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._instance import Instance
from rostering.solvers.engine._ruin_recreate import ruin_and_recreate
from tests.care_day import block_of
from tests.solvers.engine.scalar_reference import ScalarTiming
from tests.strategies import SEARCH_EXAMPLES, small_problems


def _instance(p: Problem, break_after: int | None) -> Instance | None:
    inst = block_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return None
    if break_after is not None:
        # A short rule makes most routes need a break, so the break placement is exercised.
        inst.break_after = break_after
    return inst


@given(small_problems(), st.integers(0, 1000), st.sampled_from([None, 30, 90]))
@SEARCH_EXAMPLES
def test_kernels_match_the_scalar_reference_on_searched_rosters(
    p: Problem, seed: int, break_after: int | None
) -> None:
    inst = _instance(p, break_after)
    if inst is None:
        return
    insertion = construct(inst, seed)
    rng = random.Random(seed)
    ruin_and_recreate(insertion, 3, rng, None, 5, temperature=1.0, string_share=0.5, max_string=2)
    state = insertion.state
    reference = ScalarTiming(inst, dict(state.pin.items()))
    routes, scheds = state.routes, state.scheds
    for v, nodes in enumerate(routes):
        # The stored schedule is the timing of the stored route, and the slack is the route's.
        expected = reference.schedule(v, nodes)
        assert expected is not None
        s = scheds[v]
        assert (s.starts, s.departure, s.ret, s.break_leg, s.cost) == expected
        assert insertion.scan.slack(v) == reference.slack(v, nodes)
        for j in range(inst.n_visit_nodes):
            if state.vehicle_of[j] == v:
                continue
            window = reference.bounds(j)
            assert insertion.scan.positions(j, v, window) == reference.positions(
                j, v, nodes, window, state.pair_cost(v, j)
            )
    vehicle_of = [int(v) for v in state.vehicle_of]
    assert state.total_cost() == state.objective.total(routes, scheds, vehicle_of)


@given(
    small_problems(),
    st.randoms(use_true_random=False),
    st.sampled_from([None, 30, 90]),
    st.integers(-30, 600) | st.none(),
)
@SEARCH_EXAMPLES
def test_route_timing_matches_the_scalar_reference_on_random_routes(
    p: Problem, rnd: random.Random, break_after: int | None, minutes_left: int | None
) -> None:
    inst = _instance(p, break_after)
    if inst is None:
        return
    state = construct(inst, 0).state
    pins = dict(state.pin.items())
    reference = ScalarTiming(inst, pins)
    for v in range(len(inst.vehicles)):
        # Any order of any visits, feasible or not, pinned or not.
        nodes = rnd.sample(range(inst.n_visit_nodes), rnd.randint(0, min(6, inst.n_visit_nodes)))
        got = state.timing.schedule(v, nodes, minutes_left)
        expected = reference.schedule(v, nodes, minutes_left)
        assert (
            None if got is None else (got.starts, got.departure, got.ret, got.break_leg, got.cost)
        ) == expected
        extra = rnd.randint(0, len(nodes)) if nodes else None
        aim = rnd.random() < 0.5
        if nodes:
            assert state.timing.timed(v, nodes, extra, aim) == reference.timed(v, nodes, extra, aim)
