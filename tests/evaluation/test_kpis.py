"""Each KPI on a hand-computable three-visit roster of the conftest tiny problem, arithmetic in comments.

The roster (valid: the first test checks it):
    K1 (in-house P1, salaried 30 GBP/h, drive): route 480-521
        V1 @C1 490-520 (requested 480), travel 1 min / 310 m from base, home 1 min / 310 m
    K3 (agency P2, time-and-task 15 GBP/h, walk): route 500-774
        V2 @C2 510-540 (requested 510), travel 4 min / 310 m from base
        V4 @C1 740-770 (requested 720), travel C2 -> C1 8 min / 620 m, home 4 min / 310 m
    Unassigned: V3 (45 min double-up, priority 2), V5 (15 min, priority 2).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rostering.domain import HistoryRecord, Problem, Roster, Shift, Unassigned
from rostering.evaluation.continuity import mean_and_p90
from rostering.evaluation.coverage import unmet_hours_per_week
from rostering.evaluation.kpi_people import CarerKpis, ClientKpis
from rostering.evaluation.kpis import KPIS_FORMAT_VERSION, Kpis, PriorityKpis, ProviderKpis, compute_kpis
from rostering.evaluation.validate import validate
from rostering.evaluation.workload import overtime_outside_shift
from tests.conftest import DAY, REPO, line_matrices, make_tiny_problem
from tests.golden.tiny_rosters import assignment, checked_problem, route, valid_roster

TINY = make_tiny_problem()
MATRICES = line_matrices(TINY)


def kpi_roster(v4_start: int = 740) -> Roster:
    home = v4_start + 30 + 4
    return Roster(
        locality="tiny",
        solver="hand",
        assignments=(
            assignment("V1", "K1", 490, 520, 1, 310.0, 1),
            assignment("V2", "K3", 510, 540, 4, 310.0, 1),
            assignment("V4", "K3", v4_start, v4_start + 30, 8, 620.0, 2),
        ),
        routes=(route("K1", 480, 521, 1, 310.0), route("K3", 500, home, 4, 310.0)),
        unassigned=(
            Unassigned(visit_id="V3", client_id="C3", date=DAY, reason="no_pair_for_double_up"),
            Unassigned(visit_id="V5", client_id="C2", date=DAY, reason="no_capacity_in_window"),
        ),
    )


def kpis(problem: Problem = TINY, roster: Roster | None = None) -> Kpis:
    return compute_kpis(problem, MATRICES, roster or kpi_roster())


def provider(k: Kpis, provider_id: str) -> ProviderKpis:
    return next(p for p in k.by_provider if p.provider_id == provider_id)


def test_the_kpi_roster_is_valid() -> None:
    assert validate(TINY, MATRICES, kpi_roster()) == []


def test_visits_and_minutes_assigned_and_unmet() -> None:
    k = kpis()
    # 5 visits, 150 minutes (30+30+45+30+15); V1, V2, V4 assigned (90 min); V3 + V5 unmet (45 + 15 = 60).
    assert (k.visits_total, k.visits_assigned, k.visits_unmet) == (5, 3, 2)
    assert (k.visit_minutes_total, k.visit_minutes_assigned, k.visit_minutes_unmet) == (150, 90, 60)
    assert k.unmet_share == pytest.approx(60 / 150)


def test_unmet_by_priority() -> None:
    by = {p.priority: p for p in kpis().by_priority}
    # Priority 1: V1 only, assigned. Priority 2: V2, V3, V4, V5 (30+45+30+15 = 120 min), V3 + V5 unmet.
    assert (by[1].visits_total, by[1].visits_unmet, by[1].visit_minutes_unmet) == (1, 0, 0)
    assert (by[2].visits_total, by[2].visits_unmet, by[2].visit_minutes_total, by[2].visit_minutes_unmet) == (
        4,
        2,
        120,
        60,
    )
    assert set(by) == {1, 2}


def test_unmet_hours_per_week_scale_the_roster_days_to_seven() -> None:
    # One day with 60 unmet minutes: 1 h x 7 / 1 = 7 h a week.
    assert kpis().unmet_hours_per_week == pytest.approx(7.0)
    # Two days with 120 unmet minutes: 2 h x 7 / 2 = 7 h a week.
    assert unmet_hours_per_week(120, 2) == pytest.approx(7.0)


def test_travel_minutes_and_km_include_the_legs_home() -> None:
    k = kpis()
    # K1: 1 + 1 = 2 min, 310 + 310 = 620 m. K3: 4 + 8 + 4 = 16 min, 310 + 620 + 310 = 1240 m.
    assert k.travel_min == 18
    assert k.travel_km == pytest.approx(1.86)
    assert (provider(k, "P1").travel_min, provider(k, "P2").travel_min) == (2, 16)


def test_travel_comes_from_the_matrices_not_from_what_the_roster_recorded() -> None:
    roster = kpi_roster()
    lied = roster.model_copy(
        update={"assignments": tuple(a.model_copy(update={"travel_min": 0}) for a in roster.assignments)}
    )
    assert kpis(roster=lied).travel_min == 18


def test_travel_minutes_per_contact_hour() -> None:
    k = kpis()
    # Contact: K1 30 + K3 60 = 90 min = 1.5 h; 18 travel min / 1.5 h = 12 min per contact hour.
    assert k.contact_min == 90
    assert k.travel_min_per_contact_hour == pytest.approx(12.0)


def test_cost_by_provider_under_each_actual_payment_model() -> None:
    k = kpis()
    p1, p2 = provider(k, "P1"), provider(k, "P2")
    # P1 salaried: K1 paid for the route span 480-521 = 41 min x 30 GBP/h = 20.50; mileage 0.62 km x 0.28.
    assert (p1.labour_gbp, p1.mileage_gbp, p1.cost_gbp) == pytest.approx((20.5, 0.17, 20.67))
    # P2 time-and-task: K3 paid for contact only, 60 min x 15 GBP/h = 15.00; K3 walks, so no mileage.
    assert (p2.labour_gbp, p2.mileage_gbp, p2.cost_gbp) == pytest.approx((15.0, 0.0, 15.0))
    # Total 20.5 + 0.1736 + 15 = 35.6736; per contact hour 35.6736 / 1.5 = 23.78.
    assert k.cost_gbp == pytest.approx(35.67)
    assert k.cost_per_contact_hour_gbp == pytest.approx(23.78)
    assert p2.cost_per_contact_hour_gbp == pytest.approx(15.0)


def test_cost_under_both_payment_models_for_everyone() -> None:
    k = kpis()
    # All time-and-task: K1 30 contact min x 30/h = 15 + 0.1736 mileage; K3 60 min x 15/h = 15 -> 30.17.
    assert k.cost_time_and_task_gbp == pytest.approx(30.17)
    # All salaried: K1 41 min x 30/h = 20.5 + 0.1736; K3 route 500-774 = 274 min x 15/h = 68.5 -> 89.17.
    assert k.cost_salaried_gbp == pytest.approx(89.17)
    assert k.cost_salaried_per_contact_hour_gbp == pytest.approx(89.1736 / 1.5, abs=0.01)
    assert provider(k, "P2").cost_salaried_gbp == pytest.approx(68.5)


def test_distinct_carers_per_client_mean_and_90th_percentile() -> None:
    k = kpis()
    # C1 sees K1 (V1) and K3 (V4): 2; C2 sees K3: 1. Mean 1.5; p90 (linear) = 1 + 0.9 x (2 - 1) = 1.9.
    assert k.distinct_carers_per_client_mean == pytest.approx(1.5)
    assert k.distinct_carers_per_client_p90 == pytest.approx(1.9)
    assert mean_and_p90([]) == (None, None)


def test_familiar_carer_share_counts_history_and_preferred_carers() -> None:
    assert kpis().familiar_carer_share == 0.0
    clients = tuple(c.replace(preferred_carers=("K1",)) if c.client_id == "C1" else c for c in TINY.clients)
    known = TINY.replace(
        clients=clients,
        history=(HistoryRecord(client_id="C2", carer_id="K3", date=DAY - dt.timedelta(days=7)),),
    )
    # V1 by K1 (C1 prefers K1), V2 by K3 (K3 in C2's history), V4 by K3 (a stranger to C1): 2 of 3.
    assert kpis(known).familiar_carer_share == pytest.approx(2 / 3, abs=1e-4)


def test_a_carer_seen_on_an_earlier_date_of_the_roster_is_familiar() -> None:
    day2 = DAY + dt.timedelta(days=1)
    v4b = next(v for v in TINY.visits if v.visit_id == "V4").replace(visit_id="V4b", date=day2)
    problem = TINY.replace(
        visits=(*TINY.visits, v4b),
        shifts=(*TINY.shifts, Shift(carer_id="K3", date=day2, start_min=480, end_min=840)),
    )
    roster = kpi_roster()
    roster = roster.model_copy(
        update={
            "assignments": (*roster.assignments, assignment("V4b", "K3", 720, 750, 4, 310.0, 1, day=day2)),
            "routes": (*roster.routes, route("K3", 716, 754, 4, 310.0, day=day2)),
        }
    )
    assert validate(problem, MATRICES, roster) == []
    # Day 1: V1, V2, V4 all by strangers. Day 2: V4b by K3, who saw C1 on day 1. 1 of 4 carer-visits.
    assert kpis(problem, roster).familiar_carer_share == pytest.approx(1 / 4)


def test_punctuality_against_requested_start() -> None:
    k = kpis()
    # |490 - 480| = 10, |510 - 510| = 0, |740 - 720| = 20: mean 10; within 15 min: V1, V2 -> 2 of 3.
    assert k.punctuality_mad_min == pytest.approx(10.0)
    assert k.punctual_within_15_share == pytest.approx(2 / 3, abs=1e-4)


def test_utilisation_is_contact_over_working_minutes() -> None:
    k = kpis()
    # 90 contact / (41 + 274) working = 0.2857; P1 30 / 41 = 0.7317; P2 60 / 274 = 0.2190.
    assert k.working_min == 315
    assert k.utilisation == pytest.approx(90 / 315, abs=1e-4)
    assert provider(k, "P1").utilisation == pytest.approx(30 / 41, abs=1e-4)
    assert provider(k, "P2").utilisation == pytest.approx(60 / 274, abs=1e-4)


def test_overtime_outside_the_shift_and_over_the_daily_contract() -> None:
    assert kpis().overtime_min == 0
    # K1 leaves at 07:50, 10 minutes before the 08:00 shift.
    early = kpi_roster().model_copy(
        update={"routes": (route("K1", 470, 521, 1, 310.0), kpi_roster().routes[1])}
    )
    assert overtime_outside_shift(TINY, early) == 10
    # K1 contracted 0.5 h a week = 30 min; works 41 min in a complete week: 11 minutes over.
    carers = tuple(c.replace(contracted_hours_week=0.5) if c.carer_id == "K1" else c for c in TINY.carers)
    week_shifts = tuple(
        s.replace(date=s.date + dt.timedelta(days=d)) for d in range(1, 7) for s in TINY.shifts
    )
    week = TINY.replace(carers=carers, shifts=TINY.shifts + week_shifts)
    k = kpis(week)
    assert (k.overtime_over_contract_min, k.overtime_min) == pytest.approx((11.0, 11.0))
    assert {c.carer_id: c.overtime_min for c in k.by_carer} == {"K1": 11.0, "K2": 0.0, "K3": 0.0}
    # The same day alone is not a complete week: a weekly contract is not judged from it.
    assert kpis(TINY.replace(carers=carers)).overtime_over_contract_min == 0


def test_lateness_on_a_soft_window() -> None:
    visits = tuple(v.replace(late_penalty_per_min=1.0) if v.visit_id == "V4" else v for v in TINY.visits)
    soft = TINY.replace(visits=visits)
    late = kpi_roster(v4_start=790)  # V4's window closes at 13:00 (780): 10 minutes late
    assert validate(soft, MATRICES, late) == []
    k = kpis(soft, late)
    assert (k.lateness_total_min, k.lateness_max_min) == (10, 10)
    assert kpis().lateness_total_min == 0


def test_duplication_client_days_with_two_providers() -> None:
    # C1 is visited by K1 (P1) and K3 (P2) on the same day; C2 by K3 only.
    assert kpis().duplication_client_days == 1


def same_address_problem() -> Problem:
    """C2 moved into C1's house (a couple): V1 (C1) and V2 (C2) are at one address."""
    c1 = TINY.client_by_id["C1"]
    return TINY.replace(
        clients=tuple(c.replace(lat=c1.lat, lon=c1.lon) if c.client_id == "C2" else c for c in TINY.clients)
    )


