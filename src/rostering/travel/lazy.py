"""Approximate travel evaluated a leg at a time: the council-scale stand-in for the dense matrix.

A dense matrix over every client and carer base of a council (12,000 locations) holds 144 million pairs
per array, and a roster uses a few legs per visit. `LazyApproximateTravel` keeps only the locations and
works each leg out when asked, with exactly the arithmetic of `approximate_matrix` (great-circle metres x
circuity at the profile's speed, seconds rounded up to whole minutes), so the validator and the KPIs
see the same numbers as they would from the dense matrix, and `subset` gives the dense matrix of a part
of the problem for the engine. Legs already asked for are remembered (the validator and the KPIs walk
the same routes), so memory grows with the roster, not with the square of the locality.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ..domain import ApproximateTravel, MapPoint
from ..errors import MatrixError
from .approximate import APPROXIMATE_SOURCE, approximate_matrix, speed_kmh
from .geo import great_circle_m
from .matrix import TravelMatrix

# Remembered legs before the memory is cleared (about 100 bytes each).
_REMEMBERED_LEGS = 2_000_000


@dataclass(frozen=True, eq=False)
class LazyApproximateTravel:
    """Approximate travel between `points` for one profile, without an all-pairs array (a TravelSource)."""

    profile: str
    points: tuple[MapPoint, ...]
    settings: ApproximateTravel
    source: str = APPROXIMATE_SOURCE
    approximate: bool = True
    _index: dict[str, int] = field(init=False, repr=False)
    _lat: NDArray[np.float64] = field(init=False, repr=False)
    _lon: NDArray[np.float64] = field(init=False, repr=False)
    _legs: dict[tuple[int, int], tuple[int, float]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index = {p.location_id: i for i, p in enumerate(self.points)}
        if len(index) != len(self.points):
            raise MatrixError(f"{self.profile} travel: duplicate location ids")
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_lat", np.array([p.lat for p in self.points], dtype=np.float64))
        object.__setattr__(self, "_lon", np.array([p.lon for p in self.points], dtype=np.float64))
        object.__setattr__(self, "_legs", {})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.location_id for p in self.points)

    def index(self, location_id: str) -> int:
        try:
            return self._index[location_id]
        except KeyError:
            raise MatrixError(f"{self.profile} travel has no location {location_id!r}") from None

    def has(self, location_id: str) -> bool:
        return location_id in self._index

    def _leg(self, from_id: str, to_id: str) -> tuple[int, float]:
        key = (self.index(from_id), self.index(to_id))
        known = self._legs.get(key)
        if known is not None:
            return known
        i, j = np.array([key[0]]), np.array([key[1]])
        # The same expressions as approximate_matrix, on one pair: the same floating-point result.
        metres = (
            great_circle_m(self._lat[i], self._lon[i], self._lat[j], self._lon[j]) * self.settings.circuity
        )
        seconds = metres / (speed_kmh(self.settings, self.profile) * 1000.0 / 3600.0)
        minutes = np.ceil(seconds / 60.0 - 1e-9).astype(np.int64)
        leg = (int(minutes[0]), float(metres[0]))
        if len(self._legs) >= _REMEMBERED_LEGS:
            self._legs.clear()
        self._legs[key] = leg
        return leg

    def travel_min(self, from_id: str, to_id: str) -> int:
        return self._leg(from_id, to_id)[0]

    def travel_m(self, from_id: str, to_id: str) -> float:
        return self._leg(from_id, to_id)[1]

    def subset(self, ids: list[str] | tuple[str, ...]) -> TravelMatrix:
        """The dense approximate matrix between `ids` (a part of the problem), in that order."""
        points = tuple(self.points[self.index(i)] for i in ids)
        return approximate_matrix(points, self.profile, self.settings)

    def __getstate__(self) -> dict[str, object]:
        # Shipped to a worker without the remembered legs (they are rebuilt on demand).
        return {"profile": self.profile, "points": self.points, "settings": self.settings,
                "source": self.source, "approximate": self.approximate}  # fmt: skip

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__post_init__()


def lazy_approximate(
    points: tuple[MapPoint, ...], profile: str, settings: ApproximateTravel
) -> LazyApproximateTravel:
    """Approximate travel between `points` for `profile`, evaluated a leg at a time."""
    return LazyApproximateTravel(profile, points, settings)
