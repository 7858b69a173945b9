"""One block of dates (usually one day) as plain arrays: what model, construction and extraction share.

Nodes are visit copies first (a double-up gives two copies, 0 and 1), then one base node per carer
working in the block. Vehicles are the block's shifts: a split shift is two vehicles of one carer. Times
are minutes after midnight of the block's first date; a later date adds 1440 minutes per day, so a block
linked by a dependency across midnight is still one timeline. Costs are integers in cost units (see
solvers/params.py). Nothing here imports OR-Tools.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ...domain import Carer, Problem, Provider, Shift, Visit, carer_location_id, client_location_id
from ...domain.time import MINUTES_PER_DAY
from ...errors import MatrixError
from ...travel.matrix import TravelMatrix
from ..params import SolveParams, cost_units

# UK Working Time Regulations as the validator reads them: a route longer than this needs a 20-min break.
REST_BREAK_AFTER_MIN = 360
REST_BREAK_MIN = 20

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Familiarity:
    """Who each client knows: history and preferred carers, plus carers seen earlier this week."""

    known: Mapping[str, frozenset[str]]
    seen_this_week: Mapping[str, frozenset[str]]

    @staticmethod
    def of(
        problem: Problem, first_date: dt.date, seen_this_week: Mapping[str, frozenset[str]]
    ) -> Familiarity:
        known: dict[str, set[str]] = defaultdict(set)
        for h in problem.history:
            if h.date < first_date:
                known[h.client_id].add(h.carer_id)
        for c in problem.clients:
            known[c.client_id].update(c.preferred_carers)
        for client_id, carers in seen_this_week.items():
            known[client_id].update(carers)
        return Familiarity({k: frozenset(v) for k, v in known.items()}, dict(seen_this_week))


@dataclass(frozen=True)
class VehicleSpec:
    """One shift as a vehicle: base to base inside [start, end] (block minutes)."""

    index: int
    carer: Carer
    shift: Shift
    provider: Provider
    carer_slot: int
    base: int
    start: int
    end: int
    # Cost units per minute of route span (salaried wages), 0 for time-and-task carers.
    span_coeff: int

    @property
    def mode(self) -> str:
        return self.carer.travel_mode


@dataclass(frozen=True)
class SyncLink:
    """second starts min_gap..max_gap after first, by a different carer (gap 0/0: a double-up)."""

    first: int
    second: int
    min_gap: int
    max_gap: int


@dataclass
class Instance:
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
    node_cost: IntArray  # (vehicles, nodes): contact wages and continuity of entering the node
    # (vehicles, nodes): the part of node_cost charged because the carer is new to the client this week.
    # The model charges it per visit; the construction charges it once per (client, carer) in the day.
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
    carer_vehicles: dict[int, list[int]] = field(default_factory=dict)
    carer_limit: dict[int, int] = field(default_factory=dict)
    groups: list[list[int]] = field(default_factory=list)
    group_of: list[int] = field(default_factory=list)
    # The arc-cost matrix key (mode, cost units per km) of each vehicle.
    vehicle_key: list[tuple[str, int]] = field(default_factory=list)
    # Routes longer than this need a rest break; None when the rule is off (benchmark instances).
    break_after: int | None = REST_BREAK_AFTER_MIN

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


def _cost_key(vehicle: VehicleSpec, per_km: tuple[float, float]) -> tuple[str, int]:
    """Vehicles sharing a travel mode and a per-km rate share one arc-cost matrix."""
    mileage_mult, distance_gbp = per_km
    rate = 0.0 if vehicle.mode == "walk" else mileage_mult * vehicle.provider.mileage_per_km
    return (vehicle.mode, cost_units(rate + distance_gbp))


def block_offsets(dates: tuple[dt.date, ...]) -> dict[dt.date, int]:
    first = dates[0]
    return {d: (d - first).days * MINUTES_PER_DAY for d in dates}


def block_vehicles(problem: Problem, dates: tuple[dt.date, ...], params: SolveParams) -> list[VehicleSpec]:
    """The block's shifts as vehicles, in (date, carer input order, start) order; bases numbered later."""
    offsets = block_offsets(dates)
    order = {c.carer_id: i for i, c in enumerate(problem.carers)}
    shifts = sorted(
        (s for s in problem.shifts if s.date in offsets),
        key=lambda s: (s.date, order[s.carer_id], s.start_min),
    )
    slots: dict[str, int] = {}
    out: list[VehicleSpec] = []
    for s in shifts:
        carer = problem.carer_by_id[s.carer_id]
        provider = problem.provider_by_id[carer.provider_id]
        salaried = provider.payment == "salaried"
        span_coeff = cost_units(params.cost.wages * provider.rate_per_hour / 60.0) if salaried else 0
        slot = slots.setdefault(s.carer_id, len(slots))
        out.append(
            VehicleSpec(
                index=len(out),
                carer=carer,
                shift=s,
                provider=provider,
                carer_slot=slot,
                base=-1,
                start=offsets[s.date] + s.start_min,
                end=offsets[s.date] + s.end_min,
                span_coeff=span_coeff,
            )
        )
    return out


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


def visit_penalty(visit: Visit, params: SolveParams) -> int:
    """Cost units for leaving one carer's share of `visit` uncovered (priority and duration)."""
    k = visit.priority - 1
    u = params.unassigned
    return cost_units(u.per_visit_gbp[k] + u.per_minute_gbp[k] * visit.duration_min)