@pytest.mark.parametrize(("v2_start", "pairs"), [(510, 1), (550, 1), (551, 0)])
def test_duplication_cross_provider_pairs_at_one_address_within_30_minutes(v2_start: int, pairs: int) -> None:
    roster = kpi_roster()
    moved = tuple(
        a.model_copy(update={"start_min": v2_start, "end_min": v2_start + 30}) if a.visit_id == "V2" else a
        for a in roster.assignments
    )
    # V1 (K1, P1) ends 520. V2 (K3, P2) at 510 overlaps it; at 550 it starts 30 min after: both count.
    # At 551 (31 min): not. V4 (K3, P2) at 740 is 220 min after V1 and shares V2's provider: never a pair.
    assert (
        kpis(same_address_problem(), roster.model_copy(update={"assignments": moved})).duplication_close_pairs
        == pairs
    )
    assert kpis().duplication_close_pairs == 0  # C1 and C2 at different addresses


def test_an_empty_roster_leaves_all_need_unmet_and_ratios_undefined() -> None:
    k = kpis(roster=Roster(locality="tiny", solver="none"))
    # No dates named: the problem's one day is in scope. 150 min unmet = 2.5 h x 7 = 17.5 h a week.
    assert (k.days, k.visits_unmet, k.unmet_hours_per_week) == (1, 5, 17.5)
    assert (
        k.travel_min_per_contact_hour is None
        and k.utilisation is None
        and k.cost_per_contact_hour_gbp is None
    )


