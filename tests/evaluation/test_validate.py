"""The validator: one hand-made roster per hard rule, each breaking exactly that rule.

Every case starts from `valid_roster()` on `checked_problem()` (tests/golden/tiny_rosters.py, where the
travel arithmetic is written out) and changes one thing. A meta-test checks that every violation code in
the catalogue has a case here, so a rule cannot be added without a test that would fail if it were dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from rostering.domain import Absence, Break, Problem, Roster, Shift, Unassigned, VisitDependency
from rostering.errors import MatrixError
from rostering.evaluation.validate import Violation, validate
from rostering.evaluation.violation import UNASSIGNED_REASONS, VIOLATION_CODES
from tests.conftest import DAY, REPO, line_matrices
from tests.golden.tiny_rosters import (
    assignment,
    checked_problem,
    long_day_problem,
    long_day_roster,
    route,
    valid_roster,
    valid_roster_with_teams,
    working_days_problem,
    working_days_roster,
)

MATRICES = line_matrices(checked_problem())


def codes(problem: Problem, roster: Roster) -> set[str]:
    return {v.code for v in validate(problem, MATRICES, roster)}


def with_assignment(roster: Roster, visit_id: str, carer_id: str, **update: object) -> Roster:
    """The roster with one assignment changed (or removed when update is {"drop": True})."""
    out = []
    for a in roster.assignments:
        if (a.visit_id, a.carer_id) != (visit_id, carer_id):
            out.append(a)
        elif not update.get("drop"):
            out.append(a.model_copy(update=update))
    return roster.model_copy(update={"assignments": tuple(out)})


def with_route(roster: Roster, carer_id: str, **update: object) -> Roster:
    routes = tuple(r.model_copy(update=update) if r.carer_id == carer_id else r for r in roster.routes)
    return roster.model_copy(update={"routes": routes})


def plus(roster: Roster, **extra: tuple[object, ...]) -> Roster:
    return roster.model_copy(update={k: (*getattr(roster, k), *v) for k, v in extra.items()})


def v6(**update: object) -> Unassigned:
    base = Unassigned(visit_id="V6", client_id="C3", date=DAY, reason="no_eligible_carer")
    return base.model_copy(update=update)


def problem_with(**update: object) -> Callable[[], Problem]:
    return lambda: checked_problem().replace(**update)


def client_variant(client_id: str, **update: object) -> Callable[[], Problem]:
    def build() -> Problem:
        p = checked_problem()
        return p.replace(
            clients=tuple(c.replace(**update) if c.client_id == client_id else c for c in p.clients)
        )

    return build


def carer_variant(carer_id: str, **update: object) -> Callable[[], Problem]:
    def build() -> Problem:
        p = checked_problem()
        return p.replace(carers=tuple(c.replace(**update) if c.carer_id == carer_id else c for c in p.carers))

    return build


def absent(carer_id: str, start: str, end: str) -> Callable[[], Problem]:
    """The checked problem with the carer absent from `start` to `end` (HH:MM) on DAY."""
    times = [dt.datetime.combine(DAY, dt.time.fromisoformat(t)) for t in (start, end)]
    return problem_with(
        absences=(Absence(carer_id=carer_id, start=times[0], end=times[1], reason="sickness"),)
    )


def with_dependency(first: str, second: str, lo: int, hi: int) -> Callable[[], Problem]:
    dep = VisitDependency(first_visit_id=first, second_visit_id=second, min_gap_min=lo, max_gap_min=hi)
    return problem_with(dependencies=(dep,))


@dataclass
class Case:
    code: str
    roster: Callable[[], Roster]
    problem: Callable[[], Problem] = checked_problem
    also: set[str] = field(default_factory=set)  # codes the same fault unavoidably causes too


R = valid_roster
CASES = [
    # The unassigned entry V99 names a visit that does not exist.
    Case("unknown_visit", lambda: plus(R(), unassigned=(v6(visit_id="V99", client_id="C1"),))),
    # A break for carer K9, who is not in the problem.
    Case(
        "unknown_carer",
        lambda: plus(R(), breaks=(Break(carer_id="K9", date=DAY, start_min=600, duration_min=20),)),
    ),
    # V6 is on 24 Nov; the unassigned entry says 25 Nov.
    Case("wrong_date", lambda: R().model_copy(update={"unassigned": (v6(date=DAY + dt.timedelta(days=1)),)})),
    Case("wrong_client", lambda: R().model_copy(update={"unassigned": (v6(client_id="C1"),)})),
    Case("unknown_reason", lambda: R().model_copy(update={"unassigned": (v6(reason="too_busy"),)})),
    Case("visit_missing", lambda: R().model_copy(update={"unassigned": ()})),
    # V2 is done by K3 and also listed as unassigned.
    Case("assigned_and_unassigned", lambda: plus(R(), unassigned=(v6(visit_id="V2", client_id="C2"),))),
    Case("duplicate_unassigned", lambda: plus(R(), unassigned=(v6(),))),
    # Half a double-up: K2 (and K2's now empty route) removed, V3 has one carer of two.
    Case(
        "carer_count",
        lambda: with_assignment(R(), "V3", "K2", drop=True).model_copy(
            update={"routes": tuple(r for r in R().routes if r.carer_id != "K2")}
        ),
    ),
    # K1 does V3 twice (again at 600-645); K2's half is dropped to keep the count at two.
    Case(
        "duplicate_carer",
        lambda: with_assignment(
            plus(R(), assignments=(assignment("V3", "K1", 600, 645, 0, 0.0, 3),)), "V3", "K2", drop=True
        ).model_copy(update={"routes": tuple(r for r in R().routes if r.carer_id != "K2")}),
        also={"double_up_not_synchronised", "seq_order"},
    ),
    # K2 starts V3 at 545, K1 at 540 (K2's route is stretched to 594 so its travel home still fits).
    Case(
        "double_up_not_synchronised",
        lambda: with_route(with_assignment(R(), "V3", "K2", start_min=545, end_min=590), "K2", end_min=594),
    ),
    # C2 excludes K3, who does V2.
    Case("ineligible_carer", R, client_variant("C2", excluded_carers=("K3",))),
    # V2 now needs dementia skills; K3 has none.
    Case(
        "ineligible_carer",
        R,
        lambda: checked_problem().replace(
            visits=tuple(
                v.replace(skills=("dementia",)) if v.visit_id == "V2" else v for v in checked_problem().visits
            )
        ),
    ),
    # C2 wants male carers: K3 (V2) and K1 (V5) are both female.
    Case("ineligible_carer", R, client_variant("C2", gender_preference="m")),
    # A provider policy lets only P1 visit C2; K3 (P2) does V2.
    Case("ineligible_carer", R, client_variant("C2", allowed_providers=("P1",))),
    # V2's window opens 08:30 (510); K3 starts at 505 (leaves 500 + 4 min walk = 504, so travel fits).
    Case("early_start", lambda: with_assignment(R(), "V2", "K3", start_min=505, end_min=535)),
    # V2's hard window closes 10:00 (600); K3 starts 610, home at 640 + 4 = 644.
    Case(
        "late_start",
        lambda: with_route(with_assignment(R(), "V2", "K3", start_min=610, end_min=640), "K3", end_min=644),
    ),
    # V2 lasts 30 minutes: 510-535 is 25.
    Case("wrong_end", lambda: with_assignment(R(), "V2", "K3", end_min=535)),
    # K3's route ends before it starts; V2 then lies in no route.
    Case("route_invalid", lambda: with_route(R(), "K3", start_min=544, end_min=500), also={"outside_route"}),
    # K3 is off sick 08:20-09:00 (500-540): V2 at 510-540 falls in it, and so does the route 500-544.
    Case("visit_during_absence", R, absent("K3", "08:20", "09:00"), also={"route_during_absence"}),
    # K2 is off from 09:46 (586): V3 ends 585, but the drive home (route until 589) meets the absence.
    Case("route_during_absence", R, absent("K2", "09:46", "10:30")),
    # K1 leaves at 07:50, before the 08:00 shift.
    Case("route_outside_shift", lambda: with_route(R(), "K1", start_min=470)),
    # K1's route names a shift starting 09:00; K1's only shift starts 08:00.
    Case("route_outside_shift", lambda: with_route(R(), "K1", shift_start_min=540)),
    # A second (empty) route for K3's one shift.
    Case("duplicate_route", lambda: plus(R(), routes=(route("K3", 700, 710, 0, 0.0),))),
    # K3's route 520-560 starts after V2 (510); the empty route has no travel home.
    Case(
        "outside_route",
        lambda: with_route(R(), "K3", start_min=520, end_min=560, travel_home_min=0, travel_home_m=0.0),
    ),
    # A break during V2 (520-540).
    Case(
        "overlap", lambda: plus(R(), breaks=(Break(carer_id="K3", date=DAY, start_min=520, duration_min=20),))
    ),
    # K1's V1 and V3 seq swapped.
    Case("seq_order", lambda: with_assignment(with_assignment(R(), "V1", "K1", seq=2), "V3", "K1", seq=1)),
    # C3 -> C2 is 3 minutes; the roster says 2.
    Case("travel_mismatch", lambda: with_assignment(R(), "V5", "K1", travel_min=2)),
    Case("travel_mismatch", lambda: with_assignment(R(), "V5", "K1", travel_m=1000.0)),
    Case("travel_mismatch", lambda: with_route(R(), "K2", travel_home_min=3)),
    # V1 510-540 then V3 at 540: C1 -> C3 takes 2 minutes.
    Case("travel_too_short", lambda: with_assignment(R(), "V1", "K1", start_min=510, end_min=540)),
    # K2 leaves base at 538; the 4-minute drive reaches C3 at 542, after V3's 540 start.
    Case("base_travel_too_short", lambda: with_route(R(), "K2", start_min=538)),
    # K2 is home at 589; a break at 700 is outside every route.
    Case(
        "break_outside_route",
        lambda: plus(R(), breaks=(Break(carer_id="K2", date=DAY, start_min=700, duration_min=20),)),
    ),
    # K1 out 480-960 (8 h) without a break.
    Case("missing_break", lambda: long_day_roster(with_break=False), long_day_problem),
    # K1's only break, 900-920, lies after the last visit (V4 ends 750; the 750..960 gap holds the 1-min
    # drive home and the break): the break is not taken during the working day.
    Case(
        "break_not_between_visits",
        lambda: long_day_roster(with_break=False).model_copy(
            update={"breaks": (Break(carer_id="K1", date=DAY, start_min=900, duration_min=20),)}
        ),
        long_day_problem,
    ),
    # K1 works 751 - 480 = 271 minutes; limit 240.
    Case("over_max_minutes", R, carer_variant("K1", max_minutes_per_day=240)),
    # K1 carries V1, V3, V5, V4: 4 units of demand on a capacity of 2.
    Case(
        "over_capacity",
        R,
        lambda: carer_variant("K1", capacity=2)().replace(
            visits=tuple(v.replace(demand=1) for v in checked_problem().visits)
        ),
    ),
    # Three days out 08:00-09:32 (a 90-min visit + 1 min each way): 3 x 92 = 276 min > 4 h = 240.
    Case(
        "over_weekly_max",
        lambda: working_days_roster([480, 480, 480], 90),
        lambda: working_days_problem(3, 90, weekly_max_hours=4),
    ),
    # Back at 21:00 + 92 = 22:32 (1352), out again at 07:00 (420): 1440 - 1352 + 420 = 508 min < 660 (11 h).
    Case(
        "short_daily_rest",
        lambda: working_days_roster([1260, 420], 90),
        lambda: working_days_problem(2, 90),
    ),
    # Out 08:00-08:32 on 7 dates in a row; at most 6 (7 x 32 = 224 min is far below 48 h).
    Case(
        "too_many_consecutive_days",
        lambda: working_days_roster([480] * 7, 30),
        lambda: working_days_problem(7, 30),
    ),
    # C2's team says K3 does 2 of C2's visits; K3 does only V2.
    Case(
        "team_mismatch",
        lambda: valid_roster_with_teams().model_copy(
            update={
                "teams": tuple(
                    t.model_copy(update={"planned_visits": 2})
                    if (t.client_id, t.carer_id) == ("C2", "K3")
                    else t
                    for t in valid_roster_with_teams().teams
                )
            }
        ),
    ),
    # V2 is assigned, V6 (which depends on it) is not.
    Case("dependency_partial", R, with_dependency("V2", "V6", 0, 600)),
    # K1 does both V1 and V5 (170 minutes apart, inside 0..300).
    Case("dependency_same_carer", R, with_dependency("V1", "V5", 0, 300)),
    # V2 (K3, 510) -> V5 (K1, 660) is 150 minutes apart; allowed 0..60.
    Case("dependency_gap", R, with_dependency("V2", "V5", 0, 60)),
]


def test_the_hand_made_roster_is_valid() -> None:
    assert validate(checked_problem(), MATRICES, valid_roster()) == []
    assert validate(checked_problem(), MATRICES, valid_roster_with_teams()) == []


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_each_rule_is_caught_alone(case: Case) -> None:
    found = codes(case.problem(), case.roster())
    assert case.code in found
    assert found <= {case.code, *case.also}, f"unexpected extra violations: {found - {case.code, *case.also}}"


def test_every_violation_code_has_a_case() -> None:
    assert {c.code for c in CASES} == set(VIOLATION_CODES)


def test_a_fitting_break_makes_a_long_day_valid() -> None:
    # K1 out 480-960 with a 30-minute break at 600-630 in the V3 -> V5 gap (585..660: 75 >= 3 + 30).
    assert validate(long_day_problem(), MATRICES, long_day_roster(with_break=True)) == []


def test_a_break_that_leaves_no_time_to_travel_is_not_enough() -> None:
    # Break 585-657 fills the V3 -> V5 gap (585..660) leaving 3 min; the 3-minute drive then does not fit
    # with a 72-minute break: 75 < 3 + 72.
    roster = long_day_roster(with_break=False).model_copy(
        update={"breaks": (Break(carer_id="K1", date=DAY, start_min=585, duration_min=73),)}
    )
    assert codes(long_day_problem(), roster) == {"travel_too_short", "missing_break"}


def test_a_soft_window_allows_a_late_start_but_never_an_early_one() -> None:
    problem = checked_problem().replace(
        visits=tuple(
            v.replace(late_penalty_per_min=1.0) if v.visit_id == "V2" else v for v in checked_problem().visits
        )
    )
    late = with_route(with_assignment(R(), "V2", "K3", start_min=610, end_min=640), "K3", end_min=644)
    assert validate(problem, MATRICES, late) == []
    early = with_assignment(R(), "V2", "K3", start_min=505, end_min=535)
    assert codes(problem, early) == {"early_start"}


def split_shift_problem() -> Problem:
    """K3 works 08:00-10:00 and 12:00-14:00 (a split shift)."""
    p = checked_problem()
    shifts = (
        *(s for s in p.shifts if s.carer_id != "K3"),
        Shift(carer_id="K3", date=DAY, start_min=480, end_min=600),
        Shift(carer_id="K3", date=DAY, start_min=720, end_min=840),
    )
    return p.replace(shifts=shifts)


def split_shift_roster(second_seq: int) -> Roster:
    """K3: V2 @C2 510-540 in the morning route (500-544); V4 @C1 730-760 in the afternoon route, leaving
    base at 720 (walk 4 min / 310 m) and home at 764. K1 no longer does V4, so K1 is home from V5 at 675 + 2
    (C2 -> K1 base: 0.015 deg = 930 m, 2 min)."""
    roster = with_assignment(R(), "V4", "K1", drop=True)
    roster = with_route(roster, "K1", end_min=677, travel_home_min=2, travel_home_m=930.0)
    return plus(
        roster,
        assignments=(assignment("V4", "K3", 730, 760, 4, 310.0, second_seq),),
        routes=(route("K3", 720, 764, 4, 310.0, shift_start=720),),
    )


def test_a_split_shift_is_two_routes_with_seq_counted_over_the_day() -> None:
    assert validate(split_shift_problem(), MATRICES, split_shift_roster(second_seq=2)) == []
    # seq restarting at 1 in the afternoon route is wrong: seq counts across the carer's day.
    assert codes(split_shift_problem(), split_shift_roster(second_seq=1)) == {"seq_order"}


def test_a_route_spanning_the_gap_of_a_split_shift_is_outside_its_shift() -> None:
    roster = split_shift_roster(2)
    routes = (*(r for r in roster.routes if r.carer_id != "K3"), route("K3", 500, 764, 4, 310.0))
    assert "route_outside_shift" in codes(split_shift_problem(), roster.model_copy(update={"routes": routes}))


def test_a_route_may_work_the_part_of_a_shift_an_absence_leaves() -> None:
    # K3 (shift 08:00-14:00) is at training 10:00-11:00: the part left after it starts at 11:00 (660).
    second_part = plus(R(), routes=(route("K3", 700, 710, 0, 0.0, shift_start=660),))
    assert validate(absent("K3", "10:00", "11:00")(), MATRICES, second_part) == []
    # Without the absence there is no shift starting at 11:00.
    assert codes(checked_problem(), second_part) == {"route_outside_shift"}


def test_missing_travel_profile_is_a_matrix_error_not_a_violation() -> None:
    with pytest.raises(MatrixError, match="walk"):
        validate(checked_problem(), {"drive": MATRICES["drive"]}, valid_roster())


def test_violations_read_well_and_come_in_a_stable_order() -> None:
    roster = plus(
        R(), unassigned=(v6(),), breaks=(Break(carer_id="K9", date=DAY, start_min=600, duration_min=20),)
    )
    found = validate(checked_problem(), MATRICES, roster)
    assert [v.code for v in found] == ["unknown_carer", "duplicate_unassigned"]
    assert str(found[1]) == "[duplicate_unassigned] 2026-11-24, visit V6: listed as unassigned 2 times"
    assert found == validate(
        checked_problem(), MATRICES, roster.model_copy(update={"unassigned": roster.unassigned[::-1]})
    )


def test_an_unknown_code_cannot_be_constructed() -> None:
    with pytest.raises(ValueError, match="unknown violation code"):
        Violation("made_up", "no such rule")


def test_every_code_and_reason_is_documented() -> None:
    docs = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    for code in (*VIOLATION_CODES, *UNASSIGNED_REASONS):
        assert f"| `{code}` |" in docs, f"{code} is not documented in docs/formats.md"


def test_a_week_at_the_limits_of_the_working_time_rules_is_valid() -> None:
    # 6 dates in a row (the most allowed); 6 x 92 = 552 min = 9.2 h against a 9.2 h weekly maximum; out
    # at 21:28 (1288) and back at 1288 + 92 = 1380 (23:00), then out at 10:00 (600) the next day: a rest of
    # 1440 - 1380 + 600 = 660 min, exactly 11 hours.
    leaves = [480, 480, 480, 480, 1288, 600]
    problem = working_days_problem(6, 90, weekly_max_hours=9.2)
    assert validate(problem, line_matrices(problem), working_days_roster(leaves, 90)) == []


def test_the_opt_out_lifts_the_weekly_maximum_only() -> None:
    # As the over_weekly_max case (276 > 240 min), with K1's opt-out; the short rest is still caught.
    problem = working_days_problem(3, 90, weekly_max_hours=4)
    opted = problem.replace(
        carers=tuple(c.replace(opt_out_48h=True) if c.carer_id == "K1" else c for c in problem.carers)
    )
    roster = working_days_roster([480, 480, 480], 90)
    assert codes(opted, roster) == set()
    assert codes(opted, working_days_roster([1260, 420, 480], 90)) == {"short_daily_rest"}


def test_compensatory_rest_or_a_zero_rest_setting_lifts_the_daily_rest_rule() -> None:
    # As the short_daily_rest case: 508 min of rest.
    roster = working_days_roster([1260, 420], 90)
    problem = working_days_problem(2, 90)
    exempt = problem.replace(
        providers=tuple(
            p.replace(compensatory_rest=True) if p.provider_id == "P1" else p for p in problem.providers
        )
    )
    assert codes(exempt, roster) == set()
    assert codes(working_days_problem(2, 90, daily_rest_hours=0), roster) == set()


def test_benchmark_localities_have_no_working_time_rules() -> None:
    problem = working_days_problem(7, 30)
    off = problem.replace(locality=problem.locality.replace(working_time=None))
    assert codes(off, working_days_roster([480] * 7, 30)) == set()


def test_a_day_off_breaks_a_run_of_consecutive_days() -> None:
    # 8 dates, working all but the 4th: runs of 3 and 4 days, both within 6 (the roster has no route and
    # no assignment on the 4th; its visit W3 is listed unassigned).
    problem = working_days_problem(8, 30)
    full = working_days_roster([480] * 8, 30)
    day_off = DAY + dt.timedelta(days=3)
    roster = full.model_copy(
        update={
            "assignments": tuple(a for a in full.assignments if a.date != day_off),
            "routes": tuple(r for r in full.routes if r.date != day_off),
            "unassigned": (
                Unassigned(visit_id="W3", client_id="C1", date=day_off, reason="no_capacity_in_window"),
            ),
        }
    )
    assert codes(problem, roster) == set()
    assert codes(problem, full) == {"too_many_consecutive_days"}


def test_a_break_before_the_first_visit_is_not_inside_the_working_day() -> None:
    # K1 out 480-960 (long day). Break 480-500 at base, then the 1-min drive to C1 and V1 505-535 (its
    # window opens 08:00), then C1 -> C3 in 2 min for V3 at 540 (535 + 2 <= 540): every gap fits, but the
    # only break comes before the first visit.
    roster = with_assignment(long_day_roster(with_break=False), "V1", "K1", start_min=505, end_min=535)
    early = roster.model_copy(
        update={"breaks": (Break(carer_id="K1", date=DAY, start_min=480, duration_min=20),)}
    )
    assert codes(long_day_problem(), early) == {"break_not_between_visits"}
    # The same break moved into the V3 -> V5 gap (585..660) is a rest break inside the working day.
    inside = roster.model_copy(
        update={"breaks": (Break(carer_id="K1", date=DAY, start_min=600, duration_min=20),)}
    )
    assert validate(long_day_problem(), MATRICES, inside) == []


def test_a_team_names_known_people_once() -> None:
    teams = valid_roster_with_teams().teams
    unknown = R().model_copy(update={"teams": (*teams, teams[0].model_copy(update={"carer_id": "K9"}))})
    assert codes(checked_problem(), unknown) == {"unknown_carer"}
    twice = R().model_copy(update={"teams": (*teams, teams[0].model_copy(update={"role": "backup"}))})
    assert codes(checked_problem(), twice) == {"team_mismatch"}
    nobody = R().model_copy(update={"teams": (*teams, teams[0].model_copy(update={"client_id": "C9"}))})
    assert codes(checked_problem(), nobody) == {"team_mismatch"}
