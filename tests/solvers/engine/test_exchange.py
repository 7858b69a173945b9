"""Exchanges between carers' days (solvers/engine/_exchange.py): they never make the roster cost more, keep
every route feasible and every visit where the rules allow it, and untangle days that cross."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine._exchange import Exchanges
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._instance import Instance
from rostering.solvers.engine._routes import RouteState
from rostering.solvers.engine._ruin import closeness
from rostering.solvers.engine._ruin_recreate import ruin_and_recreate
from rostering.solvers.params import SolveParams
from rostering.solvers.registry import make_solver
from tests.care_day import block_of, carer, client, problem, shift, visit
from tests.conftest import line_matrices
from tests.strategies import SEARCH_EXAMPLES, small_problems

# Objectives the exchanges price route by route: distance alone and with lateness and the largest lateness
# (the benchmark of home health care; both take the legs' shortcut), and the care day's wages,
# travel time and punctuality without the per-roster continuity charges.
OBJECTIVES = {
    "distance": SolveParams.distance_only(),
    "lateness": SolveParams.distance_only(lateness_per_minute_gbp=0.5, max_lateness_gbp=2.0),
    "care day": SolveParams().model_copy(update={"continuity": SolveParams.distance_only().continuity}),
}


def _with_exchanges(params: SolveParams, neighbours: int = 4) -> SolveParams:
    search = params.search.model_copy(update={"exchange_neighbours": neighbours})
    return params.model_copy(update={"search": search})


@given(small_problems(), st.sampled_from(sorted(OBJECTIVES)), st.integers(0, 50))
@SEARCH_EXAMPLES
def test_exchanges_never_cost_more_and_leave_every_route_feasible(
    p: Problem, objective: str, seed: int
) -> None:
    inst = block_of(p, OBJECTIVES[objective])
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    state = construct(inst, seed).state
    before, routed = state.total_cost(), sorted(j for nodes in state.routes for j in nodes)
    exchanges = Exchanges(state, closeness(inst), 4)
    assert exchanges.enabled or inst.n_visit_nodes < 2  # one visit: nothing near it to exchange with
    exchanges.improve()
    assert state.total_cost() <= before
    assert sorted(j for nodes in state.routes for j in nodes) == routed
    assert _every_route_retimes_to_its_cost(state)
    assert all(inst.allowed[j, v] for v, nodes in enumerate(state.routes) for j in nodes)
    # At a local optimum a second search finds nothing to change, nor does one that times every change
    # (the legs' shortcut passes over no change that pays).
    assert exchanges.improve() == 0
    exchanges.legs_priced = False
    assert exchanges.improve() == 0


@settings(max_examples=25, deadline=None, derandomize=True)
@given(small_problems(), st.sampled_from(sorted(OBJECTIVES)), st.integers(0, 3))
def test_a_search_with_exchanges_gives_a_valid_roster(p: Problem, objective: str, seed: int) -> None:
    params = _with_exchanges(OBJECTIVES[objective])
    roster = make_solver("locality").solve(
        p, line_matrices(p), params, Budget(time_limit_s=None, work_limit=30), seed=seed
    )
    assert validate(p, line_matrices(p), roster) == []


def _rostered(
    p: Problem, days: dict[str, list[str]], params: SolveParams | None = None
) -> tuple[Instance, RouteState, dict[str, int], dict[str, int]]:
    """A roster of `p` (distance only unless `params`) with each carer's day as given (visit ids in
    order): the instance, the roster, each carer's vehicle and each visit's node."""
    inst = block_of(p, params or SolveParams.distance_only())
    state = RouteState(inst)
    carer_of = {inst.vehicles[v].carer.carer_id: v for v in range(len(inst.vehicles))}
    node = {inst.visit_of(j).visit_id: j for j in range(inst.n_visit_nodes)}
    for carer_id, visit_ids in days.items():
        v = carer_of[carer_id]
        for at, visit_id in enumerate(visit_ids):
            sched = state.try_insert(v, node[visit_id], at, None)
            assert sched is not None
            state.commit(v, node[visit_id], at, None, sched)
    return inst, state, carer_of, node


def _every_route_retimes_to_its_cost(state: RouteState) -> bool:
    for v, nodes in enumerate(state.routes):
        sched = state.schedule(v, nodes)
        if sched is None or sched.cost != state.scheds[v].cost:
            return False
    return True


def west_and_east() -> Problem:
    """K0 lives in the west, K1 in the east, two clients near each, both visited between 09:00 and 10:15:
    nobody can visit both sides (25 minutes apart by road)."""
    return problem(
        [carer("K0", -2.80), carer("K1", -2.60)],
        [shift("K0", "08:00", "16:00"), shift("K1", "08:00", "16:00")],
        [client(f"W{i}", -2.79 + 0.002 * i) for i in range(2)]
        + [client(f"E{i}", -2.61 - 0.002 * i) for i in range(2)],
        [visit(f"V{c}", c, "09:00", "09:45") for c in ("W0", "W1", "E0", "E1")],
    )


def test_two_carers_each_given_the_other_side_of_the_map_swap_their_days() -> None:
    # The crossed roster: the western carer drives east and the eastern one west. No visit can move
    # alone (the other side is too far for its window): only the whole days can change hands.
    inst, state, carer_of, _ = _rostered(west_and_east(), {"K0": ["VE0", "VE1"], "K1": ["VW0", "VW1"]})
    crossed = state.total_cost()
    Exchanges(state, closeness(inst), 3).improve()
    sides = {
        carer_id: {inst.visit_of(j).client_id[0] for j in state.routes[v]} for carer_id, v in carer_of.items()
    }
    assert sides == {"K0": {"W"}, "K1": {"E"}}
    assert state.total_cost() < crossed


def test_a_late_visit_moves_to_a_carer_on_time_though_the_drive_is_longer() -> None:
    # W0 and W1 are both due by 09:15 in the west; K0 does W0 first and reaches W1 late. K1 lives
    # further off with one visit at 10:00: W1 on K1's day is a longer drive but on time. The legs alone
    # say stay; the lateness says move.
    p = problem(
        [carer("K0", -2.80), carer("K1", -2.70)],
        [shift("K0", "08:00", "16:00"), shift("K1", "08:00", "16:00")],
        [client("W0", -2.79), client("W1", -2.788), client("E0", -2.71)],
        [
            visit("VW0", "W0", "09:00", "09:15", late_penalty_per_min=1.0),
            visit("VW1", "W1", "09:00", "09:15", late_penalty_per_min=1.0),
            visit("VE0", "E0", "10:00", "10:15", late_penalty_per_min=1.0),
        ],
    )
    inst, state, carer_of, node = _rostered(p, {"K0": ["VW0", "VW1"], "K1": ["VE0"]}, OBJECTIVES["lateness"])
    before = state.total_cost()
    Exchanges(state, closeness(inst), 2).improve()
    assert state.routes[carer_of["K1"]] == [node["VW1"], node["VE0"]]
    assert state.total_cost() < before


def test_no_exchanges_where_a_carer_new_to_a_client_is_charged() -> None:
    # The new-carer charge is priced over the whole roster, not per route: the search leaves it to the rounds.
    inst = block_of(west_and_east(), SolveParams())
    state = construct(inst, 0).state
    assert not Exchanges(state, closeness(inst), 3).enabled


def test_rounds_with_exchanges_and_a_round_limit_are_deterministic() -> None:
    inst = block_of(west_and_east(), SolveParams.distance_only())
    outcomes = []
    for _ in range(2):
        insertion = construct(inst, 1)
        ruin_and_recreate(insertion, 2, random.Random(5), None, 20, temperature=1.0, exchange_neighbours=3)
        outcomes.append((insertion.state.routes, insertion.state.total_cost()))
    assert outcomes[0] == outcomes[1]


def test_a_visit_moves_to_a_day_longer_than_the_arrays_hold() -> None:
    # K0's day already holds 14 visits in the west, the most the arrays hold at first; the fifteenth
    # western visit sits on K1's eastern day. Moving it home needs room for 15: the arrays grow.
    west = [client(f"W{i}", -2.79 + 0.001 * i) for i in range(15)]
    p = problem(
        [carer("K0", -2.80), carer("K1", -2.60)],
        [shift("K0", "08:00", "16:00"), shift("K1", "08:00", "16:00")],
        [*west, client("E0", -2.61)],
        [visit(f"V{c.client_id}", c.client_id, "08:00", "15:30", 15) for c in [*west, client("E0", -2.61)]],
    )
    days = {"K0": [f"VW{i}" for i in range(14)], "K1": ["VE0", "VW14"]}
    inst, state, carer_of, node = _rostered(p, days)
    room = state.arrays.capacity
    assert room == len(days["K0"]) + 2
    Exchanges(state, closeness(inst), 3).improve()
    assert node["VW14"] in state.routes[carer_of["K0"]]
    assert state.arrays.capacity > room
    assert _every_route_retimes_to_its_cost(state)
