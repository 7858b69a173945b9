"""Every case of the malformed-bundle corpus: one fault each, with the exit codes it must give.

`validate_exit` is for `rostering validate`, `solve_exits` the codes `rostering solve --work-limit`
may give: 2 for every error; 0 or 4 for a valid bundle (4: the roster is valid but leaves visits
unassigned, which a short search or a warning-only fault may do; the test checks unassigned.csv agrees).
Base `nb` lines: providers 2-4, carers 2-7, shifts 2-13, clients 2-9, visits 2-24, history 2-28;
dependencies.csv is header only.
"""

from __future__ import annotations

import codecs
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.io.malformed.faults import (
    Fault,
    add_row,
    both,
    cell,
    drop_column,
    edit_bytes,
    edit_text,
    header_only,
    make_fifo,
    make_loop,
    remove_file,
    replace_file,
    set_cell,
    set_cells,
    toml_drop,
    toml_set,
)

V, C, K, S, P, H, D, T = (
    "visits.csv",
    "clients.csv",
    "carers.csv",
    "shifts.csv",
    "providers.csv",
    "history.csv",
    "dependencies.csv",
    "locality.toml",
)


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    about: str
    fault: Fault
    validate_exit: int = 2
    solve_exits: tuple[int, ...] = (2,)
    base: str = "nb"
    must_print: tuple[str, ...] = ()
    max_lines: int | None = None
    needs_non_root: bool = False


def bad(name: str, category: str, about: str, fault: Fault, **kw: object) -> Case:
    return Case(name, category, about, fault, **kw)  # type: ignore[arg-type]


def fine(
    name: str, category: str, about: str, fault: Fault, solve: tuple[int, ...] = (0, 4), **kw: object
) -> Case:
    return Case(name, category, about, fault, 0, solve, **kw)  # type: ignore[arg-type]


def _bundle_is_a_file(folder: Path) -> list[str]:
    shutil.rmtree(folder)
    folder.write_text("not a folder\n")
    return ["{bundle}"]


def _bundle_missing(folder: Path) -> list[str]:
    shutil.rmtree(folder)
    return ["{bundle}"]


def _unreadable(file: str) -> Fault:
    def apply(folder: Path) -> list[str]:
        (folder / file).chmod(0)
        return [file]

    return apply


def _junk_rows(megabytes: float, seed: int) -> Fault:
    """Random printable junk rows after the header: every row is broken."""

    def apply(folder: Path) -> list[str]:
        rng = random.Random(seed)
        path = folder / V
        header = path.read_text(encoding="utf-8").splitlines()[0]
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ;:-_.!?"
        lines, size = [header], 0
        while size < megabytes * 1_000_000:
            line = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 120)))
            lines.append(line)
            size += len(line) + 1
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [f"{V}:2"]

    return apply


def _random_bytes(file: str, size: int, seed: int) -> Fault:
    def apply(folder: Path) -> list[str]:
        rng = random.Random(seed)
        (folder / file).write_bytes(bytes(rng.randrange(256) for _ in range(size)))
        return [f"{file}:1:carer_id"]

    return apply


def _bad_dates(n: int) -> Fault:
    """n copies of a visit row with a malformed date: more errors than are shown."""

    def apply(folder: Path) -> list[str]:
        path = folder / V
        lines = path.read_text(encoding="utf-8").splitlines()
        row = lines[1].split(",")
        extra = [",".join([f"BAD{i}", row[1], "24/11/2026", *row[3:]]) for i in range(n)]
        path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
        return [f"{V}:{len(lines) + 1}:date"]

    return apply


def _with_separator(file: str, sep: str) -> Fault:
    return edit_text(file, lambda t: t.replace(",", sep), [f"{file}:1"])


def _deep_toml(folder: Path) -> list[str]:
    path = folder / T
    path.write_text(path.read_text(encoding="utf-8") + "deep = " + "[" * 50_000 + "]" * 50_000 + "\n")
    return [T]


