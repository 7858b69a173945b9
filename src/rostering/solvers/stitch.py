"""One roster from the rosters of disjoint parts: provider silos, or a council's regions.

The parts share no carer-day, so their routes simply sit together; everything is put in one stable order
(date, carer, position) so the same parts give the same bytes whichever finished first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..domain import Assignment, Break, Roster, ShiftRoute, Unassigned


def stitch_rosters(
    locality: str,
    solver: str,
    seed: int | None,
    rosters: Iterable[Roster],
    *,
    travel_sources: Mapping[str, str] | None = None,
    stats: Mapping[str, Any] | None = None,
) -> Roster:
    """The parts' rosters as one; the objective is their sum (None if any part has none)."""
    parts = list(rosters)
    objectives = [r.objective for r in parts]
    sources: dict[str, str] = {}
    for r in parts:
        sources.update(r.travel_sources)
    return Roster(
        locality=locality,
        solver=solver,
        seed=seed,
        assignments=ordered_assignments(a for r in parts for a in r.assignments),
        breaks=ordered_breaks(b for r in parts for b in r.breaks),
        routes=ordered_routes(x for r in parts for x in r.routes),
        unassigned=ordered_unassigned(u for r in parts for u in r.unassigned),
        objective=None
        if not objectives or None in objectives
        else sum(o for o in objectives if o is not None),
        travel_sources=dict(sorted((travel_sources if travel_sources is not None else sources).items())),
        stats=dict(stats or {}),
    )


def ordered_assignments(items: Iterable[Assignment]) -> tuple[Assignment, ...]:
    return tuple(sorted(items, key=lambda a: (a.date, a.carer_id, a.seq)))


def ordered_breaks(items: Iterable[Break]) -> tuple[Break, ...]:
    return tuple(sorted(items, key=lambda b: (b.date, b.carer_id, b.start_min)))


def ordered_routes(items: Iterable[ShiftRoute]) -> tuple[ShiftRoute, ...]:
    return tuple(sorted(items, key=lambda x: (x.date, x.carer_id, x.start_min)))


def ordered_unassigned(items: Iterable[Unassigned]) -> tuple[Unassigned, ...]:
    return tuple(sorted(items, key=lambda u: (u.date, u.visit_id)))
