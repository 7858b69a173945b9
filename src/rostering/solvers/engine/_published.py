"""The published roster as one block's search sees it (re-planning, `rostering solve --baseline`).

Each visit node is matched with the carer and start it was published with. It *keeps* that place when
the carer still has a shift (as absences leave it) that may hold the visit at that start; otherwise the
changes since publishing *disturbed* it: the carer is absent (`absent` says why, for the unassigned
reason `carer_absent`), the visit is new, or it no longer fits its published place (window, duration or
eligibility changed). Kept nodes starting before the freeze point are *frozen* with their whole
synchronised group: the search never moves them.

Changes cost what SolveParams.stability says: a node done by a carer it was not published to (added to
the instance's node costs here), a start moved beyond the tolerance and each carer and client who must be
told (`Objective`, from `start` and `slot`). A node's requested start becomes its published start: that
is the time the client was told.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ...domain import Absence, Assignment, Problem
from ...domain.time import format_hhmm, format_local_datetime, minutes_after
from ..base import Replan
from ..params import SolveParams, cost_units
from ._instance import Instance


@dataclass(frozen=True)
class PublishedPlan:
    """Per visit node of a block: where the published roster had it, and what the search may change."""

    # The vehicle the node keeps (its published carer's shift holding it at its published start), or -1.
    vehicle: list[int]
    # The published start in block minutes, or -1 when the published roster did not cover the node.
    start: list[int]
    # The carer slot published to, or -1 (not covered, or the carer is absent then: nobody to phone).
    slot: list[int]
    # Per visit (index in the instance): the carers it was published to.
    carers: dict[int, frozenset[str]]
    frozen: frozenset[int]
    disturbed: frozenset[int]
    # visit_id -> why its published carer cannot do it (the `carer_absent` detail).
    absent: dict[str, str]
    moved_cost: int
    move_tolerance: int
    carer_told_cost: int
    client_told_cost: int


def published_plan(problem: Problem, inst: Instance, replan: Replan, params: SolveParams) -> PublishedPlan:
    """Match the block's visit nodes with the published roster (see the module docstring)."""
    n = inst.n_visit_nodes
    vehicle, start, slot = [-1] * n, [-1] * n, [-1] * n
    disturbed: set[int] = set()
    carers: dict[int, frozenset[str]] = {}
    published = replan.published.by_visit
    absent = _absent_carers(problem, inst, replan)
    unassigned_before = {u.visit_id for u in replan.published.unassigned}
    shifts: dict[str, list[int]] = defaultdict(list)
    for veh in inst.vehicles:
        shifts[veh.carer.carer_id].append(veh.index)
    copies: dict[int, list[int]] = defaultdict(list)
    for j, i in enumerate(inst.node_visit):
        copies[i].append(j)
    for i, nodes in copies.items():
        visit = inst.visits[i]
        done_by = sorted(published.get(visit.visit_id, ()), key=lambda a: a.carer_id)
        if not done_by:
            # Unassigned when published: it stays so unless a change gives the search work to do.
            if visit.visit_id not in unassigned_before:
                disturbed.update(nodes)  # added since
            continue
        carers[i] = frozenset(a.carer_id for a in done_by)
        for j, a in zip(nodes, done_by, strict=False):
            start[j] = inst.block_minutes(visit.date, a.start_min)
            if problem.absence_at(a.carer_id, a.date, a.start_min, a.end_min) is not None:
                disturbed.add(j)
                continue
            if a.carer_id in shifts:
                slot[j] = inst.vehicles[shifts[a.carer_id][0]].carer_slot
            v = _holding_vehicle(inst, j, start[j], shifts.get(a.carer_id, []))
            if v is None or a.date != visit.date:
                disturbed.add(j)
            else:
                vehicle[j] = v
        disturbed.update(nodes[len(done_by) :])  # now a double-up, published with one carer
    s = params.stability
    return PublishedPlan(
        vehicle=vehicle,
        start=start,
        slot=slot,
        carers=carers,
        frozen=_frozen(inst, replan, vehicle, start, disturbed),
        disturbed=frozenset(disturbed),
        absent=absent,
        moved_cost=cost_units(s.moved_gbp),
        move_tolerance=s.move_tolerance_min,
        carer_told_cost=cost_units(s.carer_told_gbp),
        client_told_cost=cost_units(s.client_told_gbp),
    )


def _holding_vehicle(inst: Instance, j: int, start: int, vehicles: list[int]) -> int | None:
    """The carer's vehicle that may take node j at `start` (window, eligibility, shift), if any."""
    if not inst.ws[j] <= start <= inst.hi[j]:
        return None
    end = start + int(inst.service[j])
    return next(
        (
            v
            for v in vehicles
            if inst.allowed[j, v] and inst.vehicles[v].start <= start < end <= inst.vehicles[v].end
        ),
        None,
    )


def _frozen(
    inst: Instance, replan: Replan, vehicle: list[int], start: list[int], disturbed: set[int]
) -> frozenset[int]:
    """Kept nodes starting before the freeze point, with their whole synchronised groups (a group with a
    disturbed node moves as a whole, so it is not frozen)."""
    if replan.freeze_before is None:
        return frozenset()
    freeze = minutes_after(inst.dates[0], replan.freeze_before)
    out: set[int] = set()
    for group in inst.groups:
        if any(j in disturbed or vehicle[j] < 0 for j in group):
            continue
        if any(start[j] < freeze for j in group):
            out.update(group)
    return frozenset(out)


def _absent_carers(problem: Problem, inst: Instance, replan: Replan) -> dict[str, str]:
    """visit_id -> why its published carer cannot do it, for every visit of the block (placeable or not)."""
    out: dict[str, str] = {}
    for visit in problem.visits:
        if visit.date not in inst.offsets:
            continue
        for a in replan.published.by_visit.get(visit.visit_id, ()):
            away = problem.absence_at(a.carer_id, a.date, a.start_min, a.end_min)
            if away is not None:
                out[visit.visit_id] = _absent_detail(a, away)
    return out


def _absent_detail(a: Assignment, away: Absence) -> str:
    return (
        f"published to {a.carer_id} at {format_hhmm(a.start_min)}, who is absent ({away.reason}, "
        f"{format_local_datetime(away.start)} to {format_local_datetime(away.end)}); no other carer could "
        "take it"
    )


def with_published(inst: Instance, plan: PublishedPlan, params: SolveParams) -> Instance:
    """The instance with the plan's change costs: a carer a visit was not published to costs
    `stability.new_carer_gbp` per node, and a published node's requested start is its published start."""
    node_cost = inst.node_cost.copy()
    requested = inst.requested.copy()
    new_carer = cost_units(params.stability.new_carer_gbp)
    carer_ids = np.array([veh.carer.carer_id for veh in inst.vehicles], dtype=object)
    for j, i in enumerate(inst.node_visit):
        if i not in plan.carers:
            continue
        requested[j] = plan.start[j] if plan.start[j] >= 0 else requested[j]
        node_cost[:, j] += np.where(np.isin(carer_ids, sorted(plan.carers[i])), 0, new_carer)
    return dataclasses.replace(inst, node_cost=node_cost, requested=requested, published=plan)
