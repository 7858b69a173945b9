"""DecomposedSolver: a council-sized problem as parts solved in parallel, stitched, then repaired.

1. Regions (_regions.py): clients cut into regions of about `part_visits_per_day` visits a day along the
   gaps between settlements; each carer (all their days) goes to one region (_carers.py): home, or lent
   by a neighbouring region with cover to spare to one that is short.
2. Parts (_parts.py): each region is a Problem of its own, solved by the engine on a Dask worker
   (_tasks.py) with dense travel matrices over that part's locations only, so memory grows with the
   size of a part, not with the square of the council.
3. The parts' rosters are stitched into one (no carer is in two parts, so nobody is double-booked).
4. Repair (_repair.py): rounds of neighbourhoods around the unmet visits, across borders, re-rostered
   in parallel and kept where they leave less need unmet.

The time limit covers all of it: the parts share what is left of it after the cluster starts, in
proportion to their visits (the largest run first), keeping `repair_share` for the repair rounds. With a
work limit instead, every part and neighbourhood gets that work limit and the whole run is
deterministic: the same seed gives the same roster whichever worker finishes first.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ...domain import Problem, Roster
from ...travel.matrix import TravelMatrix, TravelSource
from ..base import Budget, Progress, ProgressCallback
from ..engine._teams import care_teams
from ..params import DecomposeParams, SolveParams
from ..stitch import stitch_rosters
from ._carers import CarerAllocation, allocate_carers, fixed_allocation
from ._parts import Lookup, PartPlan, plan_parts, sub_problem
from ._regions import client_regions, regions_from_labels
from ._repair import Neighbourhood, apply, improves, neighbourhood_problem, neighbourhoods, with_reasons
from ._tasks import DaskRunner, InlineRunner, Runner, SolveOutcome, SolveTask
from ._timing import TaskClock, overhead_s

# The least search a part gets (however late it starts) and a repair neighbourhood is worth starting for.
MIN_PART_S = 2.0
MIN_REPAIR_S = 1.0


@dataclass(frozen=True)
class Decomposition:
    """The parts of a problem and how its carers' days were shared out."""

    parts: tuple[PartPlan, ...]
    carers: CarerAllocation


def decompose(
    problem: Problem, params: DecomposeParams, towns: Mapping[str, str] | None = None
) -> Decomposition:
    """Regions by geography (or `towns`: a region name for every client and carer, a split by hand)."""
    if towns is None:
        regions = client_regions(problem, params.part_visits_per_day)
        carers = allocate_carers(problem, regions, params.border_km)
    else:
        regions = regions_from_labels(problem, towns)
        number = {towns[c]: r for c, r in regions.items()}
        carers = fixed_allocation(
            problem,
            {k.carer_id: number[towns[k.carer_id]] for k in problem.carers if towns[k.carer_id] in number},
        )
    return Decomposition(tuple(plan_parts(problem, regions, carers)), carers)


