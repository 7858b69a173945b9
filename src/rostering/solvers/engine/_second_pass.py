"""The second pass over the week for one block: its first-pass roster, searched again knowing the rest
of the week (_week.py).

The block's instance is built with every other day's carers, recurring-visit carers and starts and
working hours (so its objective prices a carer the client sees on Thursday as familiar on Monday). The
search starts from the first-pass roster (_warm_start.py: routes kept, times free but for double-ups),
inserts whatever no longer fits, and runs ruin-and-recreate rounds for the budget; the roster it ends
with costs no more than the one it started from by this objective. No OR-Tools polish: its model knows
the continuity terms only approximately, and the first pass has had it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..base import Budget, Progress
from ..params import SolveParams
from ._driver import ROUNDS_ONLY_SHARE, BlockSolution, gbp, rounds_in_budget
from ._insertion import Insertion
from ._instance import Instance
from ._progress import ProgressReport
from ._routes import RouteState
from ._ruin_recreate import assigned_visits
from ._warm_start import load_routes


def revisit_block(
    inst: Instance,
    vehicle: list[int],
    start: list[int],
    params: SolveParams,
    budget: Budget,
    seed: int,
    report: Callable[[Progress], None] | None = None,
    phase: str = "",
    started: float | None = None,
) -> BlockSolution:
    """Search the block again from the roster placing node j in vehicle[j] at start[j] (-1: unrouted);
    a time limit counts from `started` (default now)."""
    if inst.n_visit_nodes == 0 or not inst.vehicles:
        return BlockSolution([[] for _ in inst.vehicles], {}, 0, {"status": "nothing_to_roster"})
    t0 = time.monotonic() if started is None else started
    total = sum(1 for c in inst.node_copy if c == 0)
    progress = ProgressReport(t0, total, report, phase)
    insertion = Insertion(RouteState(inst), seed)
    state = insertion.state
    misfits = load_routes(state, vehicle, start, pin_all=False)
    insertion.insert_all()
    stats: dict[str, Any] = {"start_objective_gbp": gbp(state.total_cost()), "misfits": len(misfits)}
    progress.emit(assigned_visits(inst.node_copy, state.routes), state.total_cost())
    rounds, better = rounds_in_budget(insertion, params, budget, seed, t0, progress, ROUNDS_ONLY_SHARE)
    cost = state.total_cost()
    stats.update(ruin_recreate_rounds=rounds, ruin_recreate_improvements=better, objective_gbp=gbp(cost))
    progress.emit(assigned_visits(inst.node_copy, state.routes), cost)
    return BlockSolution(state.routes, state.routed_starts(), cost, stats)
