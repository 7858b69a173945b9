"""What a roster map draws, on the tiny problem with a hand-made roster (every figure hand-computable)."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.domain import Assignment, Problem, Roster, ShiftRoute, Unassigned
from rostering.report.map_layers import (
    CARER_BINS,
    PROVIDER_COLOURS,
    carer_colour,
    map_layers,
    roster_on,
    unmet_colour,
)
from rostering.travel.matrix import TravelMatrix
from tests.conftest import DAY, hm


def assignment(visit_id: str, carer_id: str, start: str, minutes: int, seq: int) -> Assignment:
    begin = hm(start)
    return Assignment(
        visit_id=visit_id, carer_id=carer_id, date=DAY, start_min=begin, end_min=begin + minutes,
        travel_min=0, travel_m=0.0, seq=seq,
    )  # fmt: skip


def route(carer_id: str, start: str, end: str) -> ShiftRoute:
    return ShiftRoute(
        carer_id=carer_id, date=DAY, shift_start_min=hm("08:00"), start_min=hm(start), end_min=hm(end),
        travel_home_min=0, travel_home_m=0.0,
    )  # fmt: skip


def hand_roster() -> Roster:
    """K1: C1 (V1), C3 (V3), C1 (V4); K2 joins K1 on the double-up V3; K3 walks to C2 (V2); V5 unmet."""
    return Roster(
        locality="tiny",
        solver="by-hand",
        assignments=(
            assignment("V1", "K1", "08:00", 30, 1),
            assignment("V3", "K1", "09:00", 45, 2),
            assignment("V4", "K1", "12:00", 30, 3),
            assignment("V3", "K2", "09:00", 45, 1),
            assignment("V2", "K3", "08:30", 30, 1),
        ),
        routes=(route("K1", "07:50", "12:40"), route("K2", "08:50", "10:00"), route("K3", "08:20", "09:10")),
        unassigned=(Unassigned(visit_id="V5", client_id="C2", date=DAY, reason="no_capacity_in_window"),),
    )


@pytest.fixture()
def roster() -> Roster:
    return hand_roster()


def test_one_line_per_shift_route_through_every_stop_in_order(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster
) -> None:
    layers = map_layers(tiny_problem, tiny_matrices, roster)
    assert [(r.carer_id, r.provider_id, r.travel_mode) for r in layers.routes] == [
        ("K1", "P1", "drive"), ("K2", "P1", "drive"), ("K3", "P2", "walk"),
    ]  # fmt: skip
    k1 = layers.routes[0]
    # Base (-2.72) -> C1 (-2.715) -> C3 (-2.725) -> C1 -> base, straight: travel is approximate here.
    assert k1.coords == ((-2.72, 56.0), (-2.715, 56.0), (-2.725, 56.0), (-2.715, 56.0), (-2.72, 56.0))
    assert [c for _, _, c in k1.stops] == ["C1", "C3", "C1"] and not k1.on_roads
    # 0.005 + 0.01 + 0.01 + 0.005 degrees x 62 km = 1.86 km, at 30 km/h: 1 + 2 + 2 + 1 minutes (rounded up).
    assert k1.travel_km == pytest.approx(1.86) and k1.travel_min == 6
    assert [b.carer_id for b in layers.bases] == ["K1", "K2", "K3"]
    assert layers.colour == {"P1": PROVIDER_COLOURS[0], "P2": PROVIDER_COLOURS[1]}


def test_clients_carry_distinct_carers_and_unmet_need(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster
) -> None:
    clients = {c.client_id: c for c in map_layers(tiny_problem, tiny_matrices, roster).clients}
    assert clients["C1"].carer_ids == ("K1",) and clients["C1"].visits == 2
    assert clients["C3"].carer_ids == ("K1", "K2")  # the double-up: two carers at one visit
    c2 = clients["C2"]
    assert (c2.carer_ids, c2.visits, c2.unmet_visits, c2.unmet_min) == (("K3",), 2, 1, 15)
    assert c2.schedule == (
        "2026-11-24 08:30-09:00 K3",
        "2026-11-24 11:00-11:15 UNMET (no_capacity_in_window)",
    )
    assert carer_colour(len(clients["C3"].carer_ids)) == CARER_BINS[2][1]
    assert carer_colour(9) == CARER_BINS[-1][1] and carer_colour(0) == CARER_BINS[0][1]
    assert unmet_colour(0) != unmet_colour(15) != unmet_colour(200)


def test_the_note_says_straight_lines_for_approximate_travel(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster
) -> None:
    layers = map_layers(tiny_problem, tiny_matrices, roster)
    assert layers.travel_note.startswith("Routes are straight lines between stops (approximate travel")
    assert layers.roads is None and layers.boundary_is_box  # the locality's bounds are outlined instead
    assert "3 shift routes, 4 of 5 visits covered, 1 unmet" in layers.subtitle


def test_one_date_of_a_week_roster(tiny_problem: Problem, roster: Roster) -> None:
    other = DAY + dt.timedelta(days=1)
    moved = roster.model_copy(
        update={"routes": (*roster.routes, route("K1", "08:00", "09:00").model_copy(update={"date": other}))}
    )
    assert len(roster_on(moved, DAY).routes) == 3 and len(roster_on(moved, other).routes) == 1
    assert roster_on(moved, other).assignments == ()
