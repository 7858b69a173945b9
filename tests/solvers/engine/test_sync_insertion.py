"""Pairing the positions of the two halves of a synchronised pair (the hot spot of days with many
double-ups), checked against the plain double loop and sort it replaces; the start ranges of a linked
group of three or more nodes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rostering.domain import VisitDependency
from rostering.solvers.engine._positions import PositionScan
from rostering.solvers.engine._routes import RouteState
from rostering.solvers.engine._scan_kernels import pair_order
from rostering.solvers.engine._sync_insertion import PAIR_COMBINATIONS, SyncInsertion
from rostering.solvers.engine._tables import V_SLOT
from rostering.solvers.engine.solver import block_instance
from rostering.solvers.params import SolveParams
from tests.care_day import carer, client, problem, shift, visit
from tests.conftest import hm, line_matrices

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
    # Each half's candidates come cheapest first (PositionScan / the kernels' `cheapest`).
    ca, cb = sorted(ca), sorted(cb)
    veh = np.zeros((len(slots), 9), dtype=np.int64)
    veh[:, V_SLOT] = slots
    brute = sorted(
        (xa[0] + xb[0], ia, ib)
        for ia, xa in enumerate(ca)
        for ib, xb in enumerate(cb)
        if slots[xa[1]] != slots[xb[1]] and max(xa[3], xb[3] - g_hi) <= min(xa[4], xb[4] - g_lo)
    )
    ia, ib = pair_order(
        np.array(ca, dtype=np.int64), np.array(cb, dtype=np.int64), g_lo, g_hi, veh, PAIR_COMBINATIONS
    )
    assert list(zip(ia.tolist(), ib.tolist(), strict=True)) == [
        (ia, ib) for _, ia, ib in brute[:PAIR_COMBINATIONS]
    ]


def linked_day(dependencies: tuple[VisitDependency, ...], s_window: tuple[str, str]) -> SyncInsertion:
    """A single visit S and a double-up D (08:00-12:00) at one client, linked as given."""
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.70), carer("K3", -2.70)],
        [shift("K1", "07:00", "13:00"), shift("K2", "07:00", "13:00"), shift("K3", "07:00", "13:00")],
        [client("C1", -2.70)],
        [visit("S", "C1", *s_window, 15), visit("D", "C1", "08:00", "12:00", 15, carers_required=2)],
        dependencies=dependencies,
    )
    inst, _ = block_instance(p, p.dates, line_matrices(p), SolveParams())
    state = RouteState(inst)
    return SyncInsertion(state, PositionScan(state))


def test_a_group_s_start_ranges_keep_every_gap_in_its_direction() -> None:
    # D starts 30..60 minutes after S (09:00): both copies of D in 09:30-10:00, S at 09:00.
    sync = linked_day(
        (VisitDependency(first_visit_id="S", second_visit_id="D", min_gap_min=30, max_gap_min=60),),
        ("09:00", "09:00"),
    )
    (group,) = sync.state.inst.groups
    ranges = sync.start_ranges(group)
    assert ranges is not None
    assert sorted(ranges.values()) == [(hm("09:00"), hm("09:00"))] + [(hm("09:30"), hm("10:00"))] * 2


def test_a_group_whose_gaps_contradict_each_other_has_no_starts() -> None:
    # D 30..60 minutes after S and S 30..60 minutes after D: no starts keep both, however wide the windows.
    sync = linked_day(
        (
            VisitDependency(first_visit_id="S", second_visit_id="D", min_gap_min=30, max_gap_min=60),
            VisitDependency(first_visit_id="D", second_visit_id="S", min_gap_min=30, max_gap_min=60),
        ),
        ("08:00", "12:00"),
    )
    (group,) = sync.state.inst.groups
    assert sync.start_ranges(group) is None
