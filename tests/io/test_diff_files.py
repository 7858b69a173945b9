"""diff.csv, calls.csv and diff.md: golden files byte for byte, and written together into one folder.

The golden files in tests/golden/roster_diff/ were written from the edits of tests/io/test_diff.py (every
status once) and read by eye. To regenerate after a deliberate format change:
`ROSTERING_UPDATE_GOLDEN=1 pytest tests/io/test_diff_files.py`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rostering.io.diff_files import CALLS_CSV, DIFF_CSV, DIFF_MD, write_diff_dir
from tests.conftest import REPO
from tests.io.test_diff import diff_of, edited_roster, old_roster

GOLDEN = REPO / "tests" / "golden" / "roster_diff"


@pytest.mark.parametrize("name", [DIFF_CSV, CALLS_CSV, DIFF_MD])
def test_written_files_match_the_golden_files_byte_for_byte(tmp_path: Path, name: str) -> None:
    write_diff_dir(tmp_path / "diff", diff_of(old_roster(), edited_roster()))
    written = (tmp_path / "diff" / name).read_bytes()
    if os.environ.get("ROSTERING_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_bytes(written)
    assert written == (GOLDEN / name).read_bytes()


def test_other_files_in_the_folder_are_kept(tmp_path: Path) -> None:
    # `--out` may be the new roster's own folder: the diff must not disturb it.
    out = tmp_path / "roster"
    out.mkdir()
    (out / "roster.json").write_text("{}", encoding="utf-8")
    write_diff_dir(out, diff_of(old_roster(), old_roster()))
    assert sorted(p.name for p in out.iterdir()) == sorted(["roster.json", DIFF_CSV, CALLS_CSV, DIFF_MD])
