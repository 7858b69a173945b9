"""The pyrosm test extract's networks, parsed once per test session for every travel test."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import box

from rostering.travel.network import RawNetwork, RoadNetwork, build_road_network
from rostering.travel.settings import MatrixSettings
from rostering.travel.sources import PbfSource

SETTINGS = MatrixSettings(cache_dir=Path("/nonexistent-cache-unused"))
# The test extract (Kouvola, Finland) lies inside this box.
AREA = box(26.925, 60.515, 26.975, 60.545)


@pytest.fixture(scope="session")
def pbf() -> PbfSource:
    pyrosm = pytest.importorskip("pyrosm")
    return PbfSource(Path(pyrosm.get_data("test_pbf")))


@pytest.fixture(scope="session")
def drive_raw(pbf: PbfSource) -> RawNetwork:
    return pbf.read("drive", AREA)


@pytest.fixture(scope="session")
def drive(drive_raw: RawNetwork) -> RoadNetwork:
    return build_road_network(drive_raw, "drive", SETTINGS, "test.osm.pbf")
