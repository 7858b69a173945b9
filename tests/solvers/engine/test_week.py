"""Planning the week (issue 18): each term of the week's objective, one tiny problem each, and the care
teams the roster names. Geometry as tests/care_day.py (0.01 degrees = 620 m = 2 minutes by car)."""

from __future__ import annotations

import datetime as dt

from rostering.domain import Roster, ShiftRoute
from rostering.evaluation.working_time import WorkedDay
from rostering.solvers.engine._objective import Objective
from rostering.solvers.engine._teams import care_teams
from rostering.solvers.engine._week import BlockOutcome, WeekSoFar, call_availability, week_context
from rostering.solvers.engine._working_time import day_targets
from rostering.solvers.engine.solver import block_instance
from rostering.solvers.params import (
    ContinuityWeights,
    PunctualityWeights,
    SearchParams,
    SolveParams,
    WorkingTimeWeights,
)
from tests.care_day import DAY, carer, client, problem, shift, solve, visit
from tests.conftest import hm, line_matrices
from tests.golden.tiny_rosters import assignment

DAYS = [DAY + dt.timedelta(days=d) for d in range(3)]
# Day by day: one pass, nothing looked ahead at.
PLAIN = SolveParams(
    continuity=ContinuityWeights(new_carer_for_call_gbp=0.0, absent_days_gbp=0.0),
    punctuality=PunctualityWeights(beyond_tolerance_per_minute_gbp=0.0, consistency_per_minute_gbp=0.0),
    working_time=WorkingTimeWeights(overtime_per_hour_gbp=0.0, fairness_per_hour_gbp=0.0),
    search=SearchParams(week_second_pass_share=0.0),
)


def carers_of_client(roster: Roster) -> list[str]:
    return [a.carer_id for a in sorted(roster.assignments, key=lambda a: a.date)]


def test_a_call_goes_to_the_carer_on_shift_for_more_of_its_days() -> None:
    # C1's 09:00 call on three days. K2 lives at the door but works only day 0; K1 is 2 minutes away and
    # works all three. Day by day, K2 takes day 0 (nearer) and K1 the rest: two carers. Looking ahead,
    # K2 is off on 2 of the call's 3 days (absent_days_gbp x 2/3 per visit), K1 on none: one carer.
    p = problem(
        [carer("K1", -2.71), carer("K2", -2.70)],
        [shift("K2", day=DAYS[0]), *(shift("K1", day=d) for d in DAYS)],
        [client("C1", -2.70)],
        [visit(f"V{d}", "C1", "09:00", "09:00", date=DAYS[d]) for d in range(3)],
    )
    assert set(carers_of_client(solve(p, PLAIN))) == {"K1", "K2"}
    assert carers_of_client(solve(p)) == ["K1", "K1", "K1"]
    # The share behind the charge: K1 is on shift for all three days of the call, K2 for one.
    available = call_availability(p, DAYS[0])[("C1", hm("09:00"))]
    assert available == {"K1": 1.0, "K2": 1 / 3}


def test_the_second_pass_gives_the_first_day_to_the_carer_of_the_days_after() -> None:
    # As above, but nothing looks ahead (absent_days_gbp 0): the first pass gives day 0 to K2 (nearer)
    # and days 1-2 to K1 (K2 is off). The second pass searches day 0 again knowing K1 visits C1 on the
    # other days (familiar, not new to the client this week): one carer. Without it, two.
    p = problem(
        [carer("K1", -2.71), carer("K2", -2.70)],
        [shift("K2", day=DAYS[0]), *(shift("K1", day=d) for d in DAYS)],
        [client("C1", -2.70)],
        [visit(f"V{d}", "C1", "09:00", "09:00", date=DAYS[d]) for d in range(3)],
    )
    blind = SolveParams(continuity=ContinuityWeights(absent_days_gbp=0.0))
    assert carers_of_client(solve(p, blind)) == ["K1", "K1", "K1"]
    one_pass = blind.model_copy(update={"search": SearchParams(week_second_pass_share=0.0)})
    assert carers_of_client(solve(p, one_pass)) == ["K2", "K1", "K1"]


