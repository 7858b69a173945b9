"""The OR-Tools routing model of one block (usually a day): every hard rule and every cost term.

Hard: windows (cumul ranges), shifts (vehicle start/end cumuls), eligibility (vehicle vars), rest breaks
(an optional 20-minute break interval, performed when the route spans more than 6 h, between two visits
of the route and never during one), working minutes per day summed over a carer's split-shift vehicles,
capacity, and synchronisation: the copies of a double-up and the two visits of a dependency are active
together, start min..max minutes apart and are done by different *carers* (not just vehicles).

Costs (the arrays of the engine's objective, solvers/engine/_objective.py): each carer's arc costs carry
travel time, mileage and the carer-and-client cost of entering a visit (time-and-task wages, an
unfamiliar carer); salaried wages are a span cost per vehicle; soft cumul bounds carry punctuality and
lateness; an optional dimension carries the day's maximum lateness through its global span;
disjunctions carry the unassigned penalties. The new-carer-in-week charge, once per (client, carer)
pair, has no exact form in a routing model: `_new_carer_charge` approximates it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine._instance import REST_BREAK_MIN, Instance
from . import _api

TIME = "time"
LOAD = "load"
MAX_LATENESS = "max_lateness"


@dataclass
class RoutingBuild:
    """The routing model of an instance, with the handles search and extraction need."""

    inst: Instance
    manager: Any
    routing: Any
    time: Any
    breaks: dict[int, Any]
    callbacks: list[Any]  # Python callbacks OR-Tools calls: kept alive with the model

    def index(self, node: int) -> int:
        return int(self.manager.NodeToIndex(node))

    def routes(self, value: Callable[[Any], int]) -> list[list[int]]:
        """Visit nodes per vehicle, in visiting order; `value` reads a variable (an assignment's Value,
        or the variable's own Value inside a solution callback)."""
        out: list[list[int]] = []
        for v in range(len(self.inst.vehicles)):
            nodes: list[int] = []
            i = value(self.routing.NextVar(self.routing.Start(v)))
            while not self.routing.IsEnd(i):
                nodes.append(int(self.manager.IndexToNode(i)))
                i = value(self.routing.NextVar(i))
            out.append(nodes)
        return out

    def starts(self, value: Callable[[Any], int], routes: list[list[int]]) -> dict[int, int]:
        """Start minute (block time) of every routed visit node."""
        return {j: int(value(self.time.CumulVar(self.index(j)))) for nodes in routes for j in nodes}

    def as_indices(self, routes: list[list[int]]) -> list[list[int]]:
        return [[self.index(j) for j in nodes] for nodes in routes]


def build_routing(inst: Instance) -> RoutingBuild:
    """The full model of `inst` (see the module docstring)."""
    starts = [veh.base for veh in inst.vehicles]
    manager, routing = _api.routing_model(inst.n_nodes, starts, starts)
    keep: list[Any] = []
    node = _index_nodes(inst, routing, manager)
    _arc_costs(inst, routing, node, keep)
    _distinct_carers(inst, routing, manager)
    time = _time_dimension(inst, routing, node, keep)
    _visits(inst, routing, manager, time)
    _synchronisation(inst, routing, manager, time)
    _capacity(inst, routing, node, keep)
    _max_lateness(inst, routing, manager, time)
    _working_minutes(inst, routing, time)
    breaks = _rest_breaks(inst, routing, manager, time)
    return RoutingBuild(inst, manager, routing, time, breaks, keep)


def _index_nodes(inst: Instance, routing: Any, manager: Any) -> list[int]:
    return [int(manager.IndexToNode(i)) for i in range(routing.Size() + len(inst.vehicles))]


def _arc_costs(inst: Instance, routing: Any, node: list[int], keep: list[Any]) -> None:
    """Per carer: travel and mileage of the arc plus the carer-and-client cost of entering its head node.

    The carer-and-client part (time-and-task wages, continuity) depends on both the vehicle and the node.
    In OR-Tools 9.15 a unary dimension would forbid leaving nodes unperformed, and a transit matrix's
    callback copies the whole matrix whenever the search copies it (most of the run time on a 600-visit
    day), so each carer gets a small Python callback over shared lists instead.
    """
    lists = {key: m.tolist() for key, m in inst.arc_cost.items()}
    enter_cost = inst.node_cost + _new_carer_shares(inst)
    evaluators: dict[int, int] = {}
    for v, veh in enumerate(inst.vehicles):
        slot = veh.carer_slot
        if slot not in evaluators:

            def cost(
                i: int,
                j: int,
                arcs: list[list[int]] = lists[inst.vehicle_key[v]],
                enter: list[int] = enter_cost[v].tolist(),
            ) -> int:
                nj = node[j]
                return arcs[node[i]][nj] + enter[nj]

            keep.append(cost)
            evaluators[slot] = routing.RegisterTransitCallback(cost)
        routing.SetArcCostEvaluatorOfVehicle(evaluators[slot], v)


def _client_nodes(inst: Instance) -> dict[int, list[int]]:
    nodes: dict[int, list[int]] = defaultdict(list)
    for j, c in enumerate(inst.node_client):
        nodes[c].append(j)
    return nodes


def _new_carer_shares(inst: Instance) -> Any:
    """(vehicles, nodes): a new carer's charge split over the client's visit nodes of the block.

    The engine charges `new_carer_in_week_gbp` once per (client, carer) pair new this week. Arc costs are
    per visit, so each visit by a new carer carries 1/n of it (n: the client's visit nodes; the remainder
    of the division goes to the first ones): a pair whose carer takes all of the client's visits costs
    exactly the charge. More carers are charged by `_distinct_carers`.
    """
    shares = np.zeros_like(inst.new_carer_cost)
    for nodes in _client_nodes(inst).values():
        for v in range(len(inst.vehicles)):
            for k, j in enumerate(nodes):
                charge = int(inst.new_carer_cost[v, j])
                shares[v, j] = charge // len(nodes) + (1 if k < charge % len(nodes) else 0)
    return shares


def _distinct_carers(inst: Instance, routing: Any, manager: Any) -> None:
    """The new-carer charge for each carer beyond a client's first, as OR-Tools' soft same-vehicle cost.

    For a client nobody has visited earlier in the week every carer is new, so the charge is the pair
    count x the charge: 1 x the charge from `_new_carer_shares`, plus the charge per vehicle beyond the
    first among the client's visits (AddSoftSameVehicleConstraint). That is exact, except that a carer
    on two shifts (two vehicles) counts twice, and a left-out visit counts as one more vehicle. Clients
    with carers seen earlier in the week get the shares alone, so several new carers are charged as one.
    Our search (and the objective it reports) counts pairs exactly.
    """
    for nodes in _client_nodes(inst).values():
        charges = inst.new_carer_cost[:, nodes]
        if len(nodes) < 2 or not charges.all():
            continue
        charge = int(charges.min())
        routing.AddSoftSameVehicleConstraint([manager.NodeToIndex(j) for j in nodes], charge)


def _time_dimension(inst: Instance, routing: Any, node: list[int], keep: list[Any]) -> Any:
    """Travel plus service time per travel mode, as Python callbacks over shared lists.

    Measured in 9.15 (a 200-customer VRPTW, the same work-limited search, the same routes): OR-Tools'
    own RegisterTransitMatrix took 1.6x the CPU time of this callback and its callback cache
    (max_callback_cache_size) 1.7x, so the matrix stays on the Python side (see _arc_costs).
    """
    evaluators: dict[str, int] = {}
    for mode, m in inst.travel.items():

        def transit(i: int, j: int, times: list[list[int]] = (m + inst.service[:, None]).tolist()) -> int:
            return times[node[i]][node[j]]

        keep.append(transit)
        evaluators[mode] = routing.RegisterTransitCallback(transit)
    routing.AddDimensionWithVehicleTransits(
        [evaluators[veh.mode] for veh in inst.vehicles], inst.horizon, inst.horizon, False, TIME
    )
    time = routing.GetDimensionOrDie(TIME)
    for v, veh in enumerate(inst.vehicles):
        time.CumulVar(routing.Start(v)).SetRange(veh.start, veh.end)
        time.CumulVar(routing.End(v)).SetRange(veh.start, veh.end)
        if veh.span_coeff:
            time.SetSpanCostCoefficientForVehicle(veh.span_coeff, v)
    return time


def _visits(inst: Instance, routing: Any, manager: Any, time: Any) -> None:
    """Windows, punctuality and lateness, eligibility and the penalty of leaving a visit out."""
    n_veh = len(inst.vehicles)
    punct = inst.punct_coeff
    for j in range(inst.n_visit_nodes):
        i = manager.NodeToIndex(j)
        cumul = time.CumulVar(i)
        ws, we, req = int(inst.ws[j]), int(inst.we[j]), int(inst.requested[j])
        cumul.SetRange(ws, int(inst.hi[j]))
        if punct and req > ws:
            time.SetCumulVarSoftLowerBound(i, req, punct)
        if inst.soft[j]:
            # One soft upper bound per cumul: lateness past window_end (plus punctuality when the
            # requested start is the window's end); see configs/README.md.
            coeff = int(inst.late_coeff[j]) + (punct if req >= we else 0)
            if coeff:
                time.SetCumulVarSoftUpperBound(i, we, coeff)
        elif punct and req < we:
            time.SetCumulVarSoftUpperBound(i, req, punct)
        routing.AddDisjunction([i], int(inst.penalty[j]))
        barred = [v for v in range(n_veh) if not inst.allowed[j, v]]
        if barred:
            routing.VehicleVar(i).RemoveValues(barred)


def _synchronisation(inst: Instance, routing: Any, manager: Any, time: Any) -> None:
    """Linked nodes: both active or neither, start gap in range, and different carers."""
    if not inst.links:
        return
    solver = routing.solver()
    for link in inst.links:
        a, b = manager.NodeToIndex(link.first), manager.NodeToIndex(link.second)
        solver.Add(routing.ActiveVar(a) == routing.ActiveVar(b))
        gap = time.CumulVar(b) - time.CumulVar(a)
        if link.min_gap == link.max_gap:
            solver.Add(gap == link.min_gap)
        else:
            solver.Add(gap >= link.min_gap)
            solver.Add(gap <= link.max_gap)
    # carer of node = slots[VehicleVar + 1]; an inactive node (vehicle -1) gets its own sentinel.
    slots = [veh.carer_slot for veh in inst.vehicles]
    carer_var: dict[int, Any] = {}
    for node in sorted({n for pair in inst.apart for n in pair}):
        i = manager.NodeToIndex(node)
        shifted = (routing.VehicleVar(i) + 1).Var()
        carer_var[node] = solver.Element([-1 - node, *slots], shifted)
    for a, b in inst.apart:
        solver.Add(carer_var[a] != carer_var[b])


def _capacity(inst: Instance, routing: Any, node: list[int], keep: list[Any]) -> None:
    caps = [veh.carer.capacity for veh in inst.vehicles]
    if all(c is None for c in caps):
        return
    demand_of = inst.demand.tolist()

    def demand(i: int, j: int) -> int:  # a binary callback: unary transits forbid dropping visits
        return demand_of[node[i]]

    keep.append(demand)
    big = int(inst.demand.sum()) + 1
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterTransitCallback(demand), 0, [big if c is None else c for c in caps], True, LOAD
    )


