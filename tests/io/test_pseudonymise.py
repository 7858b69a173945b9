"""Pseudonymised exports: no original id or coordinate anywhere in the output, pseudonyms that join.

The search runs over the bytes of every file (and every file name) of a full export of a realistic day
(north-berwick, 24 Nov 2026: 600+ assignments, double-ups, split shifts, unassigned visits), for every
client, carer and visit id and every coordinate string of the bundle's CSV files.
"""

from __future__ import annotations

import csv
import json
import re
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from rostering.errors import InputError
from rostering.evaluation.violation import UNASSIGNED_REASONS
from rostering.io.export import ExportOptions, export_files
from rostering.io.pseudonymise import Pseudonymiser, new_key_file, pseudonymise, read_key
from tests.golden.tiny_rosters import checked_problem, valid_roster
from tests.io.sample_day import SAMPLE, north_berwick_day

KEY = b"0123456789abcdef0123456789abcdef-test-only"


@pytest.fixture(scope="module")
def exported() -> dict[str, bytes]:
    problem, matrices, roster = north_berwick_day()
    return export_files(problem, matrices, roster, ExportOptions(pseudonymiser=Pseudonymiser(KEY)))


def bundle_cells(name: str, columns: tuple[str, ...]) -> set[str]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as fh:
        return {row[c] for row in csv.DictReader(fh) for c in columns}


def searchable(files: dict[str, bytes]) -> str:
    """Every file name and file text; .ics lines unfolded, so an id split by a line fold is still found."""
    texts = [*files, *(data.decode("utf-8").replace("\r\n ", "") for data in files.values())]
    return "\n".join(texts)


def test_no_client_carer_or_visit_id_is_left(exported: dict[str, bytes]) -> None:
    problem, _matrices, _roster = north_berwick_day()
    ids = (
        bundle_cells("clients.csv", ("client_id",))
        | bundle_cells("carers.csv", ("carer_id",))
        | {v.visit_id for v in problem.visits}
    )
    text = searchable(exported)
    assert len(ids) > 700
    assert [i for i in sorted(ids) if i in text] == []
    # Provider ids are kept (organisations, not people): analyses by provider still work.
    assert "ELC" in text and "CCC" in text


def test_no_coordinate_of_the_bundle_is_left(exported: dict[str, bytes]) -> None:
    coordinates = bundle_cells("clients.csv", ("lat", "lon")) | bundle_cells("carers.csv", ("lat", "lon"))
    # A coordinate that is itself a cell centre (C163's lat 55.995) is written as it is: that is the grid.
    finer = {c for c in coordinates if not on_grid(float(c))}
    text = searchable(exported)
    assert len(finer) > 300 and "55.995" not in finer
    assert [c for c in sorted(finer) if c in text] == []


def on_grid(value: float, grid: Decimal = Decimal("0.01")) -> bool:
    """True if `value` is the centre of a grid cell: (n + 0.5) x grid for a whole n."""
    cells = Decimal(repr(value)) / grid - Decimal("0.5")
    return cells == cells.to_integral_value()


def test_every_coordinate_written_is_a_grid_cell_centre(exported: dict[str, bytes]) -> None:
    geo = json.loads(exported["routes.geojson"])
    numbers: list[float] = []
    for f in geo["features"]:
        g = f["geometry"]
        numbers += g["coordinates"] if g["type"] == "Point" else [x for xy in g["coordinates"] for x in xy]
    assert numbers and all(on_grid(x) for x in numbers)
    ics = searchable({k: v for k, v in exported.items() if k.endswith(".ics")})
    pairs = re.findall(r"GEO:([-0-9.]+);([-0-9.]+)", ics)
    assert pairs and all(on_grid(float(lat)) and on_grid(float(lon)) for lat, lon in pairs)
    # The description carries no coordinates of its own, and no free text names anyone.
    assert re.findall(r"LOCATION:([-0-9.]+)\\,([-0-9.]+)", ics) == pairs


