"""Problem bundle v1: a folder with locality.toml and CSV files, read with located validation.

`read_bundle` reports every problem at once as `file:line:column: message` (the header is line 1, the
column is the column's name), so a coordinator can fix a whole export in one pass; no input, however
broken, raises anything but InputError. `parse_bundle` does the same on the files' bytes (no I/O).
`write_bundle` writes each file atomically with deterministic bytes: contract columns first, in the
documented order.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..atomic import write_text_atomic
from ..domain import (
    Absence,
    Carer,
    Client,
    HistoryRecord,
    Locality,
    Problem,
    Provider,
    Shift,
    Visit,
    VisitDependency,
    Zone,
)
from ..domain.quoting import shown
from ..domain.time import format_hhmm, format_local_datetime
from ..errors import InputError, Issue, Position
from ..input_files import MAX_CSV_BYTES, MAX_TOML_BYTES, os_reason, other_encoding, read_input_bytes
from .bundle_cells import format_cell, parse_cell, parse_row
from .bundle_checks import (
    emptiness_issues,
    feasibility_warnings,
    merge_overlapping_absences,
    requested_start_warnings,
    row_errors,
)
from .bundle_locality import locality_file_warnings, parse_locality, render_locality
from .bundle_spec import BUNDLE_FILES, FILE_BY_COLLECTION, FILE_ORDER, LOCALITY_FILE, BundleFile
from .csv_rows import Row, error, read_rows, render_csv
from .issue_log import IssueLog, IssueSink

MODELS: dict[str, type[BaseModel]] = {
    "providers": Provider,
    "carers": Carer,
    "shifts": Shift,
    "clients": Client,
    "visits": Visit,
    "history": HistoryRecord,
    "dependencies": VisitDependency,
    "absences": Absence,
    "zones": Zone,
}
COLLECTION_BY_FILE = {f.name: f.collection for f in BUNDLE_FILES}
# The word reference messages use for each referenced collection.
REFERENCE_KINDS = {
    "provider": "providers",
    "carer": "carers",
    "client": "clients",
    "visit": "visits",
    "zone": "zones",
}

__all__ = ["BUNDLE_FILES", "LOCALITY_FILE", "parse_bundle", "read_bundle", "write_bundle"]


class _Parsed:
    """The rows that parsed (with line numbers), every row's references, and files that were unusable."""

    def __init__(self) -> None:
        self.items: dict[str, list[Any]] = {f.collection: [] for f in BUNDLE_FILES}
        self.lines: dict[str, list[int]] = {f.collection: [] for f in BUNDLE_FILES}
        # Every row, broken ones included, so that its references and ids are still checked.
        self.drafts: dict[str, list[Any]] = {f.collection: [] for f in BUNDLE_FILES}
        self.draft_lines: dict[str, list[int]] = {f.collection: [] for f in BUNDLE_FILES}
        # Data lines per file (broken ones too); absent for a file that could not be read at all.
        self.row_counts: dict[str, int] = {}
        # Collections whose ids cannot be checked against (file unusable or with unreadable rows, or
        # empty and reported so).
        self.unusable: set[str] = set()


def read_bundle(path: Path) -> tuple[Problem, list[Issue]]:
    """Read and validate the bundle in folder `path`.

    Returns
    -------
    The Problem and the warnings (visits no roster could cover, requested times outside windows, ...).

    Raises
    ------
    InputError carrying every error (and the warnings found alongside them), each located; never any
    other exception, whatever the folder holds.
    """
    path = Path(path)
    folder_issue = _folder_issue(path)
    if folder_issue:
        raise InputError([Issue(Position(str(path)), folder_issue)])
    files: dict[str, bytes | Issue] = {}
    for name in (LOCALITY_FILE, *(spec.name for spec in BUNDLE_FILES)):
        data = read_input_bytes(path / name, name, MAX_TOML_BYTES if name == LOCALITY_FILE else MAX_CSV_BYTES)
        if data is not None:
            files[name] = data
    problem, warnings = parse_bundle(files)
    toml = files[LOCALITY_FILE]
    text = toml.decode("utf-8-sig") if isinstance(toml, bytes) else ""  # it parsed, so it is UTF-8
    return problem, warnings + locality_file_warnings(problem.locality, path, text)


def _folder_issue(path: Path) -> str | None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "not a bundle folder: no such folder"
    except (OSError, ValueError) as exc:
        return f"cannot open the bundle folder: {os_reason(exc) if isinstance(exc, OSError) else exc}"
    if not stat.S_ISDIR(mode):
        return "not a bundle folder (expected a folder with locality.toml and CSV files)"
    return None


