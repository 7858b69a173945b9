"""Benchmark solves side by side: every result comes back once, from worker processes, closures and all."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rostering.bench.isolation import isolated
from rostering.bench.parallel import run_side_by_side, usable_cores
from tests.conftest import REPO

NOTHING: list[str] = []


def test_two_workers_return_every_result_once_whatever_the_finishing_order() -> None:
    offset = 100  # a closure over a local: the workers inherit it, nothing is pickled but results

    def solve(item: int) -> tuple[int, int]:
        return item + offset, os.getpid()

    items = list(range(7))
    got = dict(run_side_by_side(solve, items, jobs=2))
    assert sorted(got) == items
    assert [got[i][0] for i in items] == [i + 100 for i in items]
    # Solved away from the parent, by at most two workers.
    pids = {pid for _, pid in got.values()}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_worker_can_still_isolate_each_solve_in_a_child() -> None:
    def answer(inst: str, limit: float, seed: int) -> tuple[list[str], float | None]:
        return [inst, str(os.getpid())], 0.5

    guarded = isolated(answer, NOTHING)
    got = dict(run_side_by_side(lambda name: (os.getpid(), guarded(name, 1.0, 0)), ["A", "B", "C"], jobs=2))
    for worker_pid, ((name, child_pid), time_to_best) in got.values():
        assert time_to_best == 0.5 and name in "ABC"
        assert int(child_pid) != worker_pid


def test_one_job_runs_in_this_process_in_order() -> None:
    got = list(run_side_by_side(lambda item: (item, os.getpid()), ["x", "y", "z"], jobs=1))
    assert got == [(0, ("x", os.getpid())), (1, ("y", os.getpid())), (2, ("z", os.getpid()))]


def test_an_error_in_a_solve_reaches_the_caller() -> None:
    def solve(item: int) -> int:
        if item == 3:
            raise ValueError("instance 3 is malformed")
        return item

    with pytest.raises(ValueError, match="instance 3 is malformed"):
        list(run_side_by_side(solve, list(range(6)), jobs=2))


@pytest.mark.parametrize("script", ["bench_vrptw.py", "bench_hhc.py"])
def test_the_scripts_refuse_more_jobs_than_cores(script: str) -> None:
    """Two solvers on one core would each get half of it: the time limits would stop meaning anything."""
    path = REPO / "benchmarks" / script
    run = subprocess.run(
        [sys.executable, str(path), "--jobs", str(usable_cores() + 1), "--no-results-md"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert f"--jobs must be between 1 and the {usable_cores()} usable cores" in run.stderr
    assert "Traceback" not in run.stderr
