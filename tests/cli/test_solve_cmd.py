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


@pytest.mark.slow
def test_a_council_is_solved_in_parts_and_passes_check(tmp_path: Path) -> None:
    from rostering.samples.catalogue import write_council_sample
    from rostering.samples.council import CouncilSize

    council = tmp_path / "council"
    write_council_sample(council, CouncilSize(clients=60, towns=2), seed=3)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "solve",
            str(council),
            "--out",
            str(out),
            "--decompose",
            "on",
            "--workers",
            "1",
            "--work-limit",
            "5",
        ],
    )
    assert result.exit_code in (0, 4), result.output
    stats = json.loads((out / "roster.json").read_text())["stats"]
    assert len(stats["decomposition"]["parts"]) >= 1 and stats["decomposition"]["workers"] == 1
    check = runner.invoke(app, ["check", str(council), str(out)])
    assert check.exit_code == 0, check.output


def test_bad_decompose_and_worker_options_are_input_errors(tmp_path: Path, bundle: Path) -> None:
    code, output = solve(bundle, tmp_path / "out", "--decompose", "maybe")
    assert code == 2 and "--decompose: unknown choice 'maybe'" in output
    code, output = solve(bundle, tmp_path / "out", "--workers", "999")
    assert code == 2 and "--workers: 1 to the" in output
    code, output = solve(bundle, tmp_path / "out", "--workers", "1", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "--workers starts local workers" in output


def test_an_absent_carer_gets_nothing_inside_the_absence(tmp_path: Path, bundle: Path) -> None:
    # K1 (the only medication carer, who takes V1 08:00-09:00) is at training 08:00-11:00; K3 off all day.
    (bundle / "absences.csv").write_text(
        "carer_id,start,end,reason\n"
        "K1,2026-11-24T08:00,2026-11-24T11:00,training\n"
        "K3,2026-11-24T00:00,2026-11-25T00:00,sickness\n",
        encoding="utf-8",
    )
    code, output = solve(bundle, tmp_path / "out", "--seed", "1")
    assert code == 4, output  # a valid roster, with V1 unassigned
    roster = json.loads((tmp_path / "out" / "roster.json").read_text())
    k1 = [a for a in roster["assignments"] if a["carer_id"] == "K1"]
    assert k1 and all(a["start_min"] >= 660 for a in k1)
    assert all(r["start_min"] >= 660 for r in roster["routes"] if r["carer_id"] == "K1")
    assert not [a for a in roster["assignments"] if a["carer_id"] == "K3"]
    assert "V1" in {u["visit_id"] for u in roster["unassigned"]}
    check = runner.invoke(app, ["check", str(bundle), str(tmp_path / "out")])
    assert check.exit_code == 0, check.output


def test_a_replan_against_the_published_roster_changes_only_what_the_absence_forces(
    tmp_path: Path, bundle: Path
) -> None:
    code, output = solve(bundle, tmp_path / "published", "--seed", "1")
    assert code in (0, 4), output
    published = json.loads((tmp_path / "published" / "roster.json").read_text())
    # K1 (V1, V5, ...) is called away 11:00-14:00.
    (bundle / "absences.csv").write_text(
        "carer_id,start,end,reason\nK1,2026-11-24T11:00,2026-11-24T14:00,training\n", encoding="utf-8"
    )
    args = ("--seed", "2", "--baseline", str(tmp_path / "published"), "--freeze-before", "2026-11-24T10:00")
    code, output = solve(bundle, tmp_path / "replan", *args)
    assert code in (0, 4), output
    assert f"Re-planned against {tmp_path / 'published'}" in output
    assert runner.invoke(app, ["check", str(bundle), str(tmp_path / "replan")]).exit_code == 0
    replanned = json.loads((tmp_path / "replan" / "roster.json").read_text())
    home_by = {(r["carer_id"], r["start_min"]): r["end_min"] for r in published["routes"]}
    before = {(a["visit_id"], a["carer_id"], a["start_min"]) for a in published["assignments"]}
    after = {(a["visit_id"], a["carer_id"], a["start_min"]) for a in replanned["assignments"]}
    # Everybody else's day stays, and K1's if K1 was home by 11:00; K1 has nothing from 11:00.
    k1_home = max(end for (k, _), end in home_by.items() if k == "K1")
    assert {p for p in before if p[1] != "K1" or k1_home <= 11 * 60} <= after
    assert not [p for p in after if p[1] == "K1" and p[2] >= 11 * 60]
    # The same inputs, seed and work limit give the same bytes.
    assert solve(bundle, tmp_path / "again", *args)[0] == code
    for name in ("roster.json", "roster.csv", "unassigned.csv"):
        assert (tmp_path / "replan" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_a_malformed_freeze_point_is_bad_input(tmp_path: Path, bundle: Path) -> None:
    assert solve(bundle, tmp_path / "published")[0] in (0, 4)
    code, output = solve(
        bundle, tmp_path / "r", "--baseline", str(tmp_path / "published"), "--freeze-before", "ten o'clock"
    )
    assert code == 2
    assert "--freeze-before: malformed date-time" in output
