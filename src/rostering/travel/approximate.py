"""The approximate fallback: great-circle distance x circuity, at the profile's speed.

Used when no road network is supplied. Every caller says so to the user: these times are approximate.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..domain import TRAVEL_MODES, ApproximateTravel, MapPoint, Problem
from .geo import great_circle_m
from .matrix import TravelMatrix

# What a matrix of approximate travel says it is (roster.json's travel_sources, `check`'s comparison).
APPROXIMATE_SOURCE = "approximate (great-circle x circuity / speed)"


def pairwise_m(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """All-pairs great-circle metres (row = from, column = to)."""
    return great_circle_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :])


def speed_kmh(settings: ApproximateTravel, profile: str) -> float:
    return {"drive": settings.drive_kmh, "walk": settings.walk_kmh, "bike": settings.bike_kmh}[profile]


def approximate_matrix(
    locations: tuple[MapPoint, ...], profile: str, settings: ApproximateTravel
) -> TravelMatrix:
    lat = np.array([loc.lat for loc in locations], dtype=np.float64)
    lon = np.array([loc.lon for loc in locations], dtype=np.float64)
    metres = pairwise_m(lat, lon) * settings.circuity
    seconds = metres / (speed_kmh(settings, profile) * 1000.0 / 3600.0)
    return TravelMatrix(
        profile=profile,
        ids=tuple(loc.location_id for loc in locations),
        seconds=seconds,
        metres=metres,
        source=APPROXIMATE_SOURCE,
        approximate=True,
    )


def approximate_matrices(
    problem: Problem, profiles: tuple[str, ...] | None = None
) -> dict[str, TravelMatrix]:
    """One approximate matrix per profile used by the problem's carers (or per profile asked for)."""
    wanted = profiles or tuple(m for m in TRAVEL_MODES if any(c.travel_mode == m for c in problem.carers))
    locations = problem.locations()
    settings = problem.locality.approximate_travel
    return {p: approximate_matrix(locations, p, settings) for p in wanted}
