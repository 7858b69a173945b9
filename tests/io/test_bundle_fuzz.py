"""Fuzzing the readers: whatever the bytes, the only exception is InputError, and every message is one
printable, located line.

About 11,000 cases in all (byte, cell, TOML and whole-file mutations of a small valid bundle; mutated
roster.json; real folders through read_bundle), in about a minute: marked slow, run by `make test`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import Problem
from rostering.errors import InputError, Issue
from rostering.io.bundle import BUNDLE_FILES, LOCALITY_FILE, parse_bundle, read_bundle, write_bundle
from rostering.io.roster_json import parse_roster_json, roster_json_text
from tests.conftest import make_tiny_problem
from tests.golden.tiny_rosters import valid_roster

pytestmark = pytest.mark.slow
NAMES = [LOCALITY_FILE, *(spec.name for spec in BUNDLE_FILES)]
FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _tiny_bundle() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        write_bundle(make_tiny_problem(), Path(tmp))
        return {name: (Path(tmp) / name).read_bytes() for name in NAMES}


BASE = _tiny_bundle()

# Bytes and cell values that have broken CSV readers, number parsers and the engine before.
NASTY_BYTES = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xfe\xff", b'"', b",", b"\n", b"\r", b";", b"\t", b"\x1b",
               b"9" * 40, b"-", b"e", b"nan", b"\xc3", b"\xe2\x80\xa8", b" ", b"\\", b"'"]  # fmt: skip
NASTY_CELLS = ["", " ", "nan", "inf", "-inf", "1e308", "1e400", "-0", "1e-400", "9" * 30, "9" * 5000,
               "1_000", "٣", "７", "0x1F", "24:00", "24:01", "7:00", "07:00:00", "20261124", "2026-02-30",
               "0001-01-01", "9999-12-31", ";", ";;", "a;", '"', "\x00", "\u2028", "\ufeff1", "-1", "2", "3",
               "K1", "C1", "V1", "P1", "drive", "x", "medication", "56.0", "-2.72"]  # fmt: skip
TOML_VALUES = ['"yes"', '"55.975"', "true", "0", "-1", "1e309", "nan", "inf", "-inf", "[]", "[1, 2]", '["a"]',
               "{}", '{ x = 1 }', "2026-11-24", "07:00:00", '""', '"Mars/Olympus"', '"../x"', '"a/b"', "1.5",
               "100", "1e-300", '"' + "x" * 300 + '"', "[[1]]", '"\\u0000"']  # fmt: skip


def check(files: dict[str, bytes | Issue]) -> None:
    """parse_bundle ends in a Problem or an InputError; every issue is one printable, located line."""
    try:
        problem, issues = parse_bundle(files)
    except InputError as exc:
        issues = exc.issues
        assert any(i.severity == "error" for i in issues) or exc.omitted
    else:
        assert isinstance(problem, Problem)
        _engine_safe(problem)
    for issue in issues:
        assert issue.where.file in NAMES, issue
        assert str(issue).isprintable(), repr(str(issue))
        assert len(str(issue)) < 1000


def _engine_safe(problem: Problem) -> None:
    """What the solver relies on, for any Problem the reader accepts."""
    for v in problem.visits:
        assert 0 < v.duration_min <= 1440 and 0 <= v.window_start_min <= v.window_end_min <= 1440
        assert v.late_penalty_per_min is None or math.isfinite(v.late_penalty_per_min)
    for p in problem.providers:
        assert math.isfinite(p.rate_per_hour) and math.isfinite(p.mileage_per_km)


def mutate_bytes(data: bytes, draw: st.DrawFn) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "random"]))
        if action == "insert":
            data = data[:at] + draw(st.sampled_from(NASTY_BYTES)) + data[at:]
        elif action == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 20)) :]
        elif action == "replace":
            data = data[:at] + draw(st.sampled_from(NASTY_BYTES)) + data[at + 1 :]
        elif action == "truncate":
            data = data[:at]
        else:
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@st.composite
def byte_mutations(draw: st.DrawFn) -> dict[str, bytes | Issue]:
    name = draw(st.sampled_from(NAMES))
    return {**BASE, name: mutate_bytes(BASE[name], draw)}


@st.composite
def cell_mutations(draw: st.DrawFn) -> dict[str, bytes | Issue]:
    files: dict[str, bytes | Issue] = dict(BASE)
    for _ in range(draw(st.integers(1, 3))):
        spec = draw(st.sampled_from([s for s in BUNDLE_FILES if BASE[s.name].count(b"\n") > 1]))
        table = list(csv.reader(io.StringIO(files[spec.name].decode("utf-8"), newline="")))  # type: ignore[union-attr]
        row = draw(st.integers(1, len(table) - 1))
        if not table[row]:  # a blank line an earlier mutation made
            continue
        col = draw(st.integers(0, len(table[row]) - 1))
        table[row][col] = draw(st.sampled_from(NASTY_CELLS) | st.text(max_size=12))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(table)
        files[spec.name] = buf.getvalue().encode("utf-8", errors="surrogatepass")
    return files


@st.composite
def toml_mutations(draw: st.DrawFn) -> dict[str, bytes | Issue]:
    lines = BASE[LOCALITY_FILE].decode("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        keys = [i for i, line in enumerate(lines) if " = " in line]
        action = draw(st.sampled_from(["set", "drop", "add", "duplicate"]))
        i = draw(st.sampled_from(keys))
        key = lines[i].split(" = ")[0]
        value = draw(st.sampled_from(TOML_VALUES) | st.text(max_size=10).map(json.dumps))
        if action == "set":
            lines[i] = f"{key} = {value}"
        elif action == "drop":
            del lines[i]
        elif action == "add":
            lines.insert(
                draw(st.integers(0, len(lines))), f"{draw(st.sampled_from(['colour', 'x', key]))} = {value}"
            )
        else:
            lines.insert(i, lines[i])
    return {**BASE, LOCALITY_FILE: ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")}


@st.composite
def whole_files(draw: st.DrawFn) -> dict[str, bytes | Issue]:
    files: dict[str, bytes | Issue] = dict(BASE)
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True)):
        if draw(st.booleans()):
            del files[name]
        else:
            files[name] = draw(st.binary(max_size=300) | st.sampled_from([b"", b"\xef\xbb\xbf", b"a,b\n"]))
    return files


@settings(FUZZ, max_examples=3000)
@given(byte_mutations())
def test_mutated_bytes_never_raise_anything_but_input_error(files: dict[str, bytes | Issue]) -> None:
    check(files)


@settings(FUZZ, max_examples=3000)
@given(cell_mutations())
def test_mutated_cells_never_raise_anything_but_input_error(files: dict[str, bytes | Issue]) -> None:
    check(files)


@settings(FUZZ, max_examples=2000)
@given(toml_mutations())
def test_mutated_locality_toml_never_raises_anything_but_input_error(files: dict[str, bytes | Issue]) -> None:
    check(files)


@settings(FUZZ, max_examples=1500)
@given(whole_files())
def test_missing_or_random_files_never_raise_anything_but_input_error(
    files: dict[str, bytes | Issue],
) -> None:
    check(files)


ROSTER = roster_json_text(valid_roster(), "Europe/London").encode()


@settings(FUZZ, max_examples=1200)
@given(st.data())
def test_mutated_roster_json_never_raises_anything_but_input_error(data: st.DataObject) -> None:
    text = mutate_bytes(ROSTER, data.draw).decode("utf-8", errors="replace")  # type: ignore[arg-type]
    try:
        parse_roster_json(text)
    except InputError as exc:
        assert all(str(i).isprintable() for i in exc.issues)


@settings(FUZZ, max_examples=300)
@given(byte_mutations())
def test_real_folders_read_the_same_as_bytes(files: dict[str, bytes | Issue]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)  # type: ignore[arg-type]
        assert _outcome(lambda: read_bundle(Path(tmp))) == _outcome(lambda: parse_bundle(files))


def _outcome(read: Callable[[], tuple[Problem, list[Issue]]]) -> tuple[object, list[str]]:
    try:
        problem, issues = read()
    except InputError as exc:
        return None, [str(i) for i in exc.issues]
    return problem, [str(i) for i in issues]
