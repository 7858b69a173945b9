"""Named tiny problems shared by every test module. Variants: `problem.replace(...)` or `model_copy`.

`tiny_problem`: one day in North Berwick, two in-house drivers on 08:00-14:00 shifts, one external
time-and-task walker, three clients and five visits (one a double-up). Hand-computable travel comes
from `line_matrices`: every location sits on one east-west line, so minutes are distances / speed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rostering.domain import (
    Bounds,
    Carer,
    Client,
    Locality,
    Problem,
    Provider,
    Shift,
    Visit,
)
from rostering.travel.matrix import TravelMatrix

# The checkout, and ../shared beside it (benchmark instances; tests that need it skip without it).
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

DAY = dt.date(2026, 11, 24)
LOCALITY = Locality(
    name="tiny",
    title="Tiny test locality",
    bounds=Bounds(min_lat=55.9, min_lon=-2.9, max_lat=56.1, max_lon=-2.5),
    skills=("medication", "moving_and_handling", "dementia", "peg_feeding"),
)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def make_tiny_problem() -> Problem:
    providers = (
        Provider(provider_id="P1", name="In-house", kind="in_house", payment="salaried", rate_per_hour=30.0),
        Provider(
            provider_id="P2", name="Agency", kind="external", payment="time_and_task", rate_per_hour=15.0
        ),
    )
    carers = (
        Carer(
            carer_id="K1",
            provider_id="P1",
            lat=56.0,
            lon=-2.72,
            skills=("medication", "moving_and_handling"),
            gender="f",
        ),
        Carer(
            carer_id="K2", provider_id="P1", lat=56.0, lon=-2.70, skills=("moving_and_handling",), gender="m"
        ),
        Carer(
            carer_id="K3", provider_id="P2", lat=56.0, lon=-2.71, travel_mode="walk", skills=(), gender="f"
        ),
    )
    shifts = tuple(
        Shift(carer_id=k, date=DAY, start_min=hm("08:00"), end_min=hm("14:00")) for k in ("K1", "K2", "K3")
    )
    clients = (
        Client(client_id="C1", lat=56.0, lon=-2.715),
        Client(client_id="C2", lat=56.0, lon=-2.705, gender_preference="f"),
        Client(client_id="C3", lat=56.0, lon=-2.725, excluded_carers=("K2",)),
    )

    def visit(vid: str, cid: str, start: str, end: str, dur: int, **kw: Any) -> Visit:
        return Visit(
            visit_id=vid,
            client_id=cid,
            date=DAY,
            window_start_min=hm(start),
            window_end_min=hm(end),
            duration_min=dur,
            requested_start_min=hm(start),
            **kw,
        )

    visits = (
        visit("V1", "C1", "08:00", "09:00", 30, skills=("medication",), priority=1),
        visit("V2", "C2", "08:30", "10:00", 30),
        visit("V3", "C3", "09:00", "11:00", 45, carers_required=2, skills=("moving_and_handling",)),
        visit("V4", "C1", "12:00", "13:00", 30),
        visit("V5", "C2", "11:00", "12:30", 15),
    )
    return Problem(
        locality=LOCALITY, providers=providers, carers=carers, shifts=shifts, clients=clients, visits=visits
    )


def line_matrices(problem: Problem, metres_per_degree_lon: float = 62_000.0) -> dict[str, TravelMatrix]:
    """Matrices where distance is |delta lon| x metres_per_degree (all locations share one latitude)."""
    locations = problem.locations()
    lon = np.array([loc.lon for loc in locations])
    lat = np.array([loc.lat for loc in locations])
    metres = (
        np.abs(lon[:, None] - lon[None, :]) + np.abs(lat[:, None] - lat[None, :])
    ) * metres_per_degree_lon
    speeds = {"drive": 30.0, "walk": 5.0, "bike": 15.0}  # km/h
    ids = tuple(loc.location_id for loc in locations)
    return {
        p: TravelMatrix(profile=p, ids=ids, seconds=metres / (v * 1000 / 3600), metres=metres, source="line")
        for p, v in speeds.items()
    }


@pytest.fixture(scope="session")
def tiny_problem() -> Problem:
    return make_tiny_problem()


@pytest.fixture(scope="session")
def tiny_matrices(tiny_problem: Problem) -> dict[str, TravelMatrix]:
    return line_matrices(tiny_problem)


@dataclass(frozen=True)
class RutlandRun:
    bundle: Path  # a copy of the rutland sample, with matrices/ built from its shipped extract
    roster: Path  # one day (2026-11-24) solved on those matrices
    cache: Path  # the network cache the matrices were built through
    solve_output: str  # what `rostering solve` printed (stdout and stderr)


@pytest.fixture(scope="session")
def rutland_roster(tmp_path_factory: pytest.TempPathFactory) -> RutlandRun:
    """The rutland sample copied out, its OSM matrices built from the shipped extract, one day rostered.

    Slow (about 15 s): only for tests marked slow.
    """
    import shutil

    from typer.testing import CliRunner

    from rostering.cli import app

    root = tmp_path_factory.mktemp("rutland")
    bundle, roster, cache = root / "rutland", root / "roster", root / "cache"
    shutil.copytree(
        REPO / "data" / "sample_localities" / "rutland", bundle, ignore=shutil.ignore_patterns("matrices")
    )
    runner = CliRunner()
    built = runner.invoke(app, ["matrix", str(bundle), "--cache-dir", str(cache)])
    assert built.exit_code == 0, built.output
    solved = runner.invoke(
        app,
        [
            "solve",
            str(bundle),
            "--out",
            str(roster),
            "--date",
            "2026-11-24",
            "--work-limit",
            "1",
            "--seed",
            "1",
        ],
    )
    assert solved.exit_code in (0, 4), solved.output
    return RutlandRun(bundle, roster, cache, solved.output)
