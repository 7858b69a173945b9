"""A bundle's road paths: `rostering matrix` records its network, and maps find the same network again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.io.bundle import write_bundle
from rostering.travel.paths import (
    NetworkRecord,
    bundle_road_paths,
    leg_paths,
    read_network_record,
    record_path,
    write_network_record,
)
from rostering.travel.store import load_matrix, matrix_path
from tests.cli.test_matrix_cmd import kouvola_problem
from tests.travel.test_road_paths import path_metres

pyrosm = pytest.importorskip("pyrosm")
runner = CliRunner()
LOCATIONS = kouvola_problem().locations()


def build_matrices(bundle: Path, cache: Path, *extra: str) -> None:
    result = runner.invoke(app, ["matrix", str(bundle), "--cache-dir", str(cache), *extra])
    assert result.exit_code == 0, result.output


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "kouvola"
    write_bundle(kouvola_problem(), folder)
    return folder


def test_matrix_records_its_network_and_paths_follow_it(bundle: Path, tmp_path: Path) -> None:
    build_matrices(bundle, tmp_path / "cache", "--osm", "pyrosm:test_pbf")
    record = read_network_record(bundle, "drive")
    assert record is not None and record.source == "pyrosm:test_pbf" and record.profile == "drive"
    assert record_path(bundle, "walk").is_file() and not record_path(bundle, "bike").exists()

    paths, notes = bundle_road_paths(bundle, LOCATIONS, ("drive", "walk"), cache_dir=tmp_path / "cache")
    assert sorted(paths) == ["drive", "walk"]
    assert all("routes follow the roads" in n for n in notes), notes
    drive = load_matrix(matrix_path(bundle, "drive"))
    for a, b in [("carer:K1", "client:C1"), ("client:C1", "client:C3"), ("client:C3", "carer:K1")]:
        line = paths["drive"](a, b)
        assert line is not None and len(line) > 2
        assert path_metres(line) == pytest.approx(drive.travel_m(a, b), rel=0.01)

    # An empty cache: the extract is parsed again (same bytes, so the same network).
    again = leg_paths(bundle, "drive", LOCATIONS, cache_dir=tmp_path / "empty-cache")
    assert again is not None and again("carer:K1", "client:C1") == paths["drive"]("carer:K1", "client:C1")


def test_an_extract_inside_the_bundle_moves_with_it_and_a_changed_one_is_refused(
    bundle: Path, tmp_path: Path
) -> None:
    shutil.copy(pyrosm.get_data("test_pbf"), bundle / "town.osm.pbf")
    write_bundle(kouvola_problem(osm_extract="town.osm.pbf"), bundle)
    build_matrices(bundle, tmp_path / "cache")
    record = read_network_record(bundle, "drive")
    assert record is not None and record.source == "town.osm.pbf"  # relative: the bundle can move

    moved = Path(shutil.move(bundle, tmp_path / "elsewhere"))
    assert leg_paths(moved, "drive", LOCATIONS, cache_dir=tmp_path / "fresh") is not None

    with (moved / "town.osm.pbf").open("ab") as fh:
        fh.write(b"edited")
    # The cached network is still the recorded one ...
    assert leg_paths(moved, "drive", LOCATIONS, cache_dir=tmp_path / "fresh") is not None
    # ... but the edited file is not parsed in its place.
    paths, notes = bundle_road_paths(moved, LOCATIONS, ("drive",), cache_dir=tmp_path / "another")
    assert paths == {}
    assert "straight lines" in notes[0] and "town.osm.pbf has changed" in notes[0]


def test_without_a_record_or_network_legs_are_straight_and_the_note_says_why(
    bundle: Path, tmp_path: Path
) -> None:
    paths, notes = bundle_road_paths(bundle, LOCATIONS, ("drive",), cache_dir=tmp_path)
    assert paths == {} and "no OSM network recorded" in notes[0]

    online = NetworkRecord(
        profile="walk",
        online_place="Kouvola, Finland",
        identity='online:{"bbox": null, "place": "Kouvola, Finland"}',
        description="OpenStreetMap online (Kouvola, Finland)",
        area_wkt="POLYGON ((26.9 60.5, 27 60.5, 27 60.6, 26.9 60.5))",
        settings={},
    )
    write_network_record(bundle, online)
    paths, notes = bundle_road_paths(bundle, LOCATIONS, ("walk",), cache_dir=tmp_path)
    assert paths == {} and "rerun `rostering matrix --online`" in notes[0]  # never fetched here

    record_path(bundle, "bike").write_text("{not json", encoding="utf-8")
    paths, notes = bundle_road_paths(bundle, LOCATIONS, ("bike",), cache_dir=tmp_path)
    assert paths == {} and "not a readable network record" in notes[0]