def test_rows_flatten_every_kpi_with_provider_and_priority_keys() -> None:
    k = kpis()
    flat = k.flat()
    assert len(flat) == len(k.rows())
    assert flat["cost_gbp[P1]"] == pytest.approx(20.67)
    assert flat["visits_unmet[p2]"] == 2
    assert flat["dates"] == "2026-11-24"
    units = {row.key: row.unit for row in k.rows()}
    assert (units["travel_km"], units["cost_gbp"], units["unmet_share"]) == ("km", "GBP", "share")


def test_kpis_json_is_stable_and_round_trips() -> None:
    text = kpis().to_json()
    assert text == kpis().to_json()
    data = json.loads(text)
    # The file leads with its format version, which is not a KPI; the rest is the model in field order.
    assert list(data)[:4] == ["format_version", "locality", "solver", "dates"]
    assert data.pop("format_version") == KPIS_FORMAT_VERSION
    assert Kpis.model_validate(data) == kpis()


def test_every_kpi_field_is_documented() -> None:
    docs = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    for name in Kpis.model_fields:
        assert f"| `{name}" in docs, f"kpis.json field {name} is not documented in docs/formats.md"
    for name in (
        *PriorityKpis.model_fields,
        *ProviderKpis.model_fields,
        *CarerKpis.model_fields,
        *ClientKpis.model_fields,
    ):
        assert name in docs, name