def _dependency(first: int, second: int, low: str, high: str, at: str) -> Fault:
    return add_row(
        D,
        {
            "first_visit_id": cell(V, first, "visit_id"),
            "second_visit_id": cell(V, second, "visit_id"),
            "min_gap_min": low,
            "max_gap_min": high,
        },
        at,
    )


def quiet(*faults: Fault) -> Fault:
    """Faults that make no message (the bundle stays valid)."""

    def apply(folder: Path) -> list[str]:
        for fault in faults:
            fault(folder)
        return []

    return apply


def _bounds_reversed(folder: Path) -> list[str]:
    """min_lat above max_lat: a rule of the whole [bounds] table, located at its header."""
    toml_set("bounds.min_lat", "56.5")(folder)
    lines = (folder / T).read_text(encoding="utf-8").splitlines()
    return [f"{T}:{lines.index('[bounds]') + 1}:bounds"]


def _overlapping_shift(folder: Path) -> list[str]:
    carer, date = cell(S, 2, "carer_id")(folder), cell(S, 2, "date")(folder)
    return add_row(S, {"carer_id": carer, "date": date, "start": "08:00", "end": "10:00"}, "start")(folder)


def _utf16(file: str) -> Fault:
    return edit_bytes(file, lambda b: codecs.BOM_UTF16_LE + b.decode("utf-8").encode("utf-16-le"), [file])


FILES = [
    bad("missing_locality_toml", "files", "locality.toml is absent", remove_file(T, [T])),
    *[
        bad(f"missing_{f.split('.')[0]}", "files", f"{f} is absent", remove_file(f, [f]))
        for f in (P, K, S, C, V)
    ],
    fine("missing_history_ok", "files", "the optional history.csv is absent", remove_file(H, [])),
    fine("missing_dependencies_ok", "files", "the optional dependencies.csv is absent", remove_file(D, [])),
    bad("folder_as_visits", "files", "visits.csv is a folder", replace_file(V, Path.mkdir, [V])),
    bad("folder_as_locality", "files", "locality.toml is a folder", replace_file(T, Path.mkdir, [T])),
    bad(
        "folder_as_history", "files", "the optional history.csv is a folder", replace_file(H, Path.mkdir, [H])
    ),
    bad(
        "fifo_as_visits",
        "files",
        "visits.csv is a named pipe (reading must not hang)",
        replace_file(V, make_fifo, [V]),
    ),
    bad("symlink_loop_shifts", "files", "shifts.csv is a symlink to itself", replace_file(S, make_loop, [S])),
    bad(
        "dangling_symlink_clients",
        "files",
        "clients.csv is a symlink to nothing",
        replace_file(C, lambda p: p.symlink_to("nowhere.csv"), [C]),
    ),
    bad(
        "unreadable_visits", "files", "visits.csv has no read permission", _unreadable(V), needs_non_root=True
    ),
    bad(
        "unreadable_locality",
        "files",
        "locality.toml has no read permission",
        _unreadable(T),
        needs_non_root=True,
    ),
    bad("zero_bytes_carers", "files", "carers.csv is 0 bytes", edit_text(K, lambda _t: "", [f"{K}:1"])),
    bad(
        "zero_bytes_locality",
        "files",
        "locality.toml is 0 bytes",
        edit_text(T, lambda _t: "", [f"{T}:1:name"]),
    ),
    bad("bundle_is_a_file", "files", "the bundle path names a file", _bundle_is_a_file),
    bad("bundle_missing", "files", "the bundle folder does not exist", _bundle_missing),
]

