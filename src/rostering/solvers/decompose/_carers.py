"""Which part each carer works for: their home region, or for a border carer, a neighbour short of cover.

A carer belongs to the region of the client nearest their base. A *border* carer is one whose base is at
most `border_km` further from another region's nearest client than from their own region's: they could
serve either side. All of a carer's days go to exactly one part, so no carer is ever booked twice and the
rules within a day (daily limit, breaks) and across days (weekly hours, daily rest, days in a row) are
kept by one search. Every carer starts at home. Then a region whose cover (shift minutes per minute of
care asked of it, over the problem's dates) is below the council's own borrows border carers from
neighbours that stay at or above it, the carers nearest to it first, until it is covered as well as the
council is. Lending only where a side is short keeps carers near home (travel) while no region is left
without the staff the council has. The repair pass later lets any carer's spare time cross a border for
the visits still unmet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from ...domain import Problem
from ._regions import planar_m

CarerDay = tuple[str, dt.date]


@dataclass(frozen=True)
class CarerAllocation:
    """The region of every carer-day with shifts, and how many carers could have gone either way."""

    region_of_day: dict[CarerDay, int]
    home: dict[str, int]
    border_carers: int
    lent: int  # carers working for a region other than their home one


def allocate_carers(problem: Problem, client_region: Mapping[str, int], border_km: float) -> CarerAllocation:
    """Every carer (all their days) of `problem` to one region (see the module docstring)."""
    regions = sorted(set(client_region.values()))
    if not regions or not problem.carers:
        return CarerAllocation({}, {}, 0, 0)
    lat0 = float(np.mean([c.lat for c in problem.clients]))
    clients = problem.clients
    points = planar_m([c.lat for c in clients], [c.lon for c in clients], lat0)
    bases = planar_m([k.lat for k in problem.carers], [k.lon for k in problem.carers], lat0)
    labels = np.array([client_region[c.client_id] for c in clients])
    # Distance from every base to the nearest client of every region (one small tree per region).
    nearest = np.full((len(problem.carers), len(regions)), np.inf)
    for r in regions:
        tree = cKDTree(points[labels == r])
        nearest[:, r], _ = tree.query(bases)
    home_index = np.argmin(nearest, axis=1)
    reach = nearest - nearest[np.arange(len(bases)), home_index][:, None] <= border_km * 1000.0
    home = {k.carer_id: int(home_index[i]) for i, k in enumerate(problem.carers)}
    options = {k.carer_id: [int(r) for r in np.flatnonzero(reach[i])] for i, k in enumerate(problem.carers)}
    distance = {k.carer_id: nearest[i] for i, k in enumerate(problem.carers)}
    return _by_need(problem, client_region, home, options, distance)


def fixed_allocation(problem: Problem, carer_region: Mapping[str, int]) -> CarerAllocation:
    """Every carer's days to the region given for them (a split by hand: no border carers)."""
    days = {(s.carer_id, s.date): carer_region[s.carer_id] for s in problem.shifts}
    return CarerAllocation(days, dict(carer_region), 0, 0)


def _by_need(
    problem: Problem,
    client_region: Mapping[str, int],
    home: dict[str, int],
    options: dict[str, list[int]],
    distance: Mapping[str, NDArray[np.float64]],
) -> CarerAllocation:
    need: dict[int, float] = defaultdict(float)
    for v in problem.visits:
        need[client_region[v.client_id]] += v.duration_min * v.carers_required
    minutes: dict[str, int] = defaultdict(int)
    for s in problem.shifts:
        minutes[s.carer_id] += s.length_min
    region = {k: home[k] for k in minutes}
    supply: dict[int, float] = defaultdict(float)
    for k, m in minutes.items():
        supply[region[k]] += m
    lent = 0
    if need:
        council = sum(supply.values()) / sum(need.values())
        for short in sorted(need, key=lambda r: (supply[r] / need[r], r)):
            lent += _borrow(short, council, need, supply, minutes, region, options, distance)
    days = {(s.carer_id, s.date): region[s.carer_id] for s in problem.shifts}
    carers_on_border = sum(1 for k in options.values() if len(k) > 1)
    return CarerAllocation(days, home, carers_on_border, lent)


def _borrow(
    short: int,
    council: float,
    need: Mapping[int, float],
    supply: dict[int, float],
    minutes: Mapping[str, int],
    region: dict[str, int],
    options: Mapping[str, list[int]],
    distance: Mapping[str, NDArray[np.float64]],
) -> int:
    """Border carers moved to region `short` until it is covered as well as the council (nearest first),
    each from a neighbour that stays so covered itself; how many moved."""
    candidates = sorted(
        (k for k in minutes if short in options[k] and region[k] != short),
        key=lambda k: (float(distance[k][short]), k),
    )
    moved = 0
    for k in candidates:
        if supply[short] >= council * need[short]:
            break
        donor = region[k]
        left = supply[donor] - minutes[k]
        if donor in need and left < council * need[donor]:
            continue  # the lending side would fall short itself
        supply[donor] = left
        supply[short] += minutes[k]
        region[k] = short
        moved += 1
    return moved
