"""Carer-days: each goes to exactly one part; a border carer's day is lent to a side short of cover."""

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


def test_a_border_carer_is_lent_to_a_side_short_of_cover() -> None:
    # Town A asks 330 care minutes of its two carers (720 shift min: 2.2 a minute), town B 270 of four
    # (KX included: 1,440, 5.3); the council has 2,160 for 600 (3.6). KX lives by the border client X
    # (region B) but within 8 km of town A too, and B keeps 4.0 without KX: KX's day is lent to A.
    p = two_towns()
    allocation = allocate_carers(p, client_regions(p, target=10), border_km=8.0)
    assert allocation.region_of_day[("KX", shift("KX").date)] == 0
    assert allocation.lent == 1


def test_a_side_short_of_cover_borrows_only_what_a_neighbour_can_spare() -> None:
    # Without KB1-KB3 on shift, town B has KX alone (360 for 270 care minutes: 1.3 a minute) and town A
    # 720 for 330 (2.2); the council 1,080 for 600 (1.8). B is short, but A cannot spare KA1 or KA2
    # without falling short itself: nobody moves.
    p = two_towns()
    kept = p.model_copy(update={"shifts": tuple(s for s in p.shifts if not s.carer_id.startswith("KB"))})
    allocation = allocate_carers(kept, client_regions(kept, target=10), border_km=8.0)
    assert allocation.region_of_day[("KX", shift("KX").date)] == 1
    assert allocation.lent == 0


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
