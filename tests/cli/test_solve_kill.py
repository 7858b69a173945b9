"""Killing a real `rostering solve` at any moment leaves the previous roster byte-identical or the new one
whole, never a mix; the next run leaves no litter; two runs into one folder cannot both write it.

The previous roster is `solve --work-limit 2 --seed 1`, the new one `--work-limit 3 --seed 2` (work
limits make both byte-reproducible, and they differ). Kills land at random delays over a whole run and,
deterministically, at each named point of the folder swap (`ROSTERING_TEST_PAUSE_AT`: the run waits
there, so SIGKILL lands exactly between the renames, before and after the swap).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rostering import atomic
from rostering.io.bundle import write_bundle
from tests.io.malformed.generate import small_base

pytestmark = pytest.mark.slow
FILES = ("kpis.json", "roster.csv", "roster.json", "teams.csv", "unassigned.csv")
NOTE = b"the coordinator's own notes\n"


def command(bundle: Path, out: Path, work: int, seed: int) -> list[str]:
    return [
        sys.executable, "-c", "from rostering.cli import main; main()",
        "solve", str(bundle), "--out", str(out), "--work-limit", str(work), "--seed", str(seed),
    ]  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The bundle, the previous roster's files and the new roster's files."""
    root = tmp_path_factory.mktemp("kill")
    bundle = root / "bundle"
    write_bundle(small_base("north-berwick"), bundle)
    subprocess.run(command(bundle, root / "previous", 2, 1), check=True, capture_output=True)
    subprocess.run(command(bundle, root / "new", 3, 2), check=True, capture_output=True)
    previous, new = snapshot(root / "previous"), snapshot(root / "new")
    assert previous is not None and new is not None and previous != new
    return bundle, previous, new


def fresh_output(tmp_path: Path, previous: dict[str, bytes]) -> Path:
    out = tmp_path / "work" / "roster"
    shutil.rmtree(out.parent, ignore_errors=True)
    out.mkdir(parents=True)
    for name, data in previous.items():
        (out / name).write_bytes(data)
    (out / "notes.txt").write_bytes(NOTE)
    return out


def assert_old_or_new(out: Path, previous: dict[str, bytes], new: dict[str, bytes]) -> str:
    now = snapshot(out)
    assert now is not None, "the output folder is gone"
    assert now.pop("notes.txt") == NOTE
    assert now in (previous, new), "a mix of two rosters"
    return "previous" if now == previous else "new"


def assert_no_litter(out: Path) -> None:
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def wait_for(process: subprocess.Popen[bytes], text: bytes) -> None:
    assert process.stderr is not None
    seen = b""
    while text not in seen:
        chunk = process.stderr.readline()
        assert chunk, f"the run ended before {text!r}: {seen.decode(errors='replace')}"
        seen += chunk


@pytest.mark.parametrize("point", atomic.PAUSE_POINTS)
def test_a_kill_at_each_point_of_the_swap(
    point: str, rosters: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    bundle, previous, new = rosters
    out = fresh_output(tmp_path, previous)
    env = {**os.environ, atomic.PAUSE_ENV: point}
    with subprocess.Popen(command(bundle, out, 3, 2), env=env, stderr=subprocess.PIPE) as run:
        wait_for(run, f"paused at {point}".encode())
        run.send_signal(signal.SIGKILL)
    if point == "between-renames":  # the folder is aside (.roster.old-<pid>) until the next run starts
        assert not out.exists()
        subprocess.run(command(bundle, out, 2, 1), check=True, capture_output=True)
        assert assert_old_or_new(out, previous, new) == "previous"
    else:
        expected = "new" if point == "after-swap" else "previous"
        assert assert_old_or_new(out, previous, new) == expected
    next_run_completes(bundle, out, previous, new)


def next_run_completes(bundle: Path, out: Path, previous: dict[str, bytes], new: dict[str, bytes]) -> None:
    """The next run writes the new roster whole and leaves nothing beside it."""
    subprocess.run(command(bundle, out, 3, 2), check=True, capture_output=True)
    assert assert_old_or_new(out, previous, new) == "new"
    assert_no_litter(out)


def test_kills_at_random_moments(
    rosters: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    bundle, previous, new = rosters
    started = time.monotonic()
    subprocess.run(command(bundle, fresh_output(tmp_path, previous), 3, 2), check=True, capture_output=True)
    whole_run = time.monotonic() - started
    rng = random.Random(14)
    seen = set()
    for _ in range(8):
        out = fresh_output(tmp_path, previous)
        with subprocess.Popen(command(bundle, out, 3, 2), stderr=subprocess.DEVNULL) as run:
            time.sleep(rng.uniform(0.2, whole_run * 1.1))
            run.send_signal(signal.SIGKILL)
        seen.add(assert_old_or_new(out, previous, new))
        with atomic.output_lock(out):  # what the next run does first: clear or restore
            pass
        assert_old_or_new(out, previous, new)
        assert_no_litter(out)
    assert "previous" in seen


def test_sigterm_is_an_interrupt_that_leaves_the_previous_roster(
    rosters: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    bundle, previous, new = rosters
    out = fresh_output(tmp_path, previous)
    env = {**os.environ, atomic.PAUSE_ENV: "staged"}
    with subprocess.Popen(command(bundle, out, 3, 2), env=env, stderr=subprocess.PIPE) as run:
        wait_for(run, b"paused at staged")
        run.send_signal(signal.SIGTERM)
        assert run.stderr is not None
        err = run.stderr.read().decode()
        assert run.wait(timeout=30) == 130
    assert "interrupted" in err and "Traceback" not in err
    assert assert_old_or_new(out, previous, new) == "previous"
    assert_no_litter(out)


def test_a_second_solve_into_the_same_folder_fails_fast(
    rosters: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    bundle, previous, new = rosters
    out = fresh_output(tmp_path, previous)
    env = {**os.environ, atomic.PAUSE_ENV: "staged"}
    with subprocess.Popen(command(bundle, out, 3, 2), env=env, stderr=subprocess.PIPE) as first:
        wait_for(first, b"paused at staged")
        second = subprocess.run(command(bundle, out, 2, 1), capture_output=True, text=True, timeout=60)
        first.send_signal(signal.SIGKILL)
    assert second.returncode == 2
    assert f"is being written by another rostering run (pid {first.pid})" in second.stderr
    assert "Traceback" not in second.stderr
    assert assert_old_or_new(out, previous, new) == "previous"
    next_run_completes(bundle, out, previous, new)
