"""The example scenarios (configs/scenarios/north-berwick/): each materialises into a bundle that reads
back, and rosters validly with a short work limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering import pipeline
from rostering.io.bundle import read_bundle
from rostering.scenarios import load_scenario, materialise
from tests.conftest import REPO

EXAMPLES = sorted((REPO / "configs" / "scenarios" / "north-berwick").glob("*.toml"))


def test_the_examples_cover_the_issue() -> None:
    assert {p.stem for p in EXAMPLES} >= {
        "status-quo",
        "pooled",
        "single-provider",
        "main-plus-specialist",
        "max-2-providers",
        "in-house-plus-20",
        "outcome-windows",
    }


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_an_example_materialises_and_rosters(path: Path, tmp_path: Path) -> None:
    made = materialise(load_scenario(path))
    assert made.name == path.stem
    problem, _warnings = read_bundle(made.write(tmp_path / path.stem))
    result = pipeline.solve(tmp_path / path.stem, work_limit=1, seed=1)
    assert result.valid, result.violations[:3]
    assert result.kpis["visits_total"] == len(problem.visits) == 612
