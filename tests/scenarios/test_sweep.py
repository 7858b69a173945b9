"""Sweeps on Dask distributed: 2 scenarios x 2 seeds on a LocalCluster and on a subprocess scheduler and
worker (127.0.0.1 only, started and stopped here); every roster written passes `rostering check` against
its materialised bundle; a second run skips what is finished."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.bench.parallel import usable_cores
from rostering.cli.app import app
from rostering.errors import InputError
from rostering.scenarios import SweepOptions, run_sweep
from rostering.scenarios.sweep import materialise_all, prepare, read_scenarios
from tests.scenario_day import write_scenario

WORK = 15


def two_scenarios(folder: Path) -> list[Path]:
    return [
        write_scenario(folder, '[providers]\npolicy = "pooled"\n', name="pooled", file="pooled.toml"),
        write_scenario(
            folder,
            '[zones]\nfile = "zones.geojson"\n'
            '[providers]\npolicy = "single-provider"\nzone_providers = { west = ["B"] }\n',
            name="swapped",
            file="swapped.toml",
        ),
    ]


def rows(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open() as fh:
        return list(csv.DictReader(fh))


def assert_every_roster_checks(out: Path) -> None:
    for run in sorted((out / "runs").glob("*/*")):
        result = CliRunner().invoke(app, ["check", str(out / "scenarios" / run.parent.name), str(run)])
        assert result.exit_code == 0, result.output
        assert "OK: no violations." in result.output


@pytest.mark.slow
def test_a_sweep_on_a_local_cluster_writes_every_run_and_resumes(folder: Path) -> None:
    out = folder / "sweep"
    files = two_scenarios(folder)
    options = SweepOptions(seeds=(1, 2), work_limit=WORK, workers=min(2, usable_cores()))
    first = run_sweep(files, out, options)
    assert (first.skipped, first.failed, first.violations) == (0, [], 0)
    table = rows(out)
    assert [(r["scenario"], r["seed"]) for r in table] == [
        ("pooled", "1"),
        ("pooled", "2"),
        ("swapped", "1"),
        ("swapped", "2"),
    ]
    assert {r["dates"] for r in table} == {"2026-11-24"}
    assert {r["violations"] for r in table} == {"0"}
    assert all(float(r["wall_s"]) > 0 and r["worker"] for r in table)
    # Every kpis.json KPI is a column under its kpis.json name, per zone too for the zoned scenario.
    kpis = json.loads((out / "runs" / "swapped" / "1" / "kpis.json").read_text())
    assert kpis["travel_min_per_contact_hour"] == float(table[2]["travel_min_per_contact_hour"])
    assert table[2]["providers_used[zone:west]"] == "1" and table[0]["providers_used[zone:west]"] == ""
    # The swapped zones: B's carers serve the west, A's the east.
    with (out / "runs" / "swapped" / "1" / "roster.csv").open() as fh:
        roster = list(csv.DictReader(fh))
    assert {(r["client_id"][0], r["provider_id"]) for r in roster} == {("W", "B"), ("E", "A")}
    for name in ("summary.md", "tradeoff.png", "unmet.png"):
        assert (out / name).stat().st_size > 0
    # Each run has its map, with the scenario's zones drawn on it.
    assert "Zones (2)" in (out / "runs" / "swapped" / "1" / "map.html").read_text()
    assert (out / "runs" / "pooled" / "2" / "map.html").is_file()
    assert_every_roster_checks(out)

    # A second sweep finds every run finished; a run whose record is gone (killed in flight) runs again.
    again = run_sweep(files, out, options)
    assert (again.skipped, len(again.records)) == (4, 4)
    (out / "runs" / "pooled" / "2" / "run.json").unlink()
    third = run_sweep(files, out, options)
    assert third.skipped == 3
    strip = [{k: v for k, v in r.items() if k not in ("wall_s", "worker")} for r in rows(out)]
    assert strip == [{k: v for k, v in r.items() if k not in ("wall_s", "worker")} for r in table]


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A `dask scheduler` and one `dask worker` on 127.0.0.1, as subprocesses; stopped afterwards."""
    dask = str(Path(sys.executable).with_name("dask"))
    info = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(info), *common],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.is_file(), "the dask scheduler did not start"
        worker = subprocess.Popen(
            [
                dask,
                "worker",
                "--scheduler-file",
                str(info),
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--name",
                "test-worker",
                *common,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        yield json.loads(info.read_text())["address"]
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.mark.slow
def test_a_sweep_on_a_dask_scheduler_and_worker_started_as_processes(folder: Path, dask_cluster: str) -> None:
    assert dask_cluster.startswith("tcp://127.0.0.1:")
    out = folder / "remote"
    result = run_sweep(
        two_scenarios(folder), out, SweepOptions(seeds=(1, 2), work_limit=WORK, scheduler=dask_cluster)
    )
    assert (result.failed, result.violations, len(result.records)) == ([], 0, 4)
    assert {r["worker"] for r in rows(out)} == {"test-worker"}
    assert_every_roster_checks(out)


def test_a_bad_scenario_stops_the_sweep_before_anything_runs(folder: Path) -> None:
    good, _ = two_scenarios(folder)
    bad = write_scenario(folder, "[workforce]\nin_house_share = 2\n", name="bad", file="bad.toml")
    twin = write_scenario(folder, "", name="pooled", file="twin.toml")
    with pytest.raises(InputError) as caught:
        run_sweep([good, bad, twin], folder / "out", SweepOptions(work_limit=WORK))
    assert [str(i) for i in caught.value.issues] == [
        f"{bad}:4:workforce.in_house_share: Input should be less than or equal to 1 (got 2)",
        f"{twin}:1:name: scenario name 'pooled' is also used by {good}",
    ]
    assert not (folder / "out").exists()


def test_runs_take_the_files_params_and_continuity_weight_and_the_command_lines_overrides(
    folder: Path,
) -> None:
    (folder / "engine.toml").write_text("[continuity]\nunfamiliar_visit_gbp = 4.0\n")
    path = write_scenario(
        folder, '[solve]\nparams = "engine.toml"\ncontinuity_weight = 2.5\nseeds = [7, 8]\ntime_limit_s = 9\n'
    )
    (quiet,) = prepare(materialise_all(read_scenarios([path])), folder / "out", SweepOptions())
    assert [r.seed for r in quiet.runs] == [7, 8]
    assert {(r.time_limit, r.work_limit) for r in quiet.runs} == {(9.0, None)}
    assert quiet.runs[0].params.continuity.unfamiliar_visit_gbp == 10.0  # 4 x 2.5
    assert quiet.runs[0].key != quiet.runs[1].key  # the seed is in the key
    (loud,) = prepare(
        materialise_all(read_scenarios([path])),
        folder / "out",
        SweepOptions(seeds=(1,), time_limit=3, work_limit=5),
    )
    assert [(r.seed, r.time_limit, r.work_limit) for r in loud.runs] == [(1, 3.0, 5)]