def build_instance(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: Mapping[str, TravelMatrix],
    params: SolveParams,
    vehicles: list[VehicleSpec],
    allowed_by_visit: Mapping[str, NDArray[np.bool_]],
    familiarity: Familiarity,
) -> Instance:
    """Arrays for the visits that passed the prechecks (keys of allowed_by_visit), in input order."""
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
    for j, i in enumerate(node_visit):
        v = visits[i]
        off = offsets[v.date]
        service[j] = v.duration_min
        ws[j] = off + v.window_start_min
        we[j] = off + v.window_end_min
        soft[j] = v.late_penalty_per_min is not None
        hi[j] = horizon if soft[j] else we[j]
        requested[j] = off + v.requested_start_min
        if v.late_penalty_per_min is not None:
            late[j] = cost_units(params.lateness.per_minute_gbp * v.late_penalty_per_min)
        demand[j] = v.demand
        penalty[j] = visit_penalty(v, params)

    allowed = np.zeros((n_vis, len(vehicles)), dtype=bool)
    for j, i in enumerate(node_visit):
        allowed[j] = allowed_by_visit[visits[i].visit_id]

    node_cost, new_carer_cost = _node_costs(visits, node_visit, vehicles, n, params, familiarity)
    client_index: dict[str, int] = {}
    node_client = [client_index.setdefault(visits[i].client_id, len(client_index)) for i in node_visit]
    per_km = (params.cost.mileage, params.cost.distance_per_km_gbp)
    arc_cost: dict[tuple[str, int], IntArray] = {}
    travel_coeff = cost_units(params.cost.travel_per_minute_gbp)
    for veh in vehicles:
        key = _cost_key(veh, per_km)
        if key not in arc_cost:
            mode, per_km_units = key
            cost = travel[mode] * travel_coeff + np.rint(metres[mode] * per_km_units / 1000.0).astype(
                np.int64
            )
            arc_cost[key] = cost

    links, apart = _links(problem, visits, node_visit, node_copy)
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
        arc_cost=arc_cost,
        links=links,
        apart=apart,
        horizon=horizon,
        punct_coeff=cost_units(params.punctuality.per_minute_gbp),
        max_late_coeff=cost_units(params.lateness.max_per_minute_gbp),
    )
    inst.vehicle_key = [_cost_key(veh, per_km) for veh in vehicles]
    rest_breaks = params.rules.rest_breaks and problem.locality.rest_breaks
    inst.break_after = REST_BREAK_AFTER_MIN if rest_breaks else None
    for veh in vehicles:
        inst.carer_vehicles.setdefault(veh.carer_slot, []).append(veh.index)
        if veh.carer.max_minutes_per_day is not None:
            inst.carer_limit[veh.carer_slot] = veh.carer.max_minutes_per_day
    inst.groups, inst.group_of = _groups(n_vis, links)
    return inst


def _node_costs(
    visits: tuple[Visit, ...],
    node_visit: list[int],
    vehicles: list[VehicleSpec],
    n: int,
    params: SolveParams,
    familiarity: Familiarity,
) -> tuple[IntArray, IntArray]:
    """Cost of a vehicle entering a node (contact wages, continuity), and its new-carer-in-week part."""
    cost = np.zeros((len(vehicles), n), dtype=np.int64)
    new = np.zeros((len(vehicles), n), dtype=np.int64)
    unfamiliar = cost_units(params.continuity.unfamiliar_visit_gbp)
    new_in_week = cost_units(params.continuity.new_carer_in_week_gbp)
    empty: frozenset[str] = frozenset()
    for j, i in enumerate(node_visit):
        v = visits[i]
        known = familiarity.known.get(v.client_id, empty)
        seen = familiarity.seen_this_week.get(v.client_id, empty)
        for veh in vehicles:
            c = 0
            if veh.provider.payment == "time_and_task":
                c += cost_units(params.cost.wages * veh.provider.rate_per_hour * v.duration_min / 60.0)
            k = veh.carer.carer_id
            if k not in known:
                c += unfamiliar
            if k not in seen:
                c += new_in_week
                new[veh.index, j] = new_in_week
            cost[veh.index, j] = c
    return cost, new


def _links(
    problem: Problem, visits: tuple[Visit, ...], node_visit: list[int], node_copy: list[int]
) -> tuple[list[SyncLink], list[tuple[int, int]]]:
    """Synchronisation links and different-carer pairs: double-up copies and visit dependencies."""
    first_node: dict[str, int] = {}
    copies: dict[str, list[int]] = defaultdict(list)
    for j, i in enumerate(node_visit):
        vid = visits[i].visit_id
        copies[vid].append(j)
        if node_copy[j] == 0:
            first_node[vid] = j
    links: list[SyncLink] = []
    apart: list[tuple[int, int]] = []
    for nodes in copies.values():
        if len(nodes) == 2:
            links.append(SyncLink(nodes[0], nodes[1], 0, 0))
            apart.append((nodes[0], nodes[1]))
    for d in problem.dependencies:
        if d.first_visit_id in first_node and d.second_visit_id in first_node:
            links.append(
                SyncLink(
                    first_node[d.first_visit_id], first_node[d.second_visit_id], d.min_gap_min, d.max_gap_min
                )
            )
            for a in copies[d.first_visit_id]:
                for b in copies[d.second_visit_id]:
                    apart.append((a, b))
    return links, apart


def _groups(n_vis: int, links: list[SyncLink]) -> tuple[list[list[int]], list[int]]:
    """Connected components of the links: nodes that are placed, or dropped, together."""
    parent = list(range(n_vis))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        a, b = find(link.first), find(link.second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for j in range(n_vis):
        members[find(j)].append(j)
    groups = [members[r] for r in sorted(members)]
    group_of = [0] * n_vis
    for g, nodes in enumerate(groups):
        for j in nodes:
            group_of[j] = g
    return groups, group_of
