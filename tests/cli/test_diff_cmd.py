"""`rostering diff OLD NEW --out DIR`: a hand-edited roster's diff lists exactly the edits; exit 0 or 2."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Problem, Roster, Visit
from rostering.evaluation.kpis import compute_kpis
from rostering.io.roster_files import write_roster_dir
from tests.conftest import DAY, line_matrices
from tests.golden.tiny_rosters import assignment, checked_problem, valid_roster

runner = CliRunner()


def roster_dir(folder: Path, problem: Problem, roster: Roster) -> Path:
    matrices = line_matrices(problem)
    write_roster_dir(folder, problem, matrices, roster, compute_kpis(problem, matrices, roster))
    return folder


def edited() -> tuple[Problem, Roster]:
    """By hand: V5 moved to 11:20, V2 given to K1 at 08:30 instead of K3; V4 cancelled; V7 added (K3)."""
    v7 = Visit(
        visit_id="V7", client_id="C2", date=DAY, window_start_min=900, window_end_min=960,
        duration_min=30, requested_start_min=900,
    )  # fmt: skip
    problem = checked_problem()
    problem = problem.replace(visits=(*[v for v in problem.visits if v.visit_id != "V4"], v7))
    changes: dict[str, dict[str, object]] = {
        "V5": {"start_min": 680, "end_min": 695},
        "V2": {"carer_id": "K1"},
    }
    roster = valid_roster()
    assignments = [
        a.model_copy(update=changes.get(a.visit_id, {})) for a in roster.assignments if a.visit_id != "V4"
    ]
    assignments.append(assignment("V7", "K3", 900, 930, 4, 310.0, 2))
    return problem, roster.model_copy(update={"assignments": tuple(assignments)})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_diff_of_a_hand_edited_roster_lists_exactly_the_edits(tmp_path: Path) -> None:
    old = roster_dir(tmp_path / "published", checked_problem(), valid_roster())
    new = roster_dir(tmp_path / "replanned", *edited())
    result = runner.invoke(app, ["diff", str(old), str(new), "--out", str(tmp_path / "diff")])
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "diff" / "diff.csv")
    changed = [
        (r["visit_id"], r["client_id"], r["status"], r["old_carer_ids"], r["new_carer_ids"], r["moved_min"])
        for r in rows
        if r["status"] != "unchanged"
    ]
    assert changed == [
        ("V2", "C2", "new_carer", "K3", "K1", "0"),
        ("V5", "C2", "time_moved", "K1", "K1", "20"),
        ("V4", "C1", "cancelled", "K1", "", ""),
        ("V7", "C2", "added", "", "K3", ""),
    ]
    assert {r["visit_id"] for r in rows if r["status"] == "unchanged"} == {"V1", "V3", "V6"}
    v5 = next(r for r in rows if r["visit_id"] == "V5")
    assert (v5["old_start"], v5["new_start"]) == ("2026-11-24T11:00:00", "2026-11-24T11:20:00")
    calls = [(r["carer_id"], r["visit_id"], r["change"]) for r in read_csv(tmp_path / "diff" / "calls.csv")]
    assert calls == [
        ("K1", "V2", "gained"),
        ("K1", "V5", "moved"),
        ("K1", "V4", "lost"),
        ("K3", "V2", "lost"),
        ("K3", "V7", "gained"),
    ]
    md = (tmp_path / "diff" / "diff.md").read_text(encoding="utf-8")
    assert "## Carers to call (2)" in md and "## Clients to tell (2)" in md
    assert "2026-11-24 visit V5 (client C2): moved 11:00 -> 11:20" in md
    assert "new_carer" in result.stdout and "Diff written to" in result.stdout


def test_an_unchanged_roster_has_no_calls_and_exits_0(tmp_path: Path) -> None:
    old = roster_dir(tmp_path / "a", checked_problem(), valid_roster())
    new = roster_dir(tmp_path / "b", checked_problem(), valid_roster())
    result = runner.invoke(app, ["diff", str(old), str(new), "--out", str(tmp_path / "diff")])
    assert result.exit_code == 0, result.output
    assert {r["status"] for r in read_csv(tmp_path / "diff" / "diff.csv")} == {"unchanged"}
    assert read_csv(tmp_path / "diff" / "calls.csv") == []
    assert "Nobody: no carer's visits changed." in (tmp_path / "diff" / "diff.md").read_text(encoding="utf-8")


def test_a_missing_or_broken_roster_folder_is_bad_input(tmp_path: Path) -> None:
    old = roster_dir(tmp_path / "a", checked_problem(), valid_roster())
    result = runner.invoke(app, ["diff", str(old), str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "roster folder not found" in result.output
    broken = roster_dir(tmp_path / "b", checked_problem(), valid_roster())
    (broken / "roster.csv").write_text("visit_id,carer_id\nV1,K1\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(broken)])
    assert result.exit_code == 2
    assert "roster.csv:1:client_id: missing required column 'client_id'" in result.output
