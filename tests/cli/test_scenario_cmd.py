"""`rostering scenario show|materialise`: the changes in words, a bundle that validates, exit 2 if bad."""

from __future__ import annotations

from pathlib import Path

from tests.scenario_day import feature, geojson, invoke, square, write_scenario

BODY = (
    '[zones]\nfile = "zones.geojson"\n'
    '[providers]\npolicy = "single-provider"\n'
    '[windows]\npolicy = "time-and-task"\n'
)


def test_show_prints_the_changes_in_words(folder: Path) -> None:
    code, out, _ = invoke("scenario", "show", str(write_scenario(folder, BODY)))
    assert code == 0
    assert out.splitlines()[:2] == ["Scenario s", "base: base (seed 0)"]
    assert "zones: 2 from zones.geojson: west 2 clients, east 2 clients (rural)" in out
    assert "policy: single-provider: west -> A; east -> B" in out
    assert (
        "windows: time-and-task: requested_start +/- 15 min within the commissioned window: "
        "narrowed by 30 min" in out
    )


def test_materialise_writes_a_bundle_that_validates(folder: Path) -> None:
    target = folder / "made"
    code, out, _ = invoke("scenario", "materialise", str(write_scenario(folder, BODY)), "--out", str(target))
    assert code == 0
    assert f"Bundle written to {target}" in out
    code, out, _ = invoke("validate", str(target))
    assert code == 0, out
    assert "allowed_providers" in (target / "clients.csv").read_text().splitlines()[0]


def test_a_bad_scenario_exits_2_with_located_messages_and_no_traceback(folder: Path) -> None:
    path = write_scenario(
        folder, '[zones]\nfile = "zones.geojson"\nrural = ["north"]\n[providers]\npolicy = "pooled"\n'
    )
    code, out, err = invoke("scenario", "materialise", str(path), "--out", str(folder / "made"))
    assert code == 2
    assert f"{path}:5:zones.rural: unknown zone 'north' (the zones are: east, west)" in err
    assert "Traceback" not in err + out
    assert not (folder / "made").exists()


def test_zones_that_overlap_exit_2_at_the_feature(folder: Path) -> None:
    overlapping = geojson(feature("west", square(-2.9, -2.7)), feature("east", square(-2.75, -2.5)))
    (folder / "zones.geojson").write_text(overlapping)
    code, _, err = invoke("scenario", "show", str(write_scenario(folder, BODY)))
    assert code == 2
    assert "zones.geojson:features[1]: zone 'east' overlaps zone 'west' (features[0])" in err
