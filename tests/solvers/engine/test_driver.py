"""A time-limited block keeps to its deadline in every phase and still gives a roster (_driver.py):
a construction past its hurry time places every visit, one with no time at all reports the visits it
never reached, and the OR-Tools polish is left out when its share of the time cannot pay for its model."""

from __future__ import annotations

import pytest

from rostering.domain import Problem, Roster
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine import _driver
from rostering.solvers.engine.solver import EngineSolver
from tests.care_day import carer, client, problem, shift, visit
from tests.conftest import line_matrices


def _day() -> Problem:
    # Eight visits (one a double-up) over three carers' mornings: all fit.
    return problem(
        [carer(f"K{k}", -2.75 + 0.02 * k) for k in range(3)],
        [shift(f"K{k}") for k in range(3)],
        [client(f"C{i}", -2.76 + 0.01 * i) for i in range(8)],
        [
            visit(
                f"V{i}",
                f"C{i}",
                f"{8 + i % 5:02d}:00",
                f"{9 + i % 5:02d}:30",
                carers_required=2 if i == 3 else 1,
            )
            for i in range(8)
        ],
    )


def _solve(p: Problem, budget: Budget) -> tuple[Roster, dict[str, object]]:
    matrices = line_matrices(p)
    roster = EngineSolver().solve(p, matrices, None, budget, seed=0)
    assert validate(p, matrices, roster) == []
    # Every visit is accounted for exactly once, assigned or with a reason.
    assert set(roster.by_visit) | {u.visit_id for u in roster.unassigned} == {v.visit_id for v in p.visits}
    (stats,) = roster.stats["blocks"].values()
    return roster, stats


def test_a_construction_past_its_hurry_time_still_places_every_visit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hurry from the first visit on (a block's time limit is at least a few hundredths of a second).
    monkeypatch.setattr(_driver, "CONSTRUCTION_HURRY", 0.0)
    p = _day()
    roster, stats = _solve(p, Budget(time_limit_s=1e-6, work_limit=None))
    assert stats["construction"] == "hurried by the time limit"
    assert not roster.unassigned


def test_a_construction_with_no_time_at_all_reports_the_visits_it_never_reached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_driver, "CONSTRUCTION_STOP", 0.0)
    monkeypatch.setattr(_driver, "CONSTRUCTION_STOP_MIN_S", 0.0)
    p = _day()
    roster, stats = _solve(p, Budget(time_limit_s=1e-6, work_limit=None))
    assert stats["construction"] == "stopped by the time limit"
    assert not roster.assignments
    assert {u.reason for u in roster.unassigned} == {"no_capacity_in_window"}
    assert all("time limit ran out" in u.detail for u in roster.unassigned)


def test_the_polish_is_left_out_when_its_share_cannot_pay_for_the_model() -> None:
    roster, stats = _solve(_day(), Budget(time_limit_s=0.5, work_limit=None))
    assert stats["polish"] == "skipped: too little time for the OR-Tools model"
    assert "status" not in stats  # OR-Tools never ran
    assert not roster.unassigned


def test_a_work_limited_run_keeps_every_phase() -> None:
    roster, stats = _solve(_day(), Budget(time_limit_s=None, work_limit=30))
    assert "polish" not in stats and "construction" not in stats
    assert stats["ruin_recreate_rounds"] == round(30 * 0.85)
    assert not roster.unassigned
