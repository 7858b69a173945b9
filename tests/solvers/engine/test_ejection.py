"""A visit only a busy carer can do gets in by moving that carer's visit to someone free (_ejection.py).

K1 and K2 can do PEG feeding, K3 cannot; V1 (PEG, 09:00 sharp) was K1's and V2 (09:00 sharp) K2's. With
K1 off sick, V1 fits nowhere until V2 moves to K3.
"""

from __future__ import annotations

import random

from rostering.domain import Problem, Roster
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget, Replan
from rostering.solvers.engine._ejection import eject_for_stranded
from rostering.solvers.engine._insertion import Insertion
from rostering.solvers.engine._routes import RouteState
from rostering.solvers.engine._ruin import closeness, ruin
from rostering.solvers.engine.solver import EngineSolver, block_instance
from rostering.solvers.params import SolveParams
from tests.care_day import DAY, carer, client, problem, shift, visit
from tests.conftest import line_matrices
from tests.golden.tiny_rosters import assignment
from tests.solvers.engine.test_replan import absent


def peg_day() -> Problem:
    carers = [
        carer("K1", -2.72, skills=("peg_feeding",)),
        carer("K2", -2.70, skills=("peg_feeding",)),
        carer("K3", -2.68),
    ]
    return problem(
        carers,
        [shift(k.carer_id) for k in carers],
        [client("C1", -2.71), client("C2", -2.69)],
        [visit("V1", "C1", "09:00", "09:00", skills=("peg_feeding",)), visit("V2", "C2", "09:00", "09:00")],
    )


PUBLISHED = Roster(
    locality="test",
    solver="hand",
    assignments=(assignment("V1", "K1", 540, 570, 0, 0.0, 1), assignment("V2", "K2", 540, 570, 0, 0.0, 1)),
)


def test_ejection_moves_the_busy_carer_s_visit_to_a_free_carer() -> None:
    day = peg_day().replace(absences=(absent("K1"),))
    inst, _ = block_instance(day, (DAY,), line_matrices(day), SolveParams())
    node = {inst.visit_of(j).visit_id: j for j in range(inst.n_visit_nodes)}
    vehicle = {inst.carer_ids[veh.carer_slot]: veh.index for veh in inst.vehicles}
    insertion = Insertion(RouteState(inst), 0)
    state = insertion.state
    sched = state.try_insert(vehicle["K2"], node["V2"], 0, 540)
    assert sched is not None
    state.commit(vehicle["K2"], node["V2"], 0, 540, sched)
    insertion.insert_all()
    assert state.vehicle_of[node["V1"]] < 0  # K2 is busy at 09:00 and K3 cannot do it

    assert eject_for_stranded(insertion, [node["V1"]]) == 1
    assert state.vehicle_of[node["V1"]] == vehicle["K2"]
    assert state.vehicle_of[node["V2"]] == vehicle["K3"]


def test_ejection_never_moves_a_kept_visit() -> None:
    day = peg_day().replace(absences=(absent("K1"),))
    inst, _ = block_instance(day, (DAY,), line_matrices(day), SolveParams())
    node = {inst.visit_of(j).visit_id: j for j in range(inst.n_visit_nodes)}
    k2 = next(veh.index for veh in inst.vehicles if inst.carer_ids[veh.carer_slot] == "K2")
    insertion = Insertion(RouteState(inst), 0)
    sched = insertion.state.try_insert(k2, node["V2"], 0, 540)
    assert sched is not None
    insertion.state.commit(k2, node["V2"], 0, 540, sched)
    assert eject_for_stranded(insertion, [node["V1"]], frozenset({node["V2"]})) == 0
    assert insertion.state.vehicle_of[node["V2"]] == k2


def test_a_replan_covers_the_sick_carer_s_specialist_visit() -> None:
    sick = peg_day().replace(absences=(absent("K1"),))
    roster = EngineSolver().solve(
        sick, line_matrices(sick), SolveParams(), Budget(work_limit=1), seed=1, replan=Replan(PUBLISHED)
    )
    assert validate(sick, line_matrices(sick), roster) == []
    assert not roster.unassigned
    assert {(a.visit_id, a.carer_id) for a in roster.assignments} == {("V1", "K2"), ("V2", "K3")}


def test_a_ruin_around_an_unassigned_visit_takes_only_from_carers_who_could_do_it() -> None:
    # Five visits near C1 at 09:00-10:00 on K2 (can do PEG) and K3 (cannot); V1 (PEG) is left out.
    carers = [carer("K2", -2.70, skills=("peg_feeding",)), carer("K3", -2.70)]
    others = [visit(f"W{i}", f"C{i}", "09:00", "10:30") for i in range(2, 7)]
    day = problem(
        carers,
        [shift(k.carer_id) for k in carers],
        [client(f"C{i}", -2.71 + 0.001 * i) for i in range(1, 7)],
        [visit("V1", "C1", "09:00", "09:00", skills=("peg_feeding",)), *others],
    )
    inst, _ = block_instance(day, (DAY,), line_matrices(day), SolveParams())
    node = {inst.visit_of(j).visit_id: j for j in range(inst.n_visit_nodes)}
    state = Insertion(RouteState(inst), 0).state
    for k, w in enumerate(others):
        v = k % 2  # alternately K2 and K3
        sched = state.try_insert(v, node[w.visit_id], len(state.routes[v]), None)
        assert sched is not None
        state.commit(v, node[w.visit_id], len(state.routes[v]), None, sched)
    k2 = next(veh.index for veh in inst.vehicles if inst.carer_ids[veh.carer_slot] == "K2")
    near = closeness(inst)
    for seed in range(20):
        out = ruin(state, near, 2, random.Random(seed), None, [node["V1"]])
        assert out and all(state.vehicle_of[j] == k2 for j in out)
