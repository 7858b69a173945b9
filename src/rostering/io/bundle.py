"""Problem bundle v1: a folder with locality.toml and CSV files, read with located validation.

`read_bundle` reports every problem at once as `file:line:column: message` (the header is line 1, the
column is the column's name), so a coordinator can fix a whole export in one pass. `write_bundle`
writes each file atomically with deterministic bytes: contract columns first, in the documented order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..atomic import write_text_atomic
from ..domain import (
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
from ..domain.time import format_hhmm
from ..errors import InputError, Issue, Position
from .bundle_checks import feasibility_warnings, requested_start_warnings, row_errors
from .bundle_locality import read_locality, render_locality
from .bundle_spec import BUNDLE_FILES, FILE_BY_COLLECTION, FILE_ORDER, LOCALITY_FILE, BundleFile
from .csv_rows import Row, error, format_cell, parse_cell, parse_row, read_rows, render_csv

MODELS: dict[str, type[BaseModel]] = {
    "providers": Provider,
    "carers": Carer,
    "shifts": Shift,
    "clients": Client,
    "visits": Visit,
    "history": HistoryRecord,
    "dependencies": VisitDependency,
    "zones": Zone,
}
# The word reference messages use for each referenced collection.
REFERENCE_KINDS = {
    "provider": "providers",
    "carer": "carers",
    "client": "clients",
    "visit": "visits",
    "zone": "zones",
}

__all__ = ["BUNDLE_FILES", "LOCALITY_FILE", "read_bundle", "write_bundle"]


class _Parsed:
    """The rows that parsed (with line numbers), every row's references, and files that were unusable."""

    def __init__(self) -> None:
        self.items: dict[str, list[Any]] = {f.collection: [] for f in BUNDLE_FILES}
        self.lines: dict[str, list[int]] = {f.collection: [] for f in BUNDLE_FILES}
        # Every row, broken ones included, so that its references and ids are still checked.
        self.drafts: dict[str, list[Any]] = {f.collection: [] for f in BUNDLE_FILES}
        self.draft_lines: dict[str, list[int]] = {f.collection: [] for f in BUNDLE_FILES}
        self.unusable: set[str] = set()


def read_bundle(path: Path) -> tuple[Problem, list[Issue]]:
    """Read and validate the bundle in folder `path`.

    Returns
    -------
    The Problem and the warnings (visits no roster could cover, requested times outside windows, ...).

    Raises
    ------
    InputError carrying every error (and the warnings found alongside them), each located.
    """
    path = Path(path)
    if not path.is_dir():
        raise InputError(
            [Issue(Position(str(path)), "not a bundle folder (expected locality.toml and CSV files)")]
        )
    issues: list[Issue] = []
    locality = read_locality(path / LOCALITY_FILE, issues)
    parsed = _Parsed()
    for spec in BUNDLE_FILES:
        _read_file(path, spec, parsed, issues)

    items, lines = parsed.items, parsed.lines
    # Unvalidated on purpose: the cross-reference checks run over every row, broken ones included.
    drafts = {k: tuple(v) for k, v in parsed.drafts.items()}
    draft = Problem.model_construct(locality=locality or Locality.model_construct(skills=()), **drafts)  # type: ignore[call-arg, arg-type]
    issues += _reference_issues(draft, parsed)
    issues += row_errors(locality, items["carers"], items["shifts"], items["clients"], items["visits"], lines)
    issues += requested_start_warnings(items["visits"], lines["visits"])
    problem: Problem | None = None
    if locality is not None and not any(i.severity == "error" for i in issues):
        problem = Problem(locality=locality, **{k: tuple(v) for k, v in items.items()})
        issues += feasibility_warnings(problem, lines["visits"])
    issues.sort(key=_issue_order)
    if problem is None or any(i.severity == "error" for i in issues):
        raise InputError(issues)
    return problem, issues


def _issue_order(issue: Issue) -> tuple[int, int, int, int]:
    """Files in bundle order, then lines, then columns as the file lists them; errors before warnings."""
    where = issue.where
    spec = next((f for f in BUNDLE_FILES if f.name == where.file), None)
    names = [c.name for c in spec.columns] if spec else []
    column = names.index(where.column) if where.column in names else len(names)
    return (FILE_ORDER.get(where.file, len(FILE_ORDER)), where.line or 0, column, issue.severity != "error")


def _read_file(folder: Path, spec: BundleFile, parsed: _Parsed, issues: list[Issue]) -> None:
    file = folder / spec.name
    if not file.is_file():
        if spec.required:
            issues.append(error(spec.name, None, None, "missing required file"))
            parsed.unusable.add(spec.collection)
        return
    rows = read_rows(file, spec, issues)
    if rows is None:
        parsed.unusable.add(spec.collection)
        return
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
            values[col.field_name] = parse_cell(col, raw)
        elif col.kind in ("id", "ref"):
            values[col.field_name] = None if raw == "" and col.default is not None else raw
    return MODELS[spec.collection].model_construct(**values)


def _build(spec: BundleFile, row: Row, values: dict[str, Any], issues: list[Issue]) -> BaseModel | None:
    """One domain object from a parsed row; rules spanning two cells are located at the later cell."""
    before = len(issues)

    def fail(column: str, message: str) -> None:
        issues.append(error(spec.name, row.line, column, message))

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
    if spec.collection == "dependencies":
        if values.get("max_gap_min", 0) < values.get("min_gap_min", 0):
            fail(
                "max_gap_min",
                f"max_gap_min {values['max_gap_min']} is below min_gap_min {values['min_gap_min']}",
            )
        if values["first_visit_id"] == values["second_visit_id"]:
            fail("second_visit_id", "a visit cannot depend on itself")
    if len(issues) > before:
        return None
    try:
        return MODELS[spec.collection](**values)
    except ValidationError as exc:
        columns = {c.field_name: c.name for c in spec.columns}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            column = columns.get(field, field) or None
            raw = row.cells.get(column or "", "")
            fail(column or "", f"invalid {column} {raw!r}: {err['msg']}" if column else err["msg"])
        return None


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
