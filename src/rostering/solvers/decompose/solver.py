"""DecomposedSolver: a council-sized problem as parts solved in parallel, stitched, then repaired.

1. Regions (_regions.py): clients cut into regions of about `part_visits_per_day` visits a day along the
   gaps between settlements; each carer-day goes to one region (_carers.py), border carers' days to the
   needier side.
2. Parts (_parts.py): each region is a Problem of its own, solved by the engine on a Dask worker
   (_tasks.py) with dense travel matrices over that part's locations only, so memory grows with the
   size of a part, not with the square of the council.
3. The parts' rosters are stitched into one (no carer-day is in two parts, so nobody is double-booked).
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
from ..params import DecomposeParams, SolveParams
from ..stitch import stitch_rosters
from ._carers import CarerAllocation, allocate_carers, fixed_allocation
from ._parts import Lookup, PartPlan, plan_parts, sub_problem
from ._regions import client_regions, regions_from_labels
from ._repair import Neighbourhood, apply, improves, neighbourhood_problem, neighbourhoods, with_reasons
from ._tasks import DaskRunner, InlineRunner, Runner, SolveOutcome, SolveTask

# What a solve costs beyond its search (prechecks, arrays, extraction, checking), measured on council
# parts: taken off each part's time so that the parts end when their share of the limit does.
OVERHEAD_S = 1.0
OVERHEAD_PER_VISIT_S = 0.004
MIN_PART_S = 2.0
MIN_REPAIR_S = 1.5


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
        with self._runner() as runner:
            roster = run.parts(runner, plan.parts)
            if self.repair:
                roster = run.repair(runner, roster)
        stats: dict[str, Any] = {
            "decomposition": {
                "parts": run.part_stats,
                "border_carers": plan.carers.border_carers,
                "carer_days_lent": plan.carers.lent_days,
                "repair": run.repair_stats,
                "workers": run.workers,
            },
            "solutions": run.solutions,
        }
        if budget.time_limit_s is not None:
            stats["wall_s"] = round(time.monotonic() - run.t0, 2)
        return roster.model_copy(update={"stats": stats, "objective": None})

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
        self.parts_end = None if limit is None else self.t0 + limit * (1.0 - share)
        self.end = None if limit is None else self.t0 + limit
        self.part_stats: list[dict[str, Any]] = []
        self.repair_stats: list[dict[str, Any]] = []
        self.solutions = 0
        self.workers = 1

    # ------------------------------------------------------------------ parts
    def parts(self, runner: Runner, parts: tuple[PartPlan, ...]) -> Roster:
        self.workers = runner.workers
        order = sorted(range(len(parts)), key=lambda i: (-parts[i].visits, i))  # largest first
        waiting = sum(p.visits for p in parts)
        outcomes: dict[int, SolveOutcome] = {}
        assigned = 0

        def make(k: int) -> SolveTask:
            nonlocal waiting
            part = parts[order[k]]
            share = part.visits / max(1, waiting)
            waiting -= part.visits
            sub = sub_problem(self.lookup, part.clients, part.carer_days)
            budget = self._share(self.parts_end, share, runner.workers, part.visits, MIN_PART_S)
            return SolveTask(part.label, sub, self._matrices(sub), self.params, budget, self.seed)

        for k, outcome in runner.run(len(parts), make):
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
            rounds_left = settings.repair_rounds - rnd
            if not roster.unassigned or self._left(self.end) == 0.0:
                break
            hoods = neighbourhoods(self.lookup, roster, settings.repair_carers * 2**rnd, tried)
            room = self._left(self.end)
            if room is not None:
                fits = int(room / rounds_left * runner.workers / MIN_REPAIR_S)
                hoods = hoods[: max(0, fits)]
            if not hoods:
                continue
            roster = self._repair_round(runner, roster, hoods, rounds_left)
        return roster

    def _repair_round(
        self, runner: Runner, roster: Roster, hoods: list[Neighbourhood], rounds_left: int
    ) -> Roster:
        start = roster
        round_end = (
            None if self.end is None else time.monotonic() + (self._left(self.end) or 0.0) / rounds_left
        )
        waiting = sum(len(h.unmet) + len(h.assigned) for h in hoods)

        def make(k: int) -> SolveTask:
            nonlocal waiting
            hood = hoods[k]
            size = len(hood.unmet) + len(hood.assigned)
            share = size / max(1, waiting)
            waiting -= size
            sub = neighbourhood_problem(self.lookup, start, hood)
            budget = self._share(round_end, share, runner.workers, size, MIN_REPAIR_S)
            return SolveTask(hood.label, sub, self._matrices(sub), self.params, budget, self.seed + 1)

        results = dict(runner.run(len(hoods), make))
        covered = 0
        kept = 0
        for k, hood in enumerate(hoods):
            outcome = results[k]
            self.solutions += int(outcome.roster.stats.get("solutions", 0))
            if outcome.violations == 0 and improves(self.lookup, hood, outcome.roster, self.params):
                before = len(roster.unassigned)
                roster = apply(roster, hood, outcome.roster)
                covered += before - len(roster.unassigned)
                kept += 1
            elif outcome.violations == 0:
                roster = with_reasons(roster, outcome.roster)
        self.repair_stats.append(
            {
                "carers_per_neighbourhood": max(len(h.carer_days) for h in hoods),
                "neighbourhoods": len(hoods),
                "kept": kept,
                "visits_covered": covered,
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

    def _share(self, end: float | None, share: float, workers: int, visits: int, floor: float) -> Budget:
        """A task's budget: its share of the time left before `end` over the workers, less its overhead."""
        work = self.budget.work_limit
        left = self._left(end)
        if left is None:
            return Budget(time_limit_s=None, work_limit=work)
        seconds = min(left, left * workers * share) - OVERHEAD_S - OVERHEAD_PER_VISIT_S * visits
        return Budget(time_limit_s=max(floor, seconds), work_limit=work)

    def _report(self, assigned: int, phase: str) -> None:
        if self.progress is not None:
            total = len(self.problem.visits)
            self.progress(Progress(time.monotonic() - self.t0, None, assigned, total, phase))