def parse_bundle(files: Mapping[str, bytes | Issue]) -> tuple[Problem, list[Issue]]:
    """Validate a bundle given as its files' bytes, by file name (an absent name is a missing file; an
    Issue says why that file could not be read). Same result and errors as `read_bundle`."""
    log = IssueLog(_issue_order)
    locality = parse_locality(files.get(LOCALITY_FILE), log)
    parsed = _Parsed()
    for spec in BUNDLE_FILES:
        _read_file(spec, files.get(spec.name), parsed, log)
    empty = emptiness_issues(parsed.row_counts)
    log.extend(empty)
    parsed.unusable |= {COLLECTION_BY_FILE[i.where.file] for i in empty if i.severity == "error"}

    items, lines = parsed.items, parsed.lines
    # Unvalidated on purpose: the cross-reference checks run over every row, broken ones included.
    drafts = {k: tuple(v) for k, v in parsed.drafts.items()}
    draft = Problem.model_construct(locality=locality or Locality.model_construct(skills=()), **drafts)  # type: ignore[call-arg, arg-type]
    log.extend(_reference_issues(draft, parsed))
    log.extend(
        row_errors(locality, items["carers"], items["shifts"], items["clients"], items["visits"], lines)
    )
    log.extend(requested_start_warnings(items["visits"], lines["visits"]))
    items["absences"], lines["absences"], merged = merge_overlapping_absences(
        items["absences"], lines["absences"]
    )
    log.extend(merged)
    if locality is None or log.has_errors():
        raise log.error()
    try:
        problem = Problem(locality=locality, **{k: tuple(v) for k, v in items.items()})
    except ValidationError as exc:  # the rows passed every located check; should not happen
        raise InputError(
            [Issue(Position("bundle"), f"inconsistent bundle: {exc.errors()[0]['msg']}")]
        ) from None
    log.extend(feasibility_warnings(problem, lines["visits"]))
    return problem, log.issues()


def _issue_order(issue: Issue) -> tuple[int, int, int, int]:
    """Files in bundle order, then lines, then columns as the file lists them; errors before warnings."""
    where = issue.where
    spec = next((f for f in BUNDLE_FILES if f.name == where.file), None)
    names = [c.name for c in spec.columns] if spec else []
    # A whole-row or whole-header issue (no column) comes first on its line, an unknown column last.
    column = (
        -1 if where.column is None else names.index(where.column) if where.column in names else len(names)
    )
    return (FILE_ORDER.get(where.file, len(FILE_ORDER)), where.line or 0, column, issue.severity != "error")


def _read_file(spec: BundleFile, data: bytes | Issue | None, parsed: _Parsed, issues: IssueSink) -> None:
    if data is None:
        if spec.required:
            issues.append(error(spec.name, None, None, "missing required file"))
            parsed.unusable.add(spec.collection)
        else:
            parsed.row_counts[spec.collection] = 0
        return
    if isinstance(data, Issue):
        issues.append(data)
        parsed.unusable.add(spec.collection)
        return
    encoding = other_encoding(data)
    if encoding:
        issues.append(error(spec.name, None, None, f"{encoding} text: save the file as UTF-8"))
        parsed.unusable.add(spec.collection)
        return
    # Bytes that are not UTF-8 become lone surrogates; the cell holding them reports it, located.
    table = read_rows(data.decode("utf-8-sig", errors="surrogateescape"), spec, issues)
    if table is None:
        parsed.unusable.add(spec.collection)
        return
    rows, parsed.row_counts[spec.collection] = table
    if parsed.row_counts[spec.collection] > len(rows):
        # Rows too broken to read (an unclosed quote can swallow the rest of the file): ids they held
        # are unknown, so references to them would be false alarms.
        parsed.unusable.add(spec.collection)
    for row in rows:
        values = parse_row(spec, row, issues)
        model = _build(spec, row, values, issues) if values is not None else None
        if model is not None:
            parsed.items[spec.collection].append(model)
            parsed.lines[spec.collection].append(row.line)
        parsed.drafts[spec.collection].append(model or _draft(spec, row))
        parsed.draft_lines[spec.collection].append(row.line)


def _draft(spec: BundleFile, row: Row) -> BaseModel:
    """A broken row's ids and references, unvalidated: enough for the cross-reference checks."""
    values: dict[str, Any] = {}
    for col in spec.columns:
        raw = row.cells.get(col.name, "")
        if col.kind == "list":
            try:
                values[col.field_name] = parse_cell(col, raw)
            except ValueError:  # reported where the row was parsed
                values[col.field_name] = ()
        elif col.kind in ("id", "ref"):
            values[col.field_name] = None if raw == "" and col.default is not None else raw
    return MODELS[spec.collection].model_construct(**values)


