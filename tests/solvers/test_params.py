"""SolveParams: an empty TOML is the defaults, configs/default.toml lists them, bad keys are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.errors import InputError
from rostering.solvers.params import COST_UNITS_PER_GBP, SolveParams, cost_units
from tests.conftest import REPO

CONFIGS = REPO / "configs"


def test_empty_toml_equals_the_defaults(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert SolveParams.from_toml(empty) == SolveParams()
    assert SolveParams.from_toml(None) == SolveParams()


def test_default_toml_lists_the_defaults() -> None:
    # configs/default.toml documents every weight; it must not drift from the code's defaults.
    assert SolveParams.from_toml(CONFIGS / "default.toml") == SolveParams()
    text = (CONFIGS / "default.toml").read_text(encoding="utf-8")
    for section in SolveParams.model_fields:
        assert f"[{section}]" in text
        for key in type(getattr(SolveParams(), section)).model_fields:
            assert f"\n{key} = " in text, f"{section}.{key} missing from default.toml"


def test_a_partial_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[continuity]\nunfamiliar_visit_gbp = 9.5\n[search]\nfirst_solution = "PARALLEL_SAVINGS"\n'
    )
    params = SolveParams.from_toml(path)
    assert params.continuity.unfamiliar_visit_gbp == 9.5
    assert params.search.first_solution == "PARALLEL_SAVINGS"
    assert params.cost == SolveParams().cost


def test_unknown_keys_are_rejected_with_their_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[continuity]\nunfamiliar_visit = 3.0\n")
    with pytest.raises(InputError) as err:
        SolveParams.from_toml(path)
    (issue,) = err.value.issues
    assert issue.where.file == str(path)
    assert issue.where.column == "continuity.unfamiliar_visit"
    assert "extra" in issue.message.lower() or "not permitted" in issue.message.lower()


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ('[search]\nfirst_solution = "FASTEST"\n', "search.first_solution"),
        ('[search]\ndisable_operators = ["teleport"]\n', "search.disable_operators"),
        ("[punctuality]\nper_minute_gbp = -1\n", "punctuality.per_minute_gbp"),
        ("[unassigned]\nper_visit_gbp = [1.0, 2.0]\n", "unassigned.per_visit_gbp"),
    ],
)
def test_invalid_values_are_rejected(tmp_path: Path, text: str, column: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        SolveParams.from_toml(path)
    assert any(i.where.column is not None and i.where.column.startswith(column) for i in err.value.issues)


def test_malformed_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[search\n")
    with pytest.raises(InputError, match="not valid TOML"):
        SolveParams.from_toml(bad)
    with pytest.raises(InputError, match="not found"):
        SolveParams.from_toml(tmp_path / "missing.toml")


def test_presets() -> None:
    textbook = SolveParams.textbook()
    assert textbook.search.first_solution == "PATH_CHEAPEST_ARC"
    assert not textbook.search.ruin_recreate
    distance = SolveParams.distance_only(distance_per_km_gbp=2.0)
    assert distance.cost.distance_per_km_gbp == 2.0
    assert distance.cost.wages == 0 and distance.punctuality.per_minute_gbp == 0
    assert distance.continuity.unfamiliar_visit_gbp == 0


def test_cost_units_are_hundredths_of_a_penny() -> None:
    assert COST_UNITS_PER_GBP == 10_000
    assert cost_units(0.28) == 2_800  # 28 p
    assert cost_units(30 / 60) == 5_000  # GBP 30 an hour, per minute