class DecomposedSolver:
    """The engine on a council: parts in parallel on Dask, stitched, repaired across borders.

    Parameters
    ----------
    scheduler
        A Dask scheduler address (`tcp://host:8786`); default a LocalCluster closed after the solve.
    workers
        LocalCluster worker processes (default one per usable core).
    inline
        Solve the parts in this process, one after another, without Dask.
    towns
        A region name for every client and carer: split by these instead of by geography, with no
        border carers (the split by hand a council's coordinators would make).
    repair
        Run the repair pass across borders (default True).
    """

    name = "locality"

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        inline: bool = False,
        towns: Mapping[str, str] | None = None,
        repair: bool = True,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.inline = inline
        self.towns = towns
        self.repair = repair

    def solve(
        self,
        problem: Problem,
        matrices: Mapping[str, TravelSource],
        params: SolveParams | None = None,
        budget: Budget | None = None,
        seed: int = 0,
        progress: ProgressCallback | None = None,
    ) -> Roster:
        """Roster `problem` part by part (see the module docstring)."""
        chosen = params if params is not None else SolveParams()
        budget = budget if budget is not None else Budget()
        run = _Run(problem, matrices, chosen, budget, seed, progress, self.repair)
        plan = decompose(problem, chosen.decompose, self.towns)
        marks = {"planned": time.monotonic()}
        with self._runner() as runner:
            marks["workers ready"] = time.monotonic()
            roster = run.parts(runner, plan.parts)
            marks["parts solved"] = time.monotonic()
            if self.repair:
                roster = run.repair(runner, roster)
            marks["repaired"] = time.monotonic()
        marks["workers closed"] = time.monotonic()
        stats: dict[str, Any] = {
            "decomposition": {
                "parts": run.part_stats,
                "border_carers": plan.carers.border_carers,
                "carers_lent": plan.carers.lent,
                "repair": run.repair_stats,
                "workers": run.workers,
            },
            "solutions": run.solutions,
        }
        if budget.time_limit_s is not None:
            # Timings only for time-limited runs: a work-limited run must give byte-identical rosters.
            stats["wall_s"] = round(time.monotonic() - run.t0, 2)
            stats["decomposition"]["seconds_at"] = {k: round(t - run.t0, 2) for k, t in marks.items()}
        update: dict[str, Any] = {"stats": stats, "objective": None}
        if len(problem.dates) > 1:
            # Each client's care team, read off the whole roster as the engine reads a week's.
            update["teams"] = care_teams(problem, roster, chosen.continuity.team_primary_share)
        return roster.model_copy(update=update)

    @contextlib.contextmanager
    def _runner(self) -> Iterator[Runner]:
        if self.inline:
            yield InlineRunner()
            return
        from ...cluster import dask_client

        with dask_client(self.scheduler, self.workers) as client:
            yield DaskRunner(client)


