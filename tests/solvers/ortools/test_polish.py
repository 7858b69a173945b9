"""The OR-Tools adapter takes our roster as it is: routes, start times and the objective's value."""

from __future__ import annotations

from rostering.domain import Problem
from rostering.solvers.base import Budget
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._progress import ProgressReport
from rostering.solvers.ortools.polish import OrToolsSearch
from rostering.solvers.params import ContinuityWeights, SolveParams
from tests.care_day import block_of


def test_polish_allowed_one_solution_gives_our_roster_back_at_our_cost(tiny_problem: Problem) -> None:
    # Per visit, the model and our objective charge alike (the per-pair new-carer term set aside).
    params = SolveParams(continuity=ContinuityWeights(new_carer_in_week_gbp=0.0))
    inst = block_of(tiny_problem, params)
    state = construct(inst, 0).state
    assert state.routed_count() == inst.n_visit_nodes
    search = OrToolsSearch(
        inst, params, Budget(time_limit_s=None, work_limit=1), ProgressReport(0.0, 1, None, "")
    )
    back = search.polish(state.routes, state.scheds, lambda: None, 1)
    assert back is not None
    assert back.routes == state.routes
    assert back.starts == state.routed_starts()
    assert back.objective == state.total_cost()
