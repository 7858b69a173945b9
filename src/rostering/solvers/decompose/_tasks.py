"""What a worker does with one part (or one repair neighbourhood): a pure solve of a small Problem.

`solve_task` is a function of its task alone, so Dask can run it in any worker process (or a machine of
a real cluster with rostering installed). The worker also checks its roster against the part with the
independent validator, so a part's fault is caught where it happened.

`Runner` hands tasks to workers: `DaskRunner` keeps every worker busy with at most one task in flight
per worker, building each task only when a worker is free (its time limit is then worked out from the
time actually left); `InlineRunner` runs them here, one after another.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ...domain import Problem, Roster
from ...evaluation.validate import validate
from ...travel.matrix import TravelMatrix
from ..base import Budget
from ..params import SolveParams


@dataclass(frozen=True)
class SolveTask:
    """A small problem, its dense travel matrices and how much search it gets."""

    label: str
    problem: Problem
    matrices: dict[str, TravelMatrix]
    params: SolveParams
    budget: Budget
    seed: int


@dataclass(frozen=True)
class SolveOutcome:
    label: str
    roster: Roster
    violations: int
    wall_s: float


def solve_task(task: SolveTask) -> SolveOutcome:
    """Roster the task's problem with the engine and count its violations."""
    from ..engine.solver import EngineSolver

    started = time.monotonic()
    roster = EngineSolver().solve(task.problem, task.matrices, task.params, task.budget, task.seed)
    violations = len(validate(task.problem, task.matrices, roster))
    return SolveOutcome(task.label, roster, violations, time.monotonic() - started)


class Runner(Protocol):
    workers: int

    def run(self, count: int, make: Callable[[int], SolveTask]) -> Iterator[tuple[int, SolveOutcome]]:
        """(i, solve_task(make(i))) for i in range(count), as each finishes."""
        ...


class InlineRunner:
    """Every task in this process, in order."""

    workers = 1

    def run(self, count: int, make: Callable[[int], SolveTask]) -> Iterator[tuple[int, SolveOutcome]]:
        for i in range(count):
            yield i, solve_task(make(i))


class DaskRunner:
    """Tasks on a Dask cluster, at most one in flight per worker; a task is built when a worker frees up."""

    def __init__(self, client: Any) -> None:
        from ...cluster import worker_count

        self.client = client
        self.workers = worker_count(client)

    def run(self, count: int, make: Callable[[int], SolveTask]) -> Iterator[tuple[int, SolveOutcome]]:
        from distributed import as_completed

        index: dict[Any, int] = {}
        queue = iter(range(count))

        def submit(i: int) -> Any:
            task = make(i)
            future = self.client.submit(
                solve_task, task, key=f"solve-{task.label}-{i}-{time.time_ns()}", pure=False
            )
            index[future] = i
            return future

        first = [submit(i) for _, i in zip(range(self.workers), queue, strict=False)]
        if not first:
            return
        running = as_completed(first)
        for future in running:
            i = index.pop(future)
            outcome: SolveOutcome = future.result()
            following = next(queue, None)
            if following is not None:
                running.add(submit(following))
            yield i, outcome
