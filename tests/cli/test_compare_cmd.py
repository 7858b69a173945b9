"""`rostering compare`: every solver's roster and the side-by-side files land in DIR; bad input exits 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering import pipeline
from rostering.cli.app import app
from rostering.domain import HistoryRecord, Problem, Roster
from rostering.io.bundle import write_bundle
from rostering.solvers.baselines.time_and_task import TimeAndTaskSolver
from rostering.solvers.registry import SOLVER_NAMES
from tests.conftest import DAY
from tests.siloed_day import bundle, carer, client, visit

CHARTS = (
    "travel_per_contact_hour.png",
    "cost_per_contact_hour.png",
    "unmet_hours.png",
    "distinct_carers.png",
    "punctuality.png",
)
ROSTER_FILES = ("roster.json", "roster.csv", "unassigned.csv", "teams.csv", "kpis.json")


def small_problem() -> Problem:
    """Two providers in North Berwick: in-house drivers and an agency with a walker, eight visits."""
    carers = [
        carer("A1", "A", -2.72, skills=("medication",), gender="f"),
        carer("A2", "A", -2.69, gender="m"),
        carer("B1", "B", -2.71, travel_mode="walk", gender="f"),
        carer("B2", "B", -2.70, gender="f"),
    ]
    clients = [
        client("C1", "A", -2.715),
        client("C2", "A", -2.705),
        client("C3", "B", -2.71, gender_preference="f"),
        client("C4", None, -2.70),
    ]
    visits = [
        visit("V1", "C1", "08:00", skills=("medication",)),
        visit("V2", "C2", "08:30"),
        visit("V3", "C3", "08:15"),
        visit("V4", "C3", "12:00", duration=45),
        visit("V5", "C4", "09:00", carers_required=2),
        visit("V6", "C1", "12:30"),
        visit("V7", "C2", "11:00", duration=15),
        visit("V8", "C4", "13:00"),
    ]
    history = (HistoryRecord(client_id="C1", carer_id="A1", date=DAY.replace(day=20)),)
    return bundle(carers, clients, visits, history=history)


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "small"
    write_bundle(small_problem(), path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_compare_writes_every_solver_roster_tables_and_charts(bundle_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    code, output = run("compare", str(bundle_dir), "--out", str(out), "--work-limit", "30", "--seed", "3")
    assert code == 0, output
    for name in SOLVER_NAMES:
        for f in ROSTER_FILES:
            assert (out / name / f).stat().st_size > 0, f"{name}/{f}"
        assert json.loads((out / name / "kpis.json").read_text())["solver"] == name
    with (out / "compare.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["kpi", "title", "unit", *SOLVER_NAMES]
    by_key = {r["kpi"]: r for r in rows}
    assert all(by_key["violations"][name] == "0" for name in SOLVER_NAMES)
    for key in (
        "cost_time_and_task_per_contact_hour_gbp",
        "cost_salaried_per_contact_hour_gbp",
        "travel_min",
    ):
        assert by_key[key]["unit"], key
    md = (out / "compare.md").read_text()
    assert "Cost/contact h if all salaried" in md and "Cost/contact h if all time-and-task" in md
    for chart in CHARTS:
        assert (out / chart).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", chart
        assert f"]({chart})" in md
    assert "Travel per contact hour" in output


def test_compare_outputs_are_byte_identical_across_runs(bundle_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        code, output = run("compare", str(bundle_dir), "--out", str(out), "--solvers", "time-and-task")
        assert code == 0, output
        outputs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) >= {Path("compare.csv"), Path("compare.md"), *(Path(c) for c in CHARTS)}


def test_compare_one_date_of_a_bundle(bundle_dir: Path, tmp_path: Path) -> None:
    code, output = run(
        "compare",
        str(bundle_dir),
        "--out",
        str(tmp_path / "o"),
        "--solvers",
        "time-and-task",
        "--date",
        str(DAY),
    )
    assert code == 0, output
    code, output = run(
        "compare",
        str(bundle_dir),
        "--out",
        str(tmp_path / "o"),
        "--solvers",
        "time-and-task",
        "--date",
        "2030-01-01",
    )
    assert code == 2
    assert "--date: the bundle has no visits or shifts on 2030-01-01" in output


def test_an_invalid_bundle_exits_2_with_located_messages(bundle_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in bundle_dir.iterdir():
        if f.is_file():
            (broken / f.name).write_bytes(f.read_bytes())
    lines = (broken / "visits.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("duration_min")] = "-5"
    lines[2] = ",".join(cells)
    (broken / "visits.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "never"
    code, output = run("compare", str(broken), "--out", str(out))
    assert code == 2
    assert "visits.csv:3:duration_min" in output
    assert "Traceback" not in output
    assert not out.exists()


def test_unknown_solver_name_exits_2(bundle_dir: Path, tmp_path: Path) -> None:
    code, output = run(
        "compare", str(bundle_dir), "--out", str(tmp_path / "o"), "--solvers", "time-and-task,magic"
    )
    assert code == 2
    assert "--solvers: unknown solver(s) magic" in output


class _LateSolver:
    """A broken solver: the coordinator's roster with every visit moved an hour later."""

    name = "time-and-task"

    def solve(self, problem: Problem, matrices: object, *args: object, **kwargs: object) -> Roster:
        roster = TimeAndTaskSolver().solve(problem, matrices)  # type: ignore[arg-type]
        late = tuple(
            a.model_copy(update={"start_min": a.start_min + 60, "end_min": a.end_min + 60})
            for a in roster.assignments
        )
        return roster.model_copy(update={"assignments": late})


