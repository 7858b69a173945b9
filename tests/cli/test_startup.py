"""`rostering --help` answers without loading the engine: the command modules import lazily."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "ortools",
    "numpy",
    "pandas",
    "geopandas",
    "pydantic",
    "matplotlib",
    "scipy",
    "osmnx",
    "pyrosm",
    "dask",
)


def test_help_loads_none_of_the_heavy_libraries() -> None:
    code = (
        "import sys, json\n"
        "from rostering.cli import app\n"
        "from typer.main import get_command\n"
        "get_command(app)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    loaded = set(
        json.loads(
            subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        )
    )
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_lists_every_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "rostering", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in (
        "validate",
        "solve",
        "check",
        "diff",
        "matrix",
        "compare",
        "tradeoff",
        "bench",
        "sample",
        "schema",
        "export",
        "map",
        "scenario",
        "sweep",
    ):
        assert command in out
