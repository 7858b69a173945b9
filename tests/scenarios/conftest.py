"""The `folder` fixture: a tmp folder holding the tiny base bundle (tests/scenario_day.py) and its zones."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario_day import make_scenario_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """tmp_path with base/ (the bundle) and zones.geojson in it."""
    return make_scenario_folder(tmp_path)
