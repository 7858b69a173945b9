"""A benchmark solve runs in a child process: its answer returns, a hang is cut off, a crash is reported."""

from __future__ import annotations

import time

import pytest

from rostering.bench.isolation import isolated
from rostering.errors import SolverError

NOTHING: list[str] = []


def _answer(inst: str, limit: float, seed: int) -> tuple[list[str], float | None]:
    return [inst, str(seed)], 0.5


def _hang(inst: str, limit: float, seed: int) -> tuple[list[str], float | None]:
    time.sleep(30)
    return ["never"], None


def _crash(inst: str, limit: float, seed: int) -> tuple[list[str], float | None]:
    raise ValueError("no first solution")


def test_the_child_returns_the_solvers_answer() -> None:
    assert isolated(_answer, NOTHING)("X1", 1.0, 7) == (["X1", "7"], 0.5)


def test_a_solve_past_the_hard_limit_counts_as_no_solution() -> None:
    began = time.perf_counter()
    assert isolated(_hang, NOTHING, factor=0.0, grace_s=0.5)("X1", 1.0, 0) == ([], None)
    assert time.perf_counter() - began < 10


def test_a_crashing_solver_is_a_solver_error() -> None:
    with pytest.raises(SolverError, match="ValueError: no first solution"):
        isolated(_crash, NOTHING)("X1", 1.0, 0)
