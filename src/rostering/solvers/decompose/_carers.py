"""Which part each carer works for on each day: their home region, or for border carers, the needier side.

A carer belongs to the region of the client nearest their base. A *border* carer is one whose base is at
most `border_km` further from another region's nearest client than from their own region's: they could
serve either side. Each working day (all of that day's shifts, so a daily limit and breaks stay with one
part) goes to exactly one part, so no carer is ever booked twice: home carers' days first, then each
border carer's day, longest first, to whichever candidate region has the fewest shift minutes per minute
of care asked of it that day. The repair pass later lets any carer's spare time cross a border.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
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
    return _by_need(problem, client_region, home, options)


def fixed_allocation(problem: Problem, carer_region: Mapping[str, int]) -> CarerAllocation:
    """Every carer's days to the region given for them (a split by hand: no border carers)."""
    days = {(s.carer_id, s.date): carer_region[s.carer_id] for s in problem.shifts}
    return CarerAllocation(days, dict(carer_region), 0, 0)


def _by_need(
    problem: Problem,
    client_region: Mapping[str, int],
    home: dict[str, int],
    options: dict[str, list[int]],
) -> CarerAllocation:
    demand: dict[tuple[int, dt.date], float] = defaultdict(float)
    for v in problem.visits:
        demand[(client_region[v.client_id], v.date)] += v.duration_min * v.carers_required
    minutes: dict[CarerDay, int] = defaultdict(int)
    for s in problem.shifts:
        minutes[(s.carer_id, s.date)] += s.length_min
    supply: dict[tuple[int, dt.date], float] = defaultdict(float)
    region_of_day: dict[CarerDay, int] = {}
    border: list[CarerDay] = []
    order = {k.carer_id: i for i, k in enumerate(problem.carers)}
    for day in sorted(minutes, key=lambda d: (d[1], order[d[0]])):
        if len(options[day[0]]) > 1:
            border.append(day)
            continue
        region_of_day[day] = home[day[0]]
        supply[(home[day[0]], day[1])] += minutes[day]
    lent = 0
    for day in sorted(border, key=lambda d: (d[1], -minutes[d], order[d[0]])):
        carer, date = day
        chosen = min(options[carer], key=lambda r: _cover(r, date, supply, demand, r != home[carer]))
        region_of_day[day] = chosen
        supply[(chosen, date)] += minutes[day]
        lent += chosen != home[carer]
    carers_on_border = sum(1 for k in options.values() if len(k) > 1)
    return CarerAllocation(region_of_day, home, carers_on_border, lent)


def _cover(
    region: int,
    date: dt.date,
    supply: Mapping[tuple[int, dt.date], float],
    demand: Mapping[tuple[int, dt.date], float],
    away: bool,
) -> tuple[float, bool]:
    """Shift minutes per minute of care asked of a region that day (lowest = neediest); home wins ties."""
    need = demand.get((region, date), 0.0)
    return (supply.get((region, date), 0.0) / need if need > 0 else np.inf, away)
