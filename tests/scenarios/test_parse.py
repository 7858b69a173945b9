"""Scenario files: every problem in the file itself located at its line (file:line:key), all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.errors import InputError
from rostering.scenarios import load_scenario
from rostering.scenarios.parse import key_line
from tests.scenario_day import write_scenario


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return [str(i).removeprefix(f"{path}:") for i in caught.value.issues]


def test_a_minimal_file_has_the_documented_defaults(folder: Path) -> None:
    spec = load_scenario(write_scenario(folder, "")).spec
    assert (spec.providers.policy, spec.windows.policy, spec.solve.solver) == (
        "status-quo",
        "outcome",
        "locality",
    )
    assert (spec.solve.seeds, spec.solve.continuity_weight, spec.seed, spec.zones) == ((1,), 1.0, 0, None)


def test_unknown_keys_wrong_types_and_ranges_are_located(folder: Path) -> None:
    body = """
[providers]
policy = "max-providers"
max_per_zon = 2
specialist = { provider = "B", skillz = ["dementia"] }

[workforce]
in_house_share = 1.5
add_carers = { provider = "A", count = "four" }

[windows]
policy = "width"
"""
    assert problems(write_scenario(folder, body)) == [
        "6:providers.max_per_zon: unknown key 'max_per_zon'; did you mean 'max_per_zone'?",
        "7:providers.specialist.skills: missing required key 'skills'",
        "7:providers.specialist.skillz: unknown key 'skillz'; did you mean 'skills'?",
        "10:workforce.in_house_share: Input should be less than or equal to 1 (got 1.5)",
        "11:workforce.add_carers.count: Input should be a valid integer, unable to parse string as an integer"
        " (got 'four')",
        '13:windows: policy = "width" needs width_min',
    ]


def test_a_share_below_zero_and_an_unknown_policy(folder: Path) -> None:
    body = '[workforce]\nin_house_share_change = -1.2\n[providers]\npolicy = "one-per-zone"\n'
    found = problems(write_scenario(folder, body))
    assert (
        found[0]
        == "4:workforce.in_house_share_change: Input should be greater than or equal to -1 (got -1.2)"
    )
    assert found[1].startswith("6:providers.policy: Input should be 'status-quo', 'pooled', ")


def test_a_misspelt_top_level_key_lists_the_known_ones(folder: Path) -> None:
    (found,) = problems(write_scenario(folder, "[zoness]\ncount = 3\n"))
    assert found.startswith("3:zoness: unknown key 'zoness'; did you mean 'zones'?")


def test_keys_that_go_together(folder: Path) -> None:
    body = '[providers]\npolicy = "single-provider"\n[rates]\nrural_uplift = 0.15\n'
    assert problems(write_scenario(folder, body)) == [
        "4:providers.policy: policy 'single-provider' divides the locality: add [zones]",
        "6:rates.rural_uplift: rural_uplift applies in rural zones: add [zones]",
    ]
    body = '[zones]\nmethod = "kmeans"\n'
    assert problems(write_scenario(folder, body)) == [
        '3:zones: method = "kmeans" needs count (how many zones)'
    ]


def test_missing_base_zones_file_and_params_are_located(folder: Path) -> None:
    path = folder / "s.toml"
    path.write_text(
        'name = "s"\nbase = "nowhere"\n[zones]\nfile = "missing.geojson"\n[solve]\nparams = "no.toml"\n'
    )
    assert problems(path) == [
        "2:base: no bundle at nowhere (no locality.toml there)",
        "4:zones.file: zones file missing.geojson not found",
        "6:solve.params: engine parameters no.toml not found",
    ]


def test_malformed_toml_and_a_missing_file(folder: Path) -> None:
    assert problems(write_scenario(folder, "[windows\n"))[0].startswith("3: malformed TOML")
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenario(folder / "absent.toml")


def test_a_name_must_be_usable_as_a_folder(folder: Path) -> None:
    (found,) = problems(write_scenario(folder, "", name="../escape"))
    assert found.startswith("1:name: String should match pattern")


def test_key_line_finds_tables_arrays_dotted_and_inline_keys() -> None:
    lines = [
        'name = "x"',  # 1
        "zones.count = 3",  # 2
        "[providers]",  # 3
        'specialist = { provider = "B", skills = ["dementia"] }',  # 4
        "[[workforce.add_carers]]",  # 5
        'provider = "A"',  # 6
        "[solve]",  # 7
    ]
    assert key_line(lines, ["zones", "count"]) == 2
    assert key_line(lines, ["providers", "specialist", "skills"]) == 4
    assert key_line(lines, ["providers", "policy"]) == 3  # not set: its table
    assert key_line(lines, ["workforce", "add_carers", "provider"]) == 6
    assert key_line(lines, ["solve", "seeds"]) == 7
    assert key_line(lines, ["rates"]) == 1
