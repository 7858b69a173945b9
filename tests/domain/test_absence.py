"""Absences: what each leaves of a carer's shifts (cut, split or removed), and the Problem lookups."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from rostering.domain import Absence, Problem, Shift
from rostering.domain.absence import available_shifts, cut_shift
from tests.conftest import DAY

SHIFT = Shift(carer_id="K1", date=DAY, start_min=480, end_min=840)  # 08:00-14:00


def absence(
    start: str, end: str, carer_id: str = "K1", day: dt.date = DAY, end_day: dt.date | None = None
) -> Absence:
    return Absence(
        carer_id=carer_id,
        start=dt.datetime.combine(day, dt.time.fromisoformat(start)),
        end=dt.datetime.combine(end_day or day, dt.time.fromisoformat(end)),
        reason="sickness",
    )


def spans(shifts: tuple[Shift, ...]) -> list[tuple[int, int]]:
    return [(s.start_min, s.end_min) for s in shifts]


@pytest.mark.parametrize(
    ("start", "end", "left"),
    [
        ("15:00", "16:00", [(480, 840)]),  # after the shift: untouched
        ("06:00", "10:00", [(600, 840)]),  # the start is cut
        ("12:30", "18:00", [(480, 750)]),  # the end is cut
        ("10:00", "11:30", [(480, 600), (690, 840)]),  # the middle: a split shift
        ("07:00", "15:00", []),  # the whole shift: removed
        ("08:00", "14:00", []),
        ("14:00", "15:00", [(480, 840)]),  # starts as the shift ends: [start, end) do not meet
    ],
)
def test_an_absence_cuts_splits_or_removes_a_shift(start: str, end: str, left: list[tuple[int, int]]) -> None:
    assert spans(cut_shift(SHIFT, [absence(start, end)])) == left


def test_an_absence_over_several_days_and_other_carers_absences() -> None:
    leave = absence("18:00", "09:00", end_day=DAY + dt.timedelta(days=2))  # evening of 24th to 26th 09:00
    shifts = tuple(
        Shift(carer_id=k, date=DAY + dt.timedelta(days=d), start_min=480, end_min=840)
        for d in range(3)
        for k in ("K1", "K2")
    )
    left = available_shifts(shifts, [leave, absence("10:00", "11:00", carer_id="K3")])
    assert [(s.carer_id, s.date.day, s.start_min, s.end_min) for s in left] == [
        ("K1", 24, 480, 840),
        ("K2", 24, 480, 840),
        ("K2", 25, 480, 840),
        ("K1", 26, 540, 840),
        ("K2", 26, 480, 840),
    ]


def test_an_absence_must_end_after_it_starts_in_whole_local_minutes() -> None:
    with pytest.raises(ValidationError, match="end must be after its start"):
        absence("10:00", "10:00")
    with pytest.raises(ValidationError, match="whole minute"):
        Absence(carer_id="K1", start=dt.datetime(2026, 11, 24, 8, 0, 30), end=dt.datetime(2026, 11, 24, 9))
    with pytest.raises(ValidationError, match="without a timezone"):
        Absence(
            carer_id="K1",
            start=dt.datetime(2026, 11, 24, 8, tzinfo=dt.UTC),
            end=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC),
        )


def test_the_problem_knows_available_shifts_and_named_parts(tiny_problem: Problem) -> None:
    problem = tiny_problem.replace(absences=(absence("10:00", "11:00"),))
    assert spans(problem.available_shifts_by_carer_date[("K1", DAY)]) == [(480, 600), (660, 840)]
    # A route may name the declared shift (08:00) or the part the absence leaves (11:00).
    assert problem.named_shift("K1", DAY, 480) == SHIFT
    part = problem.named_shift("K1", DAY, 660)
    assert part is not None and (part.start_min, part.end_min) == (660, 840)
    assert problem.named_shift("K1", DAY, 600) is None
    assert problem.absence_at("K1", DAY, 590, 620) == problem.absences[0]
    assert problem.absence_at("K1", DAY, 570, 600) is None
    assert problem.absence_at("K2", DAY, 590, 620) is None
    applied = problem.absences_applied()
    assert applied.absences == () and applied.shifts == problem.available_shifts
    assert tiny_problem.absences_applied() is tiny_problem


def test_an_absence_of_an_unknown_carer_is_a_reference_issue(tiny_problem: Problem) -> None:
    with pytest.raises(ValidationError, match=r"absences\[0\]\.carer_id: unknown carer 'K9'"):
        tiny_problem.replace(absences=(absence("10:00", "11:00", carer_id="K9"),))
