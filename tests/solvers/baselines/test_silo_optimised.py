"""`time-and-task-optimised`: the providers' silos at booked times, each solved by the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.domain import HistoryRecord, Problem, VisitDependency
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.baselines.params import BaselineParams
from rostering.solvers.baselines.silo_optimised import SiloOptimisedSolver
from rostering.solvers.baselines.silos import silo_problems
from rostering.solvers.baselines.time_and_task import TimeAndTaskSolver
from rostering.solvers.registry import SOLVER_NAMES, make_solver
from tests.conftest import DAY, hm, line_matrices
from tests.siloed_day import bundle, carer, client, visit

STOP = Budget(time_limit_s=None, work_limit=40)


def mixed_problem() -> Problem:
    """In-house A and agency B, clients of each (and one with no provider), next to the other's carers.

    Pooling would be tempting everywhere: B's clients live by A's carers and vice versa. CN names no
    provider; history.csv says A1 visited, so A holds the package (ownership.py's history rule).
    """
    carers = [
        carer("A1", "A", -2.70, skills=("medication",), gender="f"),
        carer("A2", "A", -2.69, gender="f"),
        carer("B1", "B", -2.62, gender="f"),
        carer("B2", "B", -2.61, travel_mode="bike", gender="m"),
    ]
    clients = [
        client("CA", "A", -2.615, preferred_carers=("B1",)),  # prefers a carer of the other provider
        client("CB", "B", -2.70, excluded_carers=("A2",)),
        client("CN", None, -2.60),
    ]
    visits = [
        visit("V1", "CA", "08:30", skills=("medication",)),
        visit("V2", "CB", "08:30"),
        visit("V3", "CB", "10:00", carers_required=2),
        visit("V4", "CN", "09:00"),
        visit("V5", "CA", "12:00", carers_required=2),
        visit("V6", "CB", "12:10", duration=45),
    ]
    deps = (VisitDependency(first_visit_id="V4", second_visit_id="V6", min_gap_min=60, max_gap_min=240),)
    history = (HistoryRecord(client_id="CN", carer_id="A1", date=DAY - dt.timedelta(days=7)),)
    return bundle(carers, clients, visits, dependencies=deps, history=history)


def test_silo_problems_hold_one_provider_each_at_booked_times() -> None:
    problem = mixed_problem()
    silos = silo_problems(problem, BaselineParams(tolerance_min=10))
    assert {c.carer_id for c in silos["A"].carers} == {"A1", "A2"}
    assert {c.client_id for c in silos["A"].clients} == {"CA", "CN"}
    assert {c.client_id for c in silos["B"].clients} == {"CB"}
    # Another provider's carers drop out of preferences and exclusions; so does a cross-silo dependency.
    assert silos["A"].client_by_id["CA"].preferred_carers == ()
    assert silos["B"].client_by_id["CB"].excluded_carers == ()
    assert silos["A"].dependencies == silos["B"].dependencies == ()
    v1 = silos["A"].visit_by_id["V1"]
    assert (v1.window_start_min, v1.window_end_min) == (hm("08:20"), hm("08:40"))


@pytest.fixture(scope="module")
def silo_roster_and_problem() -> tuple[Problem, object]:
    problem = mixed_problem()
    return problem, SiloOptimisedSolver().solve(problem, line_matrices(problem), None, STOP, seed=1)


def test_silo_optimised_roster_is_valid_and_never_pools(silo_roster_and_problem: tuple) -> None:
    problem, roster = silo_roster_and_problem
    assert roster.solver == "time-and-task-optimised"
    assert validate(problem, line_matrices(problem), roster) == []
    owner = {"CA": "A", "CB": "B", "CN": "A"}
    assert roster.assignments
    for a in roster.assignments:
        v = problem.visit_by_id[a.visit_id]
        assert problem.carer_by_id[a.carer_id].provider_id == owner[v.client_id]
        assert abs(a.start_min - v.requested_start_min) <= 15
    for visit_id, pair in roster.by_visit.items():
        if problem.visit_by_id[visit_id].carers_required == 2:
            assert len({problem.carer_by_id[a.carer_id].provider_id for a in pair}) == 1
            assert len({a.start_min for a in pair}) == 1


def test_a_dependency_across_silos_is_kept_or_both_visits_unmet(silo_roster_and_problem: tuple) -> None:
    _, roster = silo_roster_and_problem
    placed = roster.by_visit
    if "V4" in placed and "V6" in placed:
        assert 60 <= placed["V6"][0].start_min - placed["V4"][0].start_min <= 240
    else:
        assert "V4" not in placed and "V6" not in placed
        assert {u.reason for u in roster.unassigned if u.visit_id in ("V4", "V6")} == {
            "dependency_partner_unassigned"
        }


def test_a_dependency_the_silos_cannot_keep_leaves_both_visits_unmet() -> None:
    # V4 (in-house silo, 09:00) and V6 (agency silo, 12:10) would need 300+ minutes between them.
    problem = mixed_problem()
    dep = VisitDependency(first_visit_id="V4", second_visit_id="V6", min_gap_min=300, max_gap_min=400)
    problem = problem.replace(dependencies=(dep,))
    matrices = line_matrices(problem)
    roster = SiloOptimisedSolver().solve(problem, matrices, None, STOP, seed=1)
    assert validate(problem, matrices, roster) == []
    assert "V4" not in roster.by_visit and "V6" not in roster.by_visit
    assert {u.reason for u in roster.unassigned if u.visit_id in ("V4", "V6")} == {
        "dependency_partner_unassigned"
    }


def test_both_baselines_keep_silos_on_the_tiny_problem(tiny_problem: Problem, tiny_matrices: dict) -> None:
    # No client of the tiny problem names a provider; unowned_clients_provider gives them all to P1.
    rules = BaselineParams(unowned_clients_provider="P1")
    for solver in (TimeAndTaskSolver(rules), SiloOptimisedSolver(rules)):
        roster = solver.solve(tiny_problem, tiny_matrices, None, STOP, seed=0)
        assert validate(tiny_problem, tiny_matrices, roster) == []
        assert {tiny_problem.carer_by_id[a.carer_id].provider_id for a in roster.assignments} == {"P1"}


def test_registry_names_the_three_solvers() -> None:
    assert [make_solver(n).name for n in SOLVER_NAMES] == list(SOLVER_NAMES)
    with pytest.raises(ValueError, match="unknown solver"):
        make_solver("magic")
