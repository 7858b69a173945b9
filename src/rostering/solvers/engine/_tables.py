"""An instance as the few integer tables the compiled core (_kernels.py) reads.

One row per node (visit copies, then carer bases) and one per vehicle, with named columns; travel and
arc costs stacked per travel mode and per arc-cost key, and transposed copies (a scan for visit j reads
row j of both, arcs out of and into j, which stay in the processor's cache where a column would not);
index lists (CSR: members of group g are idx[ptr[g]:ptr[g + 1]]) of each working day's vehicles, each
carer's vehicles, each synchronised group's nodes, each node's allowed vehicles and each client's nodes.
Built once per search from the Instance and never changed. The kernels take them as one tuple,
`Tables.packed`, indexed by the TB_* constants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._instance import REST_BREAK_MIN, Instance
from ._synchronised import SyncLink

IntArray = NDArray[np.int64]

# Sentinels: a node without a pinned start, a vehicle without a day limit.
NO_PIN = -(1 << 62)
NO_LIMIT = 1 << 62
REST_BREAK = REST_BREAK_MIN

# Node table columns.
# N_PUBLISHED, N_PUBLISHED_SLOT: re-planning's published start and carer slot of the node (-1: none);
# N_TARGET: the start a punctual timing aims at (RouteTiming.target); N_ANCHOR: the recurring visit's
# start on an earlier day of the week (-1: none).
(
    N_SVC,
    N_WS,
    N_HI,
    N_REQ,
    N_WE,
    N_SOFT,
    N_LATE,
    N_DEMAND,
    N_CLIENT,
    N_PENALTY,
    N_PUBLISHED,
    N_PUBLISHED_SLOT,
    N_TARGET,
    N_ANCHOR,
) = range(14)
NODE_COLUMNS = 14
# Vehicle table columns (V_CAP -1: no capacity; V_DAY indexes the day limits; V_OVERTIME_AFTER: minutes of
# route after which overtime is charged, -1: none).
V_START, V_END, V_BASE, V_SPAN, V_CAP, V_DAY, V_MODE, V_KEY, V_SLOT, V_OVERTIME_AFTER = range(10)
VEH_COLUMNS = 10
# Scalar parameters (BREAK_AFTER -1: no rest-break rule; the last four: re-planning's change costs).
(
    PUNCT,
    BREAK_AFTER,
    HAS_NEW_CARER,
    MAX_LATE,
    N_VISIT_NODES,
    HAS_PUBLISHED,
    MOVED_COST,
    MOVE_TOLERANCE,
    CARER_TOLD,
    CLIENT_TOLD,
    TOLERANCE,
    BEYOND,
    CONSISTENCY,
    WEIGHS_TIME,
    OVERTIME,
) = range(15)
PARAMS = 15
# Positions of the tables in `Tables.packed`.
(
    TB_TRAVEL,
    TB_ARC,
    TB_TRAVEL_IN,
    TB_ARC_IN,
    TB_ENTER,
    TB_NEW_CARER,
    TB_NODE,
    TB_VEH,
    TB_PARAMS,
    TB_DAY_LIMIT,
    TB_DAY_PTR,
    TB_DAY_IDX,
    TB_SLOT_PTR,
    TB_SLOT_IDX,
    TB_GROUP_PTR,
    TB_GROUP_IDX,
    TB_GROUP_GAP,
    TB_ALLOWED_PTR,
    TB_ALLOWED_IDX,
    TB_CLIENT_PTR,
    TB_CLIENT_IDX,
    TB_ENTER_BY_NODE,
    TB_NEW_CARER_BY_NODE,
) = range(23)


@dataclass(frozen=True)
class Tables:
    """The instance's arrays for the kernels (see the module docstring)."""

    travel: NDArray[np.int64]  # (modes, nodes, nodes) minutes
    arc: NDArray[np.int64]  # (arc-cost keys, nodes, nodes) cost units
    travel_in: NDArray[np.int64]  # travel transposed: travel_in[m, j, i] = travel[m, i, j]
    arc_in: NDArray[np.int64]
    enter: IntArray  # (vehicles, nodes) Instance.node_cost
    new_carer: IntArray  # (vehicles, nodes) Instance.new_carer_cost
    node: IntArray  # (nodes, NODE_COLUMNS)
    veh: IntArray  # (vehicles, VEH_COLUMNS)
    params: IntArray  # (PARAMS,)
    day_limit: IntArray  # (days,) minutes, -1 for none
    day_ptr: IntArray
    day_idx: IntArray
    slot_ptr: IntArray
    slot_idx: IntArray
    group_ptr: IntArray
    group_idx: IntArray
    group_gap: IntArray  # (groups, 2): a pair's (min, max) of start(second) - start(first)
    allowed_ptr: IntArray
    allowed_idx: IntArray
    client_ptr: IntArray  # visit nodes of each client
    client_idx: IntArray
    enter_by_node: IntArray  # enter and new_carer transposed: a scan reads one node's row
    new_carer_by_node: IntArray

    @property
    def packed(self) -> tuple[IntArray, ...]:
        return (
            self.travel,
            self.arc,
            self.travel_in,
            self.arc_in,
            self.enter,
            self.new_carer,
            self.node,
            self.veh,
            self.params,
            self.day_limit,
            self.day_ptr,
            self.day_idx,
            self.slot_ptr,
            self.slot_idx,
            self.group_ptr,
            self.group_idx,
            self.group_gap,
            self.allowed_ptr,
            self.allowed_idx,
            self.client_ptr,
            self.client_idx,
            self.enter_by_node,
            self.new_carer_by_node,
        )


