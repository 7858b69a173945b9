"""The OR-Tools engine keeps every hard rule: one tiny hand-made problem per rule.

Each problem is built so that dropping the rule from the model would change the roster (a nearer or
cheaper carer is barred, a visit would have to run late, ...). Every roster is also judged by the
independent validator and measured by compute_kpis.

Geometry (tests/conftest.py line_matrices): everyone lives at latitude 56.0; 0.01 degrees of longitude
is 620 m, i.e. 1.24 -> 2 minutes by car (30 km/h) and 7.44 -> 8 minutes on foot (5 km/h).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from rostering.domain import Problem, VisitDependency
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine.solver import EngineSolver
from rostering.solvers.params import SolveParams
from tests.care_day import DAY, carer, carers_of, client, problem, reasons, shift, solve, visit
from tests.conftest import hm, line_matrices


# --------------------------------------------------------------------------------------- eligibility
def test_client_exclusion_sends_the_visit_to_a_farther_carer() -> None:
    # K1 lives at the client's door, K2 1.2 km away: only the exclusion stops K1 taking it.
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72)],
        [shift("K1"), shift("K2")],
        [client("C1", -2.70, excluded_carers=("K1",))],
        [visit("V1", "C1", "09:00", "10:00")],
    )
    assert carers_of(solve(p), "V1") == ["K2"]


def test_gender_preference_is_respected() -> None:
    p = problem(
        [carer("K1", -2.70, gender="m"), carer("K2", -2.72, gender="f")],
        [shift("K1"), shift("K2")],
        [client("C1", -2.70, gender_preference="f")],
        [visit("V1", "C1", "09:00", "10:00")],
    )
    assert carers_of(solve(p), "V1") == ["K2"]


def test_missing_skill_bars_the_nearest_carer() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72, skills=("peg_feeding",))],
        [shift("K1"), shift("K2")],
        [client("C1", -2.70)],
        [visit("V1", "C1", "09:00", "10:00", skills=("peg_feeding",))],
    )
    assert carers_of(solve(p), "V1") == ["K2"]


def test_a_visit_nobody_may_do_is_reported_with_its_reason() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72)],
        [shift("K1")],
        [client("C1", -2.70, excluded_carers=("K1",)), client("C2", -2.71)],
        [
            visit("V1", "C1", "09:00", "10:00", skills=("dementia",)),  # no carer has the skill
            visit("V2", "C1", "09:00", "10:00"),  # only K2 may, and K2 has no shift today
            visit("V3", "C2", "06:00", "06:30"),  # before every shift
        ],
    )
    roster = solve(p)
    assert reasons(roster) == {
        "V1": "no_eligible_carer",
        "V2": "no_shift_in_window",
        "V3": "no_shift_in_window",
    }
    assert all(u.detail for u in roster.unassigned)


# ----------------------------------------------------------------------------------- time windows
def test_hard_window_leaves_a_visit_out_rather_than_late() -> None:
    # One carer, two 30-minute visits both to start 09:00-09:05 at different homes: one must wait.
    p = problem(
        [carer("K1", -2.71)],
        [shift("K1")],
        [client("C1", -2.70), client("C2", -2.72)],
        [visit("V1", "C1", "09:00", "09:05", priority=1), visit("V2", "C2", "09:00", "09:05", priority=3)],
    )
    roster = solve(p)
    assert carers_of(roster, "V1") == ["K1"]
    assert reasons(roster) == {"V2": "no_capacity_in_window"}
    (a,) = roster.by_visit["V1"]
    assert hm("09:00") <= a.start_min <= hm("09:05")


def test_soft_window_lets_a_visit_start_late_and_charges_for_it() -> None:
    # Window 07:30-07:40 but the shift starts at 08:00: a soft window is done late, as early as possible.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "08:00", "12:00")],
        [client("C1", -2.71)],
        [visit("V1", "C1", "07:30", "07:40", late_penalty_per_min=1.0)],
    )
    roster = solve(p)
    (a,) = roster.by_visit["V1"]
    assert a.start_min == hm("08:00") + a.travel_min  # leave at 08:00, no minute later than needed
    hard = problem(
        p.carers, p.shifts, p.clients, [p.visits[0].model_copy(update={"late_penalty_per_min": None})]
    )
    assert reasons(solve(hard)) == {"V1": "no_shift_in_window"}


def test_max_lateness_term_builds_a_valid_roster() -> None:
    # Two late-able visits at one minute; with a max-lateness weight both still get done.
    params = SolveParams.model_validate({"lateness": {"max_per_minute_gbp": 5.0}})
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "08:00", "12:00")],
        [client("C1", -2.71), client("C2", -2.69)],
        [
            visit("V1", "C1", "08:00", "08:00", late_penalty_per_min=1.0),
            visit("V2", "C2", "08:00", "08:00", late_penalty_per_min=1.0),
        ],
    )
    roster = solve(p, params)
    assert len(roster.by_visit) == 2


# ---------------------------------------------------------------------------------------- shifts
def test_route_stays_inside_the_shift_including_the_way_home() -> None:
    # A 60-minute shift cannot hold 2 min out + 60 min visit + 2 min back.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "09:00", "10:00")],
        [client("C1", -2.71)],
        [visit("V1", "C1", "09:00", "09:30", 60)],
    )
    assert reasons(solve(p)) == {"V1": "no_shift_in_window"}
    fits = problem(p.carers, [shift("K1", "08:55", "10:05")], p.clients, p.visits)
    roster = solve(fits)
    (route,) = roster.routes
    assert hm("08:55") <= route.start_min and route.end_min <= hm("10:05")


def test_split_shift_keeps_the_gap_free_and_counts_seq_across_the_day() -> None:
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "07:00", "10:00"), shift("K1", "16:00", "19:00")],
        [client("C1", -2.71)],
        [
            visit("AM", "C1", "08:00", "09:00"),
            visit("NOON", "C1", "12:00", "13:00"),  # falls in the gap between the two parts
            visit("PM", "C1", "17:00", "18:00"),
        ],
    )
    roster = solve(p)
    assert reasons(roster) == {"NOON": "no_shift_in_window"}
    assert sorted(r.shift_start_min for r in roster.routes) == [hm("07:00"), hm("16:00")]
    assert [a.seq for a in sorted(roster.assignments, key=lambda a: a.start_min)] == [1, 2]


# ----------------------------------------------------------------------------------- rest breaks
def test_rest_break_is_placed_in_a_route_longer_than_six_hours() -> None:
    # Visits from 08:00 to 15:30 make a 7.5-hour route; windows leave room for a 20-minute break.
    lons = [-2.70, -2.71, -2.72, -2.71, -2.70, -2.69, -2.70, -2.71]
    clients = [client(f"C{i}", lon) for i, lon in enumerate(lons)]
    visits = [visit(f"V{i}", f"C{i}", f"{8 + i:02d}:00", f"{8 + i:02d}:30", 45) for i in range(len(lons))]
    p = problem([carer("K1", -2.70)], [shift("K1", "07:30", "17:00")], clients, visits)
    roster = solve(p, work=120)
    assert len(roster.by_visit) == len(visits)
    (route,) = roster.routes
    assert route.end_min - route.start_min > 360
    (brk,) = roster.breaks
    assert brk.duration_min >= 20
    assert route.start_min <= brk.start_min and brk.start_min + brk.duration_min <= route.end_min


@pytest.mark.parametrize("params", [None, SolveParams.textbook()], ids=["engine", "ortools-alone"])
def test_rest_break_falls_between_two_visits_never_before_the_first_or_after_the_last(
    params: SolveParams | None,
) -> None:
    # Seven 50-minute visits at C1 on the hour from 08:00 (fixed times): K1 (at the door) doing all seven
    # has 10-minute gaps, and the only room for the 20-minute break would be before the first visit
    # (leaving at 07:40, the cheapest way to make room) or after the last: not a break during the working
    # day. So K1 leaves a visit to K2, 6.2 km away (13 minutes each way), which opens a gap for the break
    # or keeps K1's route within six hours.
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.80)],
        [shift("K1", "07:00", "16:00"), shift("K2", "07:00", "16:00")],
        [client("C1", -2.70)],
        [visit(f"V{h}", "C1", f"{h:02d}:00", f"{h:02d}:00", 50) for h in range(8, 15)],
    )
    roster = solve(p, params, work=120)
    assert len(roster.by_visit) == 7
    for brk in roster.breaks:
        theirs = [a for a in roster.assignments if a.carer_id == brk.carer_id]
        assert min(a.end_min for a in theirs) <= brk.start_min
        assert brk.start_min + brk.duration_min <= max(a.start_min for a in theirs)


def test_no_room_for_a_break_means_a_shorter_route() -> None:
    # Back-to-back 55-minute visits every hour from 08:00 to 14:00 at one client: no gap holds 20 minutes,
    # so a route over six hours is impossible; the carer does at most six hours and leaves the rest.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "07:55", "15:00")],
        [client("C1", -2.70)],
        [visit(f"V{h}", "C1", f"{h:02d}:00", f"{h:02d}:00", 55) for h in range(8, 15)],
    )
    roster = solve(p, work=120)
    (route,) = roster.routes
    assert route.end_min - route.start_min <= 360 or roster.breaks
    assert len(roster.by_visit) == 6


# -------------------------------------------------------------------------------------- double-ups
def test_double_up_is_two_different_carers_at_the_same_minute() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72), carer("K3", -2.74)],
        [shift("K1"), shift("K2"), shift("K3")],
        [client("C1", -2.71), client("C2", -2.73)],
        [visit("D", "C1", "09:00", "10:00", 45, carers_required=2), visit("V", "C2", "09:00", "09:30")],
    )
    roster = solve(p)
    pair = roster.by_visit["D"]
    assert len({a.carer_id for a in pair}) == 2
    assert len({a.start_min for a in pair}) == 1


def test_double_up_is_never_one_carer_on_two_overlapping_shifts() -> None:
    # K1 has two overlapping shifts (two vehicles); K2, the only other eligible carer, is needed for a
    # priority-1 visit at the same time. Two vehicles of one carer must not make a pair.
    p = problem(
        [
            carer("K1", -2.70, skills=("moving_and_handling",)),
            carer("K2", -2.72, skills=("moving_and_handling", "medication")),
        ],
        [shift("K1", "08:00", "11:00"), shift("K1", "09:00", "12:00"), shift("K2", "09:00", "10:30")],
        [client("C1", -2.71), client("C2", -2.73)],
        [
            visit(
                "D",
                "C1",
                "09:30",
                "09:30",
                30,
                carers_required=2,
                priority=3,
                skills=("moving_and_handling",),
            ),
            visit("MED", "C2", "09:15", "09:15", 40, priority=1, skills=("medication",)),
        ],
    )
    roster = solve(p)
    assert carers_of(roster, "MED") == ["K2"]
    assert reasons(roster) == {"D": "no_capacity_in_window"}


def test_double_up_without_two_carers_is_reported() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72)],
        [shift("K1")],
        [client("C1", -2.71)],
        [visit("D", "C1", "09:00", "10:00", carers_required=2)],
    )
    assert reasons(solve(p)) == {"D": "no_pair_for_double_up"}


# ------------------------------------------------------------------------------------- dependencies
def test_dependency_second_visit_starts_within_the_gap_by_another_carer() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72, skills=("peg_feeding",))],
        [shift("K1"), shift("K2")],
        [client("C1", -2.71)],
        [
            visit("MED", "C1", "09:00", "11:00"),
            visit("CHECK", "C1", "09:00", "12:00", 15, skills=("peg_feeding",)),
        ],
        dependencies=(
            VisitDependency(first_visit_id="MED", second_visit_id="CHECK", min_gap_min=60, max_gap_min=90),
        ),
    )
    roster = solve(p)
    (first,) = roster.by_visit["MED"]
    (second,) = roster.by_visit["CHECK"]
    assert 60 <= second.start_min - first.start_min <= 90
    assert first.carer_id != second.carer_id


def test_dependency_is_both_or_neither() -> None:
    # CHECK cannot be placed (nobody has the skill), so MED is left out too.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1")],
        [client("C1", -2.71)],
        [
            visit("MED", "C1", "09:00", "11:00"),
            visit("CHECK", "C1", "09:00", "12:00", 15, skills=("dementia",)),
        ],
        dependencies=(
            VisitDependency(first_visit_id="MED", second_visit_id="CHECK", min_gap_min=0, max_gap_min=60),
        ),
    )
    assert reasons(solve(p)) == {"CHECK": "no_eligible_carer", "MED": "dependency_partner_unassigned"}


def test_dependency_needs_two_carers_even_when_one_could_do_both() -> None:
    # Only K1 is on shift; one carer may not do both halves of a dependency.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1")],
        [client("C1", -2.71)],
        [visit("A", "C1", "09:00", "10:00"), visit("B", "C1", "09:00", "12:00")],
        dependencies=(
            VisitDependency(first_visit_id="A", second_visit_id="B", min_gap_min=60, max_gap_min=120),
        ),
    )
    roster = solve(p)
    assert set(reasons(roster)) == {"A", "B"}


# ------------------------------------------------------------------------------- travel by mode
def test_walker_travels_at_walking_speed() -> None:
    # The walker lives 1.24 km from the client (15 min on foot), the driver 2.48 km (5 min by car).
    # The visit must start by 08:10, shifts start 08:00: only the driver can be there in time.
    p = problem(
        [carer("W", -2.70, travel_mode="walk"), carer("D", -2.74)],
        [shift("W"), shift("D")],
        [client("C1", -2.72)],
        [visit("V1", "C1", "08:00", "08:10")],
    )
    roster = solve(p)
    assert carers_of(roster, "V1") == ["D"]
    late = problem(p.carers, p.shifts, p.clients, [visit("V1", "C1", "08:00", "09:00")])
    walk = problem([p.carers[0]], [p.shifts[0]], p.clients, late.visits)
    (a,) = solve(walk).by_visit["V1"]
    matrices = line_matrices(walk)
    assert a.travel_min == matrices["walk"].travel_min("carer:W", "client:C1") == 15
    assert matrices["drive"].travel_min("carer:W", "client:C1") == 3


# --------------------------------------------------------------------------- working minutes, load
def test_max_minutes_per_day_is_summed_over_split_shifts() -> None:
    # Each visit needs 2 + 50 + 2 = 54 minutes of route; 120 minutes a day allow two of the four.
    p = problem(
        [carer("K1", -2.70, max_minutes_per_day=120)],
        [shift("K1", "08:00", "11:00"), shift("K1", "14:00", "17:00")],
        [client("C1", -2.71)],
        [
            visit("A1", "C1", "08:30", "08:30", 50),
            visit("A2", "C1", "10:00", "10:00", 50),
            visit("P1", "C1", "14:30", "14:30", 50),
            visit("P2", "C1", "16:00", "16:00", 50),
        ],
    )
    roster = solve(p)
    worked = sum(r.end_min - r.start_min for r in roster.routes)
    assert worked <= 120
    assert len(roster.by_visit) == 2


def test_capacity_limits_the_load_of_each_route() -> None:
    p = problem(
        [carer("K1", -2.70, capacity=2), carer("K2", -2.80, capacity=5)],
        [shift("K1"), shift("K2")],
        [client("C1", -2.70)],
        [visit(f"V{i}", "C1", "09:00", "13:00", 20, demand=1) for i in range(3)],
    )
    roster = solve(p)
    load = Counter(a.carer_id for a in roster.assignments)
    assert len(roster.by_visit) == 3
    assert load["K1"] <= 2 and load["K2"] >= 1


# ------------------------------------------------------------------------------ search behaviour
def test_same_seed_and_work_limit_give_an_identical_roster(tiny_problem: Problem) -> None:
    from rostering.io.roster_json import roster_json_text

    zone = tiny_problem.locality.timezone
    first = roster_json_text(solve(tiny_problem, work=80, seed=7), zone)
    again = roster_json_text(solve(tiny_problem, work=80, seed=7), zone)
    assert first == again


def test_textbook_preset_builds_a_valid_roster(tiny_problem: Problem) -> None:
    roster = solve(tiny_problem, SolveParams.textbook())
    assert roster.solver == "ortools:PATH_CHEAPEST_ARC"
    assert roster.by_visit


def test_roster_reports_search_statistics(tiny_problem: Problem) -> None:
    roster = solve(tiny_problem)
    (day,) = roster.stats["blocks"].values()
    assert {"objective_gbp", "first_solution_objective_gbp", "solutions", "status"} <= set(day)
    assert roster.objective is not None and roster.objective == day["objective_gbp"]
    assert "wall_s" not in roster.stats  # work-limited runs carry no timings (byte-identical output)


# ------------------------------------------------------------------------------------------ weeks
def test_week_carries_continuity_into_later_days() -> None:
    # Day 1 only K1 works and meets C1. On day 2 K2 lives nearer (cheaper), but C1 now knows K1.
    day2 = DAY + dt.timedelta(days=1)
    p = problem(
        [carer("K1", -2.69), carer("K2", -2.705)],
        [shift("K1"), shift("K1", day=day2), shift("K2", day=day2)],
        [client("C1", -2.71)],
        [visit("V1", "C1", "09:00", "10:00"), visit("V2", "C1", "09:00", "10:00", date=day2)],
    )
    roster = solve(p)
    assert carers_of(roster, "V1") == ["K1"]
    assert carers_of(roster, "V2") == ["K1"]
    # Without the carry-over the nearer carer wins: the weights, not chance, decide.
    alone = problem(p.carers, [s for s in p.shifts if s.date == day2], p.clients, [p.visits[1]])
    assert carers_of(solve(alone), "V2") == ["K2"]


def test_dependency_across_midnight_is_rostered_in_one_block() -> None:
    from rostering.solvers.engine._week import date_blocks

    day2 = DAY + dt.timedelta(days=1)
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72)],
        [
            shift("K1", "18:00", "23:00"),
            shift("K2", "07:00", "12:00", day=day2),
            shift("K1", "07:00", "12:00", day=day2),
        ],
        [client("C1", -2.71)],
        [visit("EVE", "C1", "20:00", "21:00"), visit("MORN", "C1", "07:30", "09:00", date=day2)],
        dependencies=(
            VisitDependency(first_visit_id="EVE", second_visit_id="MORN", min_gap_min=660, max_gap_min=720),
        ),
    )
    assert date_blocks(p) == [(DAY, day2)]
    roster = solve(p)
    (eve,) = roster.by_visit["EVE"]
    (morn,) = roster.by_visit["MORN"]
    assert 660 <= morn.start_min + 24 * 60 - eve.start_min <= 720
    assert eve.carer_id != morn.carer_id


def test_rest_breaks_can_be_switched_off_for_benchmark_instances() -> None:
    # The back-to-back day above: without the rule all seven visits fit, and the validator (which always
    # applies the care rule) names the missing break; benchmark adapters evaluate with their own rules.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "07:55", "15:00")],
        [client("C1", -2.70)],
        [visit(f"V{h}", "C1", f"{h:02d}:00", f"{h:02d}:00", 55) for h in range(8, 15)],
    )
    params = SolveParams.model_validate({"rules": {"rest_breaks": False}})
    matrices = line_matrices(p)
    roster = EngineSolver().solve(p, matrices, params, Budget(time_limit_s=None, work_limit=60))
    assert len(roster.by_visit) == 7 and not roster.breaks
    assert [v.code for v in validate(p, matrices, roster)] == ["missing_break"]


def test_progress_reports_visits_assigned_and_the_best_objective(tiny_problem: Problem) -> None:
    from rostering.solvers.base import Progress

    seen: list[Progress] = []
    matrices = line_matrices(tiny_problem)
    roster = EngineSolver().solve(
        tiny_problem, matrices, None, Budget(time_limit_s=None, work_limit=40), progress=seen.append
    )
    assert seen and all(p.phase == "2026-11-24" for p in seen)
    last = seen[-1]
    assert last.visits_assigned == len(roster.by_visit)
    assert last.visits_total == len(tiny_problem.visits) - len(roster.unassigned) + sum(
        1 for u in roster.unassigned if u.reason == "no_capacity_in_window"
    )
    assert last.best_objective == roster.objective


def test_a_dependency_on_a_late_soft_window_visit_keeps_its_gap_against_a_double_up() -> None:
    # A needs medication: only K3 has it, on shift from 09:00, so A (soft window at 07:00) starts at 09:00
    # (540) at the earliest. B, a double-up for K1 + K2, must start by 08:55 (535). B - A <= 535 - 540 < 0,
    # outside 0..5: no roster keeps the dependency, so both visits must be left out.
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.70), carer("K3", -2.70, skills=("medication",))],
        [shift("K1", "06:00", "10:00"), shift("K2", "06:00", "10:00"), shift("K3", "09:00", "13:00")],
        [client("C1", -2.70)],
        [
            visit("A", "C1", "07:00", "07:00", 15, skills=("medication",), late_penalty_per_min=1.0),
            visit("B", "C1", "07:00", "08:55", 15, carers_required=2),
        ],
        dependencies=(
            VisitDependency(first_visit_id="A", second_visit_id="B", min_gap_min=0, max_gap_min=5),
        ),
    )
    assert set(reasons(solve(p))) == {"A", "B"}


@pytest.mark.parametrize("double_up_first", [False, True])
def test_a_dependency_with_a_double_up_keeps_its_direction(double_up_first: bool) -> None:
    # A single visit and a double-up linked 30..60 minutes apart: three nodes placed together. The one
    # fixed at 09:00 pins the other to 09:30-10:00 (after it, never before), and all three starts
    # hold the gap.
    fixed, free = ("09:00", "09:00"), ("08:00", "12:00")
    single, pair = (free, fixed) if double_up_first else (fixed, free)
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.70), carer("K3", -2.70, skills=("medication",))],
        [shift("K1", "07:00", "13:00"), shift("K2", "07:00", "13:00"), shift("K3", "07:00", "13:00")],
        [client("C1", -2.70)],
        [
            visit("S", "C1", *single, 15, skills=("medication",)),
            visit("D", "C1", *pair, 15, carers_required=2),
        ],
        dependencies=(
            VisitDependency(
                first_visit_id="D" if double_up_first else "S",
                second_visit_id="S" if double_up_first else "D",
                min_gap_min=30,
                max_gap_min=60,
            ),
        ),
    )
    roster = solve(p)
    assert not roster.unassigned
    (s,) = roster.by_visit["S"]
    starts = {a.start_min for a in roster.by_visit["D"]}
    assert len(starts) == 1
    (d,) = starts
    first, second = (d, s.start_min) if double_up_first else (s.start_min, d)
    assert first == hm("09:00") and 30 <= second - first <= 60


def test_daily_limit_counts_each_date_of_a_block_linked_across_midnight_apart() -> None:
    # EVE -> MORN links the two dates into one block. K1 may work 100 minutes a day and has a 60-minute
    # visit at its door each day: 120 minutes over the block, 60 a day, so both are served.
    day2 = DAY + dt.timedelta(days=1)
    p = problem(
        [carer("K1", -2.70, max_minutes_per_day=100), carer("K2", -2.72), carer("K3", -2.72)],
        [
            shift("K1", "08:00", "12:00"),
            shift("K1", "08:00", "12:00", day=day2),
            shift("K2", "18:00", "23:00"),
            shift("K3", "07:00", "12:00", day=day2),
        ],
        [client("C1", -2.70), client("C2", -2.72)],
        [
            visit("A", "C1", "09:00", "10:00", 60),
            visit("B", "C1", "09:00", "10:00", 60, date=day2),
            visit("EVE", "C2", "20:00", "21:00"),
            visit("MORN", "C2", "07:30", "09:00", date=day2),
        ],
        dependencies=(
            VisitDependency(first_visit_id="EVE", second_visit_id="MORN", min_gap_min=660, max_gap_min=720),
        ),
    )
    roster = solve(p)
    assert carers_of(roster, "A") == ["K1"] and carers_of(roster, "B") == ["K1"]
    assert not roster.unassigned
