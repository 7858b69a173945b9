"""Carer-days: each goes to exactly one part; a border carer's day goes to the side that needs it more."""

from __future__ import annotations

from rostering.solvers.decompose._carers import allocate_carers, fixed_allocation
from rostering.solvers.decompose._regions import client_regions
from tests.care_day import shift
from tests.two_towns import two_towns


def test_every_carer_day_goes_to_one_region() -> None:
    p = two_towns()
    allocation = allocate_carers(p, client_regions(p, target=10), border_km=8.0)
    assert set(allocation.region_of_day) == {(s.carer_id, s.date) for s in p.shifts}
    assert allocation.home == {"KA1": 0, "KA2": 0, "KB1": 1, "KB2": 1, "KB3": 1, "KX": 1}


def test_a_border_carer_works_for_the_needier_side() -> None:
    # Town A has 9 visits (270 min) and two carers (720 shift min); town B 9 visits and three carers.
    # KX lives by the border client X (region B) but within 8 km of town A too: A needs KX more.
    p = two_towns()
    allocation = allocate_carers(p, client_regions(p, target=10), border_km=8.0)
    assert allocation.region_of_day[("KX", shift("KX").date)] == 0
    assert allocation.lent_days == 1


def test_no_border_carers_when_the_border_zone_is_narrow() -> None:
    p = two_towns()
    allocation = allocate_carers(p, client_regions(p, target=10), border_km=1.0)
    assert allocation.border_carers == 0
    assert allocation.region_of_day[("KX", shift("KX").date)] == allocation.home["KX"] == 1


def test_a_fixed_split_sends_every_day_to_the_carers_own_region() -> None:
    p = two_towns()
    allocation = fixed_allocation(p, {k.carer_id: 0 if k.carer_id.startswith("KA") else 1 for k in p.carers})
    assert {r for (k, _), r in allocation.region_of_day.items() if k == "KX"} == {1}
    assert allocation.border_carers == 0