def test_the_second_pass_sees_the_rest_of_the_week() -> None:
    # Revisiting day 1 of three: K1 visited C1 on days 0 and 2 (at 09:00 and 09:20), worked 08:00-13:00
    # on day 0 and starts at 07:00 on day 2. Day 1 knows K1 as familiar, as the call's carer, the call's
    # start on its earliest other day, and must end 11 hours before day 2's start (daily rest).
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1", "07:00", "14:00", day=d) for d in DAYS],
        [client("C1", -2.70)],
        [visit(f"V{d}", "C1", "08:00", "10:00", requested=hm("09:00"), date=DAYS[d]) for d in range(3)],
    )

    def day(d: int, start: str, route: tuple[str, str]) -> BlockOutcome:
        return BlockOutcome(
            assignments=(assignment(f"V{d}", "K1", hm(start), hm(start) + 30, 0, 0.0, 1, day=DAYS[d]),),
            breaks=(),
            routes=(
                ShiftRoute(
                    carer_id="K1",
                    date=DAYS[d],
                    shift_start_min=hm("07:00"),
                    start_min=hm(route[0]),
                    end_min=hm(route[1]),
                    travel_home_min=0,
                    travel_home_m=0.0,
                ),
            ),
            unassigned=(),
            objective=0.0,
        )

    others = [day(0, "09:00", ("08:00", "13:00")), day(2, "09:20", ("07:00", "12:00"))]
    rest = week_context(p, (DAYS[1],), others, look_ahead=True, rest_of_week=True)
    call = ("C1", hm("09:00"))
    assert rest.seen == {"C1": frozenset({"K1"})} and rest.call_carers == {call: frozenset({"K1"})}
    assert rest.anchors == {call: hm("09:00")}
    assert rest.limits.latest[("K1", DAYS[1])] == hm("07:00") + 24 * 60 - 11 * 60
    # Who is on shift for the call: counted over all three of its days, not only those to come.
    assert rest.available[call] == {"K1": 1.0}
    first = week_context(p, (DAYS[1],), others[:1], look_ahead=True, rest_of_week=False)
    assert ("K1", DAYS[1]) not in first.limits.latest


def test_a_call_stays_with_the_carer_who_did_it_on_earlier_days() -> None:
    # K1 did C1's 09:00 call on earlier days; both K1 and K2 have visited C1 this week (so the
    # client-level new-carer charge is moot). On day 2 entering the call costs K2 new_carer_for_call_gbp
    # more than K1 for not having done it: the same carer for the same call.
    p = problem(
        [carer("K1", -2.71), carer("K2", -2.70)],
        [*(shift("K1", day=d) for d in DAYS), *(shift("K2", day=d) for d in DAYS)],
        [client("C1", -2.70)],
        [visit(f"V{d}", "C1", "09:00", "09:00", date=DAYS[d]) for d in range(3)],
    )
    without = SolveParams(continuity=ContinuityWeights(new_carer_for_call_gbp=0.0, absent_days_gbp=0.0))
    so_far = WeekSoFar(
        seen={"C1": frozenset({"K1", "K2"})}, call_carers={("C1", hm("09:00")): frozenset({"K1"})}
    )
    day2 = p.for_dates({DAYS[2]})
    costs = {}
    for name, params in (("with", SolveParams()), ("without", without)):
        inst, _ = block_instance(day2, (DAYS[2],), line_matrices(day2), params, so_far)
        objective = Objective(inst)
        k1, k2 = (
            next(v for v, veh in enumerate(inst.vehicles) if veh.carer.carer_id == k) for k in ("K1", "K2")
        )
        costs[name] = objective.enter[k2][0] - objective.enter[k1][0]
    assert costs["with"] - costs["without"] == SolveParams().continuity.new_carer_for_call_gbp * 10_000


def test_a_recurring_visit_keeps_its_time_from_earlier_days() -> None:
    # C1's call is requested at 09:00 (window 08:00-10:00) on two days. On day 0 K1 must first do C2 at
    # 08:30-09:10, so C1 starts at 09:12 (2 minutes on). On day 1 nothing is in the way: punctuality alone
    # would start it at 09:00; consistency (GBP 0.2 a minute against 0.05) keeps it at 09:12.
    visits = [
        visit("A", "C2", "08:30", "08:30", 40, date=DAYS[0]),
        *(visit(f"V{d}", "C1", "08:00", "10:00", 30, requested=hm("09:00"), date=DAYS[d]) for d in range(2)),
    ]
    p = problem(
        [carer("K1", -2.70, provider_id="P2")],
        [shift("K1", day=d) for d in DAYS[:2]],
        [client("C1", -2.71), client("C2", -2.70)],
        visits,
    )
    starts = {a.visit_id: a.start_min for a in solve(p).assignments}
    assert starts["V0"] == starts["V1"] == hm("09:12")
    plain = {a.visit_id: a.start_min for a in solve(p, PLAIN).assignments}
    assert (plain["V0"], plain["V1"]) == (hm("09:12"), hm("09:00"))


