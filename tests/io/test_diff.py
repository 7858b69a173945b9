"""The roster diff: each hand edit of a roster shows up as exactly one status, and nothing else changes.

Starting roster: `valid_roster()` (tests/golden/tiny_rosters.py): K1 does V1 490, V3 540 (with K2),
V5 660, V4 720; K3 does V2 510; V6 is unassigned. Plus V9 (K2 at 700) so a visit can become unassigned.
"""

from __future__ import annotations

from rostering.domain import Roster, Unassigned
from rostering.io.diff import VISIT_STATUSES, RosterDiff, diff_rosters, visit_plans
from tests.conftest import DAY
from tests.golden.tiny_rosters import assignment, valid_roster

CLIENTS = {"V1": "C1", "V2": "C2", "V3": "C3", "V4": "C1", "V5": "C2", "V6": "C3", "V7": "C2", "V9": "C1"}


def old_roster() -> Roster:
    r = valid_roster()
    return r.model_copy(update={"assignments": (*r.assignments, assignment("V9", "K2", 700, 730, 0, 0.0, 2))})


def edited_roster() -> Roster:
    """Every kind of edit once; V1 is left alone."""
    edits: dict[tuple[str, str], dict[str, object]] = {
        ("V5", "K1"): {"start_min": 680, "end_min": 695},  # time moved +20
        ("V2", "K3"): {"carer_id": "K2"},  # new carer
        ("V3", "K2"): {"carer_id": "K3"},  # double-up K1+K2 -> K1+K3
    }
    kept = [
        a.model_copy(update=edits.get((a.visit_id, a.carer_id), {}))
        for a in old_roster().assignments
        if a.visit_id not in ("V4", "V9")  # V4 cancelled, V9 newly unassigned
    ]
    kept += [assignment("V6", "K2", 780, 810, 0, 0.0, 3), assignment("V7", "K3", 900, 930, 0, 0.0, 2)]
    unassigned = (
        Unassigned(visit_id="V9", client_id="C1", date=DAY, reason="no_capacity_in_window", detail="full"),
    )
    return old_roster().model_copy(update={"assignments": tuple(kept), "unassigned": unassigned})


def diff_of(old: Roster, new: Roster) -> RosterDiff:
    return diff_rosters(visit_plans(old, CLIENTS), visit_plans(new, CLIENTS))


def test_an_identical_roster_is_all_unchanged() -> None:
    diff = diff_of(old_roster(), old_roster())
    assert diff.counts() == {**dict.fromkeys(VISIT_STATUSES, 0), "unchanged": 7}
    assert diff.changed() == () and diff.carer_calls() == () and diff.clients_to_tell() == {}


def test_each_hand_edit_is_listed_once_with_its_status() -> None:
    diff = diff_of(old_roster(), edited_roster())
    assert {c.visit_id: c.status for c in diff.changes} == {
        "V1": "unchanged",
        "V2": "new_carer",
        "V3": "new_carer",
        "V4": "cancelled",
        "V5": "time_moved",
        "V6": "newly_covered",
        "V7": "added",
        "V9": "newly_unassigned",
    }
    moved = {c.visit_id: c.moved_min for c in diff.changes}
    assert moved["V5"] == 20 and moved["V2"] == 0 and moved["V4"] is None and moved["V9"] is None


def test_the_phone_list_names_every_carer_whose_day_changed() -> None:
    calls = [
        (c.carer_id, c.change.visit_id, c.kind) for c in diff_of(old_roster(), edited_roster()).carer_calls()
    ]
    # By carer, then by the time the visit has now (or had, if it is gone or unassigned).
    assert calls == [
        ("K1", "V5", "moved"),  # 680
        ("K1", "V4", "lost"),  # was 720, cancelled
        ("K2", "V2", "gained"),  # 510
        ("K2", "V3", "lost"),  # 540, now K1 + K3
        ("K2", "V9", "lost"),  # was 700, now unassigned
        ("K2", "V6", "gained"),  # 780
        ("K3", "V2", "lost"),  # 510, now K2
        ("K3", "V3", "gained"),  # 540
        ("K3", "V7", "gained"),  # 900
    ]


def test_every_client_with_a_change_is_told() -> None:
    clients = diff_of(old_roster(), edited_roster()).clients_to_tell()
    assert {k: [c.visit_id for c in v] for k, v in clients.items()} == {
        "C1": ["V9", "V4"],
        "C2": ["V2", "V5", "V7"],
        "C3": ["V3", "V6"],
    }
