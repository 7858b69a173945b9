"""Provider policies on the tiny base (tests/scenarios/conftest.py), each result checkable by hand.

Packages: W1, W2 with A (west); E1 with B and E2 inferred to B (nearest carer B2) (east). Visit minutes
held per zone: west A 60, east B 60.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.errors import InputError
from rostering.scenarios import load_scenario, materialise
from tests.scenario_day import write_scenario

ZONED = '[zones]\nfile = "zones.geojson"\n'


def allowed(folder: Path, body: str) -> dict[str, tuple[str, ...]]:
    made = materialise(load_scenario(write_scenario(folder, body)))
    return {c.client_id: c.allowed_providers for c in made.problem.clients}


def holders(folder: Path, body: str) -> dict[str, str | None]:
    made = materialise(load_scenario(write_scenario(folder, body)))
    return {c.client_id: c.provider_id for c in made.problem.clients}


def test_status_quo_keeps_each_client_with_its_package_holder_inferred_where_empty(folder: Path) -> None:
    assert allowed(folder, "") == {"W1": ("A",), "W2": ("A",), "E1": ("B",), "E2": ("B",)}
    assert holders(folder, "")["E2"] == "B"


def test_pooled_lets_anyone_visit(folder: Path) -> None:
    assert set(allowed(folder, '[providers]\npolicy = "pooled"\n').values()) == {()}


def test_single_provider_gives_each_zone_its_main_holder(folder: Path) -> None:
    body = ZONED + '[providers]\npolicy = "single-provider"\n'
    assert allowed(folder, body) == {"W1": ("A",), "W2": ("A",), "E1": ("B",), "E2": ("B",)}


def test_single_provider_with_a_zone_named_moves_the_packages(folder: Path) -> None:
    # west is given to B; A is left the only provider for east (each provider holds at most one zone).
    body = ZONED + '[providers]\npolicy = "single-provider"\nzone_providers = { west = ["B"] }\n'
    assert allowed(folder, body) == {"W1": ("B",), "W2": ("B",), "E1": ("A",), "E2": ("A",)}
    assert holders(folder, body) == {"W1": "B", "W2": "B", "E1": "A", "E2": "A"}
    made = materialise(load_scenario(write_scenario(folder, body)))
    assert "policy: 4 package(s) change provider" in made.describe()


def test_max_providers_keeps_at_most_the_top_holders_of_each_zone(folder: Path) -> None:
    body = ZONED + '[providers]\npolicy = "max-providers"\nmax_per_zone = 1\n'
    assert allowed(folder, body) == {"W1": ("A",), "W2": ("A",), "E1": ("B",), "E2": ("B",)}
    body = (
        ZONED
        + '[providers]\npolicy = "max-providers"\nmax_per_zone = 2\nzone_providers = { west = ["A", "B"] }\n'
    )
    assert allowed(folder, body)["W1"] == ("A", "B")


def test_main_plus_specialist_sends_specialist_clients_to_the_specialist(folder: Path) -> None:
    # A is the only non-specialist, so it is main in both zones; E2's visit needs dementia: B holds it.
    body = (
        ZONED
        + '[providers]\npolicy = "main-plus-specialist"\n'
        + 'specialist = { provider = "B", skills = ["dementia"] }\n'
    )
    assert allowed(folder, body) == {"W1": ("A",), "W2": ("A",), "E1": ("A",), "E2": ("B",)}
    assert holders(folder, body) == {"W1": "A", "W2": "A", "E1": "A", "E2": "B"}


def test_bad_references_are_located_in_the_scenario_file(folder: Path) -> None:
    body = ZONED + (
        'rural = ["north"]\n'  # line 5
        "[providers]\n"
        'policy = "single-provider"\n'
        'zone_providers = { west = ["A", "B"], east = ["Z"] }\n'  # line 8
    )
    with pytest.raises(InputError) as caught:
        materialise(load_scenario(write_scenario(folder, body)))
    found = [str(i).split(":", 1)[1] for i in caught.value.issues]
    assert found == ["8:providers.zone_providers.east: unknown provider 'Z' (the bundle has: A, B)"]
    body = body.replace('"Z"', '"B"')
    with pytest.raises(InputError) as caught:
        materialise(load_scenario(write_scenario(folder, body)))
    found = [str(i).split(":", 1)[1] for i in caught.value.issues]
    assert found == [
        "5:zones.rural: unknown zone 'north' (the zones are: east, west)",
        "8:providers.zone_providers.west: single-provider gives zone 'west' one provider, not 2",
    ]
