"""EngineSolver: our rostering engine behind the Solver protocol.

Per block of dates: prechecks (visits no carer could do, with reasons), the instance arrays, the
search (_driver.py) and extraction into roster parts; _week.py strings the blocks together. A problem of
several dates is planned as a week: each day's search knows who did each client's recurring visits on
earlier days and who is on shift for them on the days to come (_objective.py, Familiarity), and the
roster names each client's care team (_teams.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from ...domain import Problem, Roster, Unassigned
from ...travel.matrix import TravelMatrices
from ..base import Budget, Progress, Replan
from ..params import COST_UNITS_PER_GBP, SolveParams
from ._driver import solve_block
from ._extract import extract_block
from ._instance import Instance, build_instance
from ._objective import Familiarity
from ._prechecks import screen_visits
from ._published import PublishedPlan, published_plan, with_published
from ._replan import replan_block
from ._second_pass import revisit_block
from ._teams import care_teams
from ._vehicles import block_vehicles
from ._week import BlockOutcome, WeekSoFar, solve_week


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
        replan: Replan | None = None,
    ) -> Roster:
        """Roster every date of `problem`; `params` None means the defaults (configs/default.toml).

        With `replan`, re-plan against its published roster instead of building from scratch (_replan.py).
        """
        chosen = params if params is not None else SolveParams()
        budget = budget if budget is not None else Budget()
        name = (
            self.name if chosen.search.first_solution == "ours" else f"ortools:{chosen.search.first_solution}"
        )

        def block(
            block_problem: Problem,
            dates: tuple[dt.date, ...],
            so_far: WeekSoFar,
            block_budget: Budget,
            report: Callable[[Progress], None] | None,
        ) -> BlockOutcome:
            return solve_dates(
                block_problem, dates, matrices, chosen, block_budget, seed, so_far, report, replan
            )

        def revisit(
            block_problem: Problem,
            dates: tuple[dt.date, ...],
            rest: WeekSoFar,
            block_budget: Budget,
            report: Callable[[Progress], None] | None,
            first: BlockOutcome,
        ) -> BlockOutcome:
            return solve_dates(
                block_problem, dates, matrices, chosen, block_budget, seed, rest, report, previous=first
            )

        # A re-plan stays close to the published roster, and an OR-Tools first solution means OR-Tools
        # alone builds the roster: neither has a second pass.
        second = replan is None and chosen.search.first_solution == "ours"
        roster = solve_week(
            problem,
            matrices,
            block,
            budget,
            solver_name=name,
            seed=seed,
            progress=progress,
            look_ahead=chosen.continuity.absent_days_gbp > 0,
            revisit=revisit if second else None,
            revisit_share=chosen.search.week_second_pass_share,
        )
        if len(problem.dates) < 2:
            return roster
        teams = care_teams(problem, roster, chosen.continuity.team_primary_share)
        return roster.model_copy(update={"teams": teams})


def solve_dates(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: TravelMatrices,
    params: SolveParams,
    budget: Budget,
    seed: int,
    so_far: WeekSoFar,
    progress: Callable[[Progress], None] | None = None,
    replan: Replan | None = None,
    previous: BlockOutcome | None = None,
) -> BlockOutcome:
    """One block: prechecks, model and search (or re-planning, or with `previous` the week's second pass
    from the block's first-pass outcome), extraction; a time limit counts all of it."""
    started = time.monotonic()
    phase = dates[0].isoformat()
    inst, prechecked = block_instance(problem, dates, matrices, params, so_far)
    if previous is not None:
        first = Roster(locality=problem.locality.name, solver="", assignments=previous.assignments)
        placed = published_plan(problem, inst, Replan(published=first), params)
        solution = revisit_block(
            inst, placed.vehicle, placed.start, params, budget, seed, progress, phase, started
        )
    else:
        if replan is not None and covers(replan.published, dates):
            inst = with_published(inst, published_plan(problem, inst, replan, params), params)
        search = replan_block if inst.published is not None else solve_block
        solution = search(inst, params, budget, seed, progress, phase=phase, started=started)
    part = extract_block(inst, solution.routes, solution.starts, solution.unreached)
    objective = None if solution.objective is None else solution.objective / COST_UNITS_PER_GBP
    stats = {**solution.stats, "prechecked_unassigned": len(prechecked)}
    unassigned = tuple(prechecked) + part.unassigned
    if inst.published is not None:
        unassigned = carer_absent_reasons(unassigned, inst.published)
    if previous is not None:
        # A visit neither pass could place keeps the first pass's reason: the second pass's narrower
        # hours (the days after count too) would tell the same story with other numbers, and a re-plan
        # of the unchanged week, which rosters in one pass, then says the same (unless the second pass
        # changed the hours the days before leave the visit's carers).
        before = {u.visit_id: u for u in previous.unassigned}
        unassigned = tuple(before.get(u.visit_id, u) for u in unassigned)
    # In the bundle's order: which step found a visit unplaceable (a precheck, the search) depends on
    # what the block knew, and the list must not.
    unassigned = tuple(sorted(unassigned, key=lambda u: problem.visit_order[u.visit_id]))
    return BlockOutcome(
        assignments=part.assignments,
        breaks=part.breaks,
        routes=part.routes,
        unassigned=unassigned,
        objective=objective,
        stats=stats,
    )


def block_instance(
    problem: Problem,
    dates: tuple[dt.date, ...],
    matrices: TravelMatrices,
    params: SolveParams,
    so_far: WeekSoFar | None = None,
) -> tuple[Instance, list[Unassigned]]:
    """The search arrays of one block, and the visits the prechecks already ruled out (with reasons)."""
    so_far = so_far or WeekSoFar()
    vehicles = block_vehicles(problem, dates, params, so_far.limits, so_far.targets)
    allowed, prechecked = screen_visits(problem, dates, vehicles, matrices)
    familiarity = Familiarity.of(problem, dates[0], so_far.seen, so_far.call_carers, so_far.available)
    inst = build_instance(problem, dates, matrices, params, vehicles, allowed, familiarity, so_far.anchors)
    return inst, prechecked


def carer_absent_reasons(unassigned: tuple[Unassigned, ...], plan: PublishedPlan) -> tuple[Unassigned, ...]:
    """Re-planning: a visit left unassigned whose published carer is absent says so (`carer_absent`),
    whatever stopped the search (or the prechecks) placing it elsewhere."""
    return tuple(
        u.model_copy(update={"reason": "carer_absent", "detail": plan.absent[u.visit_id]})
        if u.visit_id in plan.absent
        else u
        for u in unassigned
    )


def covers(published: Roster, dates: tuple[dt.date, ...]) -> bool:
    """Did the published roster roster any of these dates? (A date it does not cover is built afresh.)"""
    wanted = set(dates)
    return any(a.date in wanted for a in published.assignments) or any(
        u.date in wanted for u in published.unassigned
    )
