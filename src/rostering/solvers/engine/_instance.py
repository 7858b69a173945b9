"""One block of dates (usually one day) as plain arrays: what our search, the OR-Tools model and
extraction share.

Nodes are visit copies first (a double-up gives two copies, 0 and 1), then one base node per carer
working in the block. Vehicles are the block's shifts (_vehicles.py); times are block minutes. Costs are
integers in cost units, built by the objective (_objective.py). Nothing here imports OR-Tools.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ...domain import Problem, Visit, carer_location_id, client_location_id
from ...errors import MatrixError
from ...travel.matrix import TravelMatrix
from ..params import SolveParams, cost_units
from ._objective import Familiarity, arc_costs, arc_key, lateness_coeff, node_costs, visit_penalty
from ._synchronised import SyncLink, sync_groups, sync_links
from ._vehicles import VehicleSpec, block_offsets

if TYPE_CHECKING:
    from ._published import PublishedPlan

# UK Working Time Regulations as the validator reads them: a route longer than this needs a 20-min break.
REST_BREAK_AFTER_MIN = 360
REST_BREAK_MIN = 20

IntArray = NDArray[np.int64]


@dataclass
class Instance:
    """The arrays of one block (see the module docstring)."""

    dates: tuple[dt.date, ...]
    offsets: dict[dt.date, int]
    visits: tuple[Visit, ...]
    node_visit: list[int]
    node_copy: list[int]
    loc_ids: list[str]
    vehicles: list[VehicleSpec]
    carer_ids: list[str]
    service: IntArray
    ws: IntArray
    we: IntArray
    hi: IntArray  # latest start allowed: window_end (hard) or the horizon (soft window)
    soft: NDArray[np.bool_]
    requested: IntArray
    late_coeff: IntArray
    demand: IntArray
    penalty: IntArray
    allowed: NDArray[np.bool_]  # (visit nodes, vehicles)
    # (vehicles, nodes): the cost of a vehicle entering the node (time-and-task wages, unfamiliar carer).
    node_cost: IntArray
    # (vehicles, nodes): the new-carer-in-week charge of the (client, carer) pair, once per pair.
    new_carer_cost: IntArray
    node_client: list[int]  # client index of each visit node
    travel: dict[str, IntArray]
    metres: dict[str, NDArray[np.float64]]
    arc_cost: dict[tuple[str, int], IntArray]
    links: list[SyncLink]
    apart: list[tuple[int, int]]
    horizon: int
    punct_coeff: int
    max_late_coeff: int
    # Beyond `tolerance` minutes from the requested start, each minute costs `beyond_coeff` more; a
    # recurring visit's start on an earlier day of the week (`anchor`, block minutes, -1 if none) pulls
    # at `consistency_coeff` per minute.
    tolerance: int = 0
    beyond_coeff: int = 0
    # Per minute of a route beyond its vehicle's `overtime_after` (overtime over the weekly contract).
    overtime_coeff: int = 0
    consistency_coeff: int = 0
    anchor: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # A carer's working day: the (carer, date) of each vehicle, numbered; its vehicles (a split shift has
    # two); its limit (max_minutes_per_day), when the carer has one.
    day_of: list[int] = field(default_factory=list)
    day_vehicles: dict[int, list[int]] = field(default_factory=dict)
    day_limit: dict[int, int] = field(default_factory=dict)
    groups: list[list[int]] = field(default_factory=list)
    group_of: list[int] = field(default_factory=list)
    # The arc-cost matrix key (mode, cost units per km) of each vehicle.
    vehicle_key: list[tuple[str, int]] = field(default_factory=list)
    # Routes longer than this need a rest break; None when the rule is off (benchmark instances).
    break_after: int | None = REST_BREAK_AFTER_MIN
    # Re-planning: where the published roster had each node and what changes cost (_published.py).
    published: PublishedPlan | None = None

    def needs_break(self, v: int) -> bool:
        """Could a route of vehicle v span long enough to need a rest break?"""
        veh = self.vehicles[v]
        return self.break_after is not None and veh.end - veh.start > self.break_after

    @property
    def n_visit_nodes(self) -> int:
        return len(self.node_visit)

    @property
    def n_nodes(self) -> int:
        return len(self.loc_ids)

    def visit_of(self, node: int) -> Visit:
        return self.visits[self.node_visit[node]]

    def block_minutes(self, date: dt.date, minutes: int) -> int:
        return self.offsets[date] + minutes


def location_rows(matrix: TravelMatrix, loc_ids: list[str]) -> NDArray[np.int64]:
    try:
        return np.array([matrix.index(i) for i in loc_ids], dtype=np.int64)
    except MatrixError as exc:
        raise MatrixError(f"{exc}; rebuild the matrices for this bundle") from None


def submatrices(
    matrices: Mapping[str, TravelMatrix], modes: set[str], loc_ids: list[str]
) -> tuple[dict[str, IntArray], dict[str, NDArray[np.float64]]]:
    """Travel minutes (TravelMatrix.minutes) and metres between the given locations, per mode."""
    travel: dict[str, IntArray] = {}
    metres: dict[str, NDArray[np.float64]] = {}
    for mode in sorted(modes):
        if mode not in matrices:
            raise MatrixError(f"no {mode!r} travel matrix, but a carer travels by {mode}")
        m = matrices[mode]
        rows = location_rows(m, loc_ids)
        travel[mode] = np.ascontiguousarray(m.minutes[np.ix_(rows, rows)], dtype=np.int64)
        metres[mode] = np.ascontiguousarray(m.metres[np.ix_(rows, rows)], dtype=np.float64)
    return travel, metres


def build_instance(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: Mapping[str, TravelMatrix],
    params: SolveParams,
    vehicles: list[VehicleSpec],
    allowed_by_visit: Mapping[str, NDArray[np.bool_]],
    familiarity: Familiarity,
    anchors: Mapping[tuple[str, int], int] | None = None,
) -> Instance:
    """Arrays for the visits that passed the prechecks (keys of allowed_by_visit), in input order.

    `anchors`: (client_id, requested_start_min) -> the start (minutes after midnight) of that recurring
    visit on an earlier day of the week.
    """
    anchors = anchors or {}
    offsets = block_offsets(dates)
    visits = tuple(v for v in problem.visits if v.visit_id in allowed_by_visit)
    node_visit: list[int] = []
    node_copy: list[int] = []
    for i, v in enumerate(visits):
        for c in range(v.carers_required):
            node_visit.append(i)
            node_copy.append(c)
    n_vis = len(node_visit)
    carer_ids: list[str] = []
    for veh in vehicles:
        if veh.carer.carer_id not in carer_ids:
            carer_ids.append(veh.carer.carer_id)
    loc_ids = [client_location_id(visits[i].client_id) for i in node_visit]
    loc_ids += [carer_location_id(k) for k in carer_ids]
    vehicles = [dataclasses.replace(veh, base=n_vis + veh.carer_slot) for veh in vehicles]
    n = len(loc_ids)
    modes = {veh.mode for veh in vehicles}
    travel, metres = submatrices(matrices, modes, loc_ids)

    # A block may have no shifts and no visits left after the prechecks (a date nobody works).
    horizon = max(
        [veh.end for veh in vehicles] + [offsets[v.date] + v.window_end_min + v.duration_min for v in visits],
        default=0,
    )
    service = np.zeros(n, dtype=np.int64)
    ws = np.zeros(n_vis, dtype=np.int64)
    we = np.zeros(n_vis, dtype=np.int64)
    hi = np.zeros(n_vis, dtype=np.int64)
    soft = np.zeros(n_vis, dtype=bool)
    requested = np.zeros(n_vis, dtype=np.int64)
    late = np.zeros(n_vis, dtype=np.int64)
    demand = np.zeros(n, dtype=np.int64)
    penalty = np.zeros(n_vis, dtype=np.int64)
    anchor = np.full(n_vis, -1, dtype=np.int64)
    for j, i in enumerate(node_visit):
        v = visits[i]
        off = offsets[v.date]
        at = anchors.get((v.client_id, v.requested_start_min))
        if at is not None:
            anchor[j] = off + at
        service[j] = v.duration_min
        ws[j] = off + v.window_start_min
        we[j] = off + v.window_end_min
        soft[j] = v.late_penalty_per_min is not None
        hi[j] = horizon if soft[j] else we[j]
        requested[j] = off + v.requested_start_min
        late[j] = lateness_coeff(v, params)
        demand[j] = v.demand
        penalty[j] = visit_penalty(v, params)

    allowed = np.zeros((n_vis, len(vehicles)), dtype=bool)
    for j, i in enumerate(node_visit):
        allowed[j] = allowed_by_visit[visits[i].visit_id]

    node_cost, new_carer_cost = node_costs(visits, node_visit, vehicles, n, params, familiarity)
    client_index: dict[str, int] = {}
    node_client = [client_index.setdefault(visits[i].client_id, len(client_index)) for i in node_visit]
    links, apart = sync_links(problem, visits, node_visit, node_copy)
    inst = Instance(
        dates=dates,
        offsets=offsets,
        visits=visits,
        node_visit=node_visit,
        node_copy=node_copy,
        loc_ids=loc_ids,
        vehicles=vehicles,
        carer_ids=carer_ids,
        service=service,
        ws=ws,
        we=we,
        hi=hi,
        soft=soft,
        requested=requested,
        late_coeff=late,
        demand=demand,
        penalty=penalty,
        allowed=allowed,
        node_cost=node_cost,
        new_carer_cost=new_carer_cost,
        node_client=node_client,
        travel=travel,
        metres=metres,
        arc_cost=arc_costs(vehicles, travel, metres, params),
        links=links,
        apart=apart,
        horizon=horizon,
        punct_coeff=cost_units(params.punctuality.per_minute_gbp),
        max_late_coeff=cost_units(params.lateness.max_per_minute_gbp),
        tolerance=params.punctuality.tolerance_min,
        beyond_coeff=cost_units(params.punctuality.beyond_tolerance_per_minute_gbp),
        consistency_coeff=cost_units(params.punctuality.consistency_per_minute_gbp),
        overtime_coeff=cost_units(params.working_time.overtime_per_hour_gbp / 60.0),
        anchor=anchor,
    )
    inst.vehicle_key = [arc_key(veh, params) for veh in vehicles]
    rest_breaks = params.rules.rest_breaks and problem.locality.rest_breaks
    inst.break_after = REST_BREAK_AFTER_MIN if rest_breaks else None
    days: dict[tuple[int, dt.date], int] = {}
    for veh in vehicles:
        # The limit is per day: a block of several dates (a dependency across midnight) has several.
        day = days.setdefault((veh.carer_slot, veh.shift.date), len(days))
        inst.day_of.append(day)
        inst.day_vehicles.setdefault(day, []).append(veh.index)
        if veh.day_limit is not None:
            inst.day_limit[day] = veh.day_limit
    inst.groups, inst.group_of = sync_groups(n_vis, links)
    return inst
