"""Drive speeds from OSM `maxspeed` tags, with per-highway-class defaults where the tag is missing.

OSM writes maxspeed many ways: "50" (km/h), "30 mph", "50 km/h", "20 knots", lists such as "30;40"
(the mean is taken, as osmnx does), the UK's "national" and zone codes such as "GB:nsl_single" or
"DE:urban". Anything unparseable ("signals", "none", "variable") falls back to the highway class default.
"""

from __future__ import annotations

import math
import re

import numpy as np
from numpy.typing import NDArray

from .settings import MatrixSettings

MPH = 1.609344
KNOT = 1.852

_NUMBER_UNIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph|knots?)?\s*$")

# Zone codes (country:zone). The UK national limit depends on the road (see `_national_kmh`).
_ZONE_KMH: dict[str, float] = {
    "gb:nsl_single": 60 * MPH,
    "gb:nsl_dual": 70 * MPH,
    "gb:nsl_restricted": 30 * MPH,
    "gb:motorway": 70 * MPH,
    "gb:urban": 30 * MPH,
    "uk:nsl_single": 60 * MPH,
    "uk:nsl_dual": 70 * MPH,
    "uk:motorway": 70 * MPH,
    "walk": 5.0,
    "living_street": 20.0,
}
_GENERIC_ZONE_KMH = {"urban": 50.0, "rural": 90.0, "motorway": 120.0, "trunk": 100.0, "living_street": 20.0}


def _national_kmh(highway: str) -> float:
    """The UK national speed limit: 70 mph on motorways (and most trunk dual carriageways), else 60 mph."""
    return 70 * MPH if highway.startswith(("motorway", "trunk")) else 60 * MPH


def _one_value_kmh(text: str, highway: str) -> float | None:
    value = text.strip().lower()
    if not value:
        return None
    match = _NUMBER_UNIT.match(value)
    if match:
        number = float(match.group(1))
        unit = match.group(2) or "km/h"
        if number <= 0:
            return None
        return number * (MPH if unit == "mph" else KNOT if unit.startswith("knot") else 1.0)
    if value in ("national", "gb:national", "uk:national"):
        return _national_kmh(highway)
    if value in _ZONE_KMH:
        return _ZONE_KMH[value]
    if ":" in value:
        zone = value.split(":", 1)[1]
        return _GENERIC_ZONE_KMH.get(zone)
    return None


def parse_maxspeed_kmh(text: str | None, highway: str = "") -> float | None:
    """km/h for one OSM maxspeed value, or None when it says nothing usable.

    >>> parse_maxspeed_kmh("30 mph")
    48.28032
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    parts = [p for p in re.split(r"[;|]", str(text)) if p.strip()]
    values = [v for v in (_one_value_kmh(p, highway) for p in parts) if v is not None]
    if not values:
        return None
    return float(np.mean(values))


def class_default_kmh(highway: str, settings: MatrixSettings) -> float:
    """The default speed for a highway class; a list of classes ("['a', 'b']" or "a;b") takes the first."""
    first = re.split(r"[;,]", highway.strip("[]' \""))[0].strip("' \"")
    return settings.highway_kmh.get(first, settings.other_highway_kmh)


def drive_speeds_kmh(
    maxspeed: NDArray[np.str_], highway: NDArray[np.str_], settings: MatrixSettings
) -> NDArray[np.float64]:
    """Per-edge drive speed: maxspeed x maxspeed_factor, else the class default; x drive_speed_factor.

    Each distinct (maxspeed, highway) pair is parsed once, so a county of edges costs a few hundred calls.
    """
    pairs = np.char.add(np.char.add(maxspeed.astype(np.str_), "\x1f"), highway.astype(np.str_))
    unique, inverse = np.unique(pairs, return_inverse=True)
    kmh = np.empty(len(unique), dtype=np.float64)
    for i, pair in enumerate(unique.tolist()):
        text, hw = pair.split("\x1f", 1)
        parsed = parse_maxspeed_kmh(text or None, hw)
        kmh[i] = parsed * settings.maxspeed_factor if parsed is not None else class_default_kmh(hw, settings)
    return kmh[inverse] * settings.drive_speed_factor
