"""The objective our search evaluates: each term as the model charges it."""

from __future__ import annotations

from rostering.solvers.engine._insertion import construct
from rostering.solvers.params import SolveParams
from tests.care_day import block_of, carer, client, problem, shift, visit


def test_round_objective_charges_the_days_largest_lateness() -> None:
    """Two visits that can only start late (their windows close before anyone can arrive): the rounds'
    objective carries the largest lateness at the max-lateness price, as the model and the HHC objective
    do; without it the rounds would optimise a different objective from the one scored."""
    visits = [
        visit("V1", "C1", "07:00", "07:10", late_penalty_per_min=1.0),
        visit("V2", "C2", "07:00", "07:20", late_penalty_per_min=1.0),
    ]
    p = problem(
        [carer("K1", -2.72)],
        [shift("K1", "08:00", "14:00")],
        [client("C1", -2.72), client("C2", -2.70)],
        visits,
    )
    costs = {}
    for price in (0.0, 2.0):
        params = SolveParams.distance_only(lateness_per_minute_gbp=1.0, max_lateness_gbp=price)
        state = construct(block_of(p, params), 0).state
        assert state.routed_count() == 2
        lateness = [
            t - int(state.inst.we[j])
            for nodes, s in zip(state.routes, state.scheds, strict=True)
            for j, t in zip(nodes, s.starts, strict=True)
        ]
        costs[price] = (state.total_cost(), max(lateness))
    (without, worst), (with_max, worst_again) = costs[0.0], costs[2.0]
    assert worst == worst_again > 0
    assert with_max - without == 2.0 * 10_000 * worst
