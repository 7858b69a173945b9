"""Re-planning one block against the published roster: start from it, repair what changed, stay close.

1. Warm start: every node the published roster placed, and that still fits there (_published.py), goes
   back into its published carer's route at its published start, pinned.
2. Repair: the disturbed nodes (an absent carer's visits, visits added since, visits that no longer
   fit) are inserted with the usual cheapest insertion, whose costs now include the changes'; one that
   fits nowhere makes room by ejecting a visit from a carer who could take it (_ejection.py).
3. Improve near the damage: ruin-and-recreate rounds seeded only at the disturbed nodes, frozen nodes
   never ruined, accepted on the objective with the change costs; it stops after a number of rounds
   without improvement, or at the budget.
4. Visits moved off their pins and back onto their published carer snap to their published start where
   that costs no more.
With nothing disturbed there is nothing to search: the published roster comes back unchanged. There is
no OR-Tools polish: its model re-times every visit and knows nothing of the published roster.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..base import Budget, Progress
from ..params import SolveParams
from ._driver import BlockSolution, gbp, rounds_in_budget
from ._ejection import eject_for_stranded
from ._insertion import Insertion
from ._instance import Instance
from ._progress import ProgressReport
from ._published import PublishedPlan
from ._routes import RouteState
from ._ruin_recreate import Focus, assigned_visits
from ._warm_start import load_routes


def replan_block(
    inst: Instance,
    params: SolveParams,
    budget: Budget,
    seed: int,
    report: Callable[[Progress], None] | None = None,
    phase: str = "",
    started: float | None = None,
) -> BlockSolution:
    """The block's roster as close to the published one (inst.published) as the changes allow; a time
    limit counts from `started` (default now)."""
    plan = inst.published
    assert plan is not None
    t0 = time.monotonic() if started is None else started
    total = sum(1 for c in inst.node_copy if c == 0)
    progress = ProgressReport(t0, total, report, phase)
    insertion = Insertion(RouteState(inst), seed)
    state = insertion.state
    misfits = load_routes(state, plan.vehicle, plan.start, pin_all=True)
    # A frozen node that no longer fits its published place is displaced like any other.
    keep = plan.frozen - misfits
    displaced = sorted(misfits | (plan.disturbed - keep))
    stats: dict[str, Any] = {
        "replan_kept": sum(1 for v in state.vehicle_of if v >= 0),
        "replan_frozen": len(keep),
        "replan_displaced": len(displaced),
    }
    if displaced:
        insertion.insert_all()
        stats["replan_ejections"] = eject_for_stranded(insertion, displaced, keep)
        progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
        focus = Focus(displaced, keep, params.search.replan_stall_rounds)
        rounds, better = rounds_in_budget(insertion, params, budget, seed, t0, progress, focus=focus)
        stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better)
        snap_to_published(state, plan)
    cost = state.total_cost()
    stats["objective_gbp"] = gbp(cost)
    progress.emit(assigned_visits(inst.node_copy, state.routes), cost)
    return BlockSolution(state.routes, state.routed_starts(), cost, stats)


def snap_to_published(state: RouteState, plan: PublishedPlan) -> None:
    """Unpinned nodes back on their published carer go back to their published start when the route
    still fits and costs no more (re-insertion times them by the route, not by the published roster)."""
    for v, nodes in enumerate(state.routes):
        for k, j in enumerate(nodes):
            if j in state.pin or plan.start[j] < 0 or plan.slot[j] != state.slot[v]:
                continue
            if state.scheds[v].starts[k] == plan.start[j]:
                continue
            state.pin[j] = plan.start[j]
            sched = state.schedule(v, nodes)
            if sched is not None and sched.cost <= state.scheds[v].cost:
                state.retime(v, sched)
            else:
                del state.pin[j]
