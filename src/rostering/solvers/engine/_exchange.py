"""Exchanges between carers' days after each ruin-and-recreate round (the kernel: _exchange_kernels.py).

What the kernel reads besides the roster: each visit's nearest visits in place and time (the ruin's
closeness), which vehicles may take each visit, which visits may change vehicle (not half of a double-up),
and whether a route's cost is its legs and lateness alone (then a change between two routes on time whose
legs cost no less is not timed).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._exchange_kernels import exchange
from ._routes import RouteState
from ._tables import HAS_NEW_CARER, HAS_PUBLISHED, V_OVERTIME_AFTER, V_SPAN, WEIGHS_TIME


class Exchanges:
    """The exchanges of one roster's search, `neighbours` nearest visits per visit (by `near`)."""

    def __init__(self, state: RouteState, near: NDArray[np.int64], neighbours: int) -> None:
        inst, tables = state.inst, state.tables
        params, veh = tables.params, tables.veh
        self.state = state
        # Charges on the roster as a whole (a carer new to a client, re-planning's changes) are not priced
        # per route: no exchanges where they apply.
        self.enabled = neighbours > 0 and not params[HAS_NEW_CARER] and not params[HAS_PUBLISHED]
        n = inst.n_visit_nodes
        k = min(neighbours, n - 1)
        if not self.enabled or k <= 0:
            self.enabled = False
            return
        # Nearest first, self excluded, ties by node number (a seed repeats its run).
        far = near + np.diag(np.full(n, np.iinfo(np.int64).max // 4, dtype=np.int64))
        part = np.argpartition(far, k - 1, axis=1)[:, :k]
        order = np.lexsort((part, np.take_along_axis(far, part, axis=1)), axis=1)
        self.neighbours = np.ascontiguousarray(np.take_along_axis(part, order, axis=1), dtype=np.int64)
        self.allowed = np.ascontiguousarray(inst.allowed)
        self.movable = np.array([len(inst.groups[inst.group_of[j]]) == 1 for j in range(n)], dtype=np.bool_)
        self.legs_priced = bool(
            not params[WEIGHS_TIME]
            and not veh[:, V_SPAN].any()
            and not (inst.overtime_coeff and (veh[:, V_OVERTIME_AFTER] >= 0).any())
        )

    def improve(self, since: int = -1) -> int:
        """Exchanges until none lowers the objective, among routes changed since clock stamp `since`
        (-1: all); how many were made."""
        if not self.enabled:
            return 0
        s = self.state
        made = 0
        while True:
            n, short = exchange(
                self.neighbours,
                self.allowed,
                self.movable,
                self.legs_priced,
                since,
                s.tables.packed,
                s.arrays.packed,
                s.clock,
            )
            made += int(n)
            if not short:
                return made
            # A change needed longer routes than the arrays hold: twice the room, and the pairs again.
            s.grow()
