"""The export folder: golden bytes per writer, format selection, atomic writes, stale calendars removed.

The golden files in tests/golden/tiny_export/ (and tiny_export_pseudonymised/, with the test key below)
were written from `long_day_roster(with_break=True)` and read by eye against tests/golden/tiny_rosters.py.
To regenerate after a deliberate format change: `ROSTERING_UPDATE_GOLDEN=1 pytest tests/io/test_export.py`,
then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rostering.errors import OutputError
from rostering.evaluation.kpis import compute_kpis
from rostering.io.export import ExportOptions, export_files, write_export
from rostering.io.pseudonymise import Pseudonymiser
from rostering.io.roster_csv import roster_csv_text, unassigned_csv_text
from rostering.io.roster_json import roster_json_text
from tests.conftest import REPO, line_matrices
from tests.golden.tiny_rosters import long_day_problem, long_day_roster

PROBLEM = long_day_problem()
MATRICES = line_matrices(PROBLEM)
ROSTER = long_day_roster(with_break=True)
TEST_KEY = b"a test key that is long enough, never a real one"
GOLDEN_FILES = ("ics/K1.ics", "ics/K2.ics", "ics/K3.ics", "routes.geojson")


def check_golden(folder: str, files: dict[str, bytes], names: tuple[str, ...]) -> None:
    golden = REPO / "tests" / "golden" / folder
    if os.environ.get("ROSTERING_UPDATE_GOLDEN"):
        for name in names:
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_bytes(files[name])
    for name in names:
        assert files[name] == (golden / name).read_bytes(), name


def test_calendars_and_geojson_match_the_golden_files() -> None:
    files = export_files(PROBLEM, MATRICES, ROSTER, ExportOptions())
    check_golden("tiny_export", files, GOLDEN_FILES)


def test_the_pseudonymised_export_matches_its_golden_files() -> None:
    files = export_files(PROBLEM, MATRICES, ROSTER, ExportOptions(pseudonymiser=Pseudonymiser(TEST_KEY)))
    names = tuple(sorted(files))
    assert len([n for n in names if n.startswith("ics/")]) == 3
    check_golden("tiny_export_pseudonymised", files, names)


def test_csv_and_json_are_the_roster_folder_files() -> None:
    files = export_files(PROBLEM, MATRICES, ROSTER, ExportOptions(formats=("csv", "json")))
    assert sorted(files) == ["kpis.json", "roster.csv", "roster.json", "teams.csv", "unassigned.csv"]
    assert files["roster.json"] == roster_json_text(ROSTER, "Europe/London").encode()
    assert files["roster.csv"] == roster_csv_text(PROBLEM, ROSTER).encode()
    assert files["unassigned.csv"] == unassigned_csv_text(PROBLEM, ROSTER).encode()
    assert files["kpis.json"] == compute_kpis(PROBLEM, MATRICES, ROSTER).to_json().encode()


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        (("ics",), ["ics/K1.ics", "ics/K2.ics", "ics/K3.ics"]),
        (("geojson",), ["routes.geojson"]),
        (("geojson", "csv"), ["roster.csv", "routes.geojson", "teams.csv", "unassigned.csv"]),
    ],
)
def test_only_the_chosen_formats_are_written(formats: tuple[str, ...], expected: list[str]) -> None:
    assert sorted(export_files(PROBLEM, MATRICES, ROSTER, ExportOptions(formats=formats))) == expected


def test_write_export_replaces_calendars_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "export"
    (out / "ics").mkdir(parents=True)
    (out / "ics" / "K9.ics").write_bytes(b"a carer who has left")
    (out / "notes.txt").write_text("ops notes", encoding="utf-8")
    files = export_files(PROBLEM, MATRICES, ROSTER, ExportOptions())
    write_export(out, files)
    assert sorted(p.name for p in (out / "ics").iterdir()) == ["K1.ics", "K2.ics", "K3.ics"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "ops notes"
    assert {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} == {*files, "notes.txt"}


def test_a_failed_export_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "export"
    write_export(out, export_files(PROBLEM, MATRICES, ROSTER, ExportOptions()))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # The second file cannot be written (its folder would be a file): the first must not land either.
    with pytest.raises(OutputError, match="left as they were"):
        write_export(out, {"ics/K1.ics": b"half an export", "ics/K1.ics/x": b""})
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]  # no staging folder left


def test_a_pseudonymised_baseline_cancels_under_the_pseudonyms() -> None:
    """The baseline is pseudonymised with the same key, so UIDs match the ones published before."""
    dropped = ROSTER.model_copy(
        update={
            "assignments": tuple(a for a in ROSTER.assignments if a.visit_id != "V2"),
            "routes": tuple(r for r in ROSTER.routes if r.carer_id != "K3"),
        }
    )
    p = Pseudonymiser(TEST_KEY)
    files = export_files(
        PROBLEM, MATRICES, dropped, ExportOptions(formats=("ics",), baseline=ROSTER, pseudonymiser=p)
    )
    k3 = files[f"ics/{p.pseudonym('carer', 'K3')}.ics"].decode().replace("\r\n ", "")
    uid = f"visit-{p.pseudonym('visit', 'V2')}+{p.pseudonym('carer', 'K3')}@tiny"
    assert f"UID:{uid}\r\n" in k3 and "STATUS:CANCELLED" in k3 and "SEQUENCE:1" in k3
    assert not any(i in k3 for i in ("K3", "V2", "C2"))