def _stacked(matrices: list[NDArray[np.int64]], n: int, transpose: bool = False) -> NDArray[np.int64]:
    if not matrices:  # a block nobody works: no travel mode at all
        return np.zeros((1, n, n), dtype=np.int64)
    if transpose:
        matrices = [m.T for m in matrices]
    if len(matrices) == 1:
        return np.ascontiguousarray(matrices[0], dtype=np.int64)[None, :, :]
    return np.ascontiguousarray(np.stack(matrices), dtype=np.int64)


def _csr(members: Sequence[Sequence[int]]) -> tuple[IntArray, IntArray]:
    """(ptr, idx) of lists of members."""
    ptr = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum([len(m) for m in members], out=ptr[1:])
    idx = np.array([x for m in members for x in m], dtype=np.int64)
    return ptr, idx


def pair_gaps(groups: list[list[int]], links: list[SyncLink]) -> IntArray:
    """Per group of two nodes (a, b): the range of start(b) - start(a) every link between them allows."""
    gap = np.zeros((len(groups), 2), dtype=np.int64)
    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    for link in links:
        for key, lo, hi in (
            ((link.first, link.second), link.min_gap, link.max_gap),
            ((link.second, link.first), -link.max_gap, -link.min_gap),
        ):
            old = bounds.get(key)
            bounds[key] = (lo, hi) if old is None else (max(old[0], lo), min(old[1], hi))
    for g, nodes in enumerate(groups):
        if len(nodes) == 2:
            gap[g] = bounds[(nodes[0], nodes[1])]
    return gap


def targets(inst: Instance) -> list[int]:
    """Where a punctual timing aims each visit: its start on an earlier day of the week when that is
    within the tolerance of the requested start (a consistent time), else the requested start."""
    target: list[int] = inst.requested.tolist()
    if inst.consistency_coeff:
        for j, (a, r) in enumerate(zip(inst.anchor.tolist(), inst.requested.tolist(), strict=True)):
            if a >= 0 and abs(a - r) <= inst.tolerance:
                target[j] = a
    return target


