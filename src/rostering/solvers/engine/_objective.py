"""The objective: every cost term of a block's roster, defined once, in integer cost units.

What the weights of solvers/params.py (configs/default.toml, GBP) charge:

- unassigned: per visit node left out, by priority and duration (`visit_penalty`; a double-up has two
  nodes, so it costs twice);
- wages: salaried carers per minute of route span (`span_coeff`), time-and-task carers per contact
  minute (`node_costs`);
- travel time and mileage: per arc, per carer's travel mode and provider rate (`arc_costs`);
- continuity, as the KPIs count it: `unfamiliar_visit_gbp` per *visit* by a carer the client does not
  know (history, preferred carers, earlier days of the week; the familiar-carer share counts
  carer-visits), and `new_carer_in_week_gbp` once per *(client, carer) pair* whose carer has not visited
  the client earlier in the rostered week (distinct carers per client counts these pairs; days are
  rostered in order, so the pairs of a day are the week's new ones) (`node_costs`, `Objective.pair_cost`);
- punctuality and lateness of each start (`Objective.time_cost`), and the block's largest lateness
  (`Objective.max_lateness_cost`).

The arrays are built here for the instance (_instance.py); `Objective` evaluates them on routes for our
search and on OR-Tools' solutions. The OR-Tools model (solvers/ortools/model.py) reads the same arrays;
it can charge the per-pair term only approximately (see there and configs/README.md), which is why the
engine judges every roster, OR-Tools' included, by `Objective`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ...domain import Problem, Provider, Visit
from ..params import SolveParams, cost_units

if TYPE_CHECKING:
    from ._instance import Instance
    from ._schedule import Schedule
    from ._vehicles import VehicleSpec

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Familiarity:
    """Who each client knows (history and preferred carers, plus carers seen earlier this week), who did
    each recurring visit earlier this week, and who is on shift for it on the days still to come."""

    known: Mapping[str, frozenset[str]]
    seen_this_week: Mapping[str, frozenset[str]]
    # (client_id, requested_start_min) -> the carers who did that recurring visit earlier this week.
    call_carers: Mapping[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    # (client_id, requested_start_min) -> carer -> share of the call's remaining days this week the
    # carer is on shift for it (a carer not listed: none).
    available: Mapping[tuple[str, int], Mapping[str, float]] = field(default_factory=dict)

    @staticmethod
    def of(
        problem: Problem,
        first_date: dt.date,
        seen_this_week: Mapping[str, frozenset[str]],
        call_carers: Mapping[tuple[str, int], frozenset[str]] | None = None,
        available: Mapping[tuple[str, int], Mapping[str, float]] | None = None,
    ) -> Familiarity:
        known: dict[str, set[str]] = defaultdict(set)
        for h in problem.history:
            if h.date < first_date:
                known[h.client_id].add(h.carer_id)
        for c in problem.clients:
            known[c.client_id].update(c.preferred_carers)
        for client_id, carers in seen_this_week.items():
            known[client_id].update(carers)
        return Familiarity(
            {k: frozenset(v) for k, v in known.items()},
            dict(seen_this_week),
            dict(call_carers or {}),
            dict(available or {}),
        )


# ----------------------------------------------------------------------- the terms, as arrays
def span_coeff(provider: Provider, params: SolveParams) -> int:
    """Cost units per minute of route span: salaried wages; 0 for time-and-task carers."""
    if provider.payment != "salaried":
        return 0
    return cost_units(params.cost.wages * provider.rate_per_hour / 60.0)


def visit_penalty(visit: Visit, params: SolveParams) -> int:
    """Cost units for leaving one carer's share of `visit` uncovered (priority and duration)."""
    k = visit.priority - 1
    u = params.unassigned
    return cost_units(u.per_visit_gbp[k] + u.per_minute_gbp[k] * visit.duration_min)


def lateness_coeff(visit: Visit, params: SolveParams) -> int:
    """Cost units per minute past window_end of a soft-window visit (0 for a hard window)."""
    if visit.late_penalty_per_min is None:
        return 0
    return cost_units(params.lateness.per_minute_gbp * visit.late_penalty_per_min)


