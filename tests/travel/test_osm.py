"""OSM travel matrices on real data (the extract shipped inside pyrosm) and on tiny hand-made networks.

The pyrosm network is read once per module. Expected values come from networkx on the same arcs, with
the nearest node found by brute-force haversine, so neither the contraction, the pointer-jumping
distance sum nor the k-d tree snapping is trusted by the test that checks them.
"""

from __future__ import annotations

import bz2
import itertools
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import box

from rostering.domain import Bounds, Locality, MapPoint
from rostering.errors import MatrixError
from rostering.travel.approximate import pairwise_m
from rostering.travel.contract import Arcs, contract
from rostering.travel.geo import LocalProjection, clip_area
from rostering.travel.network import FORWARD, RawNetwork, RoadNetwork, build_road_network
from rostering.travel.osm_matrix import build_osm_matrix, route_geometry
from rostering.travel.providers import OsmProvider
from rostering.travel.settings import MatrixSettings
from rostering.travel.sources import OnlineSource, PbfSource, XmlSource, source_for
from tests.travel.conftest import AREA, SETTINGS

pyrosm = pytest.importorskip("pyrosm")

M_PER_DEG_LAT = 111_195.0


def digraph(network: RoadNetwork) -> nx.DiGraph:
    g = nx.DiGraph()
    arcs = network.arcs
    for s, d, t, m in zip(
        arcs.src.tolist(), arcs.dst.tolist(), arcs.time_s.tolist(), arcs.length_m.tolist(), strict=True
    ):
        g.add_edge(s, d, time=t, length=m)
    return g


def largest_scc(g: nx.DiGraph) -> set[int]:
    components: list[set[int]] = list(nx.strongly_connected_components(g))
    return max(components, key=len)


def isolated_nodes(network: RoadNetwork, g: nx.DiGraph, count: int, seed: int) -> list[int]:
    """Nodes of the largest strongly connected component with no other node within 40 m."""
    main = np.array(sorted(largest_scc(g)))
    xy = LocalProjection.around(network.lat, network.lon).to_xy(network.lat[main], network.lon[main])
    gaps = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    lonely = main[gaps.min(axis=1) > 40.0]
    return sorted(np.random.default_rng(seed).choice(lonely, size=count, replace=False).tolist())


def near(network: RoadNetwork, node: int, name: str, north_m: float = 5.0) -> MapPoint:
    return MapPoint(
        location_id=name, lat=float(network.lat[node]) + north_m / M_PER_DEG_LAT, lon=float(network.lon[node])
    )


def test_matrix_equals_networkx_shortest_paths(drive: RoadNetwork) -> None:
    g = digraph(drive)
    nodes = isolated_nodes(drive, g, count=16, seed=7)
    locations = [near(drive, n, f"client:N{i}") for i, n in enumerate(nodes)]
    matrix, report = build_osm_matrix(drive, locations, SETTINGS)

    # Nearest main-component node by brute-force haversine, independent of the k-d tree.
    main = np.array(sorted(largest_scc(g)))
    lat = np.array([loc.lat for loc in locations] + drive.lat[main].tolist())
    lon = np.array([loc.lon for loc in locations] + drive.lon[main].tolist())
    d = pairwise_m(lat, lon)[: len(locations), len(locations) :]
    snapped = main[d.argmin(axis=1)]
    leg_m = d.min(axis=1)
    leg_s = leg_m / (SETTINGS.off_network_drive_kmh / 3.6)
    assert report.snapped_nodes == len(set(snapped.tolist()))

    for i in (0, 3, 9, 15):
        times, paths = nx.single_source_dijkstra(g, int(snapped[i]), weight="time")
        for j in range(len(locations)):
            if i == j:
                continue
            target = int(snapped[j])
            path = paths[target]
            metres = sum(g.edges[a, b]["length"] for a, b in itertools.pairwise(path))
            assert matrix.seconds[i, j] == pytest.approx(leg_s[i] + times[target] + leg_s[j], rel=1e-6)
            assert matrix.metres[i, j] == pytest.approx(leg_m[i] + metres + leg_m[j], rel=1e-6)