def test_a_roster_with_violations_is_reported_and_exits_1(
    bundle_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "make_solver", lambda name, baseline=None: _LateSolver())
    out = tmp_path / "bad"
    code, output = run("compare", str(bundle_dir), "--out", str(out), "--solvers", "time-and-task")
    assert code == 1
    assert "VIOLATION(S)" in output and "[late_start]" in output
    with (out / "compare.csv").open() as fh:
        violations = next(r for r in csv.DictReader(fh) if r["kpi"] == "violations")
    assert int(violations["time-and-task"]) > 0
    assert "violation(s)**" in (out / "compare.md").read_text()


def test_compare_on_clients_without_provider_id_infers_who_holds_them_and_says_so(tmp_path: Path) -> None:
    # clients.csv has no provider_id column at all: C1 and C2 live by A's carers, C3 and C4 by B's,
    # so the nearest-carer rule splits the packages instead of giving all four to the in-house team A.
    carers = [
        carer("A1", "A", -2.72),
        carer("A2", "A", -2.71),
        carer("B1", "B", -2.62),
        carer("B2", "B", -2.61),
    ]
    clients = [client(f"C{i}", None, lon) for i, lon in enumerate((-2.72, -2.71, -2.62, -2.61), start=1)]
    visits = [visit(f"V{i}", f"C{i}", "09:00") for i in range(1, 5)]
    path = tmp_path / "no-provider"
    write_bundle(bundle(carers, clients, visits), path)
    assert "provider_id" not in (path / "clients.csv").read_text().splitlines()[0]
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(path),
            "--out",
            str(tmp_path / "cmp"),
            "--solvers",
            "time-and-task",
            "--work-limit",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "4 client(s) have no provider_id in clients.csv" in result.stderr
    assert "4 by nearest_carer (A 2, B 2)" in result.stderr
    kpis = json.loads((tmp_path / "cmp" / "time-and-task" / "kpis.json").read_text())
    worked = {p["provider_id"]: p["contact_min"] for p in kpis["by_provider"]}
    assert worked == {"A": 60, "B": 60}
    assert "packages without provider_id" in (tmp_path / "cmp" / "compare.md").read_text()