def _max_lateness(inst: Instance, routing: Any, manager: Any, time: Any) -> None:
    """The day's largest lateness, charged through the global span of a dimension that tracks it.

    Transits are zero and slack is free, so cumuls never fall along a route: each route's end cumul is at
    least the lateness of each of its visits, and the global span (max end - 0) is the day's maximum.
    """
    if not inst.max_late_coeff or not inst.soft.any():
        return
    zero = routing.RegisterUnaryTransitVector([0] * inst.n_nodes)
    routing.AddDimension(zero, inst.horizon, inst.horizon, True, MAX_LATENESS)
    dim = routing.GetDimensionOrDie(MAX_LATENESS)
    solver = routing.solver()
    for j in range(inst.n_visit_nodes):
        if inst.soft[j]:
            i = manager.NodeToIndex(j)
            solver.Add(dim.CumulVar(i) >= time.CumulVar(i) - int(inst.we[j]))
    dim.SetGlobalSpanCostCoefficient(inst.max_late_coeff)
    for v in range(len(inst.vehicles)):
        routing.AddVariableMinimizedByFinalizer(dim.CumulVar(routing.End(v)))


def _working_minutes(inst: Instance, routing: Any, time: Any) -> None:
    """A carer's route spans on a date, summed over split-shift vehicles, stay within their limit."""
    solver = routing.solver()
    for day, limit in inst.day_limit.items():
        vehicles = inst.day_vehicles[day]
        if sum(inst.vehicles[v].end - inst.vehicles[v].start for v in vehicles) <= limit:
            continue
        if len(vehicles) == 1:
            time.SetSpanUpperBoundForVehicle(limit, vehicles[0])
        else:
            spans = [time.CumulVar(routing.End(v)) - time.CumulVar(routing.Start(v)) for v in vehicles]
            solver.Add(solver.Sum(spans) <= limit)


