"""`rostering schema` prints the JSON Schemas."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rostering.cli import app


def test_schema_command_prints_bundle_and_roster_schemas() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"bundle", "roster"}
    assert "visits" in schemas["bundle"]["properties"]
    assert "assignments" in schemas["roster"]["properties"]
