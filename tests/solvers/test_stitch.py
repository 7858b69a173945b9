"""Stitching disjoint parts' rosters: one stable order whichever part came first."""

from __future__ import annotations

from rostering.solvers.stitch import stitch_rosters
from tests.care_day import carer, client, problem, shift, solve, visit


def test_parts_in_any_order_give_the_same_roster() -> None:
    west = problem(
        [carer("K1", -2.80)], [shift("K1")], [client("C1", -2.80)], [visit("V1", "C1", "08:00", "10:00")]
    )
    east = problem(
        [carer("K2", -2.60)], [shift("K2")], [client("C2", -2.60)], [visit("V2", "C2", "08:00", "10:00")]
    )
    a, b = solve(west, work=5), solve(east, work=5)
    one = stitch_rosters("tiny", "locality", 1, [a, b])
    other = stitch_rosters("tiny", "locality", 1, [b, a])
    assert one.model_dump() == other.model_dump()
    assert [x.carer_id for x in one.assignments] == ["K1", "K2"]
    assert one.objective == (a.objective or 0) + (b.objective or 0)
