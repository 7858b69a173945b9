"""Property: however a valid roster is corrupted, the validator names every corruption.

Corruptions (any combination, applied in random order to random assignments): a start moved outside its
window, an ineligible carer swapped in, one half of the double-up dropped.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rostering.domain import Roster
from rostering.evaluation.validate import validate
from tests.conftest import line_matrices
from tests.golden.tiny_rosters import checked_problem, valid_roster

PROBLEM = checked_problem()
MATRICES = line_matrices(PROBLEM)
VALID = valid_roster()


def drop_double_up_half(roster: Roster, which: int) -> tuple[Roster, str]:
    halves = [i for i, a in enumerate(roster.assignments) if a.visit_id == "V3"]
    gone = halves[which % len(halves)]
    kept = tuple(a for i, a in enumerate(roster.assignments) if i != gone)
    return roster.model_copy(update={"assignments": kept}), "carer_count"


def move_outside_window(roster: Roster, index: int, early: bool, by: int) -> tuple[Roster, str]:
    i = index % len(roster.assignments)
    a = roster.assignments[i]
    visit = PROBLEM.visit_by_id[a.visit_id]
    start = visit.window_start_min - by if early else visit.window_end_min + by
    moved = a.model_copy(update={"start_min": start, "end_min": start + visit.duration_min})
    assignments = (*roster.assignments[:i], moved, *roster.assignments[i + 1 :])
    return roster.model_copy(update={"assignments": assignments}), "early_start" if early else "late_start"


def swap_in_ineligible(roster: Roster, index: int, pick: int) -> tuple[Roster, str] | None:
    i = index % len(roster.assignments)
    a = roster.assignments[i]
    visit = PROBLEM.visit_by_id[a.visit_id]
    ineligible = [c.carer_id for c in PROBLEM.carers if not PROBLEM.is_eligible(c, visit)]
    if not ineligible:
        return None  # every carer may do this visit (V4); nothing to swap in
    swapped = a.model_copy(update={"carer_id": ineligible[pick % len(ineligible)]})
    assignments = (*roster.assignments[:i], swapped, *roster.assignments[i + 1 :])
    return roster.model_copy(update={"assignments": assignments}), "ineligible_carer"


@settings(max_examples=150, deadline=None)
@given(
    drop=st.none() | st.integers(0, 1),
    move=st.none() | st.tuples(st.integers(0, 10), st.booleans(), st.integers(1, 120)),
    swap=st.none() | st.tuples(st.integers(0, 10), st.integers(0, 5)),
)
def test_every_corruption_of_a_valid_roster_is_caught(
    drop: int | None, move: tuple[int, bool, int] | None, swap: tuple[int, int] | None
) -> None:
    assert validate(PROBLEM, MATRICES, VALID) == []
    roster, expected = VALID, set()
    # Drop first, so the other corruptions never land on the removed half.
    if drop is not None:
        roster, code = drop_double_up_half(roster, drop)
        expected.add(code)
    if swap is not None:
        swapped = swap_in_ineligible(roster, *swap)
        if swapped is not None:
            roster, code = swapped
            expected.add(code)
    if move is not None:
        index, early, by = move
        window = PROBLEM.visit_by_id[roster.assignments[index % len(roster.assignments)].visit_id]
        if not early or window.window_start_min - by >= 0:
            roster, code = move_outside_window(roster, index, early, by)
            expected.add(code)
    found = {v.code for v in validate(PROBLEM, MATRICES, roster)}
    assert expected <= found
    assert bool(found) == bool(expected)


@settings(max_examples=150, deadline=None)
@given(
    index=st.integers(0, 5),
    visit_id=st.sampled_from(["V1", "V2", "V3", "V4", "V5", "V6", "V99"]),
    carer_id=st.sampled_from(["K1", "K2", "K3", "K9"]),
    start=st.integers(0, 1500),
    length=st.integers(-30, 120),
    seq=st.integers(1, 8),
    day_shift=st.integers(-1, 1),
)
def test_any_edit_of_an_assignment_is_judged_without_crashing(
    index: int, visit_id: str, carer_id: str, start: int, length: int, seq: int, day_shift: int
) -> None:
    a = VALID.assignments[index]
    edited = a.model_copy(
        update={
            "visit_id": visit_id,
            "carer_id": carer_id,
            "start_min": start,
            "end_min": start + length,
            "seq": seq,
            "date": a.date + dt.timedelta(days=day_shift),
        }
    )
    roster = VALID.model_copy(
        update={"assignments": (*VALID.assignments[:index], edited, *VALID.assignments[index + 1 :])}
    )
    found = validate(PROBLEM, MATRICES, roster)
    # Only moving a visit within its slack can keep the roster valid (e.g. V1 a few minutes later); any
    # change of visit, carer, date, seq or length always breaks a rule somewhere.
    only_moved = (visit_id, carer_id, seq, day_shift) == (a.visit_id, a.carer_id, a.seq, 0) and length == (
        a.end_min - a.start_min
    )
    if not only_moved:
        assert found
