"""The `time-and-task` status-quo allocator: each rule of the coordinator's hand rule on a tiny bundle.

Every location sits on one east-west line (conftest.line_matrices): 0.01 degrees of longitude is 620 m,
2 minutes' drive (1.24 min rounded up) or 8 minutes' walk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import (
    HistoryRecord,
    Problem,
    Shift,
    VisitDependency,
)
from rostering.errors import InputError
from rostering.evaluation.validate import validate
from rostering.solvers.baselines.ownership import infer_ownership
from rostering.solvers.baselines.params import BaselineParams
from rostering.solvers.baselines.time_and_task import TimeAndTaskSolver, roster_time_and_task
from tests.conftest import DAY, REPO, hm, line_matrices
from tests.siloed_day import bundle, carer, carers_of, client, reason_of, roster_of, shift, visit

# A1 lives next door to C1; A2 is 0.04 degrees away (5 min); A3 0.08 away (10 min).
A1, A2, A3 = carer("A1", "A", -2.70), carer("A2", "A", -2.66), carer("A3", "A", -2.62)
C1 = client("C1", "A", -2.70)


def test_nearest_free_carer_gets_the_visit_without_a_regular() -> None:
    roster = roster_of(bundle([A3, A2, A1], [C1], [visit("V1", "C1", "09:00")]))
    assert carers_of(roster, "V1") == ["A1"]


def test_regular_carer_is_kept_when_free_even_if_farther() -> None:
    # A2 visited C1 three times, A1 once: A2 is the regular, so A2 goes although A1 is next door.
    history = tuple(
        HistoryRecord(client_id="C1", carer_id=k, date=DAY - dt.timedelta(days=d))
        for k, d in [("A2", 1), ("A2", 2), ("A2", 3), ("A1", 4)]
    )
    roster = roster_of(bundle([A1, A2, A3], [C1], [visit("V1", "C1", "09:00")], history=history))
    assert carers_of(roster, "V1") == ["A2"]


def test_preferred_carer_is_the_regular_without_history() -> None:
    clients = [client("C1", "A", -2.70, preferred_carers=("A3",))]
    roster = roster_of(bundle([A1, A2, A3], clients, [visit("V1", "C1", "09:00")]))
    assert carers_of(roster, "V1") == ["A3"]


def test_busy_regular_gives_way_to_the_nearest_free_carer() -> None:
    # A2 is C1's regular but is still at C2 (its own regular client) when V1 must start.
    clients = [
        client("C1", "A", -2.70, preferred_carers=("A2",)),
        client("C2", "A", -2.66, preferred_carers=("A2",)),
    ]
    visits = [visit("V0", "C2", "08:30", duration=60), visit("V1", "C1", "09:00")]
    roster = roster_of(bundle([A1, A2, A3], clients, visits))
    assert carers_of(roster, "V0") == ["A2"]
    assert carers_of(roster, "V1") == ["A1"]


def test_the_same_carer_is_kept_across_the_day() -> None:
    # With no history, whoever took the morning visit is the regular for the lunch visit; at lunch A1
    # is busy elsewhere but A2 (morning) is free, though A3 would be just as near.
    clients = [client("C1", "A", -2.66), client("C2", "A", -2.70)]
    carers = [carer("A1", "A", -2.70), carer("A2", "A", -2.66), carer("A3", "A", -2.66)]
    visits = [visit("V1", "C1", "08:30"), visit("V2", "C2", "12:00", slack=0), visit("V3", "C1", "12:00")]
    roster = roster_of(bundle(carers, clients, visits))
    assert carers_of(roster, "V1") == carers_of(roster, "V3") == ["A2"]


def test_ineligible_carers_are_passed_over_for_the_nearest_eligible_one() -> None:
    carers = [
        carer("A1", "A", -2.70),
        carer("A2", "A", -2.66, skills=("medication",), gender="m"),
        carer("A3", "A", -2.62, skills=("medication",), gender="f"),
    ]
    visits = [visit("V1", "C1", "09:00", skills=("medication",))]
    roster = roster_of(bundle(carers, [C1], visits))
    assert carers_of(roster, "V1") == ["A2"]
    # A gender preference for women rules A2 out too.
    roster = roster_of(bundle(carers, [client("C1", "A", -2.70, gender_preference="f")], visits))
    assert carers_of(roster, "V1") == ["A3"]


def test_no_pooling_a_client_of_one_provider_is_never_served_by_another() -> None:
    # C2 belongs to agency B whose only carer walks from 0.1 degrees away (48 min): too late for the slot.
    # In-house A1 is next door and idle, but the silo holds: the visit goes unmet.
    carers = [A1, carer("B1", "B", -2.60, travel_mode="walk")]
    clients = [client("C2", "B", -2.70)]
    roster = roster_of(bundle(carers, clients, [visit("V2", "C2", "08:10")]))
    assert roster.assignments == ()
    assert reason_of(roster, "V2") == "no_capacity_in_window"


def test_visits_start_at_the_booked_time_or_within_the_tolerance() -> None:
    # A3 needs 10 min from base, so on an 08:00 shift a visit booked for 08:00 starts at 08:10.
    visits = [visit("V1", "C1", "08:00", slack=120), visit("V2", "C1", "11:00", slack=120)]
    roster = roster_of(bundle([A3], [C1], visits))
    starts = {a.visit_id: a.start_min for a in roster.assignments}
    assert starts == {"V1": hm("08:10"), "V2": hm("11:00")}
    # With a 5-minute tolerance the 08:00 visit cannot be reached although its window would allow it.
    roster = roster_of(bundle([A3], [C1], visits), BaselineParams(tolerance_min=5))
    assert reason_of(roster, "V1") == "no_capacity_in_window"
    assert carers_of(roster, "V2") == ["A3"]


def test_starts_stay_inside_the_commissioned_window() -> None:
    # A3 arrives at 08:10; the window closes at 08:09 and a 15-minute tolerance cannot stretch it.
    roster = roster_of(bundle([A3], [C1], [visit("V1", "C1", "08:04", slack=5)]))
    assert reason_of(roster, "V1") == "no_capacity_in_window"


def test_double_up_gets_two_carers_of_the_same_provider_at_one_start() -> None:
    carers = [A1, A3, carer("B1", "B", -2.70)]
    roster = roster_of(bundle(carers, [C1], [visit("V1", "C1", "08:00", carers_required=2)]))
    pair = roster.by_visit["V1"]
    assert sorted(a.carer_id for a in pair) == ["A1", "A3"]
    # They meet at 08:10, when A3 (10 min away) can arrive.
    assert {a.start_min for a in pair} == {hm("08:10")}


def test_double_up_without_a_second_carer_in_the_silo_is_unmet() -> None:
    carers = [A1, A3, carer("B1", "B", -2.70)]
    clients = [client("C1", "A", -2.70, excluded_carers=("A3",))]
    roster = roster_of(bundle(carers, clients, [visit("V1", "C1", "09:00", carers_required=2)]))
    assert reason_of(roster, "V1") == "no_pair_for_double_up"


def test_a_route_over_six_hours_gets_a_rest_break() -> None:
    # Eight 45-minute visits to one client, one an hour from 08:00: only 15 minutes between them, so the
    # coordinator must start one later (within the tolerance) to make room for a 20-minute break.
    visits = [visit(f"V{i}", "C1", f"{8 + i:02d}:00", duration=45, slack=30) for i in range(8)]
    roster = roster_of(bundle([A1], [C1], visits, shifts=[shift("A1", "07:00", "18:00")]))
    assert len(roster.assignments) == 8
    (route,) = roster.routes
    assert route.end_min - route.start_min > 360
    assert [b.duration_min for b in roster.breaks] == [20]


def test_no_room_for_a_break_means_the_visit_goes_to_someone_else() -> None:
    # With no tolerance no gap can open: V6 would take A1's route past six hours with no break, so it
    # goes to A3; by V7 A1 has had a 75-minute gap, where the break goes.
    visits = [visit(f"V{i}", "C1", f"{8 + i:02d}:00", duration=45, slack=30) for i in range(8)]
    shifts = [shift("A1", "07:00", "18:00"), shift("A3", "07:00", "18:00")]
    roster = roster_of(bundle([A1, A3], [C1], visits, shifts=shifts), BaselineParams(tolerance_min=0))
    assert {a.start_min for a in roster.assignments} == {v.requested_start_min for v in visits}
    assert carers_of(roster, "V6") == ["A3"]
    assert carers_of(roster, "V7") == ["A1"]
    assert [(b.carer_id, b.start_min) for b in roster.breaks] == [("A1", hm("13:45"))]


def test_daily_minute_cap_is_respected() -> None:
    capped = carer("A1", "A", -2.70, max_minutes_per_day=100)
    visits = [visit(f"V{i}", "C1", f"{8 + i:02d}:00", duration=45) for i in range(3)]
    roster = roster_of(bundle([capped], [C1], visits))
    # V1 moves 5 min early so that V0 + V1 fit in 100 min (08:00-09:40); V2 cannot fit at all.
    assert [(a.visit_id, a.start_min) for a in roster.assignments] == [
        ("V0", hm("08:00")),
        ("V1", hm("08:55")),
    ]
    assert sum(r.end_min - r.start_min for r in roster.routes) <= 100
    assert reason_of(roster, "V2") == "no_capacity_in_window"


def test_unowned_clients_provider_holds_every_client_without_a_provider(tiny_problem: Problem) -> None:
    roster = roster_of(tiny_problem, BaselineParams(unowned_clients_provider="P1"))
    assert roster.assignments
    assert {tiny_problem.carer_by_id[a.carer_id].provider_id for a in roster.assignments} == {"P1"}
    roster = roster_of(tiny_problem, BaselineParams(unowned_clients_provider="P2"))
    assert {tiny_problem.carer_by_id[a.carer_id].provider_id for a in roster.assignments} == {"P2"}


def test_an_unknown_holding_provider_is_an_input_error(tiny_problem: Problem) -> None:
    with pytest.raises(InputError, match="unknown provider 'NOPE'"):
        roster_time_and_task(
            tiny_problem, line_matrices(tiny_problem), BaselineParams(unowned_clients_provider="NOPE")
        )


def test_dependent_visits_go_to_two_carers_with_the_gap_kept() -> None:
    visits = [visit("V1", "C1", "09:00"), visit("V2", "C1", "09:40")]
    dep = VisitDependency(first_visit_id="V1", second_visit_id="V2", min_gap_min=45, max_gap_min=60)
    roster = roster_of(bundle([A1, A3], [C1], visits, dependencies=(dep,)))
    (first,), (second,) = roster.by_visit["V1"], roster.by_visit["V2"]
    assert first.carer_id != second.carer_id
    assert 45 <= second.start_min - first.start_min <= 60


def test_a_dependency_that_cannot_be_kept_leaves_both_visits_unmet() -> None:
    # Only one carer: the dependency needs two, so neither visit is made.
    visits = [visit("V1", "C1", "09:00"), visit("V2", "C1", "09:40")]
    dep = VisitDependency(first_visit_id="V1", second_visit_id="V2", min_gap_min=30, max_gap_min=60)
    roster = roster_of(bundle([A1], [C1], visits, dependencies=(dep,)))
    assert roster.assignments == ()
    assert reason_of(roster, "V1") == "dependency_partner_unassigned"


def test_tiny_problem_roster_is_valid_and_deterministic(tiny_problem: Problem, tiny_matrices: dict) -> None:
    solver = TimeAndTaskSolver()
    first = solver.solve(tiny_problem, tiny_matrices)
    assert first.solver == "time-and-task"
    assert validate(tiny_problem, tiny_matrices, first) == []
    assert solver.solve(tiny_problem, tiny_matrices).model_dump_json() == first.model_dump_json()


def test_empty_params_file_means_the_defaults(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert BaselineParams.from_toml(empty) == BaselineParams()
    assert BaselineParams.from_toml(REPO / "configs" / "baselines.toml") == BaselineParams()


def test_bad_params_file_names_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("tolerance_min = -3\n")
    with pytest.raises(InputError) as err:
        BaselineParams.from_toml(bad)
    assert str(err.value.issues[0].where) == f"{bad}:tolerance_min"


@st.composite
def random_problems(draw: st.DrawFn) -> Problem:
    """Two providers, a few carers (any mode, skills, split shifts, caps), clients and visits."""
    n_carers = draw(st.integers(2, 6))
    carers, shifts = [], []
    for i in range(n_carers):
        cap = draw(st.none() | st.integers(60, 420))
        carers.append(
            carer(
                f"K{i}",
                draw(st.sampled_from(["A", "B"])),
                -2.70 + draw(st.integers(0, 6)) / 100,
                travel_mode=draw(st.sampled_from(["drive", "walk", "bike"])),
                skills=tuple(draw(st.sets(st.sampled_from(["medication", "dementia"])))),
                gender=draw(st.sampled_from(["f", "m"])),
                max_minutes_per_day=cap,
            )
        )
        start = draw(st.integers(6, 10)) * 60
        if draw(st.booleans()):
            shifts += [shift(f"K{i}", f"{start // 60:02d}:00", "12:00"), shift(f"K{i}", "16:00", "21:00")]
        else:
            shifts.append(
                Shift(
                    carer_id=f"K{i}", date=DAY, start_min=start, end_min=start + draw(st.integers(4, 11)) * 60
                )
            )
    n_clients = draw(st.integers(1, 4))
    clients = [
        client(
            f"C{i}",
            draw(st.sampled_from(["A", "B", None])),
            -2.70 + draw(st.integers(0, 12)) / 100,
            gender_preference=draw(st.sampled_from(["any", "any", "f"])),
        )
        for i in range(n_clients)
    ]
    visits = []
    for i in range(draw(st.integers(1, 14))):
        at = draw(st.integers(7 * 12, 20 * 12)) * 5
        visits.append(
            visit(
                f"V{i}",
                f"C{draw(st.integers(0, n_clients - 1))}",
                f"{at // 60:02d}:{at % 60:02d}",
                duration=draw(st.sampled_from([15, 30, 45, 60])),
                slack=draw(st.sampled_from([0, 30, 90, 180])),
                carers_required=draw(st.sampled_from([1, 1, 1, 2])),
                skills=tuple(draw(st.sets(st.sampled_from(["medication"]), max_size=1))),
            )
        )
    history = tuple(
        HistoryRecord(
            client_id=f"C{draw(st.integers(0, n_clients - 1))}",
            carer_id=f"K{draw(st.integers(0, n_carers - 1))}",
            date=DAY - dt.timedelta(days=1),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    deps: tuple[VisitDependency, ...] = ()
    if len(visits) >= 2 and draw(st.booleans()):
        deps = (
            VisitDependency(
                first_visit_id="V0",
                second_visit_id="V1",
                min_gap_min=0,
                max_gap_min=draw(st.integers(0, 120)),
            ),
        )
    return bundle(carers, clients, visits, shifts=shifts, history=history, dependencies=deps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems(), st.sampled_from([0, 15, 30]))
def test_random_bundles_give_valid_siloed_rosters_at_booked_times(problem: Problem, tolerance: int) -> None:
    roster = roster_of(problem, BaselineParams(tolerance_min=tolerance))
    owner = infer_ownership(problem).provider_by_client
    for a in roster.assignments:
        v = problem.visit_by_id[a.visit_id]
        assert problem.carer_by_id[a.carer_id].provider_id == owner[v.client_id]
        assert abs(a.start_min - v.requested_start_min) <= tolerance
        assert v.window_start_min <= a.start_min <= v.window_end_min
    assert len(roster.by_visit) + len(roster.unassigned) == len(problem.visits)
