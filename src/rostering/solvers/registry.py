"""The roster builders by name, as `compare` and the benchmarks call them.

`time-and-task` is today's practice by hand, `time-and-task-optimised` the same silos and fixed times
solved by the engine, `locality` the engine on the pooled locality with commissioned windows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain import Problem, Roster
from ..travel.matrix import TravelMatrix
from .base import Budget, ProgressCallback, Replan, Solver
from .baselines.params import BaselineParams
from .baselines.silo_optimised import SiloOptimisedSolver
from .baselines.time_and_task import TimeAndTaskSolver

SOLVER_NAMES: tuple[str, ...] = ("time-and-task", "time-and-task-optimised", "locality")


def make_solver(name: str, baseline: BaselineParams | None = None) -> Solver:
    """The solver called `name` (one of SOLVER_NAMES); baselines follow `baseline` (defaults if None)."""
    if name == "time-and-task":
        return TimeAndTaskSolver(baseline)
    if name == "time-and-task-optimised":
        return SiloOptimisedSolver(baseline)
    if name == "locality":
        return LocalitySolver()
    raise ValueError(f"unknown solver {name!r}; one of {', '.join(SOLVER_NAMES)}")


class LocalitySolver:
    """The engine on the whole pooled problem, as the comparisons name it."""

    name = "locality"

    def solve(
        self,
        problem: Problem,
        matrices: Mapping[str, TravelMatrix],
        params: Any = None,
        budget: Budget | None = None,
        seed: int = 0,
        progress: ProgressCallback | None = None,
        replan: Replan | None = None,
    ) -> Roster:
        """The engine's roster (re-planned against `replan`'s published roster when given)."""
        from .engine.solver import EngineSolver

        roster = EngineSolver().solve(
            problem, matrices, params, budget or Budget(), seed=seed, progress=progress, replan=replan
        )
        return roster if roster.solver == self.name else roster.model_copy(update={"solver": self.name})
