"""`rostering schema [roster|kpis|bundle]`: the JSON Schemas (draft 2020-12) of the files we read and write.

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

    out = {name: make() for name, make in SCHEMAS.items()} if which == "all" else SCHEMAS[which]()
    return json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command()
@handles_errors
def schema(
    which: Annotated[
        Literal["all", "roster", "kpis", "bundle"],
        typer.Argument(help="roster (roster.json), kpis (kpis.json), bundle (a problem bundle) or all"),
    ] = "all",
) -> None:
    """Print the JSON Schema (draft 2020-12) of roster.json, kpis.json or the problem bundle."""
    typer.echo(schema_text(which), nl=False)
