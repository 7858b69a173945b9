"""`rostering schema [roster|kpis|bundle|scenario]`: JSON Schemas (draft 2020-12) of what we read and write.

The output of `rostering schema NAME` is byte for byte docs/schemas/NAME.schema.json (a test keeps them
equal); `rostering schema` alone prints every schema in one object keyed by name.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer

from ._boundary import handles_errors
from .app import app


def schema_text(which: str) -> str:
    """The text `rostering schema WHICH` prints (and docs/schemas/WHICH.schema.json holds)."""
    from ..io.schemas import SCHEMAS
    from ..scenarios.spec import scenario_schema

    schemas = {**SCHEMAS, "scenario": scenario_schema}
    out = {name: make() for name, make in schemas.items()} if which == "all" else schemas[which]()
    return json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command()
@handles_errors
def schema(
    which: Annotated[
        Literal["all", "roster", "kpis", "bundle", "scenario"],
        typer.Argument(
            help="roster (roster.json), kpis (kpis.json), bundle (a problem bundle), scenario (a scenario "
            "file, TOML) or all"
        ),
    ] = "all",
) -> None:
    """Print the JSON Schema (draft 2020-12) of roster.json, kpis.json, the problem bundle or a scenario."""
    typer.echo(schema_text(which), nl=False)