def two_day_roster() -> tuple[Problem, Roster]:
    """The KPI roster plus a second day (DAY + 1) repeating C1's two visits at other times.

    Day 2 (shifts 08:00-14:00 for K1 and K3): V1b @C1 (requested 08:00 like V1) by K1 at 520-550 (leaves
    519, 1 min drive; home 551); V4b @C1 (requested 12:00 like V4) by K3 at 730-760 (leaves 726, 4 min
    walk; home 764).
    """
    day2 = DAY + dt.timedelta(days=1)
    copies = tuple(
        v.replace(visit_id=f"{v.visit_id}b", date=day2) for v in TINY.visits if v.visit_id in ("V1", "V4")
    )
    problem = TINY.replace(
        visits=(*TINY.visits, *copies),
        shifts=(*TINY.shifts, *(s.replace(date=day2) for s in TINY.shifts if s.carer_id in ("K1", "K3"))),
    )
    roster = kpi_roster()
    roster = roster.model_copy(
        update={
            "assignments": (
                *roster.assignments,
                assignment("V1b", "K1", 520, 550, 1, 310.0, 1, day=day2),
                assignment("V4b", "K3", 730, 760, 4, 310.0, 1, day=day2),
            ),
            "routes": (
                *roster.routes,
                route("K1", 519, 551, 1, 310.0, day=day2),
                route("K3", 726, 764, 4, 310.0, day=day2),
            ),
        }
    )
    return problem, roster


def test_time_spread_of_recurring_visits() -> None:
    problem, roster = two_day_roster()
    assert validate(problem, MATRICES, roster) == []
    k = kpis(problem, roster)
    # C1's 08:00 slot: 490 (day 1) and 520 (day 2), spread 30. C1's 12:00 slot: 740 and 730, spread 10.
    # C2's 08:30 slot (V2) is on one date only: not recurring. Median of [10, 30] = 20; p90 = 10 + 0.9 x 20.
    assert k.recurring_visits == 2
    assert (k.time_spread_median_min, k.time_spread_p90_min) == pytest.approx((20.0, 28.0))
    (c1,) = [c for c in k.by_client if c.client_id == "C1"]
    assert c1.time_spread_max_min == 30
    # The one-day roster has no recurring visit.
    assert (kpis().recurring_visits, kpis().time_spread_median_min) == (0, None)


