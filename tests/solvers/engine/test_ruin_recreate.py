"""Ruin-and-recreate with annealing: it ends on its best roster, never trades a visit for cost, and a
round limit makes it deterministic."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._ruin_recreate import ruin_and_recreate
from tests.care_day import block_of, carer, client, problem, shift, visit
from tests.strategies import SEARCH_EXAMPLES, small_problems


@given(
    small_problems(), st.integers(0, 1000), st.sampled_from([0.0, 0.3, 5.0]), st.sampled_from([0.0, 0.5, 1.0])
)
@SEARCH_EXAMPLES
def test_annealing_ends_on_its_best_roster_never_worse_than_the_start(
    p: Problem, seed: int, temperature: float, string_share: float
) -> None:
    inst = block_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    insertion = construct(inst, seed)
    state = insertion.state
    start_cost, start_routed = state.total_cost(), state.routed_count()
    ruin_and_recreate(
        insertion,
        3,
        random.Random(seed),
        None,
        30,
        temperature=temperature,
        string_share=string_share,
        max_string=2,
    )
    assert state.total_cost() <= start_cost
    # Visits are never traded for cost: every unassigned penalty exceeds any route's saving.
    assert state.routed_count() >= start_routed
    # The state it ends in is consistent: re-timing every route gives the same costs.
    for v, nodes in enumerate(state.routes):
        sched = state.schedule(v, nodes, check_limit=False)
        assert sched is not None and sched.cost == state.scheds[v].cost


def test_annealing_with_a_round_limit_is_deterministic() -> None:
    p = problem(
        [carer(f"K{k}", -2.75 + 0.02 * k) for k in range(3)],
        [shift(f"K{k}") for k in range(3)],
        [client(f"C{i}", -2.76 + 0.01 * i) for i in range(8)],
        [visit(f"V{i}", f"C{i}", f"{8 + i % 5:02d}:00", f"{9 + i % 5:02d}:30") for i in range(8)],
    )
    inst = block_of(p)
    outcomes = []
    for _ in range(2):
        insertion = construct(inst, 3)
        ruin_and_recreate(insertion, 3, random.Random(11), None, 40, temperature=1.0)
        outcomes.append((insertion.state.routes, insertion.state.total_cost()))
    assert outcomes[0] == outcomes[1]