ENCODING = [
    bad(
        "latin1_in_cell",
        "encoding",
        "a Windows-1252 byte in a provider name",
        edit_bytes(P, lambda b: b.replace(b"Council", b"Caf\xe9 Council", 1), [f"{P}:2:name"]),
    ),
    bad(
        "latin1_in_header",
        "encoding",
        "a Windows-1252 byte in a column name",
        edit_bytes(
            V, lambda b: b.replace(b"duration_min", b"duration\xe9min", 1), [f"{V}:1", f"{V}:1:duration_min"]
        ),
    ),
    bad("utf16_csv", "encoding", "carers.csv saved as UTF-16", _utf16(K)),
    bad("utf16_toml", "encoding", "locality.toml saved as UTF-16", _utf16(T)),
    bad(
        "latin1_in_toml",
        "encoding",
        "a Windows-1252 byte in locality.toml's notes",
        edit_bytes(T, lambda b: b.replace(b"Synthetic", b"Synth\xe9tic", 1), [f"{T}:6"]),
    ),
    fine(
        "utf8_bom_csv_ok",
        "encoding",
        "visits.csv starts with a UTF-8 BOM",
        edit_bytes(V, codecs.BOM_UTF8.__add__, []),
    ),
    fine(
        "utf8_bom_toml_ok",
        "encoding",
        "locality.toml starts with a UTF-8 BOM",
        edit_bytes(T, codecs.BOM_UTF8.__add__, []),
    ),
    bad("nul_in_cell", "encoding", "a NUL byte inside a time", set_cell(V, 2, "window_start", "07\x00:00")),
    bad(
        "nul_in_toml",
        "encoding",
        "a NUL byte inside locality.toml",
        edit_text(T, lambda t: t.replace('"north-berwick"', '"north\x00berwick"'), [f"{T}:1"]),
    ),
    bad(
        "escape_in_cell",
        "encoding",
        "a terminal escape sequence in a provider name",
        set_cell(P, 2, "name", "Ev\x1b[31mil"),
    ),
    fine("crlf_ok", "encoding", "Windows line ends", edit_text(V, lambda t: t.replace("\n", "\r\n"), [])),
    fine(
        "cr_only_ok", "encoding", "classic Mac line ends", edit_text(S, lambda t: t.replace("\n", "\r"), [])
    ),
]

STRUCTURE = [
    bad("header_only_providers", "structure", "providers.csv has a header only", header_only(P, [P])),
    bad("header_only_carers", "structure", "carers.csv has a header only", header_only(K, [K])),
    bad("header_only_shifts", "structure", "shifts.csv has a header only", header_only(S, [S])),
    bad("header_only_clients", "structure", "clients.csv has a header only", header_only(C, [C])),
    fine(
        "header_only_visits",
        "structure",
        "visits.csv has a header only: nothing to roster",
        header_only(V, [V]),
    ),
    fine("header_only_history", "structure", "history.csv has a header only", header_only(H, [])),
    fine(
        "header_only_everything",
        "structure",
        "every CSV has a header only: nothing to roster",
        both(*(header_only(f, []) for f in (P, K, S, C, H)), header_only(V, [V])),
    ),
    bad(
        "duplicate_column",
        "structure",
        "visits.csv has two priority columns",
        edit_text(
            V,
            lambda t: (
                "\n".join(r + ",2" for r in t.splitlines()).replace(
                    "requested_start,2", "requested_start,priority", 1
                )
                + "\n"
            ),
            [f"{V}:1:priority"],
        ),
    ),
    *[
        bad(f"missing_column_{col}", "structure", f"{file} lacks its {col} column", drop_column(file, col))
        for file, col in (
            (P, "rate_per_hour"),
            (K, "lat"),
            (S, "end"),
            (C, "gender_preference"),
            (V, "requested_start"),
            (H, "date"),
            (D, "max_gap_min"),
        )
    ],
    fine(
        "unknown_column_warns",
        "structure",
        "clients.csv carries a client_name column (ignored, and its names never printed)",
        both(
            quiet(set_cells(C, 2, {"client_name": "Agnes Wigglesworth"})), lambda _f: [f"{C}:1:client_name"]
        ),
    ),
    bad(
        "too_many_cells",
        "structure",
        "a visit row has an extra cell",
        edit_text(V, lambda t: _nth_line(t, 3, lambda r: r + ",extra"), [f"{V}:3"]),
    ),
    bad(
        "too_few_cells",
        "structure",
        "a shift row lacks its last cell",
        edit_text(S, lambda t: _nth_line(t, 2, lambda r: r.rsplit(",", 1)[0]), [f"{S}:2"]),
    ),
    bad(
        "unclosed_quote",
        "structure",
        "a quote opened in clients.csv is never closed",
        edit_text(C, lambda t: _nth_line(t, 4, lambda r: '"' + r), [f"{C}:4"]),
    ),
    bad(
        "semicolon_separated",
        "structure",
        "carers.csv separated by ';' (a European spreadsheet)",
        _with_separator(K, ";"),
    ),
    bad("tab_separated", "structure", "providers.csv separated by tabs", _with_separator(P, "\t")),
    bad(
        "huge_cell", "structure", "a 200,000-character cell", set_cell(V, 2, "skills", "x" * 200_000, at="-")
    ),
    bad(
        "junk_5mb",
        "structure",
        "5 MB of junk rows in visits.csv: capped output",
        _junk_rows(5, seed=1),
        must_print=("more problems in visits.csv",),
        max_lines=150,
    ),
    bad(
        "random_bytes_carers",
        "structure",
        "carers.csv is random bytes",
        _random_bytes(K, 20_000, seed=2),
        max_lines=150,
    ),
    fine(
        "blank_lines_ok",
        "structure",
        "blank lines between rows",
        edit_text(V, lambda t: t.replace("\n", "\n\n"), []),
    ),
    fine(
        "trailing_commas_ok",
        "structure",
        "spreadsheet trailing commas",
        edit_text(S, lambda t: t.replace("\n", ",,\n"), []),
    ),
    bad(
        "many_bad_rows",
        "structure",
        "300 rows with a bad date: 50 shown, the rest counted",
        _bad_dates(300),
        must_print=("... and 250 more problems in visits.csv",),
        max_lines=150,
    ),
]


