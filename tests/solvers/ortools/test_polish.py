"""The OR-Tools adapter takes our roster as it is (routes, start times) and charges it what our objective
does where its model can say it exactly: a client nobody has visited earlier in the week."""

from __future__ import annotations

from rostering.domain import Problem
from rostering.solvers.base import Budget
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._progress import ProgressReport
from rostering.solvers.ortools.polish import OrToolsSearch
from rostering.solvers.params import SolveParams
from tests.care_day import block_of


def test_polish_allowed_one_solution_gives_our_roster_back_at_our_cost(tiny_problem: Problem) -> None:
    inst = block_of(tiny_problem)
    assert inst.new_carer_cost.any()  # the per-pair continuity charge is in play
    state = construct(inst, 0).state
    assert state.routed_count() == inst.n_visit_nodes
    progress = ProgressReport(0.0, 1, None, "")
    search = OrToolsSearch(inst, SolveParams(), Budget(time_limit_s=None, work_limit=1), progress)
    back = search.polish(state.routes, state.scheds, lambda: None, 1)
    assert back is not None
    assert back.routes == state.routes
    assert back.starts == state.routed_starts()
    assert back.objective == state.total_cost()