def build_tables(inst: Instance) -> Tables:
    """The kernels' view of `inst`."""
    n, n_vis, n_veh = inst.n_nodes, inst.n_visit_nodes, len(inst.vehicles)
    modes = sorted(inst.travel)
    keys = sorted(inst.arc_cost)
    node = np.zeros((n, NODE_COLUMNS), dtype=np.int64)
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
    node[:n_vis, N_PENALTY] = inst.penalty
    node[:, N_PUBLISHED] = -1
    node[:, N_PUBLISHED_SLOT] = -1
    node[:n_vis, N_TARGET] = targets(inst)
    node[:, N_ANCHOR] = -1
    if inst.consistency_coeff:
        node[:n_vis, N_ANCHOR] = inst.anchor
    veh = np.zeros((n_veh, VEH_COLUMNS), dtype=np.int64)
    for v, spec in enumerate(inst.vehicles):
        cap = spec.carer.capacity
        veh[v] = (
            spec.start,
            spec.end,
            spec.base,
            spec.span_coeff,
            -1 if cap is None else cap,
            inst.day_of[v],
            modes.index(spec.mode),
            keys.index(inst.vehicle_key[v]),
            spec.carer_slot,
            -1 if spec.overtime_after is None else spec.overtime_after,
        )
    days = max(inst.day_of, default=-1) + 1
    day_limit = np.full(max(days, 1), -1, dtype=np.int64)
    for day, limit in inst.day_limit.items():
        day_limit[day] = limit
    params = np.zeros(PARAMS, dtype=np.int64)
    params[PUNCT] = inst.punct_coeff
    params[BREAK_AFTER] = -1 if inst.break_after is None else inst.break_after
    params[HAS_NEW_CARER] = int(bool(inst.new_carer_cost.any()))
    params[MAX_LATE] = inst.max_late_coeff
    params[N_VISIT_NODES] = n_vis
    params[TOLERANCE] = inst.tolerance
    params[BEYOND] = inst.beyond_coeff
    params[CONSISTENCY] = inst.consistency_coeff
    params[WEIGHS_TIME] = int(bool(inst.punct_coeff or inst.beyond_coeff or inst.consistency_coeff))
    params[OVERTIME] = inst.overtime_coeff
    plan = inst.published
    if plan is not None:
        node[:n_vis, N_PUBLISHED] = plan.start
        node[:n_vis, N_PUBLISHED_SLOT] = plan.slot
        params[HAS_PUBLISHED] = 1
        params[MOVED_COST] = plan.moved_cost
        params[MOVE_TOLERANCE] = plan.move_tolerance
        params[CARER_TOLD] = plan.carer_told_cost
        params[CLIENT_TOLD] = plan.client_told_cost
    day_ptr, day_idx = _csr([inst.day_vehicles.get(d, []) for d in range(max(days, 1))])
    slots = [spec.carer_slot for spec in inst.vehicles]
    slot_ptr, slot_idx = _csr(
        [[v for v in range(n_veh) if slots[v] == s] for s in range(max(slots, default=-1) + 1)]
    )
    group_ptr, group_idx = _csr(inst.groups)
    allowed_ptr, allowed_idx = _csr([np.flatnonzero(row).tolist() for row in inst.allowed])
    clients: list[list[int]] = [[] for _ in range(max(inst.node_client, default=-1) + 1)]
    for j, c in enumerate(inst.node_client):
        clients[c].append(j)
    client_ptr, client_idx = _csr(clients)
    return Tables(
        travel=_stacked([inst.travel[m] for m in modes], n),
        arc=_stacked([inst.arc_cost[k] for k in keys], n),
        travel_in=_stacked([inst.travel[m] for m in modes], n, transpose=True),
        arc_in=_stacked([inst.arc_cost[k] for k in keys], n, transpose=True),
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
        group_ptr=group_ptr,
        group_idx=group_idx,
        group_gap=pair_gaps(inst.groups, inst.links),
        allowed_ptr=allowed_ptr,
        allowed_idx=allowed_idx,
        client_ptr=client_ptr,
        client_idx=client_idx,
        enter_by_node=np.ascontiguousarray(inst.node_cost.T, dtype=np.int64),
        new_carer_by_node=np.ascontiguousarray(inst.new_carer_cost.T, dtype=np.int64),
    )