def test_free_text_and_care_needs_are_not_exported(exported: dict[str, bytes]) -> None:
    text = searchable(exported)
    for word in ("medication", "dementia", "moving", "peg_feeding", "East Lothian"):
        assert word not in text
    rows = list(csv.DictReader(exported["unassigned.csv"].decode().splitlines()))
    assert rows and {r["detail"] for r in rows} <= set(UNASSIGNED_REASONS.values())
    roster = json.loads(exported["roster.json"])
    assert roster["stats"] == {}
    assert set(roster["travel_sources"].values()) <= {"approximate", "road network"}


def test_kpis_are_exact_because_they_are_computed_from_the_originals(exported: dict[str, bytes]) -> None:
    problem, matrices, roster = north_berwick_day()
    plain = export_files(problem, matrices, roster, ExportOptions(formats=("json",)))
    shown, exact = json.loads(exported["kpis.json"]), json.loads(plain["kpis.json"])
    # The same figures; only the per-carer and per-client rows name pseudonyms instead of people.
    for rows, key in (("by_carer", "carer_id"), ("by_client", "client_id")):
        assert [r[key] for r in shown[rows]] != [r[key] for r in exact[rows]]
        for row in (*shown[rows], *exact[rows]):
            del row[key]
    assert shown == exact


def test_the_same_key_gives_the_same_pseudonyms_every_night() -> None:
    problem, roster = checked_problem(), valid_roster()
    first = pseudonymise(problem, roster, Pseudonymiser(KEY))
    again = pseudonymise(
        problem, roster.model_copy(update={"assignments": roster.assignments[:2]}), Pseudonymiser(KEY)
    )
    assert [c.carer_id for c in first[0].carers] == [c.carer_id for c in again[0].carers]
    assert first[1].assignments[:2] == again[1].assignments
    other = pseudonymise(problem, roster, Pseudonymiser(KEY + b"!"))
    assert {c.carer_id for c in other[0].carers}.isdisjoint(c.carer_id for c in first[0].carers)


def test_pseudonyms_have_a_kind_and_differ_between_kinds() -> None:
    p = Pseudonymiser(KEY)
    assert re.fullmatch(r"client-[0-9a-f]{16}", p.pseudonym("client", "X1"))
    assert p.pseudonym("client", "X1")[7:] != p.pseudonym("carer", "X1")[6:]


@pytest.mark.parametrize(
    ("degrees", "centre"),
    [
        (56.053838, 56.055),
        (56.05, 56.055),
        (56.0599999, 56.055),
        (-2.706081, -2.705),
        (-2.7, -2.695),
        (0.0, 0.005),
    ],
)
def test_coordinates_snap_to_the_centre_of_their_cell(degrees: float, centre: float) -> None:
    assert Pseudonymiser(KEY).coarse(degrees) == centre


def test_a_coarser_grid_and_a_too_fine_one() -> None:
    assert Pseudonymiser(KEY, Decimal("0.05")).coarse(56.053838) == 56.075
    with pytest.raises(InputError, match=r"outside 0\.01\.\.1 degree"):
        Pseudonymiser(KEY, Decimal("0.001"))


def test_a_new_key_is_random_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "export.key"
    new_key_file(path)
    text = path.read_text(encoding="ascii")
    assert re.fullmatch(r"[0-9a-f]{64}\n", text)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key(path) == text.strip().encode()
    with pytest.raises(InputError, match="never overwritten"):
        new_key_file(path)
    assert path.read_text(encoding="ascii") == text
    other = tmp_path / "other.key"
    new_key_file(other)
    assert other.read_text(encoding="ascii") != text


def test_a_missing_or_short_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="key file not found"):
        read_key(tmp_path / "nowhere.key")
    short = tmp_path / "short.key"
    short.write_text("secret\n", encoding="utf-8")
    with pytest.raises(InputError, match="at least 32 are needed"):
        read_key(short)
