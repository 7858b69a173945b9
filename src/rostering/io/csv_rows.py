"""CSV rows with their line numbers, and cells parsed by column kind into located issues.

Line numbers count physical lines with the header as line 1, so an editor's "go to line" lands on the
row. Every malformed cell becomes one Issue; parsing never stops at the first.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.time import format_hhmm, parse_date, parse_hhmm
from ..errors import Issue, Position
from .bundle_spec import BundleFile, Column


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]


def error(file: str, line: int | None, column: str | None, message: str) -> Issue:
    return Issue(Position(file, line, column), message)


def warning(file: str, line: int | None, column: str | None, message: str) -> Issue:
    return Issue(Position(file, line, column), message, severity="warning")


def read_rows(path: Path, spec: BundleFile, issues: list[Issue]) -> list[Row] | None:
    """The data rows of `path`, or None when the file cannot be used (issues say why)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        issues.append(error(spec.name, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        issues.append(error(spec.name, 1, None, "empty file: expected a header line"))
        return None
    except csv.Error as exc:
        issues.append(error(spec.name, 1, None, f"malformed CSV: {exc}"))
        return None
    if not _header_ok(spec, header, issues):
        return None
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    issues.append(
                        error(
                            spec.name, line, None, f"row has {len(cells)} cells, the header has {len(header)}"
                        )
                    )
                else:
                    rows.append(Row(line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
            line = reader.line_num + 1
    except csv.Error as exc:
        issues.append(error(spec.name, line, None, f"malformed CSV: {exc}"))
    return rows


def _header_ok(spec: BundleFile, header: list[str], issues: list[Issue]) -> bool:
    ok = True
    known = {c.name for c in spec.columns}
    seen: set[str] = set()
    for name in header:
        if name in seen:
            issues.append(error(spec.name, 1, name, f"duplicate column {name!r}"))
            ok = False
        seen.add(name)
        if name not in known:
            issues.append(warning(spec.name, 1, name, f"unknown column {name!r} ignored"))
    for col in spec.columns:
        if col.required and col.name not in seen:
            issues.append(error(spec.name, 1, col.name, f"missing required column {col.name!r}"))
            ok = False
    return ok


def parse_row(spec: BundleFile, row: Row, issues: list[Issue]) -> dict[str, Any] | None:
    """Model fields from one row (empty optional cells left out so the model default applies)."""
    values: dict[str, Any] = {}
    ok = True
    for col in spec.columns:
        raw = row.cells.get(col.name, "")
        if raw == "" and col.kind not in ("list", "text"):
            if col.default is None:
                issues.append(error(spec.name, row.line, col.name, f"{col.name} is empty"))
                ok = False
            continue
        try:
            values[col.field_name] = parse_cell(col, raw)
        except ValueError as exc:
            issues.append(error(spec.name, row.line, col.name, str(exc)))
            ok = False
    return values if ok else None


def parse_cell(col: Column, raw: str) -> Any:
    """One cell's value; ValueError with a message naming the problem when malformed."""
    if col.kind in ("id", "ref"):
        if ";" in raw:
            raise ValueError(f"{col.name} {raw!r} must not contain ';'")
        return raw
    if col.kind == "text":
        return raw
    if col.kind == "float":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"malformed number {raw!r} in {col.name}") from None
        if not math.isfinite(value):
            raise ValueError(f"malformed number {raw!r} in {col.name}: must be finite")
        return value
    if col.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"malformed integer {raw!r} in {col.name}") from None
    if col.kind == "date":
        return parse_date(raw)
    if col.kind == "hhmm":
        return parse_hhmm(raw)
    if col.kind == "enum":
        if raw not in col.choices:
            raise ValueError(f"{col.name} must be one of {', '.join(col.choices)} (got {raw!r})")
        return int(raw) if raw.isdigit() else raw
    if col.kind == "list":
        items = tuple(part.strip() for part in raw.split(";") if part.strip())
        return items
    raise AssertionError(f"unknown column kind {col.kind!r}")


def format_cell(col: Column, value: Any) -> str:
    """The canonical text of a value: the writer's half of `parse_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if col.kind == "float":
        return format_float(float(value))
    if col.kind == "date":
        return str(value.isoformat())
    if col.kind == "hhmm":
        if not 0 <= value <= 24 * 60:
            raise ValueError(f"{col.name} {value} min is outside 00:00-24:00 and cannot be written as HH:MM")
        return format_hhmm(int(value))
    if col.kind == "list":
        return ";".join(value)
    return str(value)


def format_float(value: float) -> str:
    """Shortest text that reads back to the same float; whole numbers without a trailing '.0'."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def render_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()
