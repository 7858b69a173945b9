"""The domain model: frozen, strict, cross-references checked."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rostering.domain import Problem, Shift, Visit
from tests.conftest import DAY


def test_models_are_frozen(tiny_problem: Problem) -> None:
    with pytest.raises(ValidationError):
        tiny_problem.visits[0].duration_min = 10  # type: ignore[misc]


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Shift(carer_id="K1", date=DAY, start_min=0, end_min=60, colour="red")  # type: ignore[call-arg]


def test_window_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match="window_end is before window_start"):
        Visit(
            visit_id="V",
            client_id="C",
            date=DAY,
            window_start_min=600,
            window_end_min=500,
            duration_min=30,
            requested_start_min=600,
        )


def test_problem_rejects_a_visit_for_an_unknown_client(tiny_problem: Problem) -> None:
    bad = tiny_problem.visits[0].model_copy(update={"client_id": "NOBODY"})
    with pytest.raises(ValidationError, match="unknown client 'NOBODY'"):
        tiny_problem.replace(visits=(*tiny_problem.visits, bad.model_copy(update={"visit_id": "V9"})))


def test_reference_issues_lists_every_problem(tiny_problem: Problem) -> None:
    dup = tiny_problem.visits[0]
    bad_skill = tiny_problem.visits[1].model_copy(update={"visit_id": "V8", "skills": ("juggling",)})
    issues = Problem.model_construct(
        **{**dict(tiny_problem), "visits": (*tiny_problem.visits, dup, bad_skill)}
    ).reference_issues()
    messages = {(i.collection, i.index, i.field, i.message) for i in issues}
    assert ("visits", 5, "visit_id", "duplicate visit_id 'V1'") in messages
    assert ("visits", 6, "skills", "unknown skill 'juggling'") in messages


def test_model_copy_does_not_keep_stale_lookups(tiny_problem: Problem) -> None:
    assert "V1" in tiny_problem.visit_by_id
    smaller = tiny_problem.model_copy(update={"visits": tiny_problem.visits[1:]})
    assert "V1" not in smaller.visit_by_id


def test_eligibility_uses_skills_exclusions_and_gender(tiny_problem: Problem) -> None:
    k1, k2, k3 = tiny_problem.carers
    v1, v2, v3 = tiny_problem.visits[:3]
    assert tiny_problem.is_eligible(k1, v1)  # has medication
    assert not tiny_problem.is_eligible(k2, v1)  # lacks medication
    assert not tiny_problem.is_eligible(k2, v2)  # C2 wants a female carer
    assert not tiny_problem.is_eligible(k2, v3)  # C3 excludes K2
    assert tiny_problem.is_eligible(k3, v2)
