"""The search's own moves: pairing positions of a double-up, cached route slack, annealing acceptance,
and the objective the ruin-and-recreate rounds compare (max lateness included).

These are the parts that make the large benchmark days fast; each is checked against the plain
computation it replaces, on random small problems (tests/test_solver_property.py's generator).
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.solvers.ortools.construct import PAIR_COMBINATIONS, Construction, construct, pair_combinations
from rostering.solvers.ortools.instance import Instance
from rostering.solvers.ortools.search import _closeness, _ruin, ruin_and_recreate
from rostering.solvers.ortools.solver import block_instance
from rostering.solvers.params import SolveParams
from tests.care_day import carer, client, problem, shift, visit
from tests.conftest import line_matrices
from tests.strategies import small_problems

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def instance_of(p: Problem, params: SolveParams | None = None) -> Instance:
    dates = tuple(sorted({v.date for v in p.visits}))
    inst, _ = block_instance(p, dates, line_matrices(p), params or SolveParams(), {})
    return inst


candidates = st.lists(
    st.tuples(
        st.integers(0, 50), st.integers(0, 5), st.integers(0, 4), st.integers(0, 100), st.integers(0, 100)
    ),
    min_size=1,
    max_size=40,
)


@given(
    candidates,
    candidates,
    st.integers(-20, 20),
    st.integers(0, 30),
    st.lists(st.integers(0, 3), min_size=6, max_size=6),
)
@settings(max_examples=200, deadline=None)
def test_pair_combinations_are_the_cheapest_compatible_pairs_in_order(
    ca: list[tuple[int, int, int, int, int]],
    cb: list[tuple[int, int, int, int, int]],
    g_lo: int,
    width: int,
    slots: list[int],
) -> None:
    g_hi = g_lo + width
    slot = np.array(slots, dtype=np.int64)
    brute = sorted(
        (xa[0] + xb[0], ia, ib)
        for ia, xa in enumerate(ca)
        for ib, xb in enumerate(cb)
        if slots[xa[1]] != slots[xb[1]] and max(xa[3], xb[3] - g_hi) <= min(xa[4], xb[4] - g_lo)
    )
    assert pair_combinations(ca, cb, g_lo, g_hi, slot) == [
        (ia, ib) for _, ia, ib in brute[:PAIR_COMBINATIONS]
    ]


def fresh_slack(con: Construction, v: int) -> tuple[list[int], list[int]]:
    con._slack_cache.clear()
    return con._slack(v)


@given(small_problems(), st.integers(0, 1000))
@FAST
def test_cached_route_slack_matches_a_fresh_computation_after_ruin_and_recreate(
    p: Problem, seed: int
) -> None:
    inst = instance_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    con = construct(inst, seed)
    rng = random.Random(seed)
    for _ in range(5):
        ruin_and_recreate(con, 3, rng, None, 2, temperature=0.5)
        cached = [con._slack(v) for v in range(len(inst.vehicles))]
        assert cached == [fresh_slack(con, v) for v in range(len(inst.vehicles))]


@given(small_problems(), st.integers(0, 1000), st.integers(1, 8), st.integers(1, 4))
@FAST
def test_string_ruin_takes_at_most_k_visits_as_one_run_of_consecutive_visits_per_route(
    p: Problem, seed: int, k: int, max_string: int
) -> None:
    inst = instance_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    con = construct(inst, seed)
    out = _ruin(con, _closeness(inst), k, random.Random(seed), max_string)
    assert len(out) <= k
    assert all(con.vehicle_of[j] >= 0 for j in out)
    for nodes in con.routes:
        at = [i for i, j in enumerate(nodes) if j in out]
        assert len(at) <= max_string
        assert at == list(range(at[0], at[0] + len(at))) if at else True
    if con.routed_count():
        assert out


@given(
    small_problems(), st.integers(0, 1000), st.sampled_from([0.0, 0.3, 5.0]), st.sampled_from([0.0, 0.5, 1.0])
)
@FAST
def test_annealing_ends_on_its_best_roster_never_worse_than_the_start(
    p: Problem, seed: int, temperature: float, string_share: float
) -> None:
    inst = instance_of(p)
    if not inst.vehicles or not inst.n_visit_nodes:
        return
    con = construct(inst, seed)
    start_cost, start_routed = con.total_cost(), con.routed_count()
    ruin_and_recreate(
        con,
        3,
        random.Random(seed),
        None,
        30,
        temperature=temperature,
        string_share=string_share,
        max_string=2,
    )
    assert con.total_cost() <= start_cost
    # Visits are never traded for cost: every unassigned penalty exceeds any route's saving.
    assert con.routed_count() >= start_routed
    # The state it ends in is consistent: re-timing every route gives the same costs.
    for v, nodes in enumerate(con.routes):
        sched = con.schedule(v, nodes, check_limit=False)
        assert sched is not None and sched.cost == con.scheds[v].cost


def test_annealing_with_a_round_limit_is_deterministic() -> None:
    p = problem(
        [carer(f"K{k}", -2.75 + 0.02 * k) for k in range(3)],
        [shift(f"K{k}") for k in range(3)],
        [client(f"C{i}", -2.76 + 0.01 * i) for i in range(8)],
        [visit(f"V{i}", f"C{i}", f"{8 + i % 5:02d}:00", f"{9 + i % 5:02d}:30") for i in range(8)],
    )
    inst = instance_of(p)
    outcomes = []
    for _ in range(2):
        con = construct(inst, 3)
        ruin_and_recreate(con, 3, random.Random(11), None, 40, temperature=1.0)
        outcomes.append((con.routes, con.total_cost()))
    assert outcomes[0] == outcomes[1]


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
        con = construct(instance_of(p, params), 0)
        assert con.routed_count() == 2
        lateness = [
            t - int(con.inst.we[j])
            for nodes, s in zip(con.routes, con.scheds, strict=True)
            for j, t in zip(nodes, s.starts, strict=True)
        ]
        costs[price] = (con.total_cost(), max(lateness))
    (without, worst), (with_max, worst_again) = costs[0.0], costs[2.0]
    assert worst == worst_again > 0
    assert with_max - without == 2.0 * 10_000 * worst
