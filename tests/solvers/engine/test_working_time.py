"""The week planning keeps the working-time rules: each tiny week would break one of them if the rule
were dropped (the nearer carer K1 would do everything), and the roster passes the validator.

Geometry (tests/care_day.py): C1 lives at K1's door (0 minutes); K2 lives 0.1 degrees away, 6.2 km,
a 13-minute drive each way, so K2 is used only when the rules stop K1.
"""

from __future__ import annotations

import datetime as dt

from rostering.domain import Problem, Roster, VisitDependency, WorkingTime
from rostering.evaluation.validate import validate
from rostering.evaluation.working_time import WorkedDay
from rostering.solvers.baselines.time_and_task import TimeAndTaskSolver
from rostering.solvers.engine._working_time import day_limits
from tests.care_day import DAY, PROVIDERS, carer, client, problem, shift, solve, visit
from tests.conftest import LOCALITY, line_matrices

DAYS = [DAY + dt.timedelta(days=d) for d in range(3)]


def week(
    visits: list[tuple[int, str]], rules: WorkingTime, *, opt_out: bool = False, rest_exempt: bool = False
) -> Problem:
    """K1 and K2 on 06:00-23:30 every day of DAYS; one 60-minute visit at C1 per (day index, HH:MM)."""
    providers = tuple(p.replace(compensatory_rest=rest_exempt) for p in PROVIDERS)
    return problem(
        [carer("K1", -2.70, opt_out_48h=opt_out), carer("K2", -2.80)],
        [shift(k, "06:00", "23:30", day=d) for d in DAYS for k in ("K1", "K2")],
        [client("C1", -2.70)],
        [visit(f"V{i}", "C1", at, at, 60, date=DAYS[d]) for i, (d, at) in enumerate(visits)],
    ).replace(locality=LOCALITY.replace(working_time=rules), providers=providers)


def carers_by_day(roster: Roster) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for a in sorted(roster.assignments, key=lambda a: (a.date, a.start_min)):
        out.setdefault((a.date - DAY).days, []).append(a.carer_id)
    return out


