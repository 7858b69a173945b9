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


class Day:
    """A day's empty routes, with its visit nodes and vehicles by id."""

    def __init__(self, p: Problem) -> None:
        inst, _ = block_instance(p, (DAY,), line_matrices(p), SolveParams())
        self.insertion = Insertion(RouteState(inst), 0)
        self.state = self.insertion.state
        self.node = {inst.visit_of(j).visit_id: j for j in range(inst.n_visit_nodes)}
        self.vehicle = {inst.carer_ids[veh.carer_slot]: veh.index for veh in inst.vehicles}

    def place(self, visit_id: str, carer_id: str, start: int | None = None) -> None:
        """At the end of the carer's route, at `start` (or as early as it fits)."""
        v, j = self.vehicle[carer_id], self.node[visit_id]
        at = len(self.state.routes[v])
        sched = self.state.try_insert(v, j, at, start)
        assert sched is not None
        self.state.commit(v, j, at, start, sched)


def k2_busy_k1_sick() -> Day:
    day = Day(peg_day().replace(absences=(absent("K1"),)))
    day.place("V2", "K2", 540)
    return day


def test_ejection_moves_the_busy_carer_s_visit_to_a_free_carer() -> None:
    day = k2_busy_k1_sick()
    day.insertion.insert_all()
    assert day.state.vehicle_of[day.node["V1"]] < 0  # K2 is busy at 09:00 and K3 cannot do it

    assert eject_for_stranded(day.insertion, [day.node["V1"]]) == 1
    assert day.state.vehicle_of[day.node["V1"]] == day.vehicle["K2"]
    assert day.state.vehicle_of[day.node["V2"]] == day.vehicle["K3"]


def test_ejection_never_moves_a_kept_visit() -> None:
    day = k2_busy_k1_sick()
    assert eject_for_stranded(day.insertion, [day.node["V1"]], {day.node["V2"]}) == 0
    assert day.state.vehicle_of[day.node["V2"]] == day.vehicle["K2"]


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
    day = Day(
        problem(
            carers,
            [shift(k.carer_id) for k in carers],
            [client(f"C{i}", -2.71 + 0.001 * i) for i in range(1, 7)],
            [visit("V1", "C1", "09:00", "09:00", skills=("peg_feeding",)), *others],
        )
    )
    for k, w in enumerate(others):
        day.place(w.visit_id, ("K2", "K3")[k % 2])
    near = closeness(day.state.inst)
    for seed in range(20):
        out = ruin(day.state, near, 2, random.Random(seed), None, [day.node["V1"]])
        assert out and all(day.state.vehicle_of[j] == day.vehicle["K2"] for j in out)