def _rest_breaks(inst: Instance, routing: Any, manager: Any, time: Any) -> dict[int, Any]:
    """A 20-minute break between two visits, performed whenever the route spans more than 6 hours.

    A break needs room beyond the travel of its gap. The carer leaves base just in time for the first
    visit (no slack at the route's start) and goes straight home after the last (no slack after a visit
    whose next stop is the end), so no break fits before the first visit or after the last: it falls
    during the working day (ACAS on the Working Time Regulations).
    """
    solver = routing.solver()
    visit_transits = [int(inst.service[manager.IndexToNode(i)]) for i in range(routing.Size())]
    out: dict[int, Any] = {}
    break_vehicles = [v for v in range(len(inst.vehicles)) if inst.needs_break(v)]
    if break_vehicles:
        for j in range(inst.n_visit_nodes):
            if not inst.allowed[j, break_vehicles].any():
                continue
            i = manager.NodeToIndex(j)
            last = solver.IsGreaterOrEqualCstVar(routing.NextVar(i), routing.Size())
            solver.Add(time.SlackVar(i) <= inst.horizon * (1 - last))
    for v, veh in enumerate(inst.vehicles):
        if not inst.needs_break(v):
            continue
        time.SlackVar(routing.Start(v)).SetValue(0)
        brk = solver.FixedDurationIntervalVar(
            veh.start, veh.end - REST_BREAK_MIN, REST_BREAK_MIN, True, f"break_{v}"
        )
        start, end = time.CumulVar(routing.Start(v)), time.CumulVar(routing.End(v))
        solver.Add(brk.PerformedExpr() >= solver.IsGreaterCstVar((end - start).Var(), inst.break_after))
        solver.Add(brk.SafeStartExpr(veh.end) >= start)
        solver.Add(brk.SafeEndExpr(veh.start) <= end)
        time.SetBreakIntervalsOfVehicle([brk], v, visit_transits)
        out[v] = brk
    return out
