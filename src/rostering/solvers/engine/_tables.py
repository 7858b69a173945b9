"""An instance as the few integer tables the compiled core (_kernels.py) reads.

One row per node (visit copies, then carer bases) and one per vehicle, with named columns; travel and
arc costs stacked per travel mode and per arc-cost key (a view, not a copy, when there is only one);
a carer's vehicles of each working day and each carer's vehicles as index lists (CSR). Built once per
search from the Instance and never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._instance import REST_BREAK_MIN, Instance

IntArray = NDArray[np.int64]

# Sentinels: a node without a pinned start, a vehicle without a day limit.
NO_PIN = -(1 << 62)
NO_LIMIT = 1 << 62
REST_BREAK = REST_BREAK_MIN

# Node table columns.
N_SVC, N_WS, N_HI, N_REQ, N_WE, N_SOFT, N_LATE, N_DEMAND, N_CLIENT = range(9)
# Vehicle table columns (V_CAP -1: no capacity; V_DAY indexes day_limit).
V_START, V_END, V_BASE, V_SPAN, V_CAP, V_DAY, V_MODE, V_KEY, V_SLOT = range(9)
# Scalar parameters (BREAK_AFTER -1: no rest-break rule).
PUNCT, BREAK_AFTER, HAS_NEW_CARER = range(3)


@dataclass(frozen=True)
class Tables:
    """The instance's arrays for the kernels (see the module docstring)."""

    travel: NDArray[np.int64]  # (modes, nodes, nodes) minutes
    arc: NDArray[np.int64]  # (arc-cost keys, nodes, nodes) cost units
    enter: IntArray  # (vehicles, nodes) Instance.node_cost
    new_carer: IntArray  # (vehicles, nodes) Instance.new_carer_cost
    node: IntArray  # (nodes, 9)
    veh: IntArray  # (vehicles, 9)
    params: IntArray  # (3,)
    day_limit: IntArray  # (days,) minutes, -1 for none
    day_ptr: IntArray  # vehicles of day d: day_idx[day_ptr[d]:day_ptr[d + 1]]
    day_idx: IntArray
    slot_ptr: IntArray  # vehicles of carer slot s: slot_idx[slot_ptr[s]:slot_ptr[s + 1]]
    slot_idx: IntArray


def _stacked(matrices: list[NDArray[np.int64]]) -> NDArray[np.int64]:
    if len(matrices) == 1:
        return np.ascontiguousarray(matrices[0], dtype=np.int64)[None, :, :]
    return np.ascontiguousarray(np.stack(matrices), dtype=np.int64)


def _csr(groups: list[int], count: int) -> tuple[IntArray, IntArray]:
    """Index lists of the members of each group 0..count-1, members in increasing order."""
    order = np.argsort(np.asarray(groups, dtype=np.int64), kind="stable")
    sizes = np.bincount(np.asarray(groups, dtype=np.int64), minlength=count)
    ptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    return ptr, order.astype(np.int64)


def build_tables(inst: Instance) -> Tables:
    """The kernels' view of `inst`."""
    n, n_vis, n_veh = inst.n_nodes, inst.n_visit_nodes, len(inst.vehicles)
    modes = sorted(inst.travel)
    keys = sorted(inst.arc_cost)
    node = np.zeros((n, 9), dtype=np.int64)
    node[:, N_SVC] = inst.service
    node[:n_vis, N_WS] = inst.ws
    node[:n_vis, N_HI] = inst.hi
    node[:n_vis, N_REQ] = inst.requested
    node[:n_vis, N_WE] = inst.we
    node[:n_vis, N_SOFT] = inst.soft
    node[:n_vis, N_LATE] = inst.late_coeff
    node[:, N_DEMAND] = inst.demand
    node[:, N_CLIENT] = -1
    node[:n_vis, N_CLIENT] = inst.node_client
    veh = np.zeros((n_veh, 9), dtype=np.int64)
    for v, spec in enumerate(inst.vehicles):
        cap = spec.carer.capacity
        veh[v] = (
            spec.start,
            spec.end,
            spec.base,
            spec.span_coeff,
            -1 if cap is None else cap,
            inst.day_of[v] if inst.day_of else 0,
            modes.index(spec.mode),
            keys.index(inst.vehicle_key[v]),
            spec.carer_slot,
        )
    days = max(inst.day_of, default=-1) + 1
    day_limit = np.full(max(days, 1), -1, dtype=np.int64)
    for day, limit in inst.day_limit.items():
        day_limit[day] = limit
    params = np.zeros(3, dtype=np.int64)
    params[PUNCT] = inst.punct_coeff
    params[BREAK_AFTER] = -1 if inst.break_after is None else inst.break_after
    params[HAS_NEW_CARER] = int(bool(inst.new_carer_cost.any()))
    day_ptr, day_idx = _csr(list(inst.day_of) or [0] * n_veh, max(days, 1))
    slots = [spec.carer_slot for spec in inst.vehicles]
    slot_ptr, slot_idx = _csr(slots, max(slots, default=-1) + 1)
    return Tables(
        travel=_stacked([inst.travel[m] for m in modes]),
        arc=_stacked([inst.arc_cost[k] for k in keys]),
        enter=np.ascontiguousarray(inst.node_cost, dtype=np.int64),
        new_carer=np.ascontiguousarray(inst.new_carer_cost, dtype=np.int64),
        node=node,
        veh=veh,
        params=params,
        day_limit=day_limit,
        day_ptr=day_ptr,
        day_idx=day_idx,
        slot_ptr=slot_ptr,
        slot_idx=slot_idx,
    )
