"""The map page: one self-contained HTML file, one route line per shift route, nothing fetched, same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rostering.domain import Problem, Roster
from rostering.errors import InputError
from rostering.report.map_layers import map_layers
from rostering.report.roster_map import roster_page, write_roster_map
from rostering.report.zones import load_zones
from rostering.travel.geo import clip_area
from rostering.travel.matrix import TravelMatrix
from rostering.travel.providers import OsmProvider
from rostering.travel.road_paths import RoadPaths
from rostering.travel.settings import MatrixSettings
from rostering.travel.sources import PbfSource
from tests.cli.test_matrix_cmd import kouvola_problem
from tests.report.test_map_layers import hand_roster

ROUTE = '"className": "rostering-route"'
ZONES = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"zone": "West", "rural": True},
         "geometry": {"type": "Polygon", "coordinates": [[[-2.73, 55.99], [-2.715, 55.99], [-2.715, 56.01],
                                                          [-2.73, 56.01], [-2.73, 55.99]]]}},
        {"type": "Feature", "properties": {"zone": "East"},
         "geometry": {"type": "Polygon", "coordinates": [[[-2.715, 55.99], [-2.69, 55.99], [-2.69, 56.01],
                                                          [-2.715, 56.01], [-2.715, 55.99]]]}},
    ],
}  # fmt: skip


def external_resources(html: str) -> list[str]:
    """Every script, stylesheet, image or frame the page would fetch over the network."""
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, flags=re.IGNORECASE)
    return [t for t in tags if re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", t, re.IGNORECASE)]


@pytest.fixture(scope="module")
def roster() -> Roster:
    return hand_roster()


def test_the_page_has_one_route_line_per_shift_route_and_fetches_nothing(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster, tmp_path: Path
) -> None:
    out = tmp_path / "map.html"
    layers = write_roster_map(out, tiny_problem, tiny_matrices, roster)
    html = out.read_text(encoding="utf-8")
    assert html.count(ROUTE) == len(roster.routes) == len(layers.routes) == 3
    assert external_resources(html) == []
    assert "L.map(" in html and "Leaflet 1.9.4" in html and "BSD 2-Clause License" in html  # inline, licensed
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html and "$(`" not in html
    # The tile layer is offered but not shown: no tile is requested unless a user ticks it.
    assert "tile.openstreetmap.org" in html and not re.search(r"tile_layer_\d+\)?\s*\.addTo\(", html)
    assert "Routes are straight lines between stops" in html and "data-map-errors" in html


def test_popups_name_the_carer_the_visit_times_and_unmet_visits(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster
) -> None:
    html = roster_page(map_layers(tiny_problem, tiny_matrices, roster))
    popups = [json.loads(text) for text in re.findall(r"\.setContent\((\".*?\")\);", html)]
    route_popup = next(p for p in popups if p.startswith("<b>K1</b>"))
    assert "(P1, drive)" in route_popup and "09:00-09:45</td><td>C3" in route_popup
    client_popup = next(p for p in popups if p.startswith("<b>C2</b>"))
    assert "2026-11-24 08:30-09:00 K3" in client_popup and "UNMET (no_capacity_in_window)" in client_popup


def test_the_same_roster_gives_the_same_bytes(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    write_roster_map(first, tiny_problem, tiny_matrices, roster, png=tmp_path / "a.png", zones=ZONES)
    write_roster_map(second, tiny_problem, tiny_matrices, roster, png=tmp_path / "b.png", zones=ZONES)
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_zones_are_drawn_with_their_names_and_bad_ones_are_located(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix], roster: Roster, tmp_path: Path
) -> None:
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(ZONES), encoding="utf-8")
    zones = load_zones(path)
    assert zones is not None and zones.names == ("West", "East") and zones.rural == (True, False)
    html = roster_page(map_layers(tiny_problem, tiny_matrices, roster, zones=zones))
    assert "West (rural)" in html and "Zones (2)" in html
    point = {
        "type": "Feature",
        "properties": {"zone": "P"},
        "geometry": {"type": "Point", "coordinates": [0, 0]},
    }
    broken = {"type": "FeatureCollection", "features": [ZONES["features"][0], point]}
    with pytest.raises(InputError) as caught:
        load_zones(broken, "scenario/zones.geojson")
    assert str(caught.value.issues[0]).startswith("scenario/zones.geojson:feature 1:")


@pytest.fixture(scope="module")
def kouvola(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Problem, dict[str, TravelMatrix], dict[str, RoadPaths]]:
    """The tiny problem on the streets of pyrosm's test extract, with OSM matrices and road paths."""
    pyrosm = pytest.importorskip("pyrosm")
    problem = kouvola_problem()
    settings = MatrixSettings(cache_dir=tmp_path_factory.mktemp("cache"))
    area = clip_area(problem.locality, None, problem.locations(), settings.buffer_m)
    provider = OsmProvider(PbfSource(Path(pyrosm.get_data("test_pbf"))), area, settings)
    matrices = {p: provider.build(problem.locations(), p).matrix for p in ("drive", "walk")}
    paths = {p: provider.road_paths(problem.locations(), p) for p in ("drive", "walk")}
    return problem, matrices, paths


def test_on_an_osm_network_routes_follow_the_roads_and_the_page_says_so(
    kouvola: tuple[Problem, dict[str, TravelMatrix], dict[str, RoadPaths]], roster: Roster
) -> None:
    problem, matrices, paths = kouvola
    layers = map_layers(problem, matrices, roster, road_paths=paths)
    assert layers.travel_note == "Routes follow the roads: OpenStreetMap test.osm.pbf (drive, walk)."
    assert all(r.on_roads for r in layers.routes) and layers.roads is not None
    k1 = layers.routes[0]
    doors = {p.location_id: (p.lon, p.lat) for p in problem.locations()}
    assert k1.coords[0] == k1.coords[-1] == doors["carer:K1"]
    assert doors["client:C3"] in k1.coords and len(k1.coords) > 10  # bends of the road, not 5 stops
    html = roster_page(layers)
    assert html.count(ROUTE) == 3 and "Roads (OpenStreetMap test.osm.pbf)" in html
    assert external_resources(html) == []
    # Without the road paths the same OSM matrices are drawn straight, and the note says why.
    straight = map_layers(problem, matrices, roster)
    assert "the road network could not be loaded" in straight.travel_note
