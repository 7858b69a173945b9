"""`rostering solve BUNDLE --out DIR`: writes a checked roster folder, reports bad input with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Problem
from rostering.io.bundle import write_bundle
from rostering.travel.store import matrix_path, save_matrix
from tests.conftest import DAY, line_matrices, make_tiny_problem

runner = CliRunner()


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    problem: Problem = make_tiny_problem()
    folder = tmp_path / "bundle"
    write_bundle(problem, folder)
    for profile, matrix in line_matrices(problem).items():
        save_matrix(matrix_path(folder, profile), matrix)
    return folder


def solve(bundle: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["solve", str(bundle), "--out", str(out), "--work-limit", "40", *extra])
    return result.exit_code, result.output


def test_solve_writes_a_checked_roster_folder(tmp_path: Path, bundle: Path) -> None:
    code, output = solve(bundle, tmp_path / "out", "--seed", "3")
    # The tiny bundle's double-up has one eligible carer: a valid roster with a visit unmet exits 4.
    assert code == 4, output
    assert "1 visit(s) unassigned" in output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "kpis.json",
        "roster.csv",
        "roster.json",
        "teams.csv",
        "unassigned.csv",
    ]
    roster = json.loads((out / "roster.json").read_text())
    assert roster["solver"] == "locality" and roster["seed"] == 3
    assert "Visits assigned" in output  # the KPI summary table
    check = runner.invoke(app, ["check", str(bundle), str(out)])
    assert check.exit_code == 0, check.output


def test_work_limit_makes_the_roster_byte_identical(tmp_path: Path, bundle: Path) -> None:
    assert solve(bundle, tmp_path / "a", "--seed", "5")[0] == 4
    assert solve(bundle, tmp_path / "b", "--seed", "5")[0] == 4
    for name in ("roster.json", "roster.csv", "unassigned.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_date_restricts_the_roster_and_an_unknown_date_is_bad_input(tmp_path: Path, bundle: Path) -> None:
    code, output = solve(bundle, tmp_path / "day", "--date", DAY.isoformat())
    assert code == 4, output
    code, output = solve(bundle, tmp_path / "none", "--date", "2030-01-01")
    assert code == 2
    assert "no visits or shifts on 2030-01-01" in output
    assert not (tmp_path / "none").exists()
    code, output = solve(bundle, tmp_path / "bad", "--date", "tomorrow")
    assert code == 2 and "malformed date" in output


def test_bad_parameters_and_missing_bundle_are_bad_input(tmp_path: Path, bundle: Path) -> None:
    params = tmp_path / "p.toml"
    params.write_text("[search]\nteleport = true\n")
    code, output = solve(bundle, tmp_path / "out", "--params", str(params))
    assert code == 2 and "search.teleport" in output
    code, output = solve(tmp_path / "missing", tmp_path / "out")
    assert code == 2
    assert "Traceback" not in output


def test_a_failed_run_leaves_an_existing_roster_untouched(tmp_path: Path, bundle: Path) -> None:
    out = tmp_path / "out"
    assert solve(bundle, out)[0] == 4
    before = (out / "roster.json").read_bytes()
    params = tmp_path / "p.toml"
    params.write_text("[cost]\nwages = -1\n")
    assert solve(bundle, out, "--params", str(params))[0] == 2
    assert (out / "roster.json").read_bytes() == before
