"""Zones: the provider policy is a hard rule everywhere, KPIs per zone, the rural uplift in the cost.

The day (tests/care_day.py geometry: 0.01 degrees of longitude = 620 m = 2 minutes' drive):
K1 (P1, in-house, salaried 30/h) lives at -2.71 and K2 (P2, agency, time-and-task 15/h) at -2.61.
C1 lives at -2.70 in zone "town"; C2 at -2.60 in zone "east" (rural, +20% on external rates).
C2's visits V2 (30 min) and V3 (60 min) are allowed to P2 only; C1's V1 (30 min) to P1 only.
"""

from __future__ import annotations

import json

import pytest

from rostering.domain import Problem, Roster, Zone
from rostering.evaluation.kpis import Kpis, compute_kpis
from rostering.evaluation.validate import validate
from tests.care_day import carer, client, problem, shift, solve, visit
from tests.conftest import line_matrices

ZONES = (Zone(zone_id="town"), Zone(zone_id="east", name="Rural east", rural=True, rate_uplift=0.2))


def zoned_day() -> Problem:
    return problem(
        [carer("K1", -2.71), carer("K2", -2.61, provider_id="P2")],
        [shift("K1"), shift("K2")],
        [
            client("C1", -2.70, zone="town", allowed_providers=("P1",)),
            client("C2", -2.60, zone="east", allowed_providers=("P2",)),
        ],
        [
            visit("V1", "C1", "09:00", "09:30"),
            visit("V2", "C2", "09:00", "09:30"),
            visit("V3", "C2", "11:00", "11:30", 60),
        ],
        zones=ZONES,
    )


@pytest.fixture(scope="module")
def solved() -> tuple[Problem, Roster]:
    p = zoned_day()
    return p, solve(p)


def test_the_engine_keeps_the_provider_policy(solved: tuple[Problem, Roster]) -> None:
    _, roster = solved
    assert {a.visit_id: a.carer_id for a in roster.assignments} == {"V1": "K1", "V2": "K2", "V3": "K2"}


def test_the_policy_binds_even_when_another_provider_is_nearer() -> None:
    # C2 now lives next to K1 (-2.705), but only P2 may visit: K2 drives 0.095 degrees (12 minutes).
    p = zoned_day()
    p = p.replace(clients=(p.clients[0], p.clients[1].replace(lon=-2.705)))
    roster = solve(p)
    assert {a.carer_id for a in roster.assignments if a.visit_id in ("V2", "V3")} == {"K2"}


def test_the_validator_flags_a_carer_the_policy_does_not_allow(solved: tuple[Problem, Roster]) -> None:
    p, roster = solved
    strict = p.replace(clients=(p.clients[0].replace(allowed_providers=("P2",)), p.clients[1]))
    found = validate(strict, line_matrices(strict), roster)
    assert [(v.code, v.visit_id) for v in found] == [("ineligible_carer", "V1")]
    assert "the provider policy lets only P2 visit client C1; the carer works for P1" in found[0].message


def test_kpis_per_zone(solved: tuple[Problem, Roster]) -> None:
    p, roster = solved
    kpis = compute_kpis(p, line_matrices(p), roster)
    town, east = kpis.by_zone
    # town: V1, 30 min; K1 drives 2 min from -2.71 to C1. One carer, one provider.
    assert (town.zone_id, town.rural, town.clients, town.visits_total, town.contact_min) == (
        "town",
        False,
        1,
        1,
        30,
    )
    assert (town.travel_min, town.travel_min_per_contact_hour, town.uplift_gbp) == (2, 4.0, 0.0)
    # east: V2 + V3 = 90 min by K2, 2 min in from -2.61 then 0 between two visits at C2's home.
    assert (east.rural, east.visits_total, east.visits_unmet, east.contact_min, east.travel_min) == (
        True,
        2,
        0,
        90,
        2,
    )
    assert (east.carers_used, east.providers_used, east.distinct_carers_per_client_mean) == (1, 1, 1.0)
    # The uplift: 15 GBP/h x 20% x 1.5 contact hours = 4.50 GBP, on top of P2's 15 x 1.5 = 22.50.
    assert east.uplift_gbp == 4.5
    p2 = next(pk for pk in kpis.by_provider if pk.provider_id == "P2")
    assert p2.labour_gbp == 27.0
    assert kpis.flat()["uplift_gbp[zone:east]"] == 4.5


def test_unmet_need_is_counted_in_the_zone_it_falls_in() -> None:
    # K2 has no shift: nobody P2 can visit C2, so east's 90 minutes are unmet; town is covered.
    p = zoned_day()
    p = p.replace(shifts=(shift("K1"),))
    roster = solve(p)
    town, east = compute_kpis(p, line_matrices(p), roster).by_zone
    assert (town.visit_minutes_unmet, east.visit_minutes_unmet, east.visits_unmet) == (0, 90, 2)
    assert east.unmet_hours_per_week == 10.5  # 1.5 h on one day x 7
    # K2 may visit C2 but has no shift; K1 has one but the policy bars P1.
    assert {u.reason for u in roster.unassigned} == {"no_shift_in_window"}


def test_kpis_json_carries_by_zone_only_for_a_bundle_with_zones(solved: tuple[Problem, Roster]) -> None:
    p, roster = solved
    with_zones = json.loads(compute_kpis(p, line_matrices(p), roster).to_json())
    assert [z["zone_id"] for z in with_zones["by_zone"]] == ["town", "east"]
    plain = p.replace(clients=tuple(c.replace(zone=None) for c in p.clients), zones=())
    assert "by_zone" not in json.loads(compute_kpis(plain, line_matrices(plain), roster).to_json())


def test_kpis_json_reads_back_with_its_zones(solved: tuple[Problem, Roster]) -> None:
    p, roster = solved
    kpis = compute_kpis(p, line_matrices(p), roster)
    assert Kpis.from_json(kpis.to_json()) == kpis


def test_a_visit_only_another_providers_carers_could_do_says_it_is_the_policy() -> None:
    # V2 needs dementia skills; only K1 (P1) has them, and C2's policy allows P2 only.
    p = zoned_day()
    k1 = p.carer_by_id["K1"].replace(skills=("dementia",))
    p = p.replace(
        carers=(k1, p.carers[1]),
        visits=tuple(v.replace(skills=("dementia",)) if v.visit_id == "V2" else v for v in p.visits),
    )
    roster = solve(p)
    (why,) = [u for u in roster.unassigned if u.visit_id == "V2"]
    assert why.reason == "no_eligible_carer"
    assert why.detail == "the provider policy lets only P2 visit; none of their carers has the skills"