def with_contracts(hours: dict[str, float]) -> Problem:
    return TINY.replace(
        carers=tuple(c.replace(contracted_hours_week=hours.get(c.carer_id)) for c in TINY.carers)
    )


def test_contact_against_contract_per_carer_and_its_spread_within_each_provider() -> None:
    k = kpis(with_contracts({"K1": 35.0, "K2": 35.0, "K3": 7.0}))
    # One day is 1/7 of a week: K1 and K2 are contracted 35 x 60 / 7 = 300 min, K3 7 x 60 / 7 = 60 min.
    # Contact: K1 30 (share 0.1), K2 on shift but given nothing (0), K3 60 (share 1.0).
    shares = {c.carer_id: (c.contracted_min, c.contract_share) for c in k.by_carer}
    assert shares == {"K1": (300.0, 0.1), "K2": (300.0, 0.0), "K3": (60.0, 1.0)}
    # P1: mean 0.05, sd 0.05; P2 alone: sd 0. Pooled: sqrt((0.05^2 + 0.05^2 + 0) / 3) = 0.0408.
    assert (provider(k, "P1").contract_share_mean, provider(k, "P1").contract_share_sd) == (0.05, 0.05)
    assert provider(k, "P2").contract_share_sd == 0.0
    assert k.contract_share_sd == pytest.approx(0.0408, abs=1e-4)
    # Without contracts there is nothing to measure against.
    assert kpis().contract_share_sd is None


def test_utilisation_and_travel_share_spread_within_each_provider() -> None:
    # The golden valid roster: P1's K1 works 480-751 (271 min) with 120 contact and 9 travel minutes
    # (1 + 2 + 3 + 2 + 1); K2 530-589 (59) with 45 contact and 8 travel (4 + 4); P2's K3 alone.
    problem, roster = checked_problem(), valid_roster()
    k = compute_kpis(problem, line_matrices(problem), roster)
    k1, k2 = (next(c for c in k.by_carer if c.carer_id == x) for x in ("K1", "K2"))
    assert (k1.utilisation, k2.utilisation) == pytest.approx((120 / 271, 45 / 59), abs=1e-4)
    assert (k1.travel_share, k2.travel_share) == pytest.approx((9 / 271, 8 / 59), abs=1e-4)
    # Two values: sd = half their difference. Utilisation (0.7627 - 0.4428) / 2 = 0.16; travel share
    # (0.1356 - 0.0332) / 2 = 0.0512. Pooled with P2's single carer (deviation 0) over 3 carers: x sqrt(2/3).
    assert provider(k, "P1").utilisation_sd == pytest.approx(0.16, abs=1e-4)
    assert provider(k, "P1").travel_share_sd == pytest.approx(0.0512, abs=1e-4)
    assert k.utilisation_sd == pytest.approx(0.16 * (2 / 3) ** 0.5, abs=1e-4)
    assert k.travel_share_sd == pytest.approx(0.0512 * (2 / 3) ** 0.5, abs=1e-4)


def test_delivered_against_commissioned_hours_per_client() -> None:
    commissioned = {"C1": 7.0, "C2": 14.0}
    problem = TINY.replace(
        clients=tuple(c.replace(commissioned_hours_week=commissioned.get(c.client_id)) for c in TINY.clients)
    )
    k = kpis(problem)
    by = {c.client_id: c for c in k.by_client}
    # One day = 1/7 week. C1: 7 h -> 1 h commissioned, V1 + V4 delivered (60 min): share 1.0.
    # C2: 14 h -> 2 h, V2 delivered (30 min) of V2 + V5 planned (45 min): share 0.25, below commission.
    # C3 has no commission: V3 planned 45 min, not delivered.
    assert (by["C1"].commissioned_hours, by["C1"].delivered_hours, by["C1"].delivered_share) == (
        1.0,
        1.0,
        1.0,
    )
    assert (by["C2"].planned_hours, by["C2"].delivered_hours, by["C2"].delivered_share) == (0.75, 0.5, 0.25)
    assert (by["C3"].commissioned_hours, by["C3"].delivered_share, by["C3"].planned_hours) == (
        None,
        None,
        0.75,
    )
    # Totals over C1 and C2: 3 h commissioned, 1.5 h delivered, one client short.
    assert (k.commissioned_hours, k.commissioned_delivered_hours, k.commissioned_delivered_share) == (
        3.0,
        1.5,
        0.5,
    )
    assert k.clients_below_commissioned == 1
