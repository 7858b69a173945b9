"""TravelMatrix: door-to-door travel time and distance between a problem's locations for one profile.

Invariants are checked on construction, and the arrays are made read-only so nothing downstream can
change them. The solver and the validator read travel time through `minutes`, one shared convention:
seconds rounded up to a whole minute.

`TravelSource` is what the judges (validator, KPIs) need of travel: one leg at a time, by location id.
A TravelMatrix is one; so is the lazily evaluated approximate travel of a council-sized problem
(travel/lazy.py), which never holds all pairs. `subset` gives the dense matrix of a part of the problem,
which is what the engine searches on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ..errors import MatrixError


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    profile: str
    ids: tuple[str, ...]
    seconds: NDArray[np.float64]
    metres: NDArray[np.float64]
    source: str = "approximate"
    approximate: bool = True
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        seconds = np.array(self.seconds, dtype=np.float64)
        metres = np.array(self.metres, dtype=np.float64)
        for name, arr in (("seconds", seconds), ("metres", metres)):
            if arr.shape != (n, n):
                raise MatrixError(f"{self.profile} matrix: {name} has shape {arr.shape}, expected ({n}, {n})")
            if not np.all(np.isfinite(arr)):
                bad = np.argwhere(~np.isfinite(arr))[0]
                raise MatrixError(
                    f"{self.profile} matrix: {name} from {self.ids[bad[0]]} to {self.ids[bad[1]]} "
                    "is not finite (unreachable pair)"
                )
            if np.any(arr < 0):
                raise MatrixError(f"{self.profile} matrix: {name} has negative entries")
            arr.setflags(write=False)
        if len(set(self.ids)) != n:
            raise MatrixError(f"{self.profile} matrix: duplicate location ids")
        object.__setattr__(self, "seconds", seconds)
        object.__setattr__(self, "metres", metres)
        object.__setattr__(self, "_index", {loc: i for i, loc in enumerate(self.ids)})

    def index(self, location_id: str) -> int:
        try:
            return self._index[location_id]
        except KeyError:
            raise MatrixError(f"{self.profile} matrix has no location {location_id!r}") from None

    def has(self, location_id: str) -> bool:
        return location_id in self._index

    @cached_property
    def minutes(self) -> NDArray[np.int64]:
        """Travel time in whole minutes, rounded up (the convention every solver and the validator use)."""
        m = np.ceil(self.seconds / 60.0 - 1e-9).astype(np.int64)
        m.setflags(write=False)
        return m

    def travel_min(self, from_id: str, to_id: str) -> int:
        return int(self.minutes[self.index(from_id), self.index(to_id)])

    def travel_m(self, from_id: str, to_id: str) -> float:
        return float(self.metres[self.index(from_id), self.index(to_id)])

    def subset(self, ids: list[str] | tuple[str, ...]) -> TravelMatrix:
        """The same profile restricted (and reordered) to `ids`."""
        idx = np.array([self.index(i) for i in ids], dtype=np.int64)
        return TravelMatrix(
            profile=self.profile,
            ids=tuple(ids),
            seconds=self.seconds[np.ix_(idx, idx)],
            metres=self.metres[np.ix_(idx, idx)],
            source=self.source,
            approximate=self.approximate,
        )


class TravelSource(Protocol):
    """Travel for one profile, a leg at a time (TravelMatrix, or LazyApproximateTravel for large problems)."""

    @property
    def profile(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def approximate(self) -> bool: ...

    def has(self, location_id: str) -> bool: ...

    def travel_min(self, from_id: str, to_id: str) -> int:
        """Whole minutes, rounded up (as `TravelMatrix.minutes`)."""
        ...

    def travel_m(self, from_id: str, to_id: str) -> float: ...

    def subset(self, ids: list[str] | tuple[str, ...]) -> TravelMatrix:
        """The dense matrix between `ids`, in that order (what a solver works on)."""
        ...


# One source per travel profile, as the validator and the KPIs take them.
TravelSources = Mapping[str, TravelSource]

# One matrix per travel profile ("drive", "walk", "bike"); each carer uses their travel_mode's matrix.
TravelMatrices = Mapping[str, TravelMatrix]
