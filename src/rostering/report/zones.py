"""Zones to draw on a map: named polygons (a scenario's provider areas), some marked rural.

Accepted as a GeoDataFrame, a GeoJSON file or a GeoJSON mapping, the way scenario files name them:
each feature a Polygon or MultiPolygon with a `zone` property (else `name`, else its position) and an
optional boolean `rural`. Coordinates are lon/lat (EPSG:4326; a GeoDataFrame in another CRS is
converted). A feature that is not a polygon is a located error naming the feature's index (from 0).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from ..errors import InputError, Issue, Position


@dataclass(frozen=True)
class Zones:
    names: tuple[str, ...]
    shapes: tuple[BaseGeometry, ...]
    rural: tuple[bool, ...]

    @cached_property
    def union(self) -> BaseGeometry:
        return shapely.union_all(list(self.shapes))


def load_zones(zones: Any, where: str = "zones") -> Zones | None:
    """`zones` (GeoDataFrame, GeoJSON path or mapping, or Zones) as Zones; None passes through."""
    if zones is None or isinstance(zones, Zones):
        return zones
    if isinstance(zones, str | Path):
        where = str(zones)
        try:
            zones = json.loads(Path(zones).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError([Issue(Position(where), f"cannot read the zones ({exc})")]) from None
    if hasattr(zones, "to_crs") and hasattr(zones, "geometry"):  # a GeoDataFrame
        frame = zones.to_crs(4326) if zones.crs is not None else zones
        zones = json.loads(frame.to_json())
    if not isinstance(zones, Mapping):
        raise InputError([Issue(Position(where), "zones must be a GeoDataFrame or GeoJSON")])
    features = zones.get("features", [zones] if zones.get("type") == "Feature" else [])
    names, shapes, rural = [], [], []
    issues = []
    for i, feature in enumerate(features):
        props = feature.get("properties") or {}
        try:
            geometry = shape(feature.get("geometry"))
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException):
            geometry = None
        if geometry is None or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            issues.append(
                Issue(Position(where, column=f"feature {i}"), "a zone must be a Polygon or MultiPolygon")
            )
            continue
        names.append(str(props.get("zone", props.get("name", f"zone {i + 1}"))))
        shapes.append(geometry)
        rural.append(bool(props.get("rural", False)))
    if issues:
        raise InputError(issues)
    if not shapes:
        raise InputError([Issue(Position(where), "no zone polygons")])
    return Zones(tuple(names), tuple(shapes), tuple(rural))
