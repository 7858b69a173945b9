"""Atomic outputs: a failed run never leaves half a file or half a folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rostering.atomic import atomic_directory, write_text_atomic


def test_atomic_directory_keeps_the_old_output_when_the_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "roster"
    with atomic_directory(out) as stage:
        (stage / "roster.csv").write_text("good\n")
    with pytest.raises(RuntimeError), atomic_directory(out) as stage:
        (stage / "roster.csv").write_text("half")
        raise RuntimeError("solver died")
    assert (out / "roster.csv").read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["roster"]  # no staging folder left behind


def test_write_text_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "kpis.json"
    write_text_atomic(target, json.dumps({"x": 1}))
    write_text_atomic(target, json.dumps({"x": 2}))
    assert json.loads(target.read_text()) == {"x": 2}
    assert sorted(p.name for p in target.parent.iterdir()) == ["kpis.json"]
