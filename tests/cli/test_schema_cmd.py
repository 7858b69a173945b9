"""`rostering schema`: draft 2020-12 schemas that match docs/schemas/ and validate what we write.

To refresh docs/schemas/ after a deliberate format change: `ROSTERING_UPDATE_GOLDEN=1 pytest
tests/cli/test_schema_cmd.py`, then review the diff (and the changelog in docs/formats.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Absence
from rostering.evaluation.kpis import compute_kpis
from rostering.io.roster_files import write_roster_dir
from tests.conftest import REPO, line_matrices
from tests.golden.tiny_rosters import checked_problem, long_day_roster

SCHEMA_DIR = REPO / "docs" / "schemas"
NAMES = ("roster", "kpis", "bundle", "scenario")
runner = CliRunner()


def printed(*args: str) -> str:
    result = runner.invoke(app, ["schema", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(printed(name))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def roster_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # long_day_roster has a break, so every list of roster.json has an entry to check.
    problem, roster = checked_problem(), long_day_roster(with_break=True)
    out = tmp_path_factory.mktemp("roster")
    matrices = line_matrices(problem)
    write_roster_dir(out, problem, matrices, roster, compute_kpis(problem, matrices, roster))
    return out


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_draft_2020_12_with_an_id_and_a_version(name: str) -> None:
    schema = json.loads(printed(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:rostering:schema:{name}:{schema['version']}"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_docs_schemas_equal_the_command_output(name: str) -> None:
    path = SCHEMA_DIR / f"{name}.schema.json"
    if os.environ.get("ROSTERING_UPDATE_GOLDEN"):
        path.write_text(printed(name), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == printed(name)


def test_schema_without_a_name_prints_every_schema() -> None:
    schemas = json.loads(printed())
    assert set(schemas) == set(NAMES)
    assert schemas["kpis"] == json.loads(printed("kpis"))


def test_roster_json_validates_and_a_made_up_reason_does_not(roster_files: Path) -> None:
    check = validator("roster")
    roster = load(roster_files / "roster.json")
    assert list(check.iter_errors(roster)) == []
    assert roster["breaks"] and roster["unassigned"]  # both lists are really checked
    roster["unassigned"][0]["reason"] = "carer_on_holiday"
    errors = list(check.iter_errors(roster))
    assert [list(e.absolute_path) for e in errors] == [["unassigned", 0, "reason"]]


def test_roster_schema_requires_the_version_and_offset_times(roster_files: Path) -> None:
    check = validator("roster")
    roster = load(roster_files / "roster.json")
    for mutate in (
        lambda r: r.pop("format_version"),
        lambda r: r.update(format_version="2.0"),
        lambda r: r["assignments"][0].pop("start_with_offset"),
        lambda r: r["routes"][0].update(end_with_offset="2026-11-24T12:31:00"),  # no offset
        lambda r: r["breaks"][0].update(colour="red"),
    ):
        broken = json.loads(json.dumps(roster))
        mutate(broken)
        assert list(check.iter_errors(broken)), broken


def test_kpis_json_validates_and_a_wrong_type_does_not(roster_files: Path) -> None:
    check = validator("kpis")
    kpis = load(roster_files / "kpis.json")
    assert list(check.iter_errors(kpis)) == []
    kpis["travel_km"] = "lots"
    assert list(check.iter_errors(kpis))


def test_the_bundle_schema_closes_its_vocabularies() -> None:
    schema = json.loads(printed("bundle"))
    assert schema["$defs"]["Carer"]["properties"]["travel_mode"]["enum"] == ["drive", "walk", "bike"]
    problem = checked_problem().model_dump(mode="json")
    check = validator("bundle")
    assert list(check.iter_errors(problem)) == []
    problem["carers"][0]["travel_mode"] = "hovercraft"
    assert list(check.iter_errors(problem))


def test_an_unknown_schema_name_exits_2() -> None:
    assert runner.invoke(app, ["schema", "timetable"]).exit_code == 2


def test_the_bundle_schema_describes_absences_and_accepts_a_problem_with_them() -> None:
    schema = json.loads(printed("bundle"))
    absence = schema["$defs"]["Absence"]
    assert absence["properties"]["reason"]["enum"] == ["sickness", "annual_leave", "training", "other"]
    assert set(absence["required"]) == {"carer_id", "start", "end"}
    sick = Absence(carer_id="K1", start=dt.datetime(2026, 11, 24, 8), end=dt.datetime(2026, 11, 24, 12))
    problem = checked_problem().replace(absences=(sick,)).model_dump(mode="json")
    check = validator("bundle")
    assert list(check.iter_errors(problem)) == []
    problem["absences"][0]["reason"] = "hangover"
    assert list(check.iter_errors(problem))


def test_the_scenario_schema_accepts_every_example_and_rejects_an_unknown_key() -> None:
    check = validator("scenario")
    examples = sorted((REPO / "configs" / "scenarios").rglob("*.toml"))
    assert examples
    for path in examples:
        assert list(check.iter_errors(tomllib.loads(path.read_text()))) == [], path
    with_list = {"name": "x", "base": "b", "workforce": {"add_carers": [{"provider": "A", "count": 1}]}}
    assert list(check.iter_errors(with_list)) == []
    (error,) = check.iter_errors({"name": "x", "base": "b", "zonez": {}})
    assert "zonez" in error.message
