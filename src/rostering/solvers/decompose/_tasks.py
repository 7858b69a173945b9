"""What a worker does with one part (or one repair neighbourhood): a pure solve of a small Problem.

`solve_task` is a function of its task alone, so Dask can run it in any worker process (or a machine of
a real cluster with rostering installed). The worker also checks its roster against the part with the
independent validator, so a part's fault is caught where it happened.

`Runner` hands tasks to workers: `DaskRunner` keeps every worker busy with at most one task in flight
per worker, building each task only when a worker is free (its time limit is then worked out from the
time actually left, and a task that no longer fits is skipped: `make` gives None); `InlineRunner` runs
them here, one after another.
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


# Builds task i when a worker is free to run it, or None to skip it (it no longer fits the time left).
TaskMaker = Callable[[int], SolveTask | None]


class Runner(Protocol):
    workers: int
    # Seconds it takes to let the workers go when the run ends (kept back from the time limit).
    closing_s: float

    def run(self, count: int, make: TaskMaker) -> Iterator[tuple[int, SolveOutcome | None]]:
        """(i, solve_task(make(i))) for i in range(count), as each finishes; (i, None) if skipped."""
        ...


class InlineRunner:
    """Every task in this process, in order."""

    workers = 1
    closing_s = 0.0

    def run(self, count: int, make: TaskMaker) -> Iterator[tuple[int, SolveOutcome | None]]:
        for i in range(count):
            task = make(i)
            yield i, None if task is None else solve_task(task)


class DaskRunner:
    """Tasks on a Dask cluster, at most one in flight per worker; a task is built when a worker frees up."""

    # A LocalCluster takes a second or two to stop its workers.
    closing_s = 2.0

    def __init__(self, client: Any) -> None:
        from ...cluster import worker_count

        self.client = client
        self.workers = worker_count(client)

    def run(self, count: int, make: TaskMaker) -> Iterator[tuple[int, SolveOutcome | None]]:
        from distributed import as_completed

        index: dict[Any, int] = {}
        queue = iter(range(count))
        skipped: list[int] = []

        def submit_next() -> Any:
            """The future of the next task that is not skipped, or None when none is left."""
            for i in queue:
                task = make(i)
                if task is None:
                    skipped.append(i)
                    continue
                future = self.client.submit(
                    solve_task, task, key=f"solve-{task.label}-{i}-{time.time_ns()}", pure=False
                )
                index[future] = i
                return future
            return None

        first = [f for f in (submit_next() for _ in range(self.workers)) if f is not None]
        running = as_completed(first)
        for future in running:
            outcome: SolveOutcome = future.result()
            # Reported before the next task is built, so its budget sees this worker free.
            yield index.pop(future), outcome
            following = submit_next()
            if following is not None:
                running.add(following)
        for i in skipped:
            yield i, None