def _nth_line(text: str, line: int, change: object) -> str:
    lines = text.splitlines()
    lines[line - 1] = change(lines[line - 1])  # type: ignore[operator]
    return "\n".join(lines) + "\n"


def _cells(prefix: str, category: str, cases: list[tuple[str, int, str, str]]) -> list[Case]:
    return [
        bad(
            f"{prefix}_{column}_{i}",
            category,
            f"{file} line {line} {column} = {value!r}",
            set_cell(file, line, column, value),
        )
        for i, (file, line, column, value) in enumerate(cases)
    ]


CELLS = [
    *_cells(
        "empty",
        "cells",
        [
            (V, 2, "visit_id", ""),
            (V, 2, "client_id", ""),
            (S, 2, "date", ""),
            (P, 2, "rate_per_hour", ""),
            (C, 2, "lat", ""),
            (V, 3, "duration_min", ""),
            (V, 2, "requested_start", ""),
            (K, 3, "provider_id", ""),
        ],
    ),
    fine(
        "empty_optional_cells_ok",
        "cells",
        "empty travel_mode, gender, carers_required and priority take their defaults",
        quiet(
            set_cells(K, 2, {"travel_mode": "", "gender": ""}),
            set_cells(V, 2, {"carers_required": "", "priority": ""}),
        ),
    ),
    *_cells(
        "date",
        "cells",
        [
            (V, 2, "date", "20261124"),
            (S, 2, "date", "24/11/2026"),
            (S, 3, "date", "2026-02-30"),
            (V, 3, "date", "2026-W48-2"),
            (V, 4, "date", "٢٠٢٦-١١-٢٤"),
            (S, 2, "date", "0226-11-24"),
            (H, 2, "date", "2026-11-24T08:00"),
        ],
    ),
    *_cells(
        "time",
        "cells",
        [
            (S, 2, "start", "7:00"),
            (V, 2, "window_end", "25:00"),
            (V, 2, "window_start", "12:60"),
            (V, 2, "window_start", "٠٧:٠٠"),
            (S, 2, "end", "13:00:00"),
            (V, 2, "requested_start", "0700"),
            (S, 2, "end", "24:01"),
            (V, 3, "window_end", "７:３０"),
        ],
    ),
    *_cells(
        "number",
        "cells",
        [
            (P, 2, "rate_per_hour", "abc"),
            (P, 2, "rate_per_hour", "nan"),
            (P, 3, "rate_per_hour", "١٤"),
            (P, 3, "rate_per_hour", "1_000"),
            (K, 2, "contracted_hours_week", "inf"),
            (K, 2, "contracted_hours_week", "0x10"),
            (C, 2, "lon", "-2,7"),
        ],
    ),
    *_cells(
        "integer",
        "cells",
        [
            (V, 2, "duration_min", "30.5"),
            (V, 2, "duration_min", "1e3"),
            (V, 2, "duration_min", "3O"),
            (V, 3, "duration_min", "٣٠"),
        ],
    ),
    *_cells(
        "enum",
        "cells",
        [
            (K, 2, "travel_mode", "car"),
            (K, 2, "gender", "female"),
            (P, 2, "kind", "council"),
            (P, 2, "payment", "hourly"),
            (C, 2, "gender_preference", "x"),
            (V, 2, "carers_required", "3"),
            (V, 2, "priority", "0"),
        ],
    ),
    bad("id_with_semicolon", "cells", "a visit id containing ';'", set_cell(V, 2, "visit_id", "V;1")),
    bad("id_too_long", "cells", "a 300-character visit id", set_cell(V, 2, "visit_id", "V" * 300)),
    bad(
        "skill_with_control",
        "cells",
        "a skills list holding a control character",
        set_cell(K, 2, "skills", "medication;de\x07mentia"),
    ),
]

