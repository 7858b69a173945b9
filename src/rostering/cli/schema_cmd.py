"""`rostering schema`: the JSON Schema of the problem bundle and of the roster."""

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
        Literal["all", "bundle", "roster"], typer.Argument(help="which schema to print")
    ] = "all",
) -> None:
    """Print the JSON Schema of the problem bundle (as a Problem) and of the roster."""
    from ..domain import Problem, Roster

    schemas = {"bundle": Problem.model_json_schema(), "roster": Roster.model_json_schema()}
    out = schemas if which == "all" else schemas[which]
    typer.echo(json.dumps(out, indent=2, sort_keys=True))
