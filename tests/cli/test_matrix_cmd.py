"""`rostering matrix BUNDLE`: builds matrices/<profile>.npz that `resolve_matrices` then uses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Bounds, Problem
from rostering.io.bundle import write_bundle
from rostering.travel.store import load_matrix, matrix_path, resolve_matrices
from tests.conftest import make_tiny_problem

pytest.importorskip("pyrosm")
runner = CliRunner()

# Streets of the extract shipped inside pyrosm (Kouvola, Finland).
KOUVOLA = Bounds(min_lat=60.519, min_lon=26.929, max_lat=60.541, max_lon=26.971)
SPOTS = [
    (60.5258, 26.9431), (60.5280, 26.9413), (60.5310, 26.9500),  # clients
    (60.5350, 26.9600), (60.5230, 26.9550), (60.5330, 26.9380),  # carer bases
]  # fmt: skip


def kouvola_problem(osm_extract: str | None = None) -> Problem:
    """The tiny problem moved to Kouvola: three clients, two drivers and a walker."""
    tiny = make_tiny_problem()
    locality = tiny.locality.model_copy(update={"bounds": KOUVOLA, "osm_extract": osm_extract})
    clients = tuple(
        c.model_copy(update={"lat": la, "lon": lo})
        for c, (la, lo) in zip(tiny.clients, SPOTS[:3], strict=True)
    )
    carers = tuple(
        k.model_copy(update={"lat": la, "lon": lo})
        for k, (la, lo) in zip(tiny.carers, SPOTS[3:], strict=True)
    )
    return tiny.replace(locality=locality, clients=clients, carers=carers)


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "kouvola"
    write_bundle(kouvola_problem(), folder)
    return folder


def test_matrix_writes_npz_files_that_solve_then_uses(bundle: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = runner.invoke(
        app, ["matrix", str(bundle), "--osm", "pyrosm:test_pbf", "--cache-dir", str(cache)]
    )
    assert result.exit_code == 0, result.output
    assert "drive:" in result.stdout and "walk:" in result.stdout and "cache miss" in result.stdout
    for profile in ("drive", "walk"):  # the carers drive and walk; nobody cycles
        assert matrix_path(bundle, profile).is_file()
    assert not matrix_path(bundle, "bike").exists()

    problem = kouvola_problem()
    matrices, messages = resolve_matrices(problem, bundle)
    assert not matrices["drive"].approximate and not matrices["walk"].approximate
    assert messages[0].startswith("drive: OSM matrix matrices/drive.npz (OSM test.osm.pbf (drive))")
    assert matrices["drive"].ids == tuple(loc.location_id for loc in problem.locations())
    # Walking is slower than driving between every pair of distinct places.
    off = ~np.eye(len(matrices["drive"].ids), dtype=bool)
    assert np.all(matrices["walk"].seconds[off] > matrices["drive"].seconds[off])

    before = matrix_path(bundle, "drive").read_bytes()
    again = runner.invoke(app, ["matrix", str(bundle), "--osm", "pyrosm:test_pbf", "--cache-dir", str(cache)])
    assert again.exit_code == 0, again.output
    assert again.stdout.count("cache hit") == 2
    assert matrix_path(bundle, "drive").read_bytes() == before  # deterministic bytes

    # A client moves within the locality: the matrices are rebuilt on the cached network, no re-parse.
    moved = problem.replace(
        clients=(problem.clients[0].model_copy(update={"lat": 60.5270}), *problem.clients[1:])
    )
    write_bundle(moved, bundle)
    third = runner.invoke(app, ["matrix", str(bundle), "--osm", "pyrosm:test_pbf", "--cache-dir", str(cache)])
    assert third.exit_code == 0, third.output
    assert third.stdout.count("cache miss, network cached") == 2
    assert matrix_path(bundle, "drive").read_bytes() != before


def test_profiles_option_and_locality_osm_extract(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    write_bundle(kouvola_problem(osm_extract="pyrosm:test_pbf"), folder)
    result = runner.invoke(
        app, ["matrix", str(folder), "--profiles", "bike", "--cache-dir", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.output
    assert load_matrix(matrix_path(folder, "bike")).profile == "bike"
    assert not matrix_path(folder, "drive").exists()


def test_without_a_network_it_says_what_to_pass(bundle: Path) -> None:
    result = runner.invoke(app, ["matrix", str(bundle)])
    assert result.exit_code == 2
    assert "pass --osm FILE" in result.stderr and "--online" in result.stderr
    assert not (bundle / "matrices").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--osm", "pyrosm:test_pbf", "--profiles", "drive,boat"], "profiles must be among"),
        (["--osm", "no/such/file.osm.pbf"], "not found"),
        (["--osm", "pyrosm:test_pbf", "--place", "Oakham"], "add --online"),
    ],
)
def test_bad_arguments_exit_2_without_a_traceback(bundle: Path, args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["matrix", str(bundle), *args])
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output
