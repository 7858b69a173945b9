"""Zones: point-in-polygon from GeoJSON with located errors (feature index), and seeded k-means."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from rostering.errors import InputError
from rostering.scenarios.zones import ZoneMap, zones_by_kmeans, zones_from_file, zones_geojson
from tests.conftest import LOCALITY
from tests.scenario_day import ZONES, base_problem, feature, geojson, square

CLIENTS = base_problem().clients


def zones_of(folder: Path, text: str, prop: str = "zone") -> ZoneMap:
    path = folder / "z.geojson"
    path.write_text(text)
    return zones_from_file(path, "z.geojson", prop, CLIENTS)


def errors(folder: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        zones_of(folder, text)
    return [str(i) for i in caught.value.issues]


def test_every_client_falls_in_its_polygon_and_rural_comes_from_the_features(tmp_path: Path) -> None:
    zones = zones_of(tmp_path, ZONES)
    assert zones.names == ("west", "east")
    assert zones.zone_of == {"W1": "west", "W2": "west", "E1": "east", "E2": "east"}
    assert zones.rural == frozenset({"east"})


def test_features_with_one_name_make_one_zone_and_a_shared_edge_goes_to_the_first(tmp_path: Path) -> None:
    # W2 sits exactly on the edge -2.79 between "a" (west of it) and "b"; "a" is listed first.
    text = geojson(
        feature("a", square(-2.9, -2.79)),
        feature("b", square(-2.79, -2.7)),
        feature("c", square(-2.7, -2.6)),
        feature("c", square(-2.6, -2.5)),
    )
    zones = zones_of(tmp_path, text)
    assert zones.zone_of == {"W1": "a", "W2": "a", "E1": "c", "E2": "c"}


def test_a_point_a_line_or_a_broken_polygon_is_located_at_its_feature(tmp_path: Path) -> None:
    point: dict[str, object] = {
        "type": "Feature",
        "properties": {"zone": "p"},
        "geometry": {"type": "Point", "coordinates": [-2.8, 56]},
    }
    bowtie = [[[-2.9, 55.9], [-2.5, 56.1], [-2.5, 55.9], [-2.9, 56.1], [-2.9, 55.9]]]
    text = geojson(
        feature("west", square(-2.9, -2.7)), point, feature("bow", bowtie), feature("", square(-2.7, -2.5))
    )
    assert errors(tmp_path, text) == [
        "z.geojson:features[1]: geometry is a Point, not a Polygon or MultiPolygon",
        "z.geojson:features[2]: not a valid polygon (Self-intersection[-2.7 56])",
        "z.geojson:features[3]: has no 'zone' property naming its zone",
    ]


def test_overlapping_zones_are_an_error(tmp_path: Path) -> None:
    text = geojson(feature("west", square(-2.9, -2.69)), feature("east", square(-2.7, -2.5)))
    (found,) = errors(tmp_path, text)
    assert found.startswith("z.geojson:features[1]: zone 'east' overlaps zone 'west' (features[0]) by ")


def test_a_client_in_no_zone_is_an_error_naming_the_client_only(tmp_path: Path) -> None:
    text = geojson(feature("west", square(-2.9, -2.7)))
    assert errors(tmp_path, text) == ["z.geojson: 2 client(s) lie in no zone (E1, E2): extend the polygons"]


def test_not_geojson_at_all(tmp_path: Path) -> None:
    assert errors(tmp_path, "{")[0].startswith("z.geojson: not GeoJSON")
    assert errors(tmp_path, json.dumps({"type": "Feature"})) == [
        "z.geojson: not a GeoJSON FeatureCollection (type, features)"
    ]


def test_kmeans_finds_the_two_villages_names_them_west_to_east_and_is_seeded() -> None:
    zones = zones_by_kmeans(CLIENTS, 2, seed=7, bounds=LOCALITY.bounds, rural=("Z2",))
    assert zones.zone_of == {"W1": "Z1", "W2": "Z1", "E1": "Z2", "E2": "Z2"}
    assert zones.rural == frozenset({"Z2"})
    # The polygons are Voronoi cells clipped to the bounds: each holds its own clients, none overlap.
    for c in CLIENTS:
        assert zones.polygons[zones.zone_of[c.client_id]].covers(shapely.Point(c.lon, c.lat))
    assert zones.polygons["Z1"].intersection(zones.polygons["Z2"]).area < 1e-12
    again = zones_by_kmeans(CLIENTS, 2, seed=7, bounds=LOCALITY.bounds, rural=("Z2",))
    assert zones_geojson(again) == zones_geojson(zones)


def test_kmeans_with_one_zone_covers_the_bounds() -> None:
    zones = zones_by_kmeans(CLIENTS, 1, seed=0, bounds=LOCALITY.bounds)
    assert set(zones.zone_of.values()) == {"Z1"}
    minx, miny, maxx, maxy = zones.polygons["Z1"].bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((-2.9, 55.9, -2.5, 56.1))
