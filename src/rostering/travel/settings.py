"""One settings object for building OSM travel matrices, passed explicitly (never a module global).

Every value that changes a matrix is part of the matrix cache key, so two runs with different settings
never share a cached result. The cache folder itself is not: moving the cache does not change a matrix.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


def default_cache_dir() -> Path:
    """`$ROSTERING_CACHE_DIR`, else `~/.cache/rostering` (read when a settings object is made)."""
    env = os.environ.get("ROSTERING_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "rostering"


# Default drive speeds (km/h) per OSM highway class when a way has no usable maxspeed. UK-flavoured:
# the national limits are 70 mph on motorways and dual carriageways and 60 mph on single carriageways,
# but rural minor roads are driven well below the limit, so the minor classes sit lower.
UK_HIGHWAY_KMH: dict[str, float] = {
    "motorway": 112.0,
    "motorway_link": 64.0,
    "trunk": 96.0,
    "trunk_link": 56.0,
    "primary": 80.0,
    "primary_link": 48.0,
    "secondary": 72.0,
    "secondary_link": 48.0,
    "tertiary": 56.0,
    "tertiary_link": 40.0,
    "unclassified": 48.0,
    "residential": 32.0,
    "living_street": 16.0,
    "service": 16.0,
    "road": 32.0,
    "track": 16.0,
}


class MatrixSettings(BaseModel):
    """How networks are clipped, profiles are timed and locations are snapped.

    Speeds are km/h. A posted maxspeed is a limit, not the speed driven: edges with one are timed at
    `maxspeed_factor` of it (0.8, as OSRM's car profile does); edges without one at their highway class's
    default from `highway_kmh`, which are already typical driven speeds. `drive_speed_factor` then scales
    every drive edge (a knob for calibrating against observed times). `off_network_*_kmh` is the speed
    of the straight line from a door to its nearest network node (slow driving along a drive or a farm
    track for drivers).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    cache_dir: Path = Field(default_factory=default_cache_dir, exclude=True)
    buffer_m: float = Field(default=2000.0, ge=0, description="buffer around the locality boundary")
    snap_warn_m: float = Field(default=500.0, gt=0, description="snaps farther than this are reported")
    snap_to_main_component: bool = Field(
        default=True, description="snap only to the largest strongly connected part of the network"
    )
    highway_kmh: dict[str, float] = Field(default_factory=lambda: dict(UK_HIGHWAY_KMH))
    other_highway_kmh: float = Field(default=32.0, gt=0, description="drive classes missing above")
    maxspeed_factor: float = Field(default=0.8, gt=0, le=1.5, description="share of a posted limit driven")
    drive_speed_factor: float = Field(default=1.0, gt=0, le=2.0)
    walk_kmh: float = Field(default=4.8, gt=0)
    bike_kmh: float = Field(default=15.0, gt=0)
    off_network_drive_kmh: float = Field(default=15.0, gt=0)
    off_network_bike_kmh: float = Field(default=10.0, gt=0)

    def off_network_kmh(self, profile: str) -> float:
        return {
            "drive": self.off_network_drive_kmh,
            "walk": self.walk_kmh,
            "bike": self.off_network_bike_kmh,
        }[profile]

    def profile_key(self, profile: str) -> dict[str, object]:
        """The settings that change a `profile` matrix once the network is read (part of its cache key)."""
        key: dict[str, object] = {
            "snap_to_main_component": self.snap_to_main_component,
            "off_network_kmh": self.off_network_kmh(profile),
        }
        if profile == "drive":
            key |= {
                "highway_kmh": dict(sorted(self.highway_kmh.items())),
                "other_highway_kmh": self.other_highway_kmh,
                "maxspeed_factor": self.maxspeed_factor,
                "drive_speed_factor": self.drive_speed_factor,
            }
        else:
            key["kmh"] = self.walk_kmh if profile == "walk" else self.bike_kmh
        return key