def test_minutes_beyond_the_tolerance_cost_more_than_within_it() -> None:
    # One visit requested at 09:00; the objective of starting it 10, 15 and 25 minutes late.
    p = problem(
        [carer("K1", -2.70)],
        [shift("K1")],
        [client("C1", -2.70)],
        [visit("V", "C1", "08:00", "11:00", requested=hm("09:00"))],
    )
    params = SolveParams(
        punctuality=PunctualityWeights(per_minute_gbp=0.05, beyond_tolerance_per_minute_gbp=2.0)
    )
    inst, _ = block_instance(p, (DAY,), line_matrices(p), params)
    objective = Objective(inst)
    # 0.05 a minute late; beyond 15 minutes, 2.00 more: 10 -> 0.50, 15 -> 0.75, 25 -> 1.25 + 10 x 2 = 21.25.
    assert [objective.time_cost(0, hm("09:00") + m) for m in (10, 15, 25)] == [5_000, 7_500, 212_500]


def test_overtime_and_fairness_price_a_carer_beyond_their_contract() -> None:
    # K1 is contracted 1 hour a week and has worked 50 minutes of it (day 0): on day 1 a 60-minute route
    # runs 50 minutes past the 10 left, at GBP 20 an hour = 16.67. K2 (contracted 10 hours, nothing worked)
    # is behind the provider's mean share (50/60 and 0/600: mean 0.4167), so only K1 pays for fairness:
    # 0.8333 - 0.4167 = 0.4167 ahead x GBP 10 an hour = GBP 0.0694 a minute on top of the wage.
    p = problem(
        [carer("K1", -2.70, contracted_hours_week=1.0), carer("K2", -2.70, contracted_hours_week=10.0)],
        [shift(k, day=d) for k in ("K1", "K2") for d in DAYS[:2]],
        [client("C1", -2.70)],
        [visit("V", "C1", "09:00", "09:00", 60, date=DAYS[1])],
    )
    targets = day_targets(p, (DAYS[1],), {"K1": [WorkedDay(DAYS[0], 540, 590, 50)]})
    assert targets.contract_left[("K1", DAYS[1])] == 10 and ("K2", DAYS[1]) not in targets.ahead
    inst, _ = block_instance(
        p.for_dates({DAYS[1]}), (DAYS[1],), line_matrices(p), SolveParams(), WeekSoFar(targets=targets)
    )
    k1 = next(v for v, veh in enumerate(inst.vehicles) if veh.carer.carer_id == "K1")
    k2 = next(v for v, veh in enumerate(inst.vehicles) if veh.carer.carer_id == "K2")
    assert inst.vehicles[k1].overtime_after == 10
    objective = Objective(inst)
    start = hm("09:00")
    over = objective.route_cost(k1, [0], [start], 60) - objective.route_cost(k2, [0], [start], 60)
    assert (
        over
        == round(20 / 60 * 10_000) * 50 + (inst.vehicles[k1].span_coeff - inst.vehicles[k2].span_coeff) * 60
    )
    assert inst.vehicles[k1].span_coeff - inst.vehicles[k2].span_coeff == round(
        10 / 60 * (50 / 60 - 25 / 60) * 10_000
    )


def test_care_teams_name_the_primaries_and_backups_of_each_client() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.70), carer("K3", -2.70)],
        [shift(k) for k in ("K1", "K2", "K3")],
        [client("C1", -2.70)],
        [visit(f"V{i}", "C1", "08:00", "12:00") for i in range(5)],
    )
    roster = Roster(
        locality="tiny",
        solver="hand",
        assignments=tuple(
            assignment(f"V{i}", k, 480 + 40 * i, 510 + 40 * i, 0, 0.0, 1)
            for i, k in enumerate(["K1", "K1", "K1", "K2", "K3"])
        ),
    )
    teams = {(t.carer_id, t.role, t.planned_visits) for t in care_teams(p, roster, 0.8)}
    # K1 does 3 of 5 (60% < 80%), so K2 (4 of 5) is a primary too; K3 is the backup.
    assert teams == {("K1", "primary", 3), ("K2", "primary", 1), ("K3", "backup", 1)}


def test_a_week_roster_names_its_teams_and_a_day_roster_none() -> None:
    p = problem(
        [carer("K1", -2.70), carer("K2", -2.72)],
        [shift(k, day=d) for k in ("K1", "K2") for d in DAYS[:2]],
        [client("C1", -2.70)],
        [visit(f"V{d}", "C1", "09:00", "09:30", date=DAYS[d]) for d in range(2)],
    )
    week = solve(p)
    assert {(t.client_id, t.carer_id, t.planned_visits) for t in week.teams} == {("C1", "K1", 2)}
    assert solve(p.for_dates({DAYS[0]})).teams == ()
