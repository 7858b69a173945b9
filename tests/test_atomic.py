"""Atomic outputs: a failed or killed run never leaves half a file or half a folder, nor litter."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from rostering import atomic
from rostering.atomic import atomic_directory, lock_path, output_lock, write_text_atomic
from rostering.errors import OutputError

OLD = {"roster.csv": "old roster\n", "kpis.json": '{"old": 1}\n'}
NEW = {"roster.csv": "new roster\n", "kpis.json": '{"new": 1}\n', "unassigned.csv": "none\n"}


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def contents(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "roster"
    with atomic_directory(out) as stage:
        write(stage, OLD)
    (out / "notes.txt").write_text("my notes\n")  # the user's own file
    return out


def test_a_run_replaces_the_folder_whole_and_keeps_the_users_files(previous: Path) -> None:
    with atomic_directory(previous) as stage:
        write(stage, NEW)
    assert contents(previous) == {**NEW, "notes.txt": "my notes\n"}
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]  # no staging, old folder or lock


def test_a_failed_run_leaves_the_previous_folder_byte_identical(previous: Path) -> None:
    before = contents(previous)
    with pytest.raises(RuntimeError), atomic_directory(previous) as stage:
        write(stage, NEW)
        raise RuntimeError("solver died")
    assert contents(previous) == before
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]


def test_a_full_disk_is_an_output_error_and_changes_nothing(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(previous)

    def full(*_args: object, **_kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        pytest.raises(OutputError, match="No space left") as info,
        atomic_directory(previous) as stage,
    ):
        write(stage, {"roster.csv": "half"})
        monkeypatch.setattr(atomic, "_carry_over", full)
    assert "left as they were" in str(info.value)
    assert contents(previous) == before
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]


def test_an_output_path_naming_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "roster"
    target.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="exists and is not a folder"), atomic_directory(target):
        pass
    assert target.read_text() == "a file, not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["roster"]


def test_missing_parents_are_created_and_removed_again_when_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "roster"
    with pytest.raises(RuntimeError), atomic_directory(target):
        raise RuntimeError("bad input")
    assert list(tmp_path.iterdir()) == []
    with atomic_directory(target) as stage:
        write(stage, NEW)
    assert contents(target) == NEW


def test_a_symlinked_output_folder_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    write(real, OLD)
    (tmp_path / "link").symlink_to(real)
    with atomic_directory(tmp_path / "link") as stage:
        write(stage, NEW)
    assert (tmp_path / "link").is_symlink()
    assert contents(real) == NEW | {k: v for k, v in OLD.items() if k not in NEW}


def test_nested_folders_merge_with_the_users_files(previous: Path) -> None:
    write(previous, {"locality/extra.txt": "mine\n"})
    with atomic_directory(previous) as stage:
        write(stage, {"locality/roster.json": "{}\n"})
    assert contents(previous)["locality/extra.txt"] == "mine\n"
    assert contents(previous)["locality/roster.json"] == "{}\n"


def test_litter_of_a_killed_run_is_cleared_by_the_next(previous: Path) -> None:
    parent = previous.parent
    (parent / ".roster.staging-99999").mkdir()
    (parent / ".roster.staging-99999" / "roster.csv").write_text("half\n")
    (parent / ".roster.abc123.staging").mkdir()  # the former staging name
    with atomic_directory(previous) as stage:
        write(stage, NEW)
    assert [p.name for p in parent.iterdir()] == ["roster"]


def test_a_run_killed_between_the_renames_gets_its_previous_folder_back(previous: Path) -> None:
    before = contents(previous)
    old = previous.with_name(".roster.old-99999")
    previous.rename(old)  # the moment between `target -> old` and `staging -> target`
    with output_lock(previous):
        pass
    assert contents(previous) == before
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    target = tmp_path / "roster"
    with output_lock(target), atomic_directory(target) as stage:
        write(stage, NEW)
        assert lock_path(target).exists()
    assert not lock_path(target).exists()


@pytest.fixture
def other_process_holding(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from rostering.atomic import output_lock
        with output_lock(Path({str(tmp_path / "roster")!r})):
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield holder
        holder.kill()


def test_a_second_run_into_a_held_folder_fails_at_once_naming_the_holder(
    tmp_path: Path, other_process_holding: subprocess.Popen[str]
) -> None:
    busy = rf"another rostering run \(pid {other_process_holding.pid}\)"
    with pytest.raises(OutputError, match=busy), atomic_directory(tmp_path / "roster"):
        pass
    assert not (tmp_path / "roster").exists()


def test_a_killed_holders_lock_is_taken_over(
    tmp_path: Path, other_process_holding: subprocess.Popen[str]
) -> None:
    other_process_holding.kill()
    other_process_holding.wait()
    assert lock_path(tmp_path / "roster").exists()  # left behind by SIGKILL, but no longer locked
    with atomic_directory(tmp_path / "roster") as stage:
        write(stage, NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster"]


def test_an_interrupt_during_the_swap_waits_until_the_folder_is_whole(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(point: str) -> None:
        if point == "before-swap":
            # Raised in this (the main) thread: os.kill may land on another thread (numba, Dask) and
            # be handled only after the handlers are restored, which would test the timing, not the swap.
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(atomic, "_pause", interrupted)
    # Ctrl-C's own handler, whatever an earlier test left installed: this test failed in two of four
    # full runs and never alone, as if the handler it inherited did not raise.
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), atomic_directory(previous) as stage:
            write(stage, NEW)
    finally:
        signal.signal(signal.SIGINT, inherited if inherited is not None else signal.SIG_DFL)
    assert contents(previous) == {**NEW, "notes.txt": "my notes\n"}
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]


@pytest.mark.parametrize("point", atomic.PAUSE_POINTS)
def test_a_process_dying_at_any_point_leaves_old_or_new_whole(
    previous: Path, point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fork, let the child die (os._exit: no cleanup runs, as under SIGKILL) at `point` of the swap."""
    before = contents(previous)
    monkeypatch.setenv(atomic.PAUSE_ENV, point)  # selects the two-rename swap for "between-renames"
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        monkeypatch.setattr(atomic, "_pause", lambda at: os._exit(9) if at == point else None)
        with atomic_directory(previous) as stage:
            write(stage, NEW)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.WEXITSTATUS(status) == 9
    now = contents(previous) if previous.exists() else None
    assert now in (before, {**NEW, "notes.txt": "my notes\n"}) or (point == "between-renames" and now is None)
    monkeypatch.delenv(atomic.PAUSE_ENV)
    with output_lock(previous):  # what the next run does first
        pass
    assert contents(previous) in (before, {**NEW, "notes.txt": "my notes\n"})
    assert [p.name for p in previous.parent.iterdir()] == ["roster"]


def test_write_text_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "kpis.json"
    write_text_atomic(target, json.dumps({"x": 1}))
    write_text_atomic(target, json.dumps({"x": 2}))
    assert json.loads(target.read_text()) == {"x": 2}
    assert sorted(p.name for p in target.parent.iterdir()) == ["kpis.json"]


def test_write_text_atomic_clears_temporaries_of_dead_processes(tmp_path: Path) -> None:
    (tmp_path / ".kpis.json.99999999.123.tmp").write_text("half")
    (tmp_path / f".kpis.json.{os.getpid()}.1.tmp").write_text("mine, in progress")
    write_text_atomic(tmp_path / "kpis.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".kpis.json.{os.getpid()}.1.tmp", "kpis.json"]


def test_write_text_atomic_on_a_read_only_folder_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kpis.json").write_text("old")

    def read_only(*_args: object, **_kw: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "fsync", read_only)
    with pytest.raises(OutputError, match=r"cannot write .*kpis\.json: Read-only file system; it was left"):
        write_text_atomic(tmp_path / "kpis.json", "new")
    assert (tmp_path / "kpis.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.json"]
