"""`rostering schema`: the JSON Schemas of the problem bundle, the roster and the scenario file."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer

from ._boundary import handles_errors
from .app import app


@app.command()
@handles_errors
def schema(
    which: Annotated[
        Literal["all", "bundle", "roster", "scenario"], typer.Argument(help="which schema to print")
    ] = "all",
) -> None:
    """Print the JSON Schema of the problem bundle (as a Problem), the roster or a scenario file (TOML)."""
    from ..domain import Problem, Roster
    from ..scenarios.spec import ScenarioSpec

    schemas = {
        "bundle": Problem.model_json_schema(),
        "roster": Roster.model_json_schema(),
        "scenario": ScenarioSpec.model_json_schema(),
    }
    out = schemas if which == "all" else schemas[which]
    typer.echo(json.dumps(out, indent=2, sort_keys=True))
