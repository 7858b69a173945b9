"""The decomposed solve: parts stitched into one valid roster, border visits and carers once, repair
across the border, and the parts on a Dask LocalCluster (closed afterwards)."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from collections import Counter

import pytest

from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.decompose import DecomposedSolver, decompose
from rostering.travel.lazy import lazy_approximate
from tests.conftest import line_matrices
from tests.two_towns import BORDER_VISIT, PEG_VISIT, town_of, two_part_params, two_towns

WORK = Budget(time_limit_s=None, work_limit=30)


def test_a_roster_stitched_from_parts_passes_the_validator() -> None:
    p = two_towns()
    matrices = line_matrices(p)
    roster = DecomposedSolver(inline=True).solve(p, matrices, two_part_params(), WORK, seed=1)
    assert validate(p, matrices, roster) == []
    parts = roster.stats["decomposition"]["parts"]
    assert len(parts) == 2 and all(part["violations"] == 0 for part in parts)
    assert roster.solver == "locality"


def test_a_visit_on_the_border_is_covered_once() -> None:
    p = two_towns()
    roster = DecomposedSolver(inline=True).solve(p, line_matrices(p), two_part_params(), WORK, seed=1)
    assert len(roster.by_visit[BORDER_VISIT]) == 1
    assert BORDER_VISIT not in {u.visit_id for u in roster.unassigned}
    # Every visit is either assigned (once per carer it needs) or unassigned, never both.
    seen = Counter(a.visit_id for a in roster.assignments) + Counter(u.visit_id for u in roster.unassigned)
    assert all(seen[v.visit_id] == v.carers_required for v in p.visits)


def test_a_border_carer_is_never_double_booked() -> None:
    p = two_towns()
    plan = decompose(p, two_part_params().decompose)
    owners = Counter(day for part in plan.parts for day in part.carer_days)
    assert owners[("KX", dt.date(2026, 11, 24))] == 1 and set(owners.values()) == {1}
    roster = DecomposedSolver(inline=True).solve(p, line_matrices(p), two_part_params(), WORK, seed=1)
    own = sorted((a.start_min, a.end_min) for a in roster.assignments if a.carer_id == "KX")
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(own))
    assert len([r for r in roster.routes if r.carer_id == "KX"]) <= 1


def test_the_repair_pass_covers_a_visit_only_a_carer_across_the_border_can_do() -> None:
    # Nobody in town A may do A1's PEG feed; KB3 in town B may. Split by town it stays unmet; the
    # repair pass re-rosters KB3's day with it.
    p = two_towns()
    matrices = line_matrices(p)
    by_town = DecomposedSolver(inline=True, towns=town_of(p), repair=False)
    split = by_town.solve(p, matrices, two_part_params(), WORK, seed=1)
    assert PEG_VISIT in {u.visit_id for u in split.unassigned}
    repaired = DecomposedSolver(inline=True).solve(p, matrices, two_part_params(), WORK, seed=1)
    assert [a.carer_id for a in repaired.by_visit[PEG_VISIT]] == ["KB3"]
    assert repaired.stats["decomposition"]["repair"][0]["kept"] == 1
    assert validate(p, matrices, repaired) == []


def test_without_repair_rounds_the_unmet_visit_stays_with_its_reason() -> None:
    p = two_towns()
    roster = DecomposedSolver(inline=True).solve(
        p, line_matrices(p), two_part_params(repair_rounds=0), WORK, seed=1
    )
    assert {u.visit_id: u.reason for u in roster.unassigned} == {PEG_VISIT: "no_eligible_carer"}


def test_lazy_travel_serves_the_parts_and_the_judge() -> None:
    p = two_towns()
    sources = {
        mode: lazy_approximate(p.locations(), mode, p.locality.approximate_travel) for mode in ("drive",)
    }
    roster = DecomposedSolver(inline=True).solve(p, sources, two_part_params(), WORK, seed=1)
    assert validate(p, sources, roster) == []
    assert not roster.unassigned


@pytest.mark.slow
def test_parts_run_on_a_local_cluster_which_is_closed_afterwards() -> None:
    p = two_towns()
    matrices = line_matrices(p)
    before = _workers()
    on_dask = DecomposedSolver(workers=1).solve(p, matrices, two_part_params(), WORK, seed=1)
    assert on_dask.stats["decomposition"]["workers"] == 1
    assert _workers() <= before  # the worker process and its nanny are gone
    # A work limit makes the run deterministic: the cluster's roster is the one solved in this process.
    inline = DecomposedSolver(inline=True).solve(p, matrices, two_part_params(), WORK, seed=1)
    assert on_dask.model_dump() == inline.model_dump()
    assert validate(p, matrices, on_dask) == []


def _workers() -> set[int]:
    """This process's worker processes (multiprocessing children: Dask's nannies start workers so)."""
    return {c.pid for c in multiprocessing.active_children() if c.pid is not None}


def test_every_day_of_a_carer_goes_to_one_part_and_the_week_rules_hold() -> None:
    # Two days of the two towns: the rules across days (daily rest, weekly hours) are the locality's
    # defaults, so each carer's days must be planned by one search.
    p = two_towns()
    tomorrow = dt.date(2026, 11, 25)
    week = p.model_copy(
        update={
            "shifts": p.shifts + tuple(s.model_copy(update={"date": tomorrow}) for s in p.shifts),
            "visits": p.visits
            + tuple(v.model_copy(update={"visit_id": v.visit_id + "-2", "date": tomorrow}) for v in p.visits),
        }
    )
    plan = decompose(week, two_part_params().decompose)
    part_of = {k: i for i, part in enumerate(plan.parts) for k, _ in part.carer_days}
    assert all(part_of[k] == i for i, part in enumerate(plan.parts) for k, _ in part.carer_days)
    matrices = line_matrices(week)
    roster = DecomposedSolver(inline=True).solve(week, matrices, two_part_params(), WORK, seed=1)
    assert validate(week, matrices, roster) == []
    assert roster.teams  # a week's roster names each client's care team, as the engine's does
