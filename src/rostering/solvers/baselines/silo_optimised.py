"""`time-and-task-optimised`: today's silos and fixed times, each silo's roster built by the engine.

The same partition as `time-and-task` (each provider rosters only its own carers for the clients it
holds; visits start at requested_start +/- tolerance), but every provider's sub-problem is solved by the
optimisation core instead of the coordinator's hand rule. Comparing the three solvers separates what the
algorithm gains (time-and-task -> time-and-task-optimised) from what pooling carers across providers and
flexible windows gain (time-and-task-optimised -> locality).

The time (or work) limit is shared among the silos in proportion to their visits, so the whole run gets
the same budget as the pooled engine. Double-ups are paired inside a silo only. A dependency between
visits of two different silos cannot be kept by either silo alone: after merging, a dependency that is
broken takes both its visits out (see repair.py).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from ...domain import Problem, Roster, Unassigned
from ...travel.matrix import TravelMatrix
from ..base import Budget, Progress, ProgressCallback, Solver
from ..stitch import stitch_rosters
from .params import BaselineParams
from .repair import enforce_dependencies
from .silos import silo_problems

NAME = "time-and-task-optimised"


class SiloOptimisedSolver:
    """Each provider's silo, with fixed times, solved by `core` (the OR-Tools engine by default).

    `params` is handed to the core unchanged (the engine's SolveParams); the silo rules come from the
    BaselineParams given here.
    """

    name = NAME

    def __init__(self, baseline: BaselineParams | None = None, core: Solver | None = None) -> None:
        self.baseline = baseline or BaselineParams()
        self._core = core

    @property
    def core(self) -> Solver:
        if self._core is None:
            from ..engine.solver import EngineSolver

            self._core = EngineSolver()
        return self._core

    def solve(
        self,
        problem: Problem,
        matrices: Mapping[str, TravelMatrix],
        params: Any = None,
        budget: Budget | None = None,
        seed: int = 0,
        progress: ProgressCallback | None = None,
    ) -> Roster:
        budget = budget or Budget()
        started = time.perf_counter()
        silos = silo_problems(problem, self.baseline)
        total = max(1, len(problem.visits))
        rosters: list[Roster] = []
        done = 0
        for provider_id, silo in silos.items():
            if not silo.visits:
                continue
            if not silo.shifts:
                rosters.append(_nobody_on_shift(problem, silo, provider_id))
                continue
            share = len(silo.visits) / total
            relay = _relay(progress, provider_id, started, done, total)
            roster = self.core.solve(
                silo, _restricted(matrices, silo), params, _share_of(budget, share), seed=seed, progress=relay
            )
            rosters.append(roster)
            done += len(roster.by_visit)
        merged = merge_silo_rosters(problem.locality.name, rosters, seed)
        return enforce_dependencies(problem, matrices, merged)


def merge_silo_rosters(locality: str, rosters: list[Roster], seed: int | None) -> Roster:
    """One roster of the silos' rosters: their carers are disjoint, so their routes simply sit together."""
    return stitch_rosters(locality, NAME, seed, rosters, stats={"silos": len(rosters)})


def _share_of(budget: Budget, share: float) -> Budget:
    """A silo's part of the run's budget, in proportion to its visits (at least a second / one solution)."""
    time_limit = (
        None
        if budget.time_limit_s is None
        else max(min(1.0, budget.time_limit_s), budget.time_limit_s * share)
    )
    work_limit = None if budget.work_limit is None else max(1, round(budget.work_limit * share))
    return Budget(time_limit_s=time_limit, work_limit=work_limit)


def _restricted(matrices: Mapping[str, TravelMatrix], silo: Problem) -> dict[str, TravelMatrix]:
    """The matrices cut down to the silo's clients and carer bases (smaller models, same travel times)."""
    ids = [loc.location_id for loc in silo.locations()]
    modes = {c.travel_mode for c in silo.carers}
    return {p: m.subset(ids) if p in modes else m for p, m in matrices.items()}


def _nobody_on_shift(problem: Problem, silo: Problem, provider_id: str) -> Roster:
    reason = "no_shift_in_window" if silo.carers else "no_eligible_carer"
    detail = (
        f"no carer of provider {provider_id} is on shift"
        if silo.carers
        else f"provider {provider_id} holds this package but has no carers"
    )
    return Roster(
        locality=problem.locality.name,
        solver=NAME,
        unassigned=tuple(
            Unassigned(visit_id=v.visit_id, client_id=v.client_id, date=v.date, reason=reason, detail=detail)
            for v in silo.visits
        ),
    )


def _relay(
    progress: ProgressCallback | None, provider_id: str, started: float, done: int, total: int
) -> ProgressCallback | None:
    """Report a silo's progress as progress of the whole run."""
    if progress is None:
        return None
    report = progress

    def relay(p: Progress) -> None:
        report(
            Progress(
                elapsed_s=time.perf_counter() - started,
                best_objective=p.best_objective,
                visits_assigned=done + p.visits_assigned,
                visits_total=total,
                phase=f"silo {provider_id}: {p.phase}" if p.phase else f"silo {provider_id}",
            )
        )

    return relay
