"""`rostering sweep`: options checked before anything runs; a small sweep from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.scenario_day import invoke, write_scenario


def test_workers_with_a_scheduler_or_beyond_the_cores_exit_2(folder: Path) -> None:
    path = str(write_scenario(folder, ""))
    code, _, err = invoke(
        "sweep", path, "--out", str(folder / "o"), "--scheduler", "tcp://127.0.0.1:1", "--workers", "1"
    )
    assert code == 2 and "--workers: --workers starts local workers; not with --scheduler" in err
    code, _, err = invoke("sweep", path, "--out", str(folder / "o"), "--workers", "999")
    assert code == 2 and "usable cores" in err
    assert not (folder / "o").exists()


@pytest.mark.slow
def test_an_unreachable_scheduler_exits_2(folder: Path) -> None:
    code, _, err = invoke(
        "sweep",
        str(write_scenario(folder, "")),
        "--out",
        str(folder / "o"),
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert code == 2
    assert "--scheduler: cannot reach the Dask scheduler" in err


@pytest.mark.slow
def test_a_sweep_from_the_command_line(folder: Path) -> None:
    path = str(write_scenario(folder, '[providers]\npolicy = "pooled"\n'))
    out = folder / "o"
    code, stdout, err = invoke(
        "sweep", path, "--out", str(out), "--seeds", "2", "--work-limit", "10", "--workers", "1"
    )
    assert code == 0, err
    assert "2 run(s) finished: 2 now on 1 worker(s), 0 from an earlier sweep" in stdout
    assert "1 scenario(s), 2 run(s): 0 already finished" in err
    with (out / "results.csv").open() as fh:
        assert [(r["scenario"], r["seed"], r["worker"]) for r in csv.DictReader(fh)] == [
            ("s", "1", "0"),
            ("s", "2", "0"),
        ]
