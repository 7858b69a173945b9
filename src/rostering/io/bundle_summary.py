"""What a bundle asks of its workforce: contact and estimated travel against shift hours, per time band.

Slack = 1 - (contact + travel) / shift minutes. Contact counts a double-up twice (two carers). Travel is
an estimate made before any roster exists, from approximate distances (great-circle x circuity):
- each carer-visit pays one leg: the mean distance to the five nearest other clients visited in the
  same band that day, at the shift-weighted mean of 1/speed of the carers on shift that day;
- each shift part pays the legs from the carer's base to the nearest client visited in the band it
  starts in, and back from the nearest in the band it ends in, at the carer's own speed;
- every leg is rounded up to a whole minute, as the travel matrices are.
It is a planning figure, deliberately on the cautious side, not a roster's travel.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..domain import ApproximateTravel, Client, Problem, Shift, Visit
from ..travel.approximate import pairwise_m, speed_kmh
from ..travel.geo import great_circle_m

# The working day as a coordinator plans it; the first and last bands catch anything outside.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("night", 0, 7 * 60),
    ("morning", 7 * 60, 11 * 60),
    ("lunch", 11 * 60, 14 * 60),
    ("afternoon", 14 * 60, 16 * 60 + 30),
    ("tea", 16 * 60 + 30, 19 * 60),
    ("evening", 19 * 60, 24 * 60),
)
NEIGHBOURS = 5
# Up to this many point pairs the nearest neighbours come from the all-pairs distances; above it (a
# council's day) from a k-d tree, so memory grows with the visits, not with their square.
DENSE_PAIRS = 4_000_000


@dataclass(frozen=True)
class Load:
    """Demand and supply in minutes for one date (and one band, or the whole day)."""

    label: str
    visits: int
    double_ups: int
    contact_min: float
    travel_min: float
    shift_min: float

    @property
    def slack(self) -> float | None:
        """Share of shift minutes left after contact and travel; None when nobody is on shift."""
        if self.shift_min <= 0:
            return None
        return 1.0 - (self.contact_min + self.travel_min) / self.shift_min


def band_of(minute: int) -> str:
    return next((name for name, lo, hi in BANDS if lo <= minute < hi), BANDS[-1][0])


def overlap(a: int, b: int, lo: int, hi: int) -> int:
    """Minutes of [a, b) inside [lo, hi)."""
    return max(0, min(b, hi) - max(a, lo))


def contact_in_band(visits: Sequence[Visit], lo: int, hi: int) -> int:
    """Carer-minutes of care inside [lo, hi), each visit placed at its requested start."""
    return sum(
        overlap(v.requested_start_min, v.requested_start_min + v.duration_min, lo, hi) * v.carers_required
        for v in visits
    )


def day_loads(problem: Problem, date: dt.date) -> tuple[Load, list[Load]]:
    """The whole day's load and each band's (bands with neither visits nor shifts left out)."""
    visits = [v for v in problem.visits if v.date == date]
    # Shift time lost to absences is not supply.
    shifts = [s for s in problem.available_shifts if s.date == date and s.carer_id in problem.carer_by_id]
    settings = problem.locality.approximate_travel
    weights: Counter[str] = Counter()
    for s in shifts:
        weights[problem.carer_by_id[s.carer_id].travel_mode] += s.length_min
    per_m = minutes_per_metre(weights, settings)
    bands = []
    for name, lo, hi in BANDS:
        in_band = [v for v in visits if band_of(v.requested_start_min) == name]
        contact = contact_in_band(visits, lo, hi)
        shift_min = sum(overlap(s.start_min, s.end_min, lo, hi) for s in shifts)
        if not in_band and shift_min == 0 and contact == 0:
            continue
        travel = visit_legs_min(problem.client_by_id, in_band, per_m, settings.circuity)
        travel += base_legs_min(problem, shifts, visits, name)
        double_ups = sum(v.carers_required == 2 for v in in_band)
        bands.append(Load(name, len(in_band), double_ups, float(contact), travel, float(shift_min)))
    whole = Load(
        date.isoformat(),
        len(visits),
        sum(v.carers_required == 2 for v in visits),
        float(sum(v.duration_min * v.carers_required for v in visits)),
        sum(b.travel_min for b in bands),
        float(sum(s.length_min for s in shifts)),
    )
    return whole, bands


def visit_legs_min(
    clients: Mapping[str, Client], visits: Sequence[Visit], per_m: float, circuity: float
) -> float:
    """One estimated leg per carer-visit among `visits` (one band of one day)."""
    cl = [clients[v.client_id] for v in visits]
    legs = neighbour_leg_m(
        np.array([c.lat for c in cl]), np.array([c.lon for c in cl]), [c.client_id for c in cl], circuity
    )
    return float(sum(math.ceil(leg * per_m) * v.carers_required for leg, v in zip(legs, visits, strict=True)))


def base_legs_min(problem: Problem, shifts: Sequence[Shift], visits: Sequence[Visit], band: str) -> float:
    """Legs from base out to the band's nearest visit (shift parts starting in it) and back (ending)."""
    settings = problem.locality.approximate_travel
    targets = sorted({v.client_id for v in visits if band_of(v.requested_start_min) == band})
    if not targets:
        return 0.0
    working = [
        (problem.carer_by_id[s.carer_id], legs)
        for s in shifts
        if (legs := (band_of(s.start_min) == band) + (band_of(s.end_min - 1) == band))
    ]
    if not working:
        return 0.0
    nearest = _nearest_m(
        np.array([c.lat for c, _ in working]),
        np.array([c.lon for c, _ in working]),
        np.array([problem.client_by_id[c].lat for c in targets]),
        np.array([problem.client_by_id[c].lon for c in targets]),
    )
    total = 0.0
    for (carer, legs), metres in zip(working, nearest, strict=True):
        per_m = 60.0 / (speed_kmh(settings, carer.travel_mode) * 1000.0)
        total += legs * math.ceil(float(metres) * settings.circuity * per_m)
    return total