def node_costs(
    visits: tuple[Visit, ...],
    node_visit: list[int],
    vehicles: list[VehicleSpec],
    n: int,
    params: SolveParams,
    familiarity: Familiarity,
) -> tuple[IntArray, IntArray]:
    """(vehicles, nodes) arrays: the cost of a vehicle entering a node (time-and-task contact wages, an
    unfamiliar carer, a carer new to the recurring visit this week or often off on its days to come), and
    the new-carer-in-week charge of the (client, carer) pair, 0 if not new."""
    cost = np.zeros((len(vehicles), n), dtype=np.int64)
    new = np.zeros((len(vehicles), n), dtype=np.int64)
    n_vis = len(node_visit)
    if not n_vis or not vehicles:
        return cost, new
    unfamiliar = cost_units(params.continuity.unfamiliar_visit_gbp)
    new_in_week = cost_units(params.continuity.new_carer_in_week_gbp)
    new_for_call = cost_units(params.continuity.new_carer_for_call_gbp)
    absent = cost_units(params.continuity.absent_days_gbp)
    nobody: Mapping[str, float] = {}
    empty: frozenset[str] = frozenset()
    # Per (client, carer) pair, known and seen; then spread to nodes and vehicles.
    clients = sorted({visits[i].client_id for i in node_visit})
    client_row = {c: k for k, c in enumerate(clients)}
    carers = sorted({veh.carer.carer_id for veh in vehicles})
    carer_col = {c: k for k, c in enumerate(carers)}
    known = np.zeros((len(clients), len(carers)), dtype=bool)
    seen = np.zeros((len(clients), len(carers)), dtype=bool)
    for c, k in client_row.items():
        for carer_id in familiarity.known.get(c, empty):
            if carer_id in carer_col:
                known[k, carer_col[carer_id]] = True
        for carer_id in familiarity.seen_this_week.get(c, empty):
            if carer_id in carer_col:
                seen[k, carer_col[carer_id]] = True
    node_client = np.array([client_row[visits[i].client_id] for i in node_visit], dtype=np.int64)
    veh_carer = np.array([carer_col[veh.carer.carer_id] for veh in vehicles], dtype=np.int64)
    pair_known = known[node_client[None, :], veh_carer[:, None]]
    pair_seen = seen[node_client[None, :], veh_carer[:, None]]
    cost[:, :n_vis] = np.where(pair_known, 0, unfamiliar)
    new[:, :n_vis] = np.where(pair_seen, 0, new_in_week)
    # A recurring visit (client, requested start): a carer new to it this week, or often off on its days
    # to come; one row of carers per recurring visit, spread to its nodes.
    per_call: dict[tuple[str, int], NDArray[np.int64]] = {}
    for j, i in enumerate(node_visit):
        v = visits[i]
        key = (v.client_id, v.requested_start_min)
        if key not in per_call:
            call = familiarity.call_carers.get(key)
            on_days = familiarity.available.get(key, nobody) if absent else nobody
            if not call and not on_days:
                continue
            per_call[key] = np.array(
                [
                    (new_for_call if call and k not in call else 0)
                    + (round(absent * (1.0 - on_days.get(k, 0.0))) if on_days else 0)
                    for k in carers
                ],
                dtype=np.int64,
            )
        cost[:, j] += per_call[key][veh_carer]
    durations = [visits[i].duration_min for i in node_visit]
    for veh in vehicles:
        if veh.provider.payment == "time_and_task":
            rate = params.cost.wages * veh.provider.rate_per_hour
            cost[veh.index, :n_vis] += [cost_units(rate * d / 60.0) for d in durations]
    return cost, new


def arc_key(vehicle: VehicleSpec, params: SolveParams) -> tuple[str, int]:
    """Vehicles sharing a travel mode and a per-km rate share one arc-cost matrix."""
    rate = 0.0 if vehicle.mode == "walk" else params.cost.mileage * vehicle.provider.mileage_per_km
    return (vehicle.mode, cost_units(rate + params.cost.distance_per_km_gbp))


