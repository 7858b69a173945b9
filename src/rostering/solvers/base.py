"""The Solver protocol every roster builder implements: the OR-Tools engine and the baselines alike.

Solving is a pure function of (problem, matrices, params, stop, seed), so it can be shipped to a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain import Problem, Roster
from ..travel.matrix import TravelMatrices


@dataclass(frozen=True)
class Stop:
    """When to stop searching. A work limit (solutions examined) makes runs reproducible."""

    time_limit_s: float | None = 30.0
    work_limit: int | None = None


@dataclass(frozen=True)
class Progress:
    elapsed_s: float
    best_objective: float | None
    visits_assigned: int
    visits_total: int
    phase: str = ""


ProgressCallback = Callable[[Progress], None]


class Solver(Protocol):
    name: str

    def solve(
        self,
        problem: Problem,
        matrices: TravelMatrices,
        params: Any,
        stop: Stop,
        seed: int = 0,
        progress: ProgressCallback | None = None,
    ) -> Roster: ...