RANGES = [
    bad(
        "capacity_1e20",
        "ranges",
        "capacity 1e20 (overflowed the solver)",
        set_cell(K, 2, "capacity", "1" + "0" * 20),
    ),
    bad("demand_1e19", "ranges", "demand 1e19", set_cell(V, 2, "demand", "1" + "0" * 19)),
    bad(
        "late_penalty_1e300",
        "ranges",
        "late_penalty_per_min 1e300",
        set_cell(V, 2, "late_penalty_per_min", "1e300"),
    ),
    bad("rate_1e308", "ranges", "rate_per_hour 1e308", set_cell(P, 2, "rate_per_hour", "1e308")),
    bad(
        "rate_1e400",
        "ranges",
        "rate_per_hour 1e400 (infinite as a float)",
        set_cell(P, 2, "rate_per_hour", "1e400"),
    ),
    bad("mileage_huge", "ranges", "mileage_per_km 1e6", set_cell(P, 2, "mileage_per_km", "1000000")),
    bad("integer_5000_digits", "ranges", "a 5,000-digit demand", set_cell(V, 2, "demand", "9" * 5000)),
    bad("duration_2000", "ranges", "a visit longer than a day", set_cell(V, 2, "duration_min", "2000")),
    bad("duration_0", "ranges", "a visit of 0 minutes", set_cell(V, 2, "duration_min", "0")),
    bad("duration_negative", "ranges", "a visit of -5 minutes", set_cell(V, 2, "duration_min", "-5")),
    bad("max_minutes_0", "ranges", "max_minutes_per_day 0", set_cell(K, 2, "max_minutes_per_day", "0")),
    bad(
        "max_minutes_5000",
        "ranges",
        "max_minutes_per_day 5000",
        set_cell(K, 2, "max_minutes_per_day", "5000"),
    ),
    bad(
        "contracted_200",
        "ranges",
        "200 contracted hours a week",
        set_cell(K, 2, "contracted_hours_week", "200"),
    ),
    bad("capacity_negative", "ranges", "capacity -1", set_cell(K, 2, "capacity", "-1")),
    bad(
        "late_penalty_negative",
        "ranges",
        "late_penalty_per_min -1",
        set_cell(V, 2, "late_penalty_per_min", "-1"),
    ),
    bad("lat_91", "ranges", "a carer at latitude 91", set_cell(K, 2, "lat", "91.000001")),
    bad("lon_200", "ranges", "a client at longitude 200", set_cell(C, 2, "lon", "200.123456")),
    bad(
        "client_outside_bounds",
        "ranges",
        "a client's home outside the locality (never echoed)",
        set_cell(C, 3, "lat", "57.123456"),
    ),
    bad(
        "carer_outside_bounds",
        "ranges",
        "a carer's base outside the locality (never echoed)",
        set_cell(K, 3, "lon", "-3.456789"),
    ),
    bad(
        "gap_20000",
        "ranges",
        "a dependency gap beyond a week",
        _dependency(2, 5, "0", "20000", "max_gap_min"),
    ),
]

