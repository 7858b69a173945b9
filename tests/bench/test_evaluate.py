"""The benchmark evaluator re-scores routes with the literature's conventions and catches broken ones."""

from __future__ import annotations

import dataclasses

import pytest

from rostering.bench.evaluate import HhcService, earliest_schedule, evaluate_hhc, evaluate_vrptw
from rostering.bench.mankowska import parse_mankowska
from rostering.bench.solomon import parse_solomon
from tests.bench.test_instances import TINY_SOLOMON, _tiny_mankowska


def test_hand_checked_vrptw_route_cost() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    # depot (40,50) -> 3 (42,66): sqrt(260) = 16.12 -> 16.1; start max(16.1, 65) = 65, leave 155
    # 3 -> 2 (45,70): 5.0, arrive 160, start 825 (<= 870), leave 915
    # 2 -> 1 (45,68): 2.0, arrive 917, start 917 (<= 967), leave 1007
    # 1 -> depot: sqrt(349) = 18.68 -> 18.6, back 1025.6 (<= 1236). Cost 16.1 + 5.0 + 2.0 + 18.6 = 41.7
    ev = evaluate_vrptw(inst, [[3, 2, 1]])
    assert ev.violations == ()
    assert ev.cost == pytest.approx(41.7)
    assert ev.routes == 1


def test_a_missed_time_window_is_caught() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    # Customer 1 first: start 912, leave 1002, then customer 3 (due 146) is far too late.
    ev = evaluate_vrptw(inst, [[1, 3], [2]])
    assert not ev.feasible
    assert any("customer 3 starts" in v for v in ev.violations)


def test_an_overloaded_vehicle_is_caught() -> None:
    inst = dataclasses.replace(parse_solomon(TINY_SOLOMON), capacity=40)
    ev = evaluate_vrptw(inst, [[3, 2, 1]])  # load 10 + 30 + 10 = 50
    assert ev.violations == ("route 1: load 50 exceeds capacity 40",)


def test_a_late_return_to_the_depot_is_caught() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    early_close = dataclasses.replace(inst, due=(1020, *inst.due[1:]))  # back at 1025.6 in the route above
    assert any("back at the depot" in v for v in evaluate_vrptw(early_close, [[3, 2, 1]]).violations)


def test_missing_and_repeated_customers_are_caught() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    ev = evaluate_vrptw(inst, [[3, 3], [2]])
    assert "customer 3 is visited 2 times" in ev.violations
    assert any("not visited" in v for v in ev.violations)


def test_the_fleet_limit_is_checked_only_when_asked() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    assert evaluate_vrptw(inst, [[3], [2], [1]]).feasible
    assert not evaluate_vrptw(inst, [[3], [2], [1]], max_vehicles=2).feasible


# The tiny HHC instance: patient 1 (5 from the depot) needs service 0, patient 2 (8 from the depot, 5
# from patient 1) needs services 0 and 1 at the same time. Caregiver 0 can do service 0 only.


def test_hand_checked_hhc_schedule() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    # cg0: depot -> p1 (arrive 5, start 5, 10 long) -> p2 (arrive 20); cg1: depot -> p2 (arrive 8, waits).
    # Both halves of p2 start at 20: tardiness 20 - 12 = 8 each; p1 is on time (l = 20).
    # Distance: cg0 5 + 5 + 8 = 18, cg1 8 + 8 = 16, total 34. Objective (34 + 16 + 8) / 3 = 19.333.
    schedule = earliest_schedule(inst, [[(1, 0), (2, 0)], [(2, 1)]])
    assert schedule == [[HhcService(1, 0, 5.0), HhcService(2, 0, 20.0)], [HhcService(2, 1, 20.0)]]
    ev = evaluate_hhc(inst, schedule)
    assert ev.violations == ()
    assert (ev.distance, ev.total_tardiness, ev.max_tardiness) == (34.0, 16.0, 8.0)
    assert ev.objective == pytest.approx(58 / 3)


def test_an_unqualified_caregiver_is_caught() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    ev = evaluate_hhc(inst, [[HhcService(2, 1, 20.0)], [HhcService(1, 0, 5.0), HhcService(2, 0, 20.0)]])
    assert "caregiver 0 is not qualified for service 1 (patient 2)" in ev.violations


def test_unsynchronised_double_service_is_caught() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    ev = evaluate_hhc(inst, [[HhcService(1, 0, 5.0), HhcService(2, 0, 20.0)], [HhcService(2, 1, 25.0)]])
    assert ev.violations == ("patient 2: simultaneous services start 5 apart",)


def test_a_start_before_arrival_is_caught() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    # cg0 cannot reach p2 before 20 (5 + 10 + 5) but claims 15.
    ev = evaluate_hhc(inst, [[HhcService(1, 0, 5.0), HhcService(2, 0, 15.0)], [HhcService(2, 1, 15.0)]])
    assert any("cannot arrive before 20" in v for v in ev.violations)


def test_a_precedence_gap_outside_its_bounds_is_caught() -> None:
    inst = parse_mankowska(_tiny_mankowska(mind="0 0 15 0", maxd="0 0 30 0"), name="tiny")
    ev = evaluate_hhc(inst, [[HhcService(1, 0, 5.0), HhcService(2, 0, 20.0)], [HhcService(2, 1, 60.0)]])
    assert ev.violations == ("patient 2: service 1 starts 40 after service 0, outside [15, 30]",)


def test_earliest_schedule_honours_the_precedence_gap() -> None:
    inst = parse_mankowska(_tiny_mankowska(mind="0 0 15 0", maxd="0 0 30 0"), name="tiny")
    schedule = earliest_schedule(inst, [[(1, 0), (2, 0)], [(2, 1)]])
    assert schedule is not None
    assert schedule[1][0].start == 35.0  # 15 after service 0 starts at 20
    assert evaluate_hhc(inst, schedule).feasible


def test_orders_that_wait_for_each_other_have_no_schedule() -> None:
    # Make patient 1 a simultaneous double too; then cg0 doing p1 before p2 while cg1 does p2 before p1
    # means each waits for the other: p1 < p2 = p2' < p1' = p1, impossible.
    text = _tiny_mankowska().replace("r\n1 1\n1 0\n", "r\n1 1\n1 1\n").replace("DS\n3\n", "DS\n2 3\n")
    inst = parse_mankowska(text, name="tiny2")
    assert earliest_schedule(inst, [[(1, 0), (2, 0)], [(1, 1), (2, 1)]]) is not None
    assert earliest_schedule(inst, [[(1, 0), (2, 0)], [(2, 1), (1, 1)]]) is None


def test_both_halves_of_a_double_by_one_caregiver_is_caught() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    assert earliest_schedule(inst, [[(1, 0)], [(2, 0), (2, 1)]]) is None
    ev = evaluate_hhc(inst, [[HhcService(1, 0, 5.0)], [HhcService(2, 0, 10.0), HhcService(2, 1, 10.0)]])
    assert "patient 2: both services by caregiver 1" in ev.violations
