"""docs/api.md's examples run as written, on the shipped north-berwick sample."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

API_DOC = REPO / "docs" / "api.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.slow
def test_the_api_page_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(API_DOC.read_text(encoding="utf-8"))
    assert blocks, "docs/api.md has no python example"
    # The example's paths are relative to the checkout; its outputs land in a scratch folder.
    (tmp_path / "data").symlink_to(REPO / "data")
    (tmp_path / "configs").symlink_to(REPO / "configs")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(API_DOC), "exec"), scope)
    result = scope["result"]
    assert result.violations == ()  # type: ignore[attr-defined]
    assert sorted(p.name for p in (tmp_path / "out" / "nb").iterdir()) == [
        "kpis.json",
        "roster.csv",
        "roster.json",
        "teams.csv",
        "unassigned.csv",
    ]