def arc_costs(
    vehicles: list[VehicleSpec],
    travel: Mapping[str, IntArray],
    metres: Mapping[str, NDArray[np.float64]],
    params: SolveParams,
) -> dict[tuple[str, int], IntArray]:
    """Per arc-cost key: travel minutes at the travel rate plus metres at the per-km rate."""
    out: dict[tuple[str, int], IntArray] = {}
    travel_coeff = cost_units(params.cost.travel_per_minute_gbp)
    for veh in vehicles:
        key = arc_key(veh, params)
        if key not in out:
            mode, per_km_units = key
            distance = np.rint(metres[mode] * per_km_units / 1000.0).astype(np.int64)
            out[key] = travel[mode] * travel_coeff + distance
    return out


# ---------------------------------------------------------------- the terms, evaluated on routes
class Objective:
    """The objective of routes in an instance, as our search evaluates it (Python lists: fast per call)."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.client_of = inst.node_client
        self.slot = [veh.carer_slot for veh in inst.vehicles]
        self.penalty: list[int] = inst.penalty.tolist()
        self.we: list[int] = inst.we.tolist()
        self.soft: list[bool] = inst.soft.tolist()
        self.req: list[int] = inst.requested.tolist()
        self.late: list[int] = inst.late_coeff.tolist()
        self.punct = inst.punct_coeff
        self.tolerance, self.beyond = inst.tolerance, inst.beyond_coeff
        self.consistency = inst.consistency_coeff
        self.anchor: list[int] = inst.anchor.tolist() if self.consistency else []
        # Re-planning: the published start of each node (-1: none) and the cost of moving it further than
        # the tolerance (_published.py).
        plan = inst.published
        self.published_start: list[int] | None = None if plan is None else plan.start
        self.moved = (0, 0) if plan is None else (plan.moved_cost, plan.move_tolerance)

    # The matrices as lists, made on first use: the search itself reads them compiled (_kernels.py), and
    # converting a 600-visit day's matrices takes longer than building its first roster.
    @cached_property
    def arc(self) -> list[list[list[int]]]:
        inst = self.inst
        arc = {key: m.tolist() for key, m in inst.arc_cost.items()}
        return [arc[inst.vehicle_key[v]] for v in range(len(inst.vehicles))]

    @cached_property
    def enter(self) -> list[list[int]]:
        # Route costs leave out the new-carer-in-week charge, which is per (client, carer) pair.
        return self.inst.node_cost.tolist()

    @cached_property
    def new_carer(self) -> list[list[int]]:
        return self.inst.new_carer_cost.tolist()

    def time_cost(self, j: int, t: int) -> int:
        """Punctuality and lateness of starting node j at t (the model charges these two), the minutes
        beyond the tolerance and the distance from the start on earlier days (our search alone)."""
        punct, req = self.punct, self.req[j]
        c = punct * (req - t) if t < req else 0
        if self.soft[j]:
            we = self.we[j]
            if t > we:
                c += (self.late[j] + (punct if req >= we else 0)) * (t - we)
        elif t > req:
            c += punct * (t - req)
        if self.beyond:
            off = (t - req if t > req else req - t) - self.tolerance
            if off > 0:
                c += self.beyond * off
        if self.anchor:
            a = self.anchor[j]
            if a >= 0:
                c += self.consistency * (t - a if t > a else a - t)
        if self.published_start is not None:
            published = self.published_start[j]
            if published >= 0 and abs(t - published) > self.moved[1]:
                c += self.moved[0]
        return c

    def route_cost(self, v: int, nodes: list[int], starts: list[int], span: int) -> int:
        """Wages, overtime, travel, mileage, continuity and time costs of one timed route."""
        veh = self.inst.vehicles[v]
        C, enter, base = self.arc[v], self.enter[v], veh.base
        cost = veh.span_coeff * span
        if veh.overtime_after is not None and span > veh.overtime_after:
            cost += self.inst.overtime_coeff * (span - veh.overtime_after)
        prev = base
        for j, t in zip(nodes, starts, strict=True):
            cost += C[prev][j] + enter[j] + self.time_cost(j, t)
            prev = j
        return cost + C[prev][base]

    def pair_cost(self, v: int, j: int, pairs: Mapping[tuple[int, int], int]) -> int:
        """The new-carer charge of giving node j to vehicle v: only the carer's first visit to the client."""
        return 0 if pairs.get((self.client_of[j], self.slot[v]), 0) else self.new_carer[v][j]

    def max_lateness_cost(self, routes: list[list[int]], starts: list[tuple[int, ...]]) -> int:
        """The charge on the block's largest lateness (soft windows), 0 when it is not priced."""
        coeff = self.inst.max_late_coeff
        if not coeff:
            return 0
        worst = 0
        for nodes, times in zip(routes, starts, strict=True):
            for j, t in zip(nodes, times, strict=True):
                if self.soft[j] and t - self.we[j] > worst:
                    worst = t - self.we[j]
        return coeff * worst

    def total(self, routes: list[list[int]], scheds: list[Schedule], vehicle_of: list[int]) -> int:
        """The objective of timed routes (`scheds[v].cost` the cost of route v, see `route_cost`)."""
        route_costs = sum(s.cost for s in scheds)
        return route_costs + self._beyond_routes(routes, [s.starts for s in scheds], vehicle_of)

    def of_solution(self, routes: list[list[int]], starts: dict[int, int], spans: list[int]) -> int:
        """The objective of routes timed by someone else (OR-Tools): start of each routed node, span of
        each vehicle's route."""
        times = [tuple(starts[j] for j in nodes) for nodes in routes]
        route_costs = sum(
            self.route_cost(v, nodes, list(times[v]), spans[v]) for v, nodes in enumerate(routes) if nodes
        )
        vehicle_of = [-1] * self.inst.n_visit_nodes
        for v, nodes in enumerate(routes):
            for j in nodes:
                vehicle_of[j] = v
        return route_costs + self._beyond_routes(routes, times, vehicle_of)

    def _beyond_routes(
        self, routes: list[list[int]], starts: list[tuple[int, ...]], vehicle_of: list[int]
    ) -> int:
        """One new-carer charge per (client, carer) pair, the penalties of unrouted nodes, the largest
        lateness."""
        unrouted = sum(self.penalty[j] for j, v in enumerate(vehicle_of) if v < 0)
        first: dict[tuple[int, int], int] = {}
        for j, v in enumerate(vehicle_of):
            if v >= 0:
                first.setdefault((self.client_of[j], self.slot[v]), self.new_carer[v][j])
        told = self.told_cost(routes, starts, vehicle_of) if self.inst.published is not None else 0
        return sum(first.values()) + unrouted + self.max_lateness_cost(routes, starts) + told

    def told_cost(self, routes: list[list[int]], starts: list[tuple[int, ...]], vehicle_of: list[int]) -> int:
        """Re-planning: one call per carer whose visits change and per client with a changed visit.

        A node changes when it leaves its published carer, moves beyond the tolerance, is dropped, or is
        covered without having been (a visit added since, or unassigned before).
        """
        plan = self.inst.published
        assert plan is not None
        at = {
            j: t
            for nodes, times in zip(routes, starts, strict=True)
            for j, t in zip(nodes, times, strict=True)
        }
        carers: set[int] = set()
        clients: set[int] = set()
        for j, v in enumerate(vehicle_of):
            slot, start = plan.slot[j], plan.start[j]
            now = self.slot[v] if v >= 0 else -1
            if v < 0 and start < 0:
                continue  # unassigned then and now
            if v >= 0 and start >= 0 and now == slot and abs(at[j] - start) <= plan.move_tolerance:
                continue  # where it was published
            clients.add(self.client_of[j])
            carers.update(k for k in (slot, now) if k >= 0)
        return plan.carer_told_cost * len(carers) + plan.client_told_cost * len(clients)
