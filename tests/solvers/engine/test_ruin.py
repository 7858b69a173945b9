"""The string ruin takes runs of consecutive visits, at most one run per route; a ruin kept to the carers
who may do its seed takes only their visits."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._ruin import closeness, ruin
from tests.care_day import block_of, carer, client, problem, shift, visit
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


def _one_nurse_holds_the_skill() -> Problem:
    """Three carers on one road, K2 alone with the medication skill; ten visits to clients along the road
    in the same two hours (no carer can do them all), V9 needing medication."""
    return problem(
        [carer("K0", -2.75), carer("K1", -2.74), carer("K2", -2.745, skills=("medication",))],
        [shift(k) for k in ("K0", "K1", "K2")],
        [client(f"C{i}", -2.76 + 0.004 * i) for i in range(10)],
        [
            visit(f"V{i}", f"C{i}", "09:00", "11:00", 30, skills=("medication",) if i == 9 else ())
            for i in range(10)
        ],
    )


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_ruin_kept_to_the_carers_who_may_do_its_seed_takes_only_their_visits(share: float) -> None:
    inst = block_of(_one_nurse_holds_the_skill())
    state = construct(inst, 0).state
    seed = next(j for j in range(inst.n_visit_nodes) if inst.visit_of(j).visit_id == "V9")
    k2 = int(state.vehicle_of[seed])
    assert k2 >= 0 and inst.allowed[seed].sum() == 1
    others = sum(len(nodes) for v, nodes in enumerate(state.routes) if v != k2)
    assert others and len(state.routes[k2]) >= 2
    out = ruin(state, closeness(inst), 5, random.Random(0), None, [seed], takers_share=share)
    on_k2 = {j for j in out if state.vehicle_of[j] == k2}
    if share == 1.0:
        assert out and on_k2 == out
    else:
        # The seed's nearest visits, whoever has them: the skill does not confine this ruin.
        assert out - on_k2
