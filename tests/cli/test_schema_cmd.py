"""`rostering schema` prints the JSON Schemas."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Absence
from tests.conftest import make_tiny_problem


def test_schema_command_prints_bundle_and_roster_schemas() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"bundle", "roster"}
    assert "visits" in schemas["bundle"]["properties"]
    assert "assignments" in schemas["roster"]["properties"]


def test_the_bundle_schema_describes_absences_and_accepts_a_problem_with_them() -> None:
    result = CliRunner().invoke(app, ["schema", "bundle"])
    schema = json.loads(result.stdout)
    absence = schema["$defs"]["Absence"]
    assert absence["properties"]["reason"]["enum"] == ["sickness", "annual_leave", "training", "other"]
    assert set(absence["required"]) == {"carer_id", "start", "end"}
    sick = Absence(carer_id="K1", start=dt.datetime(2026, 11, 24, 8), end=dt.datetime(2026, 11, 24, 12))
    problem = make_tiny_problem().replace(absences=(sick,))
    jsonschema.validate(problem.model_dump(mode="json"), schema)
