"""routes.geojson: loads in geopandas (EPSG:4326), a line per route, a point per visit, road legs plug in.

Golden bytes are compared in tests/io/test_export.py with the rest of the export.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

import geopandas as gpd
import pytest

from rostering.domain import Problem, Roster
from rostering.io.geojson import LegPath, routes_geojson_text
from tests.golden.tiny_rosters import checked_problem, valid_roster
from tests.io.sample_day import north_berwick_day


def frame(text: str) -> gpd.GeoDataFrame:
    return gpd.read_file(io.StringIO(text))


def test_loads_with_geopandas_with_one_line_per_route_and_a_point_per_visit() -> None:
    problem, _matrices, roster = north_berwick_day()
    gdf = frame(routes_geojson_text(problem, roster))
    assert gdf.crs.to_epsg() == 4326
    lines = gdf[gdf.feature_type == "route"]
    points = gdf[gdf.feature_type == "visit"]
    assert set(lines.geom_type) == {"LineString"} and set(points.geom_type) == {"Point"}
    assert len(lines) == len(roster.routes)
    # Split shifts: a carer with two routes on the day has two lines.
    per_carer = Counter(r.carer_id for r in roster.routes)
    assert Counter(lines.carer_id) == per_carer and max(per_carer.values()) == 2
    assert len(points) == len(roster.by_visit) + len(roster.unassigned)
    assert set(points.status) == {"assigned", "unassigned"}
    assert (lines.geometry_source == "straight").all()


def test_coordinates_are_lon_lat_and_routes_start_and_end_at_the_base() -> None:
    problem, roster = checked_problem(), valid_roster()
    gdf = frame(routes_geojson_text(problem, roster))
    k1 = gdf[(gdf.feature_type == "route") & (gdf.carer_id == "K1")].geometry.iloc[0]
    # K1's base is lat 56.0, lon -2.72; visits V1 @C1 (-2.715), V3 @C3 (-2.725), V5 @C2 (-2.705), V4 @C1.
    assert list(k1.coords) == [
        (-2.72, 56.0),
        (-2.715, 56.0),
        (-2.725, 56.0),
        (-2.705, 56.0),
        (-2.715, 56.0),
        (-2.72, 56.0),
    ]


def test_route_properties_add_up_the_roster() -> None:
    problem, roster = checked_problem(), valid_roster()
    routes = {f["properties"]["carer_id"]: f["properties"] for f in features(problem, roster, "route")}
    # K1: travel 1 + 2 + 3 + 2 min into visits, 1 min home = 9 min; 310 + 620 + 1240 + 620 + 310 m = 3.1 km.
    k1 = routes["K1"]
    assert (k1["travel_min"], k1["km"], k1["visits"]) == (9, 3.1, 4)
    assert (k1["provider_id"], k1["travel_mode"], k1["date"]) == ("P1", "drive", "2026-11-24")
    assert (k1["start"], k1["end"]) == ("2026-11-24T08:00:00+00:00", "2026-11-24T12:31:00+00:00")
    visits = {f["properties"]["visit_id"]: f["properties"] for f in features(problem, roster, "visit")}
    assert visits["V3"]["carer_ids"] == "K1;K2"
    assert (visits["V6"]["status"], visits["V6"]["unassigned_reason"]) == ("unassigned", "no_eligible_carer")


def features(problem: Problem, roster: Roster, kind: str) -> list[dict[str, Any]]:
    data = json.loads(routes_geojson_text(problem, roster))
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946: WGS 84 only
    return [f for f in data["features"] if f["properties"]["feature_type"] == kind]


def test_road_paths_plug_in_per_travel_mode() -> None:
    """A leg-path callable for `drive` bends K1's and K2's lines; K3 walks, so stays straight."""
    problem, roster = checked_problem(), valid_roster()
    calls: list[tuple[str, str]] = []

    def drive_path(a: str, b: str) -> list[tuple[float, float]]:
        calls.append((a, b))
        points = {p.location_id: (p.lon, p.lat) for p in problem.locations()}
        (x0, y0), (x1, y1) = points[a], points[b]
        return [(x0, y0), ((x0 + x1) / 2, 56.001), (x1, y1)]  # a detour north of the straight line

    text = routes_geojson_text(problem, roster, {"drive": drive_path})
    routes = {
        f["properties"]["carer_id"]: f
        for f in json.loads(text)["features"]
        if "geometry_source" in f["properties"]
    }
    assert {k: r["properties"]["geometry_source"] for k, r in routes.items()} == {
        "K1": "road",
        "K2": "road",
        "K3": "straight",
    }
    assert ("carer:K1", "client:C1") in calls
    # K1: 5 legs, each with its own midpoint: 6 stops + 5 midpoints.
    assert len(routes["K1"]["geometry"]["coordinates"]) == 11
    assert [-2.7175, 56.001] in routes["K1"]["geometry"]["coordinates"]


def test_a_route_with_some_unknown_road_legs_says_partly_road() -> None:
    problem, roster = checked_problem(), valid_roster()

    def first_leg_only(a: str, b: str) -> list[tuple[float, float]] | None:
        return (
            [(-2.72, 56.0), (-2.7175, 56.0005), (-2.715, 56.0)]
            if (a, b) == ("carer:K1", "client:C1")
            else None
        )

    routes = features_with(problem, roster, {"drive": first_leg_only})
    assert routes["K1"] == "partly_road" and routes["K2"] == "straight"


def features_with(problem: Problem, roster: Roster, paths: dict[str, LegPath]) -> dict[str, str]:
    data = json.loads(routes_geojson_text(problem, roster, paths))
    return {
        f["properties"]["carer_id"]: f["properties"]["geometry_source"]
        for f in data["features"]
        if f["properties"]["feature_type"] == "route"
    }


@pytest.mark.parametrize("shuffle", [False, True])
def test_identical_inputs_give_identical_bytes(shuffle: bool) -> None:
    problem, roster = checked_problem(), valid_roster()
    other = roster.model_copy(update={"assignments": roster.assignments[::-1], "routes": roster.routes[::-1]})
    assert routes_geojson_text(problem, other if shuffle else roster) == routes_geojson_text(problem, roster)


def test_a_provider_that_can_batch_is_asked_for_every_leg_at_once() -> None:
    problem, roster = checked_problem(), valid_roster()

    class Batched:
        def __init__(self) -> None:
            self.batches: list[list[tuple[str, str]]] = []

        def prefetch(self, legs: list[tuple[str, str]]) -> None:
            self.batches.append(list(legs))

        def __call__(self, a: str, b: str) -> list[tuple[float, float]] | None:
            return None

    drive = Batched()
    routes_geojson_text(problem, roster, {"drive": drive})
    # One batch: K1's 5 legs and K2's 2 (K3 walks).
    assert len(drive.batches) == 1
    assert len(drive.batches[0]) == 7 and ("carer:K2", "client:C3") in drive.batches[0]