REFERENCES = [
    bad(
        "duplicate_provider",
        "references",
        "two providers with one id",
        set_cell(P, 3, "provider_id", cell(P, 2, "provider_id")),
    ),
    bad(
        "duplicate_carer",
        "references",
        "two carers with one id",
        set_cell(K, 3, "carer_id", cell(K, 2, "carer_id")),
    ),
    bad(
        "duplicate_client",
        "references",
        "two clients with one id",
        set_cell(C, 3, "client_id", cell(C, 2, "client_id")),
    ),
    bad(
        "duplicate_visit",
        "references",
        "two visits with one id",
        set_cell(V, 3, "visit_id", cell(V, 2, "visit_id")),
    ),
    bad(
        "unknown_provider_of_carer",
        "references",
        "a carer's provider does not exist",
        set_cell(K, 2, "provider_id", "NOPE"),
    ),
    bad(
        "unknown_carer_of_shift",
        "references",
        "a shift's carer does not exist",
        set_cell(S, 2, "carer_id", "NOBODY"),
    ),
    bad(
        "unknown_client_of_visit",
        "references",
        "a visit's client does not exist",
        set_cell(V, 2, "client_id", "C999"),
    ),
    bad(
        "unknown_preferred_carer",
        "references",
        "a preferred carer does not exist",
        set_cell(C, 2, "preferred_carers", "NOBODY"),
    ),
    bad(
        "unknown_excluded_carer",
        "references",
        "an excluded carer does not exist",
        set_cell(C, 2, "excluded_carers", "NOBODY"),
    ),
    bad(
        "unknown_provider_of_client",
        "references",
        "a client's provider does not exist",
        set_cell(C, 2, "provider_id", "NOPE"),
    ),
    bad(
        "unknown_client_in_history",
        "references",
        "history names an unknown client",
        set_cell(H, 2, "client_id", "C999"),
    ),
    bad(
        "unknown_carer_in_history",
        "references",
        "history names an unknown carer",
        set_cell(H, 2, "carer_id", "NOBODY"),
    ),
    bad(
        "unknown_visit_in_dependency",
        "references",
        "a dependency names an unknown visit",
        add_row(
            D,
            {
                "first_visit_id": cell(V, 2, "visit_id"),
                "second_visit_id": "V-NONE",
                "min_gap_min": "0",
                "max_gap_min": "60",
            },
            "second_visit_id",
        ),
    ),
    bad(
        "self_dependency",
        "references",
        "a visit depends on itself",
        _dependency(2, 2, "0", "0", "second_visit_id"),
    ),
    bad(
        "dependency_gap_reversed",
        "references",
        "max_gap_min below min_gap_min",
        _dependency(2, 5, "60", "30", "max_gap_min"),
    ),
    fine(
        "dependency_gaps_empty",
        "references",
        "both gap cells empty: documented as 0",
        _dependency(2, 5, "", "", ""),
        solve=(0, 4),
    ),
    bad(
        "dependency_max_empty",
        "references",
        "min_gap 30 with an empty max_gap (0): reversed, once a KeyError",
        _dependency(2, 5, "30", "", "max_gap_min"),
    ),
    bad(
        "preferred_and_excluded",
        "references",
        "one carer both preferred and excluded",
        set_cells(
            C,
            2,
            {"preferred_carers": cell(K, 2, "carer_id"), "excluded_carers": cell(K, 2, "carer_id")},
            at="excluded_carers",
        ),
    ),
    bad(
        "unknown_skill_of_visit",
        "references",
        "a visit needs a skill outside the vocabulary",
        set_cell(V, 2, "skills", "juggling"),
    ),
    bad(
        "unknown_skill_of_carer",
        "references",
        "a carer holds a skill outside the vocabulary",
        set_cell(K, 2, "skills", "medication;juggling"),
    ),
]