def _build(spec: BundleFile, row: Row, values: dict[str, Any], issues: IssueSink) -> BaseModel | None:
    """One domain object from a parsed row; rules spanning two cells are located at the later cell."""
    found: list[Issue] = []

    def fail(column: str, message: str) -> None:
        found.append(error(spec.name, row.line, column, message))

    if spec.collection == "shifts" and values["end_min"] <= values["start_min"]:
        fail(
            "end",
            f"end {format_hhmm(values['end_min'])} is not after start {format_hhmm(values['start_min'])}",
        )
    if spec.collection == "visits" and values["window_end_min"] < values["window_start_min"]:
        fail(
            "window_end",
            f"window_end {format_hhmm(values['window_end_min'])} is before "
            f"window_start {format_hhmm(values['window_start_min'])}",
        )
    if spec.collection == "absences" and values["end"] <= values["start"]:
        fail(
            "end",
            f"end {format_local_datetime(values['end'])} is not after start "
            f"{format_local_datetime(values['start'])}",
        )
    if spec.collection == "dependencies":
        # An empty gap cell is 0 (documented), so it is absent from `values`.
        low, high = values.get("min_gap_min", 0), values.get("max_gap_min", 0)
        if high < low:
            fail("max_gap_min", f"max_gap_min {high} is below min_gap_min {low}")
        if values["first_visit_id"] == values["second_visit_id"]:
            fail("second_visit_id", "a visit cannot depend on itself")
    if not found:
        try:
            return MODELS[spec.collection](**values)
        except ValidationError as exc:
            found += _model_issues(spec, row, exc)
    for issue in found:
        issues.append(issue)
    return None


def _model_issues(spec: BundleFile, row: Row, exc: ValidationError) -> list[Issue]:
    """The domain model's own rules, located at their column (values of personal columns not repeated)."""
    by_field = {c.field_name: c for c in spec.columns}
    out = []
    for err in exc.errors():
        col = by_field.get(str(err["loc"][0])) if err["loc"] else None
        if col is None:
            out.append(error(spec.name, row.line, None, str(err["msg"])))
            continue
        value = "" if col.personal else f" {shown(row.cells.get(col.name, ''))}"
        message = str(err["msg"]).removeprefix("Value error, ")
        out.append(error(spec.name, row.line, col.name, f"invalid {col.name}{value}: {message}"))
    return out


def _reference_issues(draft: Problem, parsed: _Parsed) -> list[Issue]:
    """Problem.reference_issues() located in the files, minus echoes of rows already reported broken."""
    out = []
    for ref in draft.reference_issues():
        # An empty id was reported where it was read; a reference into an unusable file cannot be checked.
        words = ref.message.split(" ")
        if ref.message.endswith(" ''"):
            continue
        if words[0] == "unknown" and REFERENCE_KINDS.get(words[1]) in parsed.unusable:
            continue
        spec = FILE_BY_COLLECTION[ref.collection]
        columns = {c.field_name: c.name for c in spec.columns}
        line = parsed.draft_lines[ref.collection][ref.index]
        out.append(error(spec.name, line, columns.get(ref.field, ref.field), ref.message))
    return out


def write_bundle(problem: Problem, path: Path) -> None:
    """Write `problem` as a bundle into folder `path`; each file is replaced atomically.

    Optional columns are written only when some row differs from the default, so bundles stay small;
    optional files are always written (header only when empty) so a folder never keeps a stale one.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path / LOCALITY_FILE, render_locality(problem.locality))
    for spec in BUNDLE_FILES:
        write_text_atomic(path / spec.name, render_file(spec, getattr(problem, spec.collection)))


def render_file(spec: BundleFile, items: tuple[BaseModel, ...]) -> str:
    """The canonical CSV text of one bundle file."""
    fields = MODELS[spec.collection].model_fields
    columns = [
        c
        for c in spec.columns
        if c.required or any(getattr(i, c.field_name) != fields[c.field_name].default for i in items)
    ]
    try:
        rows = [[format_cell(c, getattr(i, c.field_name)) for c in columns] for i in items]
    except ValueError as exc:
        raise InputError([Issue(Position(spec.name), f"cannot write: {exc}")]) from None
    return render_csv([c.name for c in columns], rows)
