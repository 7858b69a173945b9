"""Map pages in a real browser: headless Chromium loads each page with every host unreachable.

The page records script and resource errors into `<html data-map-errors>` and, on load, the number of
route lines it drew; Chromium's `--dump-dom` prints the DOM after load. A page that needed the network
(a CDN script, a tile) would fail to load it and say so; a script error would be listed. Runs where
Debian's chromium is installed (`.ci/run` installs it) and skips otherwise.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.io.roster_files import read_roster_dir
from rostering.report.offline_page import PAGE_CHECK_SCRIPT
from tests.conftest import REPO, RutlandRun

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)"),
]
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing on the network resolves: the page must not need it
    "--virtual-time-budget=15000",
)  # fmt: skip
runner = CliRunner()


def load(page: Path, profile: Path) -> tuple[dict[str, str], str]:
    """The page's <html> attributes after load, and its DOM, from headless Chromium."""
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    opening = re.search(r"<html\b([^>]*)>", done.stdout)
    assert opening is not None, done.stdout[:500]
    attrs = {k: html_lib.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', opening.group(1))}
    return attrs, done.stdout


def paths_with_class(dom: str, name: str) -> int:
    return sum(name in classes.split() for classes in re.findall(r'<path\b[^>]*\bclass="([^"]*)"', dom))


def assert_clean_load(attrs: dict[str, str], routes: int, dom: str) -> None:
    assert attrs.get("data-map-ready") == "yes", attrs
    assert json.loads(attrs["data-map-errors"]) == []
    assert int(attrs["data-route-lines"]) == routes == paths_with_class(dom, "rostering-route")


def test_the_check_catches_script_errors_and_requests_for_the_network(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        + PAGE_CHECK_SCRIPT
        + '<script src="https://cdn.example.org/leaflet.js"></script>'
        "</head><body><script>undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    attrs, _ = load(page, tmp_path / "profile")
    errors = json.loads(attrs["data-map-errors"])
    assert any("cdn.example.org" in e for e in errors) and any("undefinedFunction" in e for e in errors)
    assert attrs["data-map-ready"] == "no-leaflet"


def test_a_north_berwick_roster_loads_with_straight_route_lines(tmp_path: Path) -> None:
    bundle = REPO / "data" / "sample_localities" / "north-berwick"
    roster, page = tmp_path / "roster", tmp_path / "map.html"
    solved = runner.invoke(
        app, ["solve", str(bundle), "--out", str(roster), "--date", "2026-11-24", "--work-limit", "1"]
    )
    assert solved.exit_code in (0, 4), solved.output
    drawn = runner.invoke(app, ["map", str(roster), "--bundle", str(bundle), "--out", str(page)])
    assert drawn.exit_code == 0, drawn.output
    attrs, dom = load(page, tmp_path / "profile")
    assert_clean_load(attrs, len(read_roster_dir(roster).routes), dom)
    assert "Routes are straight lines between stops" in dom
    assert paths_with_class(dom, "rostering-roads") == 0


def test_a_rutland_roster_loads_with_route_lines_on_the_roads(
    rutland_roster: RutlandRun, tmp_path: Path
) -> None:
    page = tmp_path / "map.html"
    run = rutland_roster
    drawn = runner.invoke(
        app,
        [
            "map",
            str(run.roster),
            "--bundle",
            str(run.bundle),
            "--out",
            str(page),
            "--cache-dir",
            str(run.cache),
        ],
    )
    assert drawn.exit_code == 0, drawn.output
    attrs, dom = load(page, tmp_path / "profile")
    assert_clean_load(attrs, len(read_roster_dir(run.roster).routes), dom)
    assert "Routes follow the roads: OpenStreetMap rutland-latest.osm.pbf" in dom
    assert paths_with_class(dom, "rostering-roads") == 1  # the extract's roads, instead of tiles