def _nearest_m(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    to_lat: NDArray[np.float64],
    to_lon: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Great-circle metres from each (lat, lon) to the nearest of the (to_lat, to_lon) points."""
    if len(lat) * len(to_lat) > DENSE_PAIRS:
        return _nearest_by_tree(lat, lon, to_lat, to_lon, np.zeros(0, dtype=np.int64), 1)[:, 0]
    metres = great_circle_m(lat[:, None], lon[:, None], to_lat[None, :], to_lon[None, :])
    return np.asarray(metres.min(axis=1), dtype=np.float64)


def neighbour_leg_m(
    lat: NDArray[np.float64], lon: NDArray[np.float64], keys: list[str], circuity: float
) -> NDArray[np.float64]:
    """Per point, the mean approximate road distance to its nearest other points (same key = same place)."""
    n = len(keys)
    if n == 0:
        return np.zeros(0)
    k = min(NEIGHBOURS, n - 1)
    if k <= 0:
        return np.zeros(n)
    if n * n > DENSE_PAIRS:
        _, codes = np.unique(np.array(keys), return_inverse=True)
        nearest = _nearest_by_tree(lat, lon, lat, lon, codes, k) * circuity
    else:
        metres = pairwise_m(lat, lon) * circuity
        same = np.array(keys)
        metres[same[:, None] == same[None, :]] = np.inf
        nearest = np.sort(metres, axis=1)[:, :k]
    finite = np.isfinite(nearest)
    total = np.where(finite, nearest, 0.0).sum(axis=1)
    count = finite.sum(axis=1)
    return np.divide(total, count, out=np.zeros(n), where=count > 0)


def _nearest_by_tree(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    to_lat: NDArray[np.float64],
    to_lon: NDArray[np.float64],
    same: NDArray[np.int64],
    k: int,
) -> NDArray[np.float64]:
    """Great-circle metres from each point to its k nearest targets, nearest first (inf where fewer).

    Targets are found by straight-line (chord) distance between unit vectors, which orders points as the
    great circle does; `same` (a code per point, when the targets are the points themselves) excludes
    targets of the point's own code. Memory grows with the points, not with their pairs.
    """
    from scipy.spatial import cKDTree

    def unit(la: NDArray[np.float64], lo: NDArray[np.float64]) -> NDArray[np.float64]:
        phi, lam = np.radians(la), np.radians(lo)
        return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))

    own = np.bincount(same).max() if len(same) else 0
    ask = min(len(to_lat), k + int(own))
    _, index = cKDTree(unit(to_lat, to_lon)).query(unit(lat, lon), k=ask)
    index = np.asarray(index).reshape(len(lat), ask)
    metres = great_circle_m(lat[:, None], lon[:, None], to_lat[index], to_lon[index])
    if len(same):
        metres = np.where(same[index] == same[:, None], np.inf, metres)
    return np.sort(metres, axis=1)[:, :k]


def minutes_per_metre(mode_minutes: Mapping[str, float], settings: ApproximateTravel) -> float:
    """Minutes per metre averaged over working minutes by travel mode (drive when nobody works)."""
    total = sum(mode_minutes.values())
    if total <= 0:
        return 60.0 / (settings.drive_kmh * 1000.0)
    return sum(w / total * 60.0 / (speed_kmh(settings, m) * 1000.0) for m, w in sorted(mode_minutes.items()))
