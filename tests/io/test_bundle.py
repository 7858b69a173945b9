"""Problem bundle v1: round trip, deterministic bytes, and one located message per validation rule.

Each bad-input case starts from the tiny problem written as a bundle and breaks one thing. Line numbers
count the header as line 1, so in the tiny bundle V1 is visits.csv line 2, K1 carers.csv line 2, C1
clients.csv line 2, and the shifts of K1, K2, K3 are shifts.csv lines 2-4.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rostering.domain import HistoryRecord, Problem, VisitDependency, WorkingTime
from rostering.errors import InputError
from rostering.io.bundle import BUNDLE_FILES, read_bundle, write_bundle
from rostering.io.bundle_spec import LOCALITY_FILE
from tests.conftest import DAY
from tests.io.malformed.faults import rows, save


@pytest.fixture
def bundle(tmp_path: Path, tiny_problem: Problem) -> Path:
    problem = tiny_problem.replace(
        clients=tuple(c.model_copy(update={"provider_id": "P1"}) for c in tiny_problem.clients),
        history=(HistoryRecord(client_id="C1", carer_id="K1", date=DAY),),
        dependencies=(
            VisitDependency(first_visit_id="V1", second_visit_id="V4", min_gap_min=60, max_gap_min=300),
        ),
    )
    write_bundle(problem, tmp_path / "b")
    return tmp_path / "b"


def set_cell(bundle: Path, file: str, line: int, column: str, value: str) -> None:
    table = rows(bundle / file)
    table[line - 1][table[0].index(column)] = value
    save(bundle / file, table)


def add_row(bundle: Path, file: str, **cells: str) -> None:
    table = rows(bundle / file)
    table.append([cells.get(name, "") for name in table[0]])
    save(bundle / file, table)


def problems(bundle: Path) -> list[str]:
    """Every issue as printed (errors and warnings); empty when the bundle reads."""
    try:
        _, warnings = read_bundle(bundle)
    except InputError as exc:
        return [str(i) for i in exc.issues]
    return [str(w) for w in warnings]


def errors(bundle: Path) -> list[str]:
    return [p for p in problems(bundle) if ": warning: " not in p]


def test_round_trip_is_unchanged(bundle: Path) -> None:
    problem, _ = read_bundle(bundle)
    write_bundle(problem, bundle.parent / "again")
    again, _ = read_bundle(bundle.parent / "again")
    assert again == problem
    assert len(problem.history) == 1 and len(problem.dependencies) == 1


def test_bytes_are_deterministic_and_contract_columns_come_first(bundle: Path, tiny_problem: Problem) -> None:
    write_bundle(tiny_problem, bundle.parent / "one")
    write_bundle(tiny_problem, bundle.parent / "two")
    for spec in BUNDLE_FILES:
        assert (bundle.parent / "one" / spec.name).read_bytes() == (
            bundle.parent / "two" / spec.name
        ).read_bytes()
    header = rows(bundle / "visits.csv")[0]
    assert header[:10] == [
        "visit_id", "client_id", "date", "window_start", "window_end", "duration_min",
        "carers_required", "skills", "priority", "requested_start",
    ]  # fmt: skip
    assert rows(bundle / "carers.csv")[0][:7] == [
        "carer_id", "provider_id", "lat", "lon", "travel_mode", "skills", "gender",
    ]  # fmt: skip


def test_optional_columns_and_empty_cells_take_their_defaults(bundle: Path) -> None:
    table = rows(bundle / "carers.csv")
    table[0].append("max_minutes_per_day")
    for row in table[1:]:
        row.append("")
    table[1][-1] = "300"
    save(bundle / "carers.csv", table)
    set_cell(bundle, "carers.csv", 3, "travel_mode", "")
    problem, _ = read_bundle(bundle)
    assert problem.carers[0].max_minutes_per_day == 300
    assert problem.carers[1].max_minutes_per_day is None
    assert problem.carers[1].travel_mode == "drive"


def add_column(bundle: Path, file: str, column: str, values: list[str]) -> None:
    table = rows(bundle / file)
    table[0].append(column)
    for row, value in zip(table[1:], values, strict=True):
        row.append(value)
    save(bundle / file, table)


def test_working_time_columns_are_read_with_their_defaults(bundle: Path) -> None:
    add_column(bundle, "carers.csv", "opt_out_48h", ["TRUE", "no", ""])
    add_column(bundle, "providers.csv", "compensatory_rest", ["", "yes"])
    add_column(bundle, "clients.csv", "commissioned_hours_week", ["10.5", "", "7"])
    problem, _ = read_bundle(bundle)
    assert [c.opt_out_48h for c in problem.carers] == [True, False, False]
    assert [p.compensatory_rest for p in problem.providers] == [False, True]
    assert [c.commissioned_hours_week for c in problem.clients] == [10.5, None, 7.0]
    # Written back canonically: only the non-default columns, booleans as true/false.
    write_bundle(problem, bundle.parent / "again")
    assert rows(bundle.parent / "again" / "carers.csv")[1][-1] == "true"
    assert read_bundle(bundle.parent / "again")[0] == problem


def test_a_bad_boolean_or_commissioned_hours_is_located(bundle: Path) -> None:
    add_column(bundle, "carers.csv", "opt_out_48h", ["maybe", "", ""])
    add_column(bundle, "clients.csv", "commissioned_hours_week", ["", "-2", ""])
    assert errors(bundle) == [
        "carers.csv:2:opt_out_48h: opt_out_48h must be true or false (got 'maybe')",
        "clients.csv:3:commissioned_hours_week: commissioned_hours_week must be between 0 and 168 hours "
        "(got '-2')",
    ]


def test_working_time_rules_are_read_from_locality_toml_and_located(bundle: Path) -> None:
    text = (bundle / LOCALITY_FILE).read_text()
    (bundle / LOCALITY_FILE).write_text(
        text + "\n[working_time]\nweekly_max_hours = 40\nmax_consecutive_days = 5\n"
    )
    problem, _ = read_bundle(bundle)
    assert problem.locality.working_time == WorkingTime(weekly_max_hours=40.0, max_consecutive_days=5)
    write_bundle(problem, bundle.parent / "again")
    assert read_bundle(bundle.parent / "again")[0].locality == problem.locality
    bad = text + "\n[working_time]\ndaily_rest_hours = 30\n"
    (bundle / LOCALITY_FILE).write_text(bad)
    line = bad.splitlines().index("daily_rest_hours = 30") + 1
    assert errors(bundle) == [
        f"locality.toml:{line}:working_time.daily_rest_hours: "
        "Input should be less than or equal to 24 (got int '30')"
    ]


def test_the_tiny_bundle_has_only_its_known_warning(bundle: Path) -> None:
    # V3 is a double-up needing moving_and_handling: K1 and K2 hold it, but client C3 excludes K2.
    assert problems(bundle) == [
        "visits.csv:4:carers_required: warning: double-up, but only one eligible carer (K1) is on shift "
        "for it on 2026-11-24"
    ]


def case(file: str, line: int, column: str, value: str, text: str, at: str = "") -> object:
    """Put `value` in one cell; expect `text` located at that cell (or at column `at` on its line)."""
    return pytest.param(
        file, line, column, value, f"{file}:{line}:{at or column}: {text}", id=f"{column}={value}"
    )


CELL_CASES = [
    case("visits.csv", 3, "window_start", "8h30", "malformed time '8h30': expected HH:MM, e.g. 07:30"),
    case(
        "visits.csv",
        3,
        "window_start",
        "8:30",
        "malformed time '8:30': expected HH:MM with two-digit hours, e.g. 07:30",
    ),
    case(
        "visits.csv", 3, "window_start", "٠٨:30", "malformed time '٠٨:30': expected HH:MM with the digits 0-9"
    ),
    case("visits.csv", 3, "window_end", "25:00", "malformed time '25:00': out of range 00:00-24:00"),
    case("shifts.csv", 2, "date", "2026-13-01", "malformed date '2026-13-01': no such day"),
    case("shifts.csv", 2, "date", "20261124", "malformed date '20261124': expected YYYY-MM-DD"),
    case("shifts.csv", 2, "date", "0226-11-24", "malformed date '0226-11-24': the year must be 1900-2999"),
    # lat is personal data (a home): never repeated in a message.
    case(
        "carers.csv",
        2,
        "lat",
        "fifty-six",
        "malformed number in lat: expected digits with a decimal point, e.g. 28.5",
    ),
    case(
        "providers.csv",
        2,
        "rate_per_hour",
        "nan",
        "malformed number 'nan' in rate_per_hour: expected digits with a decimal point, e.g. 28.5",
    ),
    case(
        "providers.csv",
        2,
        "rate_per_hour",
        "1e308",
        "rate_per_hour must be between 0 and 10,000 GBP (got '1e308')",
    ),
    case(
        "visits.csv",
        2,
        "duration_min",
        "30.5",
        "malformed integer '30.5' in duration_min: expected a whole number",
    ),
    case("visits.csv", 2, "duration_min", "0", "duration_min must be between 1 and 1,440 minutes (got '0')"),
    case(
        "visits.csv",
        2,
        "duration_min",
        "١٢",
        "malformed integer '١٢' in duration_min: expected a whole number",
    ),
    case("carers.csv", 4, "travel_mode", "car", "travel_mode must be one of drive, walk, bike (got 'car')"),
    case("carers.csv", 2, "gender", "female", "gender must be one of f, m, x (got 'female')"),
    case("providers.csv", 2, "kind", "council", "kind must be one of in_house, external (got 'council')"),
    case(
        "providers.csv",
        3,
        "payment",
        "hourly",
        "payment must be one of salaried, time_and_task (got 'hourly')",
    ),
    case("clients.csv", 2, "gender_preference", "x", "gender_preference must be one of any, f, m (got 'x')"),
    case("visits.csv", 2, "carers_required", "3", "carers_required must be one of 1, 2 (got '3')"),
    case("visits.csv", 2, "priority", "4", "priority must be one of 1, 2, 3 (got '4')"),
    case("visits.csv", 2, "visit_id", "", "visit_id is empty"),
    case("carers.csv", 2, "carer_id", "K;1", "carer_id 'K;1' must not contain ';'"),
    case("visits.csv", 3, "visit_id", "V1", "duplicate visit_id 'V1'"),
    case("clients.csv", 3, "client_id", "C1", "duplicate client_id 'C1'"),
    case("carers.csv", 3, "carer_id", "K1", "duplicate carer_id 'K1'"),
    case("providers.csv", 3, "provider_id", "P1", "duplicate provider_id 'P1'"),
    case("visits.csv", 2, "client_id", "C9", "unknown client 'C9'"),
    case("carers.csv", 2, "provider_id", "P9", "unknown provider 'P9'"),
    case("shifts.csv", 3, "carer_id", "K9", "unknown carer 'K9'"),
    case("clients.csv", 2, "preferred_carers", "K1;K9", "unknown carer 'K9'"),
    case("clients.csv", 4, "excluded_carers", "K8", "unknown carer 'K8'"),
    case("clients.csv", 3, "provider_id", "P7", "unknown provider 'P7'"),
    case("history.csv", 2, "client_id", "C9", "unknown client 'C9'"),
    case("history.csv", 2, "carer_id", "K9", "unknown carer 'K9'"),
    case("dependencies.csv", 2, "second_visit_id", "V9", "unknown visit 'V9'"),
    case("dependencies.csv", 2, "max_gap_min", "30", "max_gap_min 30 is below min_gap_min 60"),
    case("dependencies.csv", 2, "second_visit_id", "V1", "a visit cannot depend on itself"),
    case(
        "clients.csv",
        4,
        "preferred_carers",
        "K2",
        "carer 'K2' is both preferred and excluded",
        at="excluded_carers",
    ),
    case("visits.csv", 2, "window_end", "07:30", "window_end 07:30 is before window_start 08:00"),
    case("shifts.csv", 2, "end", "07:00", "end 07:00 is not after start 08:00"),
    case(
        "visits.csv", 2, "duration_min", "400", "visit lasts 400 min, longer than any shift (longest 360 min)"
    ),
    case("visits.csv", 2, "skills", "juggling", "unknown skill 'juggling'"),
    case("carers.csv", 3, "skills", "medication;juggling", "unknown skill 'juggling'"),
    case("clients.csv", 2, "lat", "57", "latitude outside the locality bounds 55.9..56.1"),
    case("carers.csv", 2, "lon", "-3.5", "longitude outside the locality bounds -2.9..-2.5"),
    case("carers.csv", 2, "lat", "95", "lat must be between -90 and 90 degrees"),
]


@pytest.mark.parametrize(("file", "line", "column", "value", "message"), CELL_CASES)
def test_each_bad_cell_gets_its_located_message(
    bundle: Path, file: str, line: int, column: str, value: str, message: str
) -> None:
    set_cell(bundle, file, line, column, value)
    assert message in errors(bundle)


def test_a_visit_longer_than_every_shift_on_its_date(bundle: Path) -> None:
    add_row(bundle, "shifts.csv", carer_id="K1", date="2026-11-25", start="06:00", end="22:00")
    set_cell(bundle, "visits.csv", 2, "duration_min", "400")
    assert errors(bundle) == [
        "visits.csv:2:duration_min: visit lasts 400 min, longer than every shift on 2026-11-24 "
        "(longest 360 min)"
    ]


def test_overlapping_shifts_of_one_carer(bundle: Path) -> None:
    add_row(bundle, "shifts.csv", carer_id="K1", date="2026-11-24", start="13:00", end="18:00")
    assert errors(bundle) == [
        "shifts.csv:5:start: shift 13:00-18:00 overlaps shift 08:00-14:00 of carer 'K1' on 2026-11-24 "
        "(line 2)"
    ]


def test_a_split_shift_is_not_an_overlap(bundle: Path) -> None:
    add_row(bundle, "shifts.csv", carer_id="K1", date="2026-11-24", start="16:30", end="22:00")
    assert errors(bundle) == []


def test_missing_column_file_and_short_row(bundle: Path) -> None:
    table = rows(bundle / "carers.csv")
    gender = table[0].index("gender")
    save(bundle / "carers.csv", [r[:gender] + r[gender + 1 :] for r in table])
    (bundle / "shifts.csv").unlink()
    table = rows(bundle / "visits.csv")
    table[2] = table[2][:-1]
    save(bundle / "visits.csv", table)
    assert errors(bundle) == [
        "carers.csv:1:gender: missing required column 'gender'",
        "shifts.csv: missing required file",
        "visits.csv:3: row has 9 cells, the header has 10",
    ]


def test_unknown_columns_are_kept_as_warnings(bundle: Path) -> None:
    table = rows(bundle / "clients.csv")
    save(bundle / "clients.csv", [[*r, "x"] for r in table])
    assert "clients.csv:1:x: warning: unknown column 'x' ignored" in problems(bundle)
    assert errors(bundle) == []


def test_locality_toml_errors_are_located_at_their_key(bundle: Path) -> None:
    text = (bundle / LOCALITY_FILE).read_text()
    text = text.replace("min_lat = 55.9", 'min_lat = "south"').replace('name = "tiny"\n', 'colour = "red"\n')
    (bundle / LOCALITY_FILE).write_text(text)
    lines = text.splitlines()
    colour, min_lat = lines.index('colour = "red"') + 1, lines.index('min_lat = "south"') + 1
    assert errors(bundle) == [
        "locality.toml:1:name: missing required key 'name'",
        f"locality.toml:{colour}:colour: unknown key 'colour'",
        f"locality.toml:{min_lat}:bounds.min_lat: Input should be a valid number (got text 'south')",
    ]


@pytest.mark.parametrize(
    ("text", "line"), [('name = "tiny"\ntitle = "open\nskills = []\n', 2), ('name = "tiny"\nskills = [\n', 2)]
)
def test_malformed_toml_is_located_at_its_line(bundle: Path, text: str, line: int) -> None:
    (bundle / LOCALITY_FILE).write_text(text)
    (message,) = errors(bundle)
    assert message.startswith(f"locality.toml:{line}: malformed TOML")


def test_every_error_is_reported_at_once_in_file_order(bundle: Path) -> None:
    set_cell(bundle, "visits.csv", 2, "client_id", "C9")
    set_cell(bundle, "visits.csv", 3, "window_start", "8h30")
    set_cell(bundle, "carers.csv", 4, "travel_mode", "car")
    set_cell(bundle, "shifts.csv", 2, "end", "07:00")
    set_cell(bundle, "visits.csv", 5, "priority", "0")
    assert errors(bundle) == [
        "carers.csv:4:travel_mode: travel_mode must be one of drive, walk, bike (got 'car')",
        "shifts.csv:2:end: end 07:00 is not after start 08:00",
        "visits.csv:2:client_id: unknown client 'C9'",
        "visits.csv:3:window_start: malformed time '8h30': expected HH:MM, e.g. 07:30",
        "visits.csv:5:priority: priority must be one of 1, 2, 3 (got '0')",
    ]


def test_a_broken_row_still_has_its_references_checked(bundle: Path) -> None:
    set_cell(bundle, "visits.csv", 2, "client_id", "C9")
    set_cell(bundle, "visits.csv", 2, "duration_min", "long")
    assert errors(bundle) == [
        "visits.csv:2:client_id: unknown client 'C9'",
        "visits.csv:2:duration_min: malformed integer 'long' in duration_min: expected a whole number",
    ]


def test_references_to_a_broken_row_are_not_reported_twice(bundle: Path) -> None:
    set_cell(bundle, "clients.csv", 2, "lat", "north")  # C1 is broken, but it exists: no 'unknown client'
    assert errors(bundle) == [
        "clients.csv:2:lat: malformed number in lat: expected digits with a decimal point, e.g. 28.5"
    ]


def test_a_visit_whose_skills_no_carer_has_is_a_warning(bundle: Path) -> None:
    set_cell(bundle, "visits.csv", 3, "skills", "peg_feeding")
    assert problems(bundle)[0] == "visits.csv:3:skills: warning: no carer has all the skills peg_feeding"
    assert errors(bundle) == []


def test_a_visit_no_shift_can_hold_is_a_warning(bundle: Path) -> None:
    # Every shift ends at 14:00; V5 (15 min) may only start 14:30-15:00.
    for column, value in (("window_start", "14:30"), ("window_end", "15:00"), ("requested_start", "14:30")):
        set_cell(bundle, "visits.csv", 6, column, value)
    assert (
        "visits.csv:6:date: warning: no eligible carer has a shift on 2026-11-24 that can hold this visit "
        "(window 14:30-15:00, 15 min)"
    ) in problems(bundle)
    assert errors(bundle) == []


def test_a_requested_start_outside_the_window_is_a_warning(bundle: Path) -> None:
    set_cell(bundle, "visits.csv", 2, "requested_start", "10:00")
    assert (
        "visits.csv:2:requested_start: warning: requested_start 10:00 is outside the window 08:00-09:00"
    ) in problems(bundle)
    assert errors(bundle) == []


def test_an_unreadable_file_is_a_located_error(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root every file is readable, so the refusal is simulated where the reader opens the file.
    real_open = os.open

    def refuse_visits(path: object, *args: object, **kw: object) -> int:
        if str(path).endswith("visits.csv"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_visits)
    assert errors(bundle) == ["visits.csv: cannot read: permission denied"]


def test_zones_and_provider_policy_columns_are_checked(bundle: Path) -> None:
    (bundle / "zones.csv").write_text("zone_id,rural,rate_uplift\neast,true,0.15\nwest,maybe,0\nsouth,,-1\n")
    table = rows(bundle / "clients.csv")
    table[0] += ["zone", "allowed_providers"]
    table[1] += ["east", "P2"]
    table[2] += ["north", "P9;P1"]
    table[3] += ["", ""]
    save(bundle / "clients.csv", table)
    assert errors(bundle) == [
        "clients.csv:3:zone: unknown zone 'north'",
        "clients.csv:3:allowed_providers: unknown provider 'P9'",
        "zones.csv:3:rural: rural must be one of false, true (got 'maybe')",
        "zones.csv:4:rate_uplift: rate_uplift must be between 0 and 5 (got '-1')",
    ]


def test_zones_and_policy_read_back(bundle: Path) -> None:
    (bundle / "zones.csv").write_text("zone_id,name,rural,rate_uplift\neast,Rural east,true,0.15\n")
    table = rows(bundle / "clients.csv")
    table[0] += ["zone", "allowed_providers"]
    table[1] += ["east", "P2;P1"]
    table[2] += ["", ""]
    table[3] += ["", ""]
    save(bundle / "clients.csv", table)
    problem, _ = read_bundle(bundle)
    (east,) = problem.zones
    assert (east.zone_id, east.name, east.rural, east.rate_uplift) == ("east", "Rural east", True, 0.15)
    c1 = problem.client_by_id["C1"]
    assert (c1.zone, c1.allowed_providers) == ("east", ("P2", "P1"))
    assert problem.client_by_id["C2"].allowed_providers == ()
