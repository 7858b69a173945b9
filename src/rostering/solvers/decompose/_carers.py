"""Which part each carer works for on each day: their home region, or for border carers, a short side.

A carer belongs to the region of the client nearest their base. A *border* carer is one whose base is at
most `border_km` further from another region's nearest client than from their own region's: they could
serve either side. Each working day (all of that day's shifts, so a daily limit and breaks stay with one
part) goes to exactly one part, so no carer is ever booked twice. Every day starts at home. Then, date by
date, a region whose cover (shift minutes per minute of care asked of it) is below the council's own
borrows border carers' days from neighbours that stay at or above it, the carers nearest to it first,
until it is covered as well as the council is. Lending only where a side is short keeps carers near home
(travel) while no region is left without the staff the council has. The repair pass later lets any
carer's spare time cross a border for the visits still unmet.
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
    lent_days: int  # carer-days given to a region other than the carer's home one


def allocate_carers(problem: Problem, client_region: Mapping[str, int], border_km: float) -> CarerAllocation:
    """Every carer-day of `problem` to one region (see the module docstring)."""
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
    demand: dict[tuple[int, dt.date], float] = defaultdict(float)
    for v in problem.visits:
        demand[(client_region[v.client_id], v.date)] += v.duration_min * v.carers_required
    minutes: dict[CarerDay, int] = defaultdict(int)
    for s in problem.shifts:
        minutes[(s.carer_id, s.date)] += s.length_min
    region_of_day = {day: home[day[0]] for day in minutes}
    lent = 0
    for date in sorted({d for _, d in minutes}):
        lent += _lend(date, demand, minutes, region_of_day, options, distance)
    carers_on_border = sum(1 for k in options.values() if len(k) > 1)
    return CarerAllocation(region_of_day, home, carers_on_border, lent)


def _lend(
    date: dt.date,
    demand: Mapping[tuple[int, dt.date], float],
    minutes: Mapping[CarerDay, int],
    region_of_day: dict[CarerDay, int],
    options: Mapping[str, list[int]],
    distance: Mapping[str, NDArray[np.float64]],
) -> int:
    """Border carers' days of `date` moved to regions short of the council's cover; how many moved."""
    supply: dict[int, float] = defaultdict(float)
    days = sorted(day for day in minutes if day[1] == date)
    for day in days:
        supply[region_of_day[day]] += minutes[day]
    need = {r: n for (r, d), n in demand.items() if d == date and n > 0}
    if not need:
        return 0
    council = sum(supply.values()) / sum(need.values())
    moved = 0
    for short in sorted(need, key=lambda r: (supply[r] / need[r], r)):
        candidates = sorted(
            (day for day in days if short in options[day[0]] and region_of_day[day] != short),
            key=lambda day: (float(distance[day[0]][short]), day[0]),
        )
        for day in candidates:
            if supply[short] >= council * need[short]:
                break
            donor = region_of_day[day]
            left = supply[donor] - minutes[day]
            if donor in need and left < council * need[donor]:
                continue  # the lending side would fall short itself
            supply[donor] = left
            supply[short] += minutes[day]
            region_of_day[day] = short
            moved += 1
    return moved