class _Run:
    """One decomposed solve's clock, inputs and running statistics."""

    def __init__(
        self,
        problem: Problem,
        matrices: Mapping[str, TravelSource],
        params: SolveParams,
        budget: Budget,
        seed: int,
        progress: ProgressCallback | None,
        repair: bool,
    ) -> None:
        self.t0 = time.monotonic()
        self.problem = problem
        self.lookup = Lookup(problem)
        self.matrices = matrices
        self.params = params
        self.budget = budget
        self.seed = seed
        self.progress = progress
        share = params.decompose.repair_share if repair and params.decompose.repair_rounds else 0.0
        limit = budget.time_limit_s
        self.limit = limit
        self.share = share
        self.parts_end: float | None = None
        self.end: float | None = None
        self.part_stats: list[dict[str, Any]] = []
        self.repair_stats: list[dict[str, Any]] = []
        self.solutions = 0
        self.workers = 1

    # ------------------------------------------------------------------ parts
    def parts(self, runner: Runner, parts: tuple[PartPlan, ...]) -> Roster:
        self.workers = runner.workers
        if self.limit is not None:
            # The time left once the workers are up, less what letting them go takes.
            self.end = self.t0 + self.limit - runner.closing_s
            self.parts_end = self.end - (self.end - time.monotonic()) * self.share
        order = sorted(range(len(parts)), key=lambda i: (-parts[i].visits, i))  # largest first
        clock = TaskClock(
            self.parts_end,
            runner.workers,
            [parts[i].visits for i in order],
            self.budget.work_limit,
            MIN_PART_S,
        )
        outcomes: dict[int, SolveOutcome] = {}
        assigned = 0

        def make(k: int) -> SolveTask | None:
            part = parts[order[k]]
            sub = sub_problem(self.lookup, part.clients, part.carer_days)
            budget = clock.budget(k)
            assert budget is not None  # parts are never skipped
            return SolveTask(part.label, sub, self._matrices(sub), self.params, budget, self.seed)

        for k, outcome in runner.run(len(parts), make):
            assert outcome is not None
            clock.done(k)
            outcomes[order[k]] = outcome
            assigned += len(outcome.roster.by_visit)
            self._report(assigned, f"parts ({len(outcomes)}/{len(parts)} done)")
        for i, part in enumerate(parts):
            self.part_stats.append(self._part_stats(part, outcomes[i]))
            self.solutions += int(outcomes[i].roster.stats.get("solutions", 0))
        return stitch_rosters(
            self.problem.locality.name,
            DecomposedSolver.name,
            self.seed,
            [outcomes[i].roster for i in range(len(parts))],
            travel_sources={p: m.source for p, m in self.matrices.items()},
        )

    def _part_stats(self, part: PartPlan, outcome: SolveOutcome) -> dict[str, Any]:
        stats: dict[str, Any] = {
            "label": part.label,
            "visits": part.visits,
            "busiest_day_visits": part.busiest_day_visits,
            "carer_days": len(part.carer_days),
            "unassigned": len(outcome.roster.unassigned),
            "violations": outcome.violations,
        }
        if self.budget.time_limit_s is not None:
            stats["wall_s"] = round(outcome.wall_s, 2)
        return stats

    # ------------------------------------------------------------------ repair
    def repair(self, runner: Runner, roster: Roster) -> Roster:
        settings = self.params.decompose
        tried: set[tuple[str, int]] = set()
        for rnd in range(settings.repair_rounds):
            if not roster.unassigned or not self._fits(self.end):
                break
            hoods = neighbourhoods(self.lookup, roster, settings.repair_carers * 2**rnd, tried)
            if hoods:
                roster = self._repair_round(runner, roster, hoods, settings.repair_rounds - rnd)
        return roster

    def _repair_round(
        self, runner: Runner, roster: Roster, hoods: list[Neighbourhood], rounds_left: int
    ) -> Roster:
        left = self._left(self.end)
        round_end = None if left is None else time.monotonic() + left / rounds_left
        sizes = [len(h.unmet) + len(h.assigned) for h in hoods]
        clock = TaskClock(round_end, runner.workers, sizes, self.budget.work_limit, MIN_REPAIR_S, skip=True)

        def make(k: int) -> SolveTask | None:
            budget = clock.budget(k)
            if budget is None:
                return None
            sub = neighbourhood_problem(self.lookup, hoods[k])
            return SolveTask(hoods[k].label, sub, self._matrices(sub), self.params, budget, self.seed + 1)

        results: dict[int, SolveOutcome | None] = {}
        for k, outcome in runner.run(len(hoods), make):
            clock.done(k)
            results[k] = outcome
        unmet_before = len(roster.unassigned)
        kept = tried = 0
        for k, hood in enumerate(hoods):
            outcome = results[k]
            if outcome is None:
                continue
            tried += 1
            self.solutions += int(outcome.roster.stats.get("solutions", 0))
            if outcome.violations == 0 and improves(self.lookup, hood, outcome.roster, self.params):
                roster = apply(roster, hood, outcome.roster)
                kept += 1
            elif outcome.violations == 0:
                roster = with_reasons(roster, outcome.roster)
        self.repair_stats.append(
            {
                "carers_per_neighbourhood": max(len({k for k, _ in h.carer_days}) for h in hoods),
                "neighbourhoods": tried,
                "kept": kept,
                "unmet_before": unmet_before,
                "unmet_after": len(roster.unassigned),
            }
        )
        self._report(len(roster.by_visit), "repair")
        return roster

    # ------------------------------------------------------------------ shared
    def _matrices(self, sub: Problem) -> dict[str, TravelMatrix]:
        """Dense matrices over the sub-problem's locations, for the profiles its carers use."""
        ids = [loc.location_id for loc in sub.locations()]
        modes = sorted({k.travel_mode for k in sub.carers})
        return {p: self.matrices[p].subset(ids) for p in modes if p in self.matrices}

    def _left(self, end: float | None) -> float | None:
        return None if end is None else max(0.0, end - time.monotonic())

    def _fits(self, end: float | None) -> bool:
        """Is there time before `end` for a small task (its overhead and the least search)?"""
        left = self._left(end)
        return left is None or left >= overhead_s(0) + MIN_REPAIR_S

    def _report(self, assigned: int, phase: str) -> None:
        if self.progress is not None:
            total = len(self.problem.visits)
            self.progress(Progress(time.monotonic() - self.t0, None, assigned, total, phase))