def test_the_weekly_maximum_sends_work_beyond_it_to_another_carer() -> None:
    # Three 60-minute visits at K1's door, one a day: 3 x 60 = 180 minutes > a 2.5-hour week (150), so
    # K1 does two and K2 the third.
    p = week([(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(weekly_max_hours=2.5))
    assert carers_by_day(solve(p)) == {0: ["K1"], 1: ["K1"], 2: ["K2"]}
    # With the opt-out, K1 does all three.
    opted = week([(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(weekly_max_hours=2.5), opt_out=True)
    assert carers_by_day(solve(opted)) == {0: ["K1"], 1: ["K1"], 2: ["K1"]}


def test_daily_rest_keeps_a_late_finisher_from_the_next_early_start() -> None:
    # K1 visits at 21:00 (home 22:00); the next morning's 07:00 visit would leave 9 hours of rest < 11:
    # K2 takes it. With compensatory rest K1 takes both.
    visits = [(0, "21:00"), (1, "07:00")]
    assert carers_by_day(solve(week(visits, WorkingTime()))) == {0: ["K1"], 1: ["K2"]}
    exempt = week(visits, WorkingTime(), rest_exempt=True)
    assert carers_by_day(solve(exempt)) == {0: ["K1"], 1: ["K1"]}


def test_a_carer_gets_a_day_off_after_the_most_days_in_a_row() -> None:
    # At most 2 days in a row: K1 works days 0 and 1, K2 covers day 2.
    p = week([(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(max_consecutive_days=2))
    assert carers_by_day(solve(p)) == {0: ["K1"], 1: ["K1"], 2: ["K2"]}


def test_the_time_and_task_baseline_keeps_the_rules_too() -> None:
    # The three weeks above, rostered by the coordinator's rule (clients of the in-house team P1).
    for p in (
        week([(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(weekly_max_hours=2.5)),
        week([(0, "21:00"), (1, "07:00")], WorkingTime()),
        week([(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(max_consecutive_days=2)),
    ):
        roster = TimeAndTaskSolver().solve(p, line_matrices(p))
        assert validate(p, line_matrices(p), roster) == []
        assert "K2" in {a.carer_id for a in roster.assignments}


def test_limits_of_a_day_from_the_days_before() -> None:
    p = week(
        [(0, "09:00"), (1, "09:00"), (2, "09:00")], WorkingTime(weekly_max_hours=10, max_consecutive_days=2)
    )
    # K1 worked day 0 from 20:00 to 23:00 (180 minutes) and day 1 from 09:00 to 10:00 (60 minutes).
    worked = {
        "K1": [WorkedDay(DAYS[0], 1200, 1380, 180), WorkedDay(DAYS[1], 540, 600, 60)],
        "K2": [WorkedDay(DAYS[0], 1200, 1380, 180)],
    }
    on_day_1 = day_limits(p, (DAYS[1],), {"K2": worked["K2"]})
    # K2 finished at 23:00 on day 0: 23:00 + 11 h = 10:00 (600) on day 1; 600 - 180 = 420 minutes left.
    assert on_day_1.earliest[("K2", DAYS[1])] == 600
    assert on_day_1.minutes[("K2", DAYS[1])] == 420
    # K1 has worked days 0 and 1 in a row: day 2 is off. K2 (only day 0) may work day 2 from any time.
    on_day_2 = day_limits(p, (DAYS[2],), worked)
    assert ("K1", DAYS[2]) in on_day_2.off
    assert ("K2", DAYS[2]) not in on_day_2.earliest


def test_limits_of_a_day_from_the_days_after_already_rostered() -> None:
    # A dependency linking days 0 and 2 rosters both before day 1: day 1's limits count day 2 too.
    p = week([(1, "09:00")], WorkingTime(weekly_max_hours=10, max_consecutive_days=2))
    # K1 worked days 0 and 2 (09:00-10:00); K2 only day 2, 07:00-12:00 (300 minutes).
    worked = {
        "K1": [WorkedDay(DAYS[0], 540, 600, 60), WorkedDay(DAYS[2], 540, 600, 60)],
        "K2": [WorkedDay(DAYS[2], 420, 720, 300)],
    }
    limits = day_limits(p, (DAYS[1],), worked)
    # Days 0, 1 and 2 would be three in a row.
    assert ("K1", DAYS[1]) in limits.off
    # K2 must be home by 20:00 (1200) to rest 11 hours before 07:00; the week leaves 600 - 300 minutes.
    assert limits.latest[("K2", DAYS[1])] == 1200
    assert limits.minutes[("K2", DAYS[1])] == 300
    assert ("K2", DAYS[1]) not in limits.earliest


def test_a_day_between_two_linked_days_keeps_the_rules_with_both() -> None:
    # At most 2 days in a row. A dependency links a 12:00 visit on day 0 with one on day 2 (two carers),
    # so days 0 and 2 are rostered before day 1; K1 and K2 work both (09:00 visits at K1's door too).
    # Day 1's visit then goes to K3, on shift that day only: K1 or K2 would work 3 days in a row.
    p = week(
        [(0, "09:00"), (1, "09:00"), (2, "09:00"), (0, "12:00"), (2, "12:00")],
        WorkingTime(max_consecutive_days=2),
    )
    p = p.replace(
        carers=(*p.carers, carer("K3", -2.80)),
        shifts=(*p.shifts, shift("K3", "06:00", "23:30", day=DAYS[1])),
        dependencies=(
            VisitDependency(first_visit_id="V3", second_visit_id="V4", min_gap_min=2880, max_gap_min=2880),
        ),
    )
    roster = solve(p)
    assert not roster.unassigned
    assert carers_by_day(roster)[1] == ["K3"]
