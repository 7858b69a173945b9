"""Pairing the positions of the two halves of a synchronised pair (the hot spot of days with many
double-ups), checked against the plain double loop and sort it replaces."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rostering.solvers.engine._scan_kernels import pair_order
from rostering.solvers.engine._sync_insertion import PAIR_COMBINATIONS
from rostering.solvers.engine._tables import V_SLOT

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
