"""RoadPaths: legs drawn along the network exactly as fast as the matrix timed them, door to door."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from rostering.domain import MapPoint
from rostering.travel.geo import LocalProjection
from rostering.travel.network import RoadNetwork
from rostering.travel.osm_matrix import build_osm_matrix
from rostering.travel.road_paths import SOURCES_PER_CALL, RoadPaths, network_lines
from tests.travel.conftest import SETTINGS
from tests.travel.test_osm import digraph, isolated_nodes, near

pytest.importorskip("pyrosm")


def path_metres(path: list[tuple[float, float]]) -> float:
    coords = np.array(path)
    xy = LocalProjection.around(coords[:, 1], coords[:, 0]).to_xy(coords[:, 1], coords[:, 0])
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


@pytest.fixture(scope="module")
def spots(drive: RoadNetwork) -> list[MapPoint]:
    return [
        near(drive, n, f"client:P{i}", 15.0)
        for i, n in enumerate(isolated_nodes(drive, digraph(drive), 9, 4))
    ]


def test_every_leg_runs_door_to_door_as_fast_as_the_matrix_says(
    drive: RoadNetwork, spots: list[MapPoint]
) -> None:
    matrix, _ = build_osm_matrix(drive, spots, SETTINGS)
    paths = RoadPaths(drive, spots, SETTINGS)
    ids = [s.location_id for s in spots]
    legs = [(a, b) for a, b in itertools.permutations(ids, 2)]
    found = paths.paths(legs)
    arc_s = {
        (s, d): t
        for s, d, t in zip(
            *(a.tolist() for a in (drive.arcs.src, drive.arcs.dst, drive.arcs.time_s)), strict=True
        )
    }
    node_at = {
        (lon, lat): k for k, (lon, lat) in enumerate(zip(drive.lon.tolist(), drive.lat.tolist(), strict=True))
    }
    leg_s = 15.0 / (SETTINGS.off_network_drive_kmh / 3.6)  # every spot is 15 m north of its node
    for (a, b), path in found.items():
        assert path is not None
        assert path[0] == (spots[ids.index(a)].lon, spots[ids.index(a)].lat)
        assert path[-1] == (spots[ids.index(b)].lon, spots[ids.index(b)].lat)
        nodes = [node_at[p] for p in path[1:-1]]
        along = sum(arc_s[(u, v)] for u, v in itertools.pairwise(nodes))
        assert along + 2 * leg_s == pytest.approx(
            matrix.seconds[ids.index(a), ids.index(b)], rel=1e-6, abs=0.5
        )
        assert path_metres(path) == pytest.approx(matrix.travel_m(a, b), rel=0.01)


def test_one_call_equals_the_batch_and_chunks_cover_many_sources(drive: RoadNetwork) -> None:
    g = digraph(drive)
    many = [
        near(drive, n, f"carer:K{i}") for i, n in enumerate(isolated_nodes(drive, g, SOURCES_PER_CALL + 6, 8))
    ]
    legs = [(many[i].location_id, many[(i + 1) % len(many)].location_id) for i in range(len(many))]
    batch = RoadPaths(drive, many, SETTINGS).paths(legs)
    single = RoadPaths(drive, many, SETTINGS)
    assert all(single(a, b) == batch[(a, b)] for a, b in legs[:: len(legs) // 7])
    assert all(p is not None and len(p) >= 2 for p in batch.values())


def test_unknown_locations_give_none_and_a_repeat_visit_stays_at_the_door(
    drive: RoadNetwork, spots: list[MapPoint]
) -> None:
    paths = RoadPaths(drive, spots, SETTINGS)
    assert paths("client:P0", "client:NOBODY") is None
    assert paths("client:NOBODY", "client:P0") is None
    door = (spots[0].lon, spots[0].lat)
    same = paths("client:P0", "client:P0")
    assert same is not None and same[0] == door and same[-1] == door and len(same) == 3  # door, node, door


def test_the_road_layer_holds_every_road_once(drive: RoadNetwork) -> None:
    lines = network_lines(drive, tolerance_m=0.0)
    total = sum(path_metres([(float(x), float(y)) for x, y in line.coords]) for line in lines.geoms)
    arcs = drive.arcs
    seen = {
        (min(s, d), max(s, d)): m
        for s, d, m in zip(arcs.src.tolist(), arcs.dst.tolist(), arcs.length_m.tolist(), strict=True)
    }
    assert total == pytest.approx(sum(seen.values()), rel=0.01)
    assert len(lines.geoms) < len(seen) / 2  # merged at every non-junction node
    assert len(network_lines(drive, tolerance_m=10.0).geoms) == len(lines.geoms)
