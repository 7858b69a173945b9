"""The rutland sample on real roads: `rostering matrix` from the shipped extract, then solve, check,
compare and map all use those matrices (no approximate travel anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.io.roster_files import read_roster_dir
from tests.conftest import RutlandRun

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_solve_uses_the_osm_matrices_and_the_roster_passes_check(rutland_roster: RutlandRun) -> None:
    run = rutland_roster
    for profile in ("drive", "walk", "bike"):
        assert f"travel {profile}: OSM matrix matrices/{profile}.npz" in run.solve_output
    assert "approximate" not in run.solve_output
    roster = read_roster_dir(run.roster)
    assert roster.travel_sources["drive"] == "OSM rutland-latest.osm.pbf (drive)"
    checked = runner.invoke(app, ["check", str(run.bundle), str(run.roster)])
    assert checked.exit_code == 0, checked.output
    assert "OK: no violations" in checked.output and "approximate" not in checked.output


def test_compare_and_its_maps_use_the_roads(rutland_roster: RutlandRun, tmp_path: Path) -> None:
    run = rutland_roster
    out = tmp_path / "compare"
    result = runner.invoke(
        app,
        ["compare", str(run.bundle), "--out", str(out), "--date", "2026-11-24", "--work-limit", "1",
         "--solvers", "time-and-task,locality"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "approximate" not in result.output
    for solver in ("time-and-task", "locality"):
        page = (out / solver / "map.html").read_text(encoding="utf-8")
        assert "Routes follow the roads: OpenStreetMap rutland-latest.osm.pbf" in page
        assert (out / solver / "map.png").is_file()
        assert json.loads((out / solver / "kpis.json").read_text())["travel_km"] > 0
    assert "![time-and-task/map.png](time-and-task/map.png)" in (out / "compare.md").read_text()


def test_the_map_draws_every_leg_along_the_roads(rutland_roster: RutlandRun, tmp_path: Path) -> None:
    from rostering.io.bundle import read_bundle
    from rostering.report.map_layers import map_layers
    from rostering.report.roster_map import road_paths_for
    from rostering.travel.store import resolve_matrices

    run = rutland_roster
    problem, _ = read_bundle(run.bundle)
    roster = read_roster_dir(run.roster)
    problem = problem.for_dates({r.date for r in roster.routes})
    matrices, _ = resolve_matrices(problem, run.bundle, strict=True)
    paths, notes = road_paths_for(run.bundle, problem, matrices, cache_dir=run.cache)
    assert sorted(paths) == ["bike", "drive", "walk"], notes
    layers = map_layers(problem, matrices, roster, road_paths=paths)
    assert len(layers.routes) == len(roster.routes) and all(r.on_roads for r in layers.routes)
    # A road path bends: far more points than the stops a straight line would join.
    assert sum(len(r.coords) for r in layers.routes) > 5 * sum(len(r.stops) + 2 for r in layers.routes)


def test_the_geojson_export_follows_the_roads_too(rutland_roster: RutlandRun, tmp_path: Path) -> None:
    run = rutland_roster
    out = tmp_path / "export"
    result = runner.invoke(
        app,
        ["export", str(run.roster), "--bundle", str(run.bundle), "--out", str(out), "--format", "geojson"],
    )
    assert result.exit_code == 0, result.output
    features = json.loads((out / "routes.geojson").read_text(encoding="utf-8"))["features"]
    routes = [f for f in features if f["geometry"]["type"] == "LineString"]
    assert routes and {f["properties"]["geometry_source"] for f in routes} == {"road"}