SEMANTICS = [
    bad(
        "shift_ends_before_start",
        "semantics",
        "a shift 13:00-07:00",
        set_cells(S, 2, {"start": "13:00", "end": "07:00"}, at="end"),
    ),
    bad(
        "shift_of_no_length",
        "semantics",
        "a shift 07:00-07:00",
        set_cells(S, 2, {"start": "07:00", "end": "07:00"}, at="end"),
    ),
    bad("overlapping_shifts", "semantics", "two overlapping shifts of one carer", _overlapping_shift),
    bad(
        "window_reversed",
        "semantics",
        "window_end before window_start",
        set_cells(V, 2, {"window_start": "09:00", "window_end": "08:00"}, at="window_end"),
    ),
    bad(
        "visit_longer_than_shifts",
        "semantics",
        "a 1000-minute visit (no shift is that long)",
        set_cell(V, 2, "duration_min", "1000"),
    ),
    fine(
        "requested_outside_window",
        "semantics",
        "requested_start outside its window (a warning)",
        set_cell(V, 2, "requested_start", "23:30"),
    ),
    fine(
        "visit_no_shift_can_hold",
        "semantics",
        "a visit at 03:00, before every shift (a warning; left unassigned)",
        set_cells(
            V, 2, {"window_start": "03:00", "window_end": "03:30", "requested_start": "03:00"}, at="date"
        ),
        solve=(0, 4),
    ),
    fine(
        "visit_on_a_day_without_shifts",
        "semantics",
        "a visit dated a day nobody works (a warning; left unassigned)",
        set_cell(V, 2, "date", "2026-12-25"),
        solve=(0, 4),
    ),
]

TOML = [
    bad(
        "toml_malformed",
        "toml",
        "an unclosed string",
        edit_text(T, lambda t: t.replace('title = "North', 'title = "North\n#', 1), [f"{T}:2"]),
    ),
    bad("toml_missing_name", "toml", "no name", toml_drop("name")),
    bad("toml_missing_bound", "toml", "no bounds.min_lat", toml_drop("bounds.min_lat", where_key="bounds")),
    bad("toml_unknown_key", "toml", "a misspelt key", toml_set("colour", '"red"')),
    bad("toml_rest_breaks_text", "toml", 'rest_breaks = "yes"', toml_set("rest_breaks", '"yes"')),
    bad("toml_rest_breaks_int", "toml", "rest_breaks = 1", toml_set("rest_breaks", "1")),
    bad("toml_min_lat_text", "toml", 'min_lat = "55.975"', toml_set("bounds.min_lat", '"55.975"')),
    bad("toml_speed_text", "toml", 'drive_kmh = "40"', toml_set("approximate_travel.drive_kmh", '"40"')),
    bad("toml_timezone_unknown", "toml", "timezone Mars/Olympus", toml_set("timezone", '"Mars/Olympus"')),
    bad("toml_timezone_empty", "toml", "an empty timezone", toml_set("timezone", '""')),
    bad(
        "toml_timezone_path", "toml", "a timezone that is a path", toml_set("timezone", '"../../etc/passwd"')
    ),
    bad("toml_skills_text", "toml", "skills as one string", toml_set("skills", '"medication"')),
    bad("toml_skills_numbers", "toml", "skills as numbers", toml_set("skills", "[1, 2]")),
    bad("toml_circuity_low", "toml", "circuity 0.5", toml_set("approximate_travel.circuity", "0.5")),
    bad("toml_speed_zero", "toml", "drive_kmh 0", toml_set("approximate_travel.drive_kmh", "0.0")),
    bad("toml_speed_tiny", "toml", "walk_kmh 1e-300", toml_set("approximate_travel.walk_kmh", "1e-300")),
    bad("toml_speed_nan", "toml", "walk_kmh nan", toml_set("approximate_travel.walk_kmh", "nan")),
    bad("toml_bound_inf", "toml", "max_lat = inf", toml_set("bounds.max_lat", "inf")),
    bad("toml_bounds_reversed", "toml", "min_lat above max_lat", _bounds_reversed),
    bad("toml_name_number", "toml", "name = 123", toml_set("name", "123")),
    bad("toml_name_date", "toml", "name = 2026-11-24 (a TOML date)", toml_set("name", "2026-11-24")),
    bad("toml_name_path", "toml", "a name with '/'", toml_set("name", '"north/berwick"')),
    bad("toml_deep_nesting", "toml", "an array nested 50,000 deep", _deep_toml),
    bad(
        "toml_duplicate_key",
        "toml",
        "name set twice",
        edit_text(T, lambda t: t.replace("title =", 'name = "again"\ntitle =', 1), [f"{T}:2"]),
    ),
    fine(
        "toml_osm_extract_missing",
        "toml",
        "osm_extract names a missing file (a warning)",
        toml_set("osm_extract", '"missing.osm.pbf"'),
    ),
]

