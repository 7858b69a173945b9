"""`rostering schema` prints the JSON Schemas."""

from __future__ import annotations

import json
import tomllib

import jsonschema
import pytest
from typer.testing import CliRunner

from rostering.cli import app
from tests.conftest import REPO


def test_schema_command_prints_bundle_and_roster_schemas() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"bundle", "roster", "scenario"}
    assert "visits" in schemas["bundle"]["properties"]
    assert "assignments" in schemas["roster"]["properties"]


def test_the_scenario_schema_accepts_every_example_and_rejects_an_unknown_key() -> None:
    result = CliRunner().invoke(app, ["schema", "scenario"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    examples = sorted((REPO / "configs" / "scenarios").rglob("*.toml"))
    assert examples
    for path in examples:
        jsonschema.validate(tomllib.loads(path.read_text()), schema)
    with_list = {"name": "x", "base": "b", "workforce": {"add_carers": [{"provider": "A", "count": 1}]}}
    jsonschema.validate(with_list, schema)
    with pytest.raises(jsonschema.ValidationError, match="zonez"):
        jsonschema.validate({"name": "x", "base": "b", "zonez": {}}, schema)
