"""A materialised scenario is a bundle: deterministic bytes, it validates, and `check` enforces its policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rostering import pipeline
from rostering.errors import InputError
from rostering.evaluation.validate import validate
from rostering.io.bundle import read_bundle
from rostering.scenarios import load_scenario, materialise
from tests.scenario_day import write_scenario

ZONED = '[zones]\nfile = "zones.geojson"\n'
EVERYTHING = ZONED + (
    '[providers]\npolicy = "single-provider"\nzone_providers = { west = ["B"] }\n'
    "[workforce]\nin_house_share = 0.75\n"
    'add_carers = { provider = "A", count = 1, zone = "east" }\n'
    "[rates]\nrural_uplift = 0.15\n"
    '[windows]\npolicy = "time-and-task"\n'
)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_same_file_and_seed_give_byte_identical_bundles(folder: Path) -> None:
    scenario = load_scenario(write_scenario(folder, EVERYTHING))
    materialise(scenario).write(folder / "one")
    materialise(load_scenario(scenario.path)).write(folder / "two")
    assert files(folder / "one") == files(folder / "two")
    materialise(scenario, seed=5).write(folder / "three")
    assert set(files(folder / "three")) == set(files(folder / "one"))


def test_the_bundle_validates_and_records_zones_policy_and_the_changes(folder: Path) -> None:
    made = materialise(load_scenario(write_scenario(folder, EVERYTHING)))
    out = made.write(folder / "out")
    problem, _warnings = read_bundle(out)
    assert problem == made.problem.replace(locality=problem.locality)
    assert {c.client_id: (c.zone, c.allowed_providers) for c in problem.clients} == {
        "W1": ("west", ("B",)),
        "W2": ("west", ("B",)),
        "E1": ("east", ("A",)),
        "E2": ("east", ("A",)),
    }
    record = json.loads((out / "scenario.json").read_text())
    assert record["zones"] == {"source": "zones.geojson", "names": ["west", "east"], "rural": ["east"]}
    assert [c["section"] for c in record["changes"]] == [
        "dates",
        "zones",
        "providers",
        "workforce",
        "workforce",
        "policy",
        "policy",
        "rates",
        "windows",
    ]
    geo = json.loads((out / "zones.geojson").read_text())
    assert [(f["properties"]["zone"], f["properties"]["rural"]) for f in geo["features"]] == [
        ("west", False),
        ("east", True),
    ]
    assert (out / "scenario.md").read_text().startswith("# Scenario s\n\n- base: base (seed 0)\n")


def test_an_empty_provider_id_is_inferred_written_and_said(folder: Path) -> None:
    made = materialise(load_scenario(write_scenario(folder, "")))
    assert (
        "providers: 1 client(s) have no provider_id in clients.csv; their packages were given 1 by "
        "nearest_carer (B 1)" in made.describe()
    )
    out = made.write(folder / "out")
    assert "E2,56,-2.61,any,,,B" in (out / "clients.csv").read_text()


def test_a_roster_of_the_base_breaks_the_policy_of_the_scenario(folder: Path) -> None:
    # The base's own roster sends A's carers west and B's east; the scenario gives west to B only.
    base_roster = pipeline.solve(folder / "base", work_limit=20, seed=1)
    assert base_roster.valid
    made = materialise(
        load_scenario(write_scenario(folder, EVERYTHING.replace("in_house_share = 0.75\n", "")))
    )
    problem, _ = read_bundle(made.write(folder / "out"))
    found = validate(problem, base_roster.matrices, base_roster.roster.model_copy(update={"unassigned": ()}))
    policy = [v for v in found if v.code == "ineligible_carer"]
    assert {v.visit_id for v in policy} == {"V-W1", "V-W2", "V-E1", "V-E2"}
    assert "the provider policy lets only B visit client W1; the carer works for A" in {
        v.message for v in policy
    }


def test_a_roster_of_the_scenario_keeps_its_policy(folder: Path) -> None:
    made = materialise(load_scenario(write_scenario(folder, EVERYTHING)))
    result = pipeline.solve(made.write(folder / "out"), work_limit=20, seed=1)
    assert result.valid
    problem = result.problem
    for a in result.roster.assignments:
        client = problem.client_by_id[problem.visit_by_id[a.visit_id].client_id]
        assert problem.carer_by_id[a.carer_id].provider_id in client.allowed_providers


def test_dates_restrict_the_bundle_and_an_unknown_date_is_located(folder: Path) -> None:
    made = materialise(load_scenario(write_scenario(folder, 'dates = ["2026-11-24"]\n')))
    assert "dates: 2026-11-24: 1 of the base bundle's 1 day(s), 4 visits" in made.describe()
    with pytest.raises(
        InputError, match=r"s.toml:3:dates: the base bundle has no visits or shifts on 2026-12-25"
    ):
        materialise(load_scenario(write_scenario(folder, 'dates = ["2026-12-25"]\n')))


def test_rewriting_without_zones_removes_the_old_zone_file(folder: Path) -> None:
    materialise(load_scenario(write_scenario(folder, ZONED))).write(folder / "out")
    assert (folder / "out" / "zones.geojson").is_file()
    materialise(load_scenario(write_scenario(folder, ""))).write(folder / "out")
    assert not (folder / "out" / "zones.geojson").exists()
    assert read_bundle(folder / "out")[0].zones == ()


@pytest.mark.parametrize("solver", ["time-and-task", "time-and-task-optimised"])
def test_the_baselines_keep_a_scenarios_policy(folder: Path, solver: str) -> None:
    # West is given to B and east to A: the baselines hold each package where the policy puts it.
    made = materialise(
        load_scenario(write_scenario(folder, EVERYTHING.replace("in_house_share = 0.75\n", "")))
    )
    result = pipeline.solve(made.write(folder / "out"), solver=solver, work_limit=20, seed=1)
    assert result.valid
    served = {
        (a.visit_id, result.problem.carer_by_id[a.carer_id].provider_id) for a in result.roster.assignments
    }
    # V-E2 needs dementia skills, which only B2 has, and east is A's: it stays unmet.
    assert served == {("V-W1", "B"), ("V-W2", "B"), ("V-E1", "A")}
    assert [(u.visit_id, u.reason) for u in result.unassigned] == [("V-E2", "no_eligible_carer")]