def test_matrix_invariants_zero_diagonal_positive_and_triangle(drive: RoadNetwork) -> None:
    g = digraph(drive)
    locations = [near(drive, n, f"client:T{i}", 12.0) for i, n in enumerate(isolated_nodes(drive, g, 25, 3))]
    matrix, _ = build_osm_matrix(drive, locations, SETTINGS)
    s = matrix.seconds
    assert np.all(np.diag(s) == 0) and np.all(np.diag(matrix.metres) == 0)
    off = ~np.eye(len(s), dtype=bool)
    assert np.all(s[off] > 0) and np.all(matrix.metres[off] > 0)
    # i -> k is never slower than i -> j -> k (door to door, legs included).
    assert np.all(s[:, None, :] <= s[:, :, None] + s[None, :, :] + 1e-6)


def test_a_one_way_street_gives_an_asymmetric_pair(drive_raw: RawNetwork, drive: RoadNetwork) -> None:
    g = digraph(drive)
    main = largest_scc(g)
    one_way = [
        k
        for k in np.flatnonzero(drive_raw.direction == FORWARD)
        if drive_raw.u[k] in main
        and drive_raw.v[k] in main
        and not g.has_edge(drive_raw.v[k], drive_raw.u[k])
    ]
    assert one_way, "the test extract has one-way streets"
    k = max(one_way, key=lambda k: drive_raw.length_m[k])  # the longest: the detour back is clearest
    u, v = int(drive_raw.u[k]), int(drive_raw.v[k])
    locations = [near(drive, u, "client:U", 0.0), near(drive, v, "client:V", 0.0)]
    matrix, _ = build_osm_matrix(drive, locations, SETTINGS)
    assert matrix.seconds[0, 1] == pytest.approx(g.edges[u, v]["time"])  # straight along the street
    assert matrix.seconds[1, 0] > matrix.seconds[0, 1] + 1.0  # round the block against it


def test_walkers_ignore_one_way_streets(pbf: PbfSource) -> None:
    walk = build_road_network(pbf.read("walk", AREA), "walk", SETTINGS, "test.osm.pbf")
    locations = [
        near(walk, n, f"client:W{i}") for i, n in enumerate(isolated_nodes(walk, digraph(walk), 12, 5))
    ]
    matrix, _ = build_osm_matrix(walk, locations, SETTINGS)
    np.testing.assert_allclose(matrix.seconds, matrix.seconds.T, rtol=1e-9)
    # Constant walking speed: every second is 4.8 km/h of metres.
    np.testing.assert_allclose(matrix.seconds, matrix.metres / (4.8 / 3.6), rtol=1e-9)


def test_a_far_snap_is_reported_with_its_location_and_distance(drive: RoadNetwork) -> None:
    g = digraph(drive)
    good = [near(drive, n, f"client:G{i}") for i, n in enumerate(isolated_nodes(drive, g, 3, 1))]
    # 1.5 km due north of the extract's northern edge: a typo'd coordinate.
    far = MapPoint(location_id="client:TYPO", lat=float(drive.lat.max()) + 1500 / M_PER_DEG_LAT, lon=26.95)
    _, report = build_osm_matrix(drive, [*good, far], SETTINGS)
    assert [loc for loc, _ in report.far_snaps] == ["client:TYPO"]
    assert report.far_snaps[0][1] == pytest.approx(1500, abs=60)
    assert "client:TYPO is 1," in report.warnings()[0] and "likely bad coordinate" in report.warnings()[0]


