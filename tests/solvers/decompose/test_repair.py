"""Repair neighbourhoods: around unmet visits, disjoint, whole carer-days, kept only when they help."""

from __future__ import annotations

from rostering.domain import Problem, Roster
from rostering.solvers.base import Budget
from rostering.solvers.decompose import DecomposedSolver
from rostering.solvers.decompose._parts import Lookup
from rostering.solvers.decompose._repair import apply, improves, neighbourhoods
from rostering.solvers.params import SolveParams
from tests.conftest import line_matrices
from tests.two_towns import PEG_VISIT, town_of, two_part_params, two_towns


def _split_by_town() -> tuple[Problem, Roster]:
    p = two_towns()
    roster = DecomposedSolver(inline=True, towns=town_of(p), repair=False).solve(
        p, line_matrices(p), two_part_params(), Budget(None, 30), seed=1
    )
    return p, roster


def test_a_neighbourhood_reaches_a_carer_who_may_do_the_unmet_visit() -> None:
    p, roster = _split_by_town()
    hoods = neighbourhoods(Lookup(p), roster, size=2, tried=set())
    assert len(hoods) == 1
    hood = hoods[0]
    assert hood.unmet == (PEG_VISIT,)
    assert "KB3" in {k for k, _ in hood.carer_days}  # the only carer who may do PEG feeds
    # Whole days: every visit those carers had is re-rostered with them.
    own = {a.visit_id for a in roster.assignments if (a.carer_id, a.date) in set(hood.carer_days)}
    assert set(hood.assigned) == own


def test_a_visit_is_not_tried_twice_at_one_size() -> None:
    p, roster = _split_by_town()
    tried: set[tuple[str, int]] = set()
    assert neighbourhoods(Lookup(p), roster, size=2, tried=tried)
    assert neighbourhoods(Lookup(p), roster, size=2, tried=tried) == []
    assert neighbourhoods(Lookup(p), roster, size=4, tried=tried)


def test_a_new_plan_is_kept_only_when_less_need_is_unmet() -> None:
    p, roster = _split_by_town()
    lookup = Lookup(p)
    hood = neighbourhoods(lookup, roster, size=2, tried=set())[0]
    same = roster.model_copy(update={"assignments": (), "unassigned": roster.unassigned})
    assert not improves(lookup, hood, same, SolveParams())
    met = roster.model_copy(update={"unassigned": ()})
    assert improves(lookup, hood, met, SolveParams())
    replaced = apply(roster, hood, met.model_copy(update={"assignments": (), "routes": (), "breaks": ()}))
    assert PEG_VISIT not in {u.visit_id for u in replaced.unassigned}
    assert not any((a.carer_id, a.date) in set(hood.carer_days) for a in replaced.assignments)
