"""The objective (solvers/engine/_objective.py): each term with the meaning the KPIs give it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.engine._extract import route_spans
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._objective import Familiarity, Objective, node_costs
from rostering.solvers.engine._vehicles import block_vehicles
from rostering.solvers.params import ContinuityWeights, SolveParams, cost_units
from tests.care_day import block_of, carer, client, problem, shift, visit
from tests.conftest import hm
from tests.strategies import SEARCH_EXAMPLES, small_problems


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


def test_a_new_carer_is_charged_once_per_client_however_many_of_their_visits_they_do() -> None:
    # One client, two visits; K1 and K2 live at the client's door and nobody has visited before.
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.70)],
        [shift("K1"), shift("K2")],
        [client("C1", -2.70)],
        [visit("V1", "C1", "09:00", "09:00"), visit("V2", "C1", "11:00", "11:00")],
    )
    starts = {0: hm("09:00"), 1: hm("11:00")}
    one_carer, two_carers = [[0, 1], []], [[0], [1]]

    def objective(routes: list[list[int]], new_carer_gbp: float) -> int:
        params = SolveParams(continuity=ContinuityWeights(new_carer_in_week_gbp=new_carer_gbp))
        inst = block_of(p, params)
        return Objective(inst).of_solution(routes, starts, route_spans(inst, routes, starts))

    # GBP 5 per (client, carer) pair: once for K1 doing both visits, twice when K1 and K2 share them.
    assert objective(one_carer, 5.0) - objective(one_carer, 0.0) == 5 * 10_000
    assert objective(two_carers, 5.0) - objective(two_carers, 0.0) == 2 * 5 * 10_000


def test_an_unfamiliar_carer_is_charged_per_visit() -> None:
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1")],
        [client("C1", -2.70)],
        [visit("V1", "C1", "09:00", "09:00"), visit("V2", "C1", "11:00", "11:00")],
    )
    starts = {0: hm("09:00"), 1: hm("11:00")}
    costs = []
    for gbp in (0.0, 10.0):
        inst = block_of(p, SolveParams(continuity=ContinuityWeights(unfamiliar_visit_gbp=gbp)))
        costs.append(Objective(inst).of_solution([[0, 1]], starts, route_spans(inst, [[0, 1]], starts)))
    assert costs[1] - costs[0] == 2 * 10 * 10_000


@given(small_problems(), st.booleans())
@SEARCH_EXAMPLES
def test_node_costs_charge_each_vehicle_and_visit_as_the_weights_say(p: Problem, seen_any: bool) -> None:
    # Carers seen earlier in the week: the first carer for every client, or nobody.
    seen = {c.client_id: frozenset({p.carers[0].carer_id}) for c in p.clients} if seen_any else {}
    dates = tuple(sorted({v.date for v in p.visits}))
    params = SolveParams()
    vehicles = block_vehicles(p, dates, params)
    familiarity = Familiarity.of(p, dates[0], seen)
    visits = p.visits
    node_visit = [i for i, v in enumerate(visits) for _ in range(v.carers_required)]
    n = len(node_visit) + 3
    cost, new = node_costs(visits, node_visit, vehicles, n, params, familiarity)
    for veh in vehicles:
        for j, i in enumerate(node_visit):
            v, carer = visits[i], veh.carer.carer_id
            expected = 0
            if veh.provider.payment == "time_and_task":
                expected += cost_units(params.cost.wages * veh.provider.rate_per_hour * v.duration_min / 60.0)
            if carer not in familiarity.known.get(v.client_id, frozenset()):
                expected += cost_units(params.continuity.unfamiliar_visit_gbp)
            assert cost[veh.index, j] == expected
            in_week = carer in familiarity.seen_this_week.get(v.client_id, frozenset())
            assert new[veh.index, j] == (
                0 if in_week else cost_units(params.continuity.new_carer_in_week_gbp)
            )
    assert not cost[:, len(node_visit) :].any() and not new[:, len(node_visit) :].any()
