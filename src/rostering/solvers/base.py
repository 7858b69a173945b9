"""The Solver protocol every roster builder implements: the engine and the baselines alike.

Solving is a pure function of (problem, matrices, params, budget, seed), so it can be shipped to a worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain import Problem, Roster
from ..travel.matrix import TravelMatrices


@dataclass(frozen=True)
class Budget:
    """How much search a solve may spend: a time limit, a work limit (search rounds + OR-Tools solutions,
    which makes runs reproducible), or both (whichever comes first)."""

    time_limit_s: float | None = 30.0
    work_limit: int | None = None


@dataclass(frozen=True)
class Replan:
    """Re-planning against a published roster: keep it where nothing forces a change.

    Visits starting before `freeze_before` (local date-time) keep their published carer and start unless
    that carer is now absent; every other change costs what SolveParams.stability says.
    """

    published: Roster
    freeze_before: dt.datetime | None = None


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
        budget: Budget,
        seed: int = 0,
        progress: ProgressCallback | None = None,
    ) -> Roster: ...