def test_route_geometry_runs_door_to_door_and_is_as_long_as_the_matrix_says(drive: RoadNetwork) -> None:
    g = digraph(drive)
    locations = [near(drive, n, f"client:R{i}", 20.0) for i, n in enumerate(isolated_nodes(drive, g, 2, 11))]
    matrix, _ = build_osm_matrix(drive, locations, SETTINGS)
    line = route_geometry(drive, locations, "client:R0", "client:R1", SETTINGS)
    coords = np.array(line.coords)
    assert tuple(coords[0]) == (locations[0].lon, locations[0].lat)
    assert tuple(coords[-1]) == (locations[1].lon, locations[1].lat)
    xy = LocalProjection.around(coords[:, 1], coords[:, 0]).to_xy(coords[:, 1], coords[:, 0])
    length = float(np.hypot(*np.diff(xy, axis=0).T).sum())
    assert length == pytest.approx(matrix.travel_m("client:R0", "client:R1"), rel=0.01)


class CountingSource:
    """Wraps a source and counts how often the network is parsed."""

    def __init__(self, inner: PbfSource) -> None:
        self.inner = inner
        self.reads = 0

    def identity(self) -> str:
        return self.inner.identity()

    def describe(self) -> str:
        return self.inner.describe()

    def read(self, profile: str, area: object) -> RawNetwork:
        self.reads += 1
        return self.inner.read(profile, area)  # type: ignore[arg-type]


def test_the_cache_hits_on_a_second_build_and_misses_when_a_location_moves(
    tmp_path: Path, pbf: PbfSource, drive: RoadNetwork
) -> None:
    settings = MatrixSettings(cache_dir=tmp_path / "cache")
    source = CountingSource(pbf)
    locations = [
        near(drive, n, f"client:C{i}") for i, n in enumerate(isolated_nodes(drive, digraph(drive), 8, 2))
    ]

    first = OsmProvider(source, AREA, settings).build(locations, "drive")
    assert (first.report.cache_hit, first.report.network_cache_hit, source.reads) == (False, False, 1)

    again = OsmProvider(source, AREA, settings).build(locations, "drive")  # a fresh run, same inputs
    assert again.report.cache_hit and source.reads == 1
    np.testing.assert_array_equal(again.matrix.seconds, first.matrix.seconds)
    np.testing.assert_array_equal(again.matrix.metres, first.matrix.metres)
    assert again.report.nodes == first.report.nodes

    moved = [*locations[:-1], locations[-1].model_copy(update={"lat": locations[-1].lat + 0.0005})]
    rebuilt = OsmProvider(source, AREA, settings).build(moved, "drive")
    assert not rebuilt.report.cache_hit and rebuilt.report.network_cache_hit
    assert source.reads == 1  # the parsed network came from the cache
    assert not np.array_equal(rebuilt.matrix.seconds, first.matrix.seconds)

    # Another snap threshold re-selects far snaps from the cached distances (each location is 5 m off).
    picky = OsmProvider(source, AREA, MatrixSettings(cache_dir=tmp_path / "cache", snap_warn_m=4.0))
    assert len(picky.build(locations, "drive").report.far_snaps) == len(locations)

    slower = MatrixSettings(cache_dir=tmp_path / "cache", drive_speed_factor=0.5)
    assert not OsmProvider(source, AREA, slower).build(locations, "drive").report.cache_hit


def test_pyrosm_names_and_relative_paths_resolve(tmp_path: Path) -> None:
    assert isinstance(source_for("pyrosm:test_pbf", None, online=False, download_dir=tmp_path), PbfSource)
    with pytest.raises(MatrixError, match="pass --online"):
        source_for("pyrosm:rutland", None, online=False, download_dir=tmp_path)
    (tmp_path / "osm").mkdir()
    (tmp_path / "osm" / "town.osm").write_text("<osm/>", encoding="utf-8")
    found = source_for("osm/town.osm", tmp_path, online=False, download_dir=tmp_path)
    assert isinstance(found, XmlSource) and found.path == tmp_path / "osm" / "town.osm"
    with pytest.raises(MatrixError, match="not found"):
        source_for("osm/missing.osm.pbf", tmp_path, online=False, download_dir=tmp_path)


