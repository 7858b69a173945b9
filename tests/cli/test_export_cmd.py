"""`rostering export ROSTER_DIR --bundle BUNDLE --out DIR`: exit 0 written, 1 violations, 2 bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from rostering.cli import app
from tests.cli.test_check_cmd import make_bundle, make_roster_dir
from tests.golden.tiny_rosters import checked_problem, valid_roster, with_visit_at

runner = CliRunner()
ALL_FILES = {
    "ics/K1.ics",
    "ics/K2.ics",
    "ics/K3.ics",
    "routes.geojson",
    "roster.csv",
    "unassigned.csv",
    "teams.csv",
    "roster.json",
    "kpis.json",
}


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    return make_bundle(tmp_path / "bundle", checked_problem())


@pytest.fixture()
def roster_dir(tmp_path: Path) -> Path:
    return make_roster_dir(tmp_path / "roster", checked_problem(), valid_roster())


def files(folder: Path) -> set[str]:
    return (
        {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    )


def export(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_exports_every_format_and_check_reads_the_json_back(
    tmp_path: Path, bundle: Path, roster_dir: Path
) -> None:
    out = tmp_path / "export"
    code, stdout, stderr = export(str(roster_dir), "--bundle", str(bundle), "--out", str(out))
    assert code == 0, stderr
    assert files(out) == ALL_FILES
    assert "Exported 3 calendar(s) in ics/" in stdout
    assert len(icalendar.Calendar.from_ical((out / "ics" / "K1.ics").read_bytes()).walk("VEVENT")) == 4
    # The exported roster.json is a roster folder `check` can read.
    result = runner.invoke(app, ["check", str(bundle), str(out)])
    assert result.exit_code == 0, result.output


def test_format_picks_the_files(tmp_path: Path, bundle: Path, roster_dir: Path) -> None:
    out = tmp_path / "export"
    code, _, stderr = export(
        str(roster_dir), "--bundle", str(bundle), "--out", str(out), "--format", "geojson,ics"
    )
    assert code == 0, stderr
    assert files(out) == {"ics/K1.ics", "ics/K2.ics", "ics/K3.ics", "routes.geojson"}


def test_a_roster_with_violations_is_not_exported(tmp_path: Path, bundle: Path) -> None:
    roster = valid_roster()
    early = with_visit_at(roster, "V2", 505, 535)
    roster_dir = make_roster_dir(tmp_path / "roster", checked_problem(), early)
    out = tmp_path / "export"
    code, _, stderr = export(str(roster_dir), "--bundle", str(bundle), "--out", str(out))
    assert code == 1
    assert "[early_start]" in stderr and "not exported" in stderr
    assert files(out) == set()


def test_a_baseline_cancels_what_the_new_roster_dropped(
    tmp_path: Path, bundle: Path, roster_dir: Path
) -> None:
    roster = valid_roster()
    replanned = roster.model_copy(
        update={
            "assignments": tuple(a for a in roster.assignments if a.visit_id != "V2"),
            "routes": tuple(r for r in roster.routes if r.carer_id != "K3"),
            "unassigned": (
                *roster.unassigned,
                roster.unassigned[0].model_copy(
                    update={"visit_id": "V2", "client_id": "C2", "reason": "no_capacity_in_window"}
                ),
            ),
        }
    )
    new_dir = make_roster_dir(tmp_path / "replanned", checked_problem(), replanned)
    out = tmp_path / "export"
    code, _, stderr = export(
        str(new_dir),
        "--bundle",
        str(bundle),
        "--out",
        str(out),
        "--baseline",
        str(roster_dir),
        "--format",
        "ics",
    )
    assert code == 0, stderr
    (v2,) = icalendar.Calendar.from_ical((out / "ics" / "K3.ics").read_bytes()).walk("VEVENT")
    assert (str(v2["uid"]), str(v2["status"]), int(v2.decoded("sequence"))) == (
        "visit-V2+K3@tiny",
        "CANCELLED",
        1,
    )


def test_pseudonymise_needs_a_readable_key(tmp_path: Path, bundle: Path, roster_dir: Path) -> None:
    out = tmp_path / "export"
    args = [str(roster_dir), "--bundle", str(bundle), "--out", str(out), "--pseudonymise"]
    code, _, stderr = export(*args, str(tmp_path / "missing.key"))
    assert code == 2
    assert "missing.key: key file not found (create one with `rostering export --new-key FILE`)" in stderr
    assert files(out) == set()
    key = tmp_path / "export.key"
    assert export("--new-key", str(key))[0] == 0
    code, stdout, stderr = export(*args, str(key))
    assert code == 0, stderr
    assert "still personal data under UK GDPR" in stdout
    assert len(files(out)) == len(ALL_FILES)
    assert not any(k in name for name in files(out) for k in ("K1", "K2", "K3"))


def test_the_key_must_not_be_inside_the_export(tmp_path: Path, bundle: Path, roster_dir: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    assert export("--new-key", str(out / "k"))[0] == 0
    code, _, stderr = export(
        str(roster_dir), "--bundle", str(bundle), "--out", str(out), "--pseudonymise", str(out / "k")
    )
    assert code == 2 and "keep it apart" in stderr


def test_new_key_never_overwrites_and_does_nothing_else(tmp_path: Path, roster_dir: Path) -> None:
    key = tmp_path / "k"
    assert export("--new-key", str(key))[0] == 0
    before = key.read_bytes()
    code, _, stderr = export("--new-key", str(key))
    assert code == 2 and "never overwritten" in stderr
    assert key.read_bytes() == before
    assert export(str(roster_dir), "--new-key", str(tmp_path / "k2"))[0] == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "ics,pdf"], "--format: unknown format(s) pdf"),
        (["--dtstamp", "yesterday"], "--dtstamp: expected a date-time"),
        (["--dtstamp", "2026-11-24T18:00:00"], "--dtstamp: expected a date-time with Z or an offset"),
        (["--grid-deg", "0.05"], "--grid-deg: applies only with --pseudonymise"),
    ],
)
def test_bad_options_exit_2_with_a_located_message(
    tmp_path: Path, bundle: Path, roster_dir: Path, extra: list[str], message: str
) -> None:
    out = tmp_path / "export"
    code, _, stderr = export(str(roster_dir), "--bundle", str(bundle), "--out", str(out), *extra)
    assert code == 2
    assert message in stderr
    assert files(out) == set()


def test_missing_arguments_exit_2(tmp_path: Path, roster_dir: Path) -> None:
    code, _, stderr = export(str(roster_dir))
    assert code == 2
    assert "--bundle: required" in stderr and "--out: required" in stderr


def test_the_help_constants_agree_with_the_library() -> None:
    from rostering.cli import export_cmd
    from rostering.io import export as export_io
    from rostering.io import pseudonymise

    assert export_cmd.EXPORT_FORMATS == export_io.EXPORT_FORMATS
    assert Decimal(export_cmd.DEFAULT_GRID_DEG) == pseudonymise.DEFAULT_GRID_DEG
