"""Fixtures of the CLI tests of scenario commands: the tiny scenario base (tests/scenario_day.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario_day import make_scenario_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """tmp_path with the tiny scenario base bundle (base/) and its zones.geojson."""
    return make_scenario_folder(tmp_path)