def test_the_locality_boundary_clips_the_network(tmp_path: Path, pbf: PbfSource) -> None:
    west = {
        "type": "Polygon",
        "coordinates": [[[26.93, 60.52], [26.945, 60.52], [26.945, 60.54], [26.93, 60.54]]],
    }
    (tmp_path / "boundary.geojson").write_text(
        json.dumps({"type": "Feature", "geometry": west}), encoding="utf-8"
    )
    locality = Locality(
        name="k",
        bounds=Bounds(min_lat=60.51, min_lon=26.92, max_lat=60.55, max_lon=26.98),
        boundary="boundary.geojson",
    )
    inside = [MapPoint(location_id="client:A", lat=60.53, lon=26.94)]
    area = clip_area(locality, tmp_path, inside, buffer_m=200.0)
    raw = pbf.read("drive", area)
    # 200 m of buffer is about 0.0037 degrees of longitude at 60.5 N.
    assert raw.lon.max() < 26.945 + 0.0040 and raw.lon.min() > 26.93 - 0.0040
    assert len(raw.u) > 0


# A hand-made town: a block with a one-way side and a footpath diagonal, and a separate island road.
TOWN_OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <node id="1" lat="56.000" lon="-2.720"/>
  <node id="2" lat="56.000" lon="-2.710"/>
  <node id="3" lat="56.005" lon="-2.710"/>
  <node id="4" lat="56.005" lon="-2.720"/>
  <node id="20" lat="56.020" lon="-2.700"/>
  <node id="21" lat="56.021" lon="-2.700"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="tertiary"/><tag k="maxspeed" v="20 mph"/></way>
  <way id="13"><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <way id="14"><nd ref="2"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="20"><nd ref="20"/><nd ref="21"/><tag k="highway" v="residential"/></way>
