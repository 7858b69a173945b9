"""EngineSolver: our rostering engine behind the Solver protocol.

Per block of dates: prechecks (visits no carer could do, with reasons), the instance arrays, the
search (_driver.py) and extraction into roster parts; _week.py strings the blocks together.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from ...domain import Problem, Roster, Unassigned
from ...travel.matrix import TravelMatrices
from ..base import Budget, Progress
from ..params import COST_UNITS_PER_GBP, SolveParams
from ._driver import solve_block
from ._extract import extract_block
from ._instance import Instance, build_instance
from ._objective import Familiarity
from ._prechecks import screen_visits
from ._vehicles import block_vehicles
from ._week import BlockOutcome, SeenCarers, solve_week


class EngineSolver:
    """Care rostering: our construction and ruin-and-recreate, polished by OR-Tools (see _driver.py)."""

    # The roster's `solver`: "engine" for our search; "ortools:<strategy>" when an OR-Tools first-solution
    # strategy replaces our construction and ruin-and-recreate (OR-Tools alone builds the roster).
    name = "engine"

    def solve(
        self,
        problem: Problem,
        matrices: TravelMatrices,
        params: SolveParams | None = None,
        budget: Budget | None = None,
        seed: int = 0,
        progress: Callable[[Progress], None] | None = None,
    ) -> Roster:
        """Roster every date of `problem`; `params` None means the defaults (configs/default.toml)."""
        chosen = params if params is not None else SolveParams()
        budget = budget if budget is not None else Budget()
        name = (
            self.name if chosen.search.first_solution == "ours" else f"ortools:{chosen.search.first_solution}"
        )

        def block(
            block_problem: Problem,
            dates: tuple[dt.date, ...],
            seen: SeenCarers,
            block_budget: Budget,
            report: Callable[[Progress], None] | None,
        ) -> BlockOutcome:
            return solve_dates(block_problem, dates, matrices, chosen, block_budget, seed, seen, report)

        return solve_week(problem, matrices, block, budget, solver_name=name, seed=seed, progress=progress)


def solve_dates(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: TravelMatrices,
    params: SolveParams,
    budget: Budget,
    seed: int,
    seen: SeenCarers,
    progress: Callable[[Progress], None] | None = None,
) -> BlockOutcome:
    """One block: prechecks, model and search, extraction; a time limit counts all of it."""
    started = time.monotonic()
    inst, prechecked = block_instance(problem, dates, matrices, params, seen)
    solution = solve_block(inst, params, budget, seed, progress, phase=dates[0].isoformat(), started=started)
    part = extract_block(inst, solution.routes, solution.starts, solution.unreached)
    objective = None if solution.objective is None else solution.objective / COST_UNITS_PER_GBP
    stats = {**solution.stats, "prechecked_unassigned": len(prechecked)}
    return BlockOutcome(
        assignments=part.assignments,
        breaks=part.breaks,
        routes=part.routes,
        unassigned=tuple(prechecked) + part.unassigned,
        objective=objective,
        stats=stats,
    )


def block_instance(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: TravelMatrices,
    params: SolveParams,
    seen: SeenCarers,
) -> tuple[Instance, list[Unassigned]]:
    """The search arrays of one block, and the visits the prechecks already ruled out (with reasons)."""
    vehicles = block_vehicles(problem, dates, params)
    allowed, prechecked = screen_visits(problem, dates, vehicles, matrices)
    familiarity = Familiarity.of(problem, dates[0], seen)
    return build_instance(problem, dates, matrices, params, vehicles, allowed, familiarity), prechecked