MULTI = [
    bad(
        "every_bad_cell_of_a_row",
        "multi",
        "four bad cells in one visit row: each reported",
        set_cells(V, 2, {"date": "20261124", "window_start": "7h", "duration_min": "-3", "priority": "9"}),
    ),
    bad(
        "faults_in_three_files",
        "multi",
        "a bad key, a bad carer and a bad visit: all reported at once",
        both(toml_set("rest_breaks", '"no"'), set_cell(K, 4, "gender", "w"), set_cell(V, 6, "priority", "7")),
    ),
    bad(
        "bad_cell_and_unknown_reference",
        "multi",
        "a visit with a malformed duration and an unknown client",
        set_cells(V, 3, {"client_id": "C999", "duration_min": "long"}),
    ),
]

# The same faults on the other sample: nothing above may depend on North Berwick's particulars.
OTHER_BASE_FAULTS = (
    "missing_providers",
    "missing_carers",
    "nul_in_cell",
    "header_only_providers",
    "header_only_shifts",
    "missing_column_rate_per_hour",
    "empty_visit_id_0",
    "date_date_0",
    "time_start_0",
    "enum_travel_mode_0",
    "capacity_1e20",
    "rate_1e308",
    "client_outside_bounds",
    "duplicate_visit",
    "unknown_client_of_visit",
    "dependency_max_empty",
    "overlapping_shifts",
    "toml_rest_breaks_text",
    "toml_min_lat_text",
    "toml_timezone_unknown",
    "every_bad_cell_of_a_row",
    "junk_5mb",
)


def _on_other_base(cases: list[Case]) -> list[Case]:
    by_name = {c.name: c for c in cases}
    return [
        Case(
            f"ott_{name}",
            by_name[name].category,
            f"{by_name[name].about} (OSM test town)",
            by_name[name].fault,
            by_name[name].validate_exit,
            by_name[name].solve_exits,
            "ott",
            by_name[name].must_print,
            by_name[name].max_lines,
        )
        for name in OTHER_BASE_FAULTS
    ]


BASELINE = [
    fine("valid_base_nb", "baseline", "the base itself", lambda _f: []),
    Case("valid_base_ott", "baseline", "the base itself", lambda _f: [], 0, (0, 4), "ott"),
]

_NB = [*FILES, *ENCODING, *STRUCTURE, *CELLS, *RANGES, *REFERENCES, *SEMANTICS, *TOML, *MULTI]
CASES: list[Case] = [*BASELINE, *_NB, *_on_other_base(_NB)]