</osm>
"""
TOWN_AREA = box(-2.75, 55.99, -2.69, 56.03)


def town_location(name: str, lat: float, lon: float) -> MapPoint:
    return MapPoint(location_id=name, lat=lat, lon=lon)


@pytest.fixture()
def town(tmp_path: Path) -> XmlSource:
    path = tmp_path / "town.osm"
    path.write_text(TOWN_OSM, encoding="utf-8")
    return XmlSource(path)


CORNERS = [
    town_location("client:1", 56.000, -2.720),
    town_location("client:2", 56.000, -2.710),
    town_location("client:3", 56.005, -2.710),
    town_location("client:4", 56.005, -2.720),
]


def test_xml_extract_drive_respects_one_way_and_leaves_out_footpaths(town: XmlSource) -> None:
    drive = build_road_network(town.read("drive", TOWN_AREA), "drive", SETTINGS, "town.osm")
    matrix, _ = build_osm_matrix(drive, CORNERS, SETTINGS)
    side = matrix.metres[0, 1]  # 1 -> 2, about 620 m east-west
    up = matrix.metres[1, 2]  # 2 -> 3 along the one-way, about 556 m
    assert matrix.metres[2, 1] == pytest.approx(up + 2 * side, rel=0.02)  # back round the block
    assert matrix.metres[1, 3] == pytest.approx(up + side, rel=0.02)  # no footpath for cars
    # 3 -> 4 is signed 20 mph: timed at 0.8 x 20 mph.
    assert matrix.seconds[2, 3] == pytest.approx(matrix.metres[2, 3] / (20 * 1.609344 * 0.8 / 3.6), rel=1e-6)


def test_bz2_xml_extract_reads_the_same(tmp_path: Path, town: XmlSource) -> None:
    packed = tmp_path / "town.osm.bz2"
    packed.write_bytes(bz2.compress(TOWN_OSM.encode("utf-8")))
    source = source_for(str(packed), None, online=False, download_dir=tmp_path)
    plain, _ = build_osm_matrix(
        build_road_network(town.read("bike", TOWN_AREA), "bike", SETTINGS, "t"), CORNERS, SETTINGS
    )
    zipped, _ = build_osm_matrix(
        build_road_network(source.read("bike", TOWN_AREA), "bike", SETTINGS, "t"), CORNERS, SETTINGS
    )
    np.testing.assert_array_equal(plain.seconds, zipped.seconds)


def test_xml_extract_walkers_take_the_footpath_both_ways(town: XmlSource) -> None:
    walk = build_road_network(town.read("walk", TOWN_AREA), "walk", SETTINGS, "town.osm")
    matrix, _ = build_osm_matrix(walk, CORNERS, SETTINGS)
    diagonal = pairwise_m(np.array([56.0, 56.005]), np.array([-2.710, -2.720]))[0, 1]
    assert matrix.metres[1, 3] == pytest.approx(diagonal, rel=0.01)
    assert matrix.metres[2, 1] == pytest.approx(matrix.metres[1, 2])


def test_an_unreachable_location_is_reported_by_id(town: XmlSource) -> None:
    any_part = MatrixSettings(cache_dir=SETTINGS.cache_dir, snap_to_main_component=False)
    drive = build_road_network(town.read("drive", TOWN_AREA), "drive", any_part, "town.osm")
    island = town_location("client:ISLAND", 56.0205, -2.700)
    with pytest.raises(MatrixError) as caught:
        build_osm_matrix(drive, [*CORNERS, island], any_part)
    message = str(caught.value)
    assert "client:ISLAND cannot be reached from 4 locations and cannot reach 4 by drive" in message
    assert "island" in message
    # Snapping to the main component (the default) keeps the matrix whole and flags the far snap instead.
    matrix, report = build_osm_matrix(drive, [*CORNERS, island], SETTINGS)
    assert np.all(np.isfinite(matrix.seconds))
    assert [loc for loc, _ in report.far_snaps] == ["client:ISLAND"]


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=14),
    arcs=st.lists(
        st.tuples(st.integers(0, 13), st.integers(0, 13), st.floats(0.5, 100.0)), min_size=1, max_size=40
    ),
    keep_bits=st.integers(min_value=1, max_value=2**14 - 1),
)
def test_contraction_keeps_every_time_between_kept_nodes(
    n: int, arcs: list[tuple[int, int, float]], keep_bits: int
) -> None:
    src = np.array([a % n for a, _, _ in arcs], dtype=np.int64)
    dst = np.array([b % n for _, b, _ in arcs], dtype=np.int64)
    time_s = np.array([t for _, _, t in arcs])
    keep = np.array([(keep_bits >> i) & 1 == 1 for i in range(n)])
    full = Arcs(src, dst, time_s, time_s * 10.0)
    small, kept = contract(n, full, keep)
    on_graph = np.zeros(n, dtype=bool)
    on_graph[src[src != dst]] = True
    on_graph[dst[src != dst]] = True
    assert set((np.flatnonzero(keep & on_graph)).tolist()) <= set(kept.tolist())
    ours = dijkstra(sp.csr_matrix((small.time_s, (small.src, small.dst)), shape=(len(kept),) * 2))
    dense = np.full((n, n), np.inf)
    for s, d, t in zip(src, dst, time_s, strict=True):
        if s != d:
            dense[s, d] = min(dense[s, d], t)
    g = sp.csr_matrix(np.where(np.isinf(dense), 0, dense))
    truth = dijkstra(g)[np.ix_(kept, kept)]
    np.testing.assert_allclose(ours, truth, rtol=1e-9)


@pytest.mark.network
def test_an_online_network_is_fetched_once_then_read_from_the_cache(tmp_path: Path) -> None:
    settings = MatrixSettings(cache_dir=tmp_path)
    area = box(-2.725, 56.054, -2.705, 56.062)  # North Berwick town centre
    spots = [town_location("client:A", 56.0575, -2.7190), town_location("client:B", 56.0590, -2.7100)]
    first = OsmProvider(OnlineSource(), area, settings).build(spots, "walk")
    assert not first.report.network_cache_hit
    moved = [spots[0], spots[1].model_copy(update={"lat": 56.0585})]
    second = OsmProvider(OnlineSource(), area, settings).build(moved, "walk")
    assert second.report.network_cache_hit and not second.report.cache_hit
