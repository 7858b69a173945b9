"""Builders for scenario tests: a tiny base bundle, zones around it, and scenario files beside it.

The base (folder `base/`, on tests/conftest.py's line geometry: latitude 56.0, 0.01 degrees of longitude
= 620 m = 2 minutes' drive): in-house A (salaried 30/h) with carers A1 at -2.80 and A2 at -2.79; agency
B (time-and-task 15/h) with B1 at -2.62 and B2 at -2.61 (B2 has dementia skills). Every carer works
08:00-14:00 (6 h). Clients W1 (-2.80) and W2 (-2.79) live west, E1 (-2.62) and E2 (-2.61) east; W1, W2
are A's packages, E1 is B's, E2 names no provider (its nearest carer is B2). A2 visited W2 last week.
One 30-minute visit a client at 09:00-10:00 (requested 09:30); E2's needs dementia skills.
`zones.geojson` beside the base splits the locality at -2.70 into "west" and "east" (rural).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from rostering.cli.app import app
from rostering.domain import HistoryRecord, Problem, Provider
from rostering.io.bundle import write_bundle
from tests.care_day import carer, client, shift, visit
from tests.conftest import DAY, LOCALITY, hm

PROVIDERS = (
    Provider(provider_id="A", name="In-house", kind="in_house", payment="salaried", rate_per_hour=30.0),
    Provider(provider_id="B", name="Agency", kind="external", payment="time_and_task", rate_per_hour=15.0),
)


def base_problem() -> Problem:
    carers = [
        carer("A1", -2.80, provider_id="A", skills=("medication",)),
        carer("A2", -2.79, provider_id="A"),
        carer("B1", -2.62, provider_id="B"),
        carer("B2", -2.61, provider_id="B", skills=("dementia",)),
    ]
    clients = [
        client("W1", -2.80, provider_id="A"),
        client("W2", -2.79, provider_id="A"),
        client("E1", -2.62, provider_id="B"),
        client("E2", -2.61),
    ]
    visits = [
        visit(f"V-{c.client_id}", c.client_id, "09:00", "10:00", requested=hm("09:30"))
        for c in clients
        if c.client_id != "E2"
    ] + [visit("V-E2", "E2", "09:00", "10:00", requested=hm("09:30"), skills=("dementia",))]
    return Problem(
        locality=LOCALITY,
        providers=PROVIDERS,
        carers=tuple(carers),
        shifts=tuple(shift(k.carer_id) for k in carers),
        clients=tuple(clients),
        visits=tuple(visits),
        history=(HistoryRecord(client_id="W2", carer_id="A2", date=DAY - dt.timedelta(days=7)),),
    )


def square(west: float, east: float, south: float = 55.9, north: float = 56.1) -> list[list[list[float]]]:
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def feature(zone: str, polygon: list[list[list[float]]], **props: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"zone": zone, **props},
        "geometry": {"type": "Polygon", "coordinates": polygon},
    }


def geojson(*features: dict[str, object]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


ZONES = geojson(feature("west", square(-2.9, -2.7)), feature("east", square(-2.7, -2.5), rural=True))


def make_scenario_folder(path: Path) -> Path:
    """`path` with base/ (the bundle) and zones.geojson in it."""
    write_bundle(base_problem(), path / "base")
    (path / "zones.geojson").write_text(ZONES)
    return path


def write_scenario(folder: Path, body: str, name: str = "s", file: str = "s.toml") -> Path:
    """A scenario file `name` on base/ with `body` after the two header lines (name on line 1, base on 2)."""
    path = folder / file
    path.write_text(f'name = "{name}"\nbase = "base"\n' + body, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    """`rostering ARGS...` in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr
