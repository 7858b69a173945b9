"""`rostering map`: a roster on a map page (and PNG), on the roads when the bundle has OSM matrices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.io.bundle import write_bundle
from rostering.io.roster_files import read_roster_dir
from tests.cli.test_matrix_cmd import kouvola_problem
from tests.report.test_roster_map import ROUTE, ZONES, external_resources

pytest.importorskip("pyrosm")
runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A Kouvola bundle whose matrices come from pyrosm's extract, and a roster solved on them."""
    root = tmp_path_factory.mktemp("kouvola")
    bundle, roster, cache = root / "bundle", root / "roster", root / "cache"
    write_bundle(kouvola_problem(osm_extract="pyrosm:test_pbf"), bundle)
    code, out, err = invoke("matrix", bundle, "--cache-dir", cache)
    assert code == 0, out + err
    code, out, err = invoke("solve", bundle, "--out", roster, "--work-limit", "20", "--seed", "1")
    assert code in (0, 4), out + err
    return bundle, roster, cache


def test_the_map_follows_the_roads_of_the_bundles_osm_matrices(
    solved: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    bundle, roster_dir, cache = solved
    page, png = tmp_path / "map.html", tmp_path / "map.png"
    code, out, err = invoke(
        "map", roster_dir, "--bundle", bundle, "--out", page, "--png", png, "--cache-dir", cache
    )
    assert code == 0, out + err
    assert "Routes follow the roads: OpenStreetMap test.osm.pbf" in out and f"Map written to {page}" in out
    assert "map drive: routes follow the roads" in err and "approximate" not in err
    html = page.read_text(encoding="utf-8")
    routes = read_roster_dir(roster_dir).routes
    assert len(routes) > 0 and html.count(ROUTE) == len(routes)
    assert external_resources(html) == [] and png.read_bytes()[:4] == b"\x89PNG"


def test_without_osm_matrices_the_legs_are_straight_and_it_says_so(
    solved: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, roster_dir, _ = solved
    plain = tmp_path / "plain"
    write_bundle(kouvola_problem(), plain)  # the same people, no matrices/
    code, out, err = invoke("map", roster_dir, "--bundle", plain, "--out", tmp_path / "m.html")
    assert code == 0, out + err
    assert "Routes are straight lines between stops (approximate travel" in out
    assert "Routes are straight lines" in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_zones_and_one_date(solved: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bundle, roster_dir, cache = solved
    zones = tmp_path / "zones.geojson"
    zones.write_text(json.dumps(ZONES), encoding="utf-8")
    code, out, err = invoke(
        "map", roster_dir, "--bundle", bundle, "--out", tmp_path / "z.html", "--zones", zones,
        "--date", "2026-11-24", "--cache-dir", cache,
    )  # fmt: skip
    assert code == 0, out + err
    assert "West (rural)" in (tmp_path / "z.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--date", "2030-01-01"], "--date"),
        (["--zones", "no-such-zones.geojson"], "zones file not found"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(
    solved: tuple[Path, Path, Path], tmp_path: Path, args: list[str], needle: str
) -> None:
    bundle, roster_dir, _ = solved
    code, out, err = invoke("map", roster_dir, "--bundle", bundle, "--out", tmp_path / "m.html", *args)
    assert code == 2 and needle in err and "Traceback" not in out + err
    assert not (tmp_path / "m.html").exists()
    code, _, err = invoke("map", tmp_path / "no-roster", "--bundle", bundle, "--out", tmp_path / "m.html")
    assert code == 2 and "roster folder not found" in err
