"""Workforce changes on the tiny base: four carers of 6 shift hours each, in-house share 12 / 24 = 50%."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rostering.errors import InputError
from rostering.scenarios import Materialised, load_scenario, materialise
from rostering.scenarios.workforce import in_house_share
from rostering.travel.store import load_matrix, matrix_path, save_matrix
from tests.conftest import line_matrices
from tests.scenario_day import base_problem, write_scenario


def made(folder: Path, body: str, seed: int | None = None) -> Materialised:
    return materialise(load_scenario(write_scenario(folder, body)), seed)


def test_a_share_of_three_quarters_moves_one_agency_carer_in_house(folder: Path) -> None:
    m = made(folder, "[workforce]\nin_house_share = 0.75\n")
    employers = {c.carer_id: c.provider_id for c in m.problem.carers}
    assert sorted(employers.values()) == ["A", "A", "A", "B"]
    assert in_house_share(m.problem) == 0.75
    assert (
        "in-house share of carer hours 50.0% -> 75.0% (target 75.0%): 1 carer(s) moved (B->A 1)"
        in m.describe()
    )


def test_a_change_of_points_is_relative_to_the_base_share(folder: Path) -> None:
    m = made(folder, "[workforce]\nin_house_share_change = -0.25\n")
    assert in_house_share(m.problem) == 0.25


def test_packages_follow_their_regular_carer(folder: Path) -> None:
    # Share 0: A1 and A2 both move to B. A2 is W2's regular carer (history), so W2's package moves too;
    # W1 has no regular carer and stays with A (which now has nobody).
    m = made(folder, "[workforce]\nin_house_share = 0\n")
    assert {c.carer_id: c.provider_id for c in m.problem.carers} == {
        "A1": "B",
        "A2": "B",
        "B1": "B",
        "B2": "B",
    }
    assert {c.client_id: c.provider_id for c in m.problem.clients} == {
        "W1": "A",
        "W2": "B",
        "E1": "B",
        "E2": "B",
    }
    assert "2 carer(s) moved (A->B 2); 1 package(s) moved with their regular carer" in m.describe()


def test_which_carers_move_depends_on_the_seed_only(folder: Path) -> None:
    picks = {
        seed: tuple(
            c.carer_id
            for c in made(folder, "[workforce]\nin_house_share = 0.75\n", seed).problem.carers
            if c.provider_id == "A"
        )
        for seed in range(8)
    }
    assert len(set(picks.values())) == 2  # B1 or B2, by the seed
    assert picks[3] == tuple(
        c.carer_id
        for c in made(folder, "[workforce]\nin_house_share = 0.75\n", 3).problem.carers
        if c.provider_id == "A"
    )


def test_added_carers_copy_their_template_and_live_in_their_zone(folder: Path) -> None:
    body = (
        '[zones]\nfile = "zones.geojson"\n'
        '[workforce]\nadd_carers = { provider = "A", count = 2, zone = "east", like = "B2" }\n'
    )
    m = made(folder, body)
    new = [c for c in m.problem.carers if c.carer_id.startswith("A-NEW")]
    assert [c.carer_id for c in new] == ["A-NEW01", "A-NEW02"]
    assert {(c.provider_id, c.skills, c.lon) for c in new} <= {
        ("A", ("dementia",), -2.62),
        ("A", ("dementia",), -2.61),
    }
    shifts = [
        (s.carer_id, s.start_min, s.end_min) for s in m.problem.shifts if s.carer_id.startswith("A-NEW")
    ]
    assert shifts == [("A-NEW01", 480, 840), ("A-NEW02", 480, 840)]


def test_stored_matrices_gain_exact_rows_for_added_carers(folder: Path) -> None:
    base = base_problem()
    drive = line_matrices(base)["drive"]
    save_matrix(matrix_path(folder / "base", "drive"), drive)
    m = made(folder, '[workforce]\nadd_carers = { provider = "B", count = 1, like = "B1" }\n')
    m.write(folder / "out")
    written = load_matrix(matrix_path(folder / "out", "drive"))
    new, old = written.index("carer:B-NEW01"), drive.index("carer:B1")
    client = drive.index("client:E1")
    assert written.seconds[new, written.index("client:E1")] == drive.seconds[old, client]
    assert np.array_equal(written.metres[new], written.metres[written.index("carer:B1")])


def test_workforce_references_are_checked(folder: Path) -> None:
    body = '[workforce]\nadd_carers = { provider = "C", count = 1, like = "Z9", skills = ["flying"] }\n'
    with pytest.raises(InputError) as caught:
        made(folder, body)
    assert [str(i).split(":", 1)[1] for i in caught.value.issues] == [
        "4:workforce.add_carers.provider: unknown provider 'C' (the bundle has: A, B)",
        "4:workforce.add_carers.skills: unknown skill 'flying' (the bundle has: dementia, medication, "
        "moving_and_handling, peg_feeding)",
        "4:workforce.add_carers.like: unknown carer 'Z9' (the bundle has: A1, A2, B1, B2)",
    ]
