"""CSV rows with their line numbers: text to header-checked rows, every structural problem located.

Line numbers count physical lines with the header as line 1, so an editor's "go to line" lands on the
row. A broken row (wrong number of cells, a cell larger than the CSV limit) is reported and skipped;
reading goes on to the end of the file. Cells are parsed in `bundle_cells`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ..domain.quoting import shown
from ..errors import Issue, Position
from .bundle_spec import BundleFile
from .issue_log import IssueSink

# Separators a spreadsheet may have used instead of commas (a European Excel writes ';').
_OTHER_SEPARATORS = {";": "';'", "\t": "tabs", "|": "'|'"}


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]


def error(file: str, line: int | None, column: str | None, message: str) -> Issue:
    return Issue(Position(file, line, column), message)


def warning(file: str, line: int | None, column: str | None, message: str) -> Issue:
    return Issue(Position(file, line, column), message, severity="warning")


def read_rows(text: str, spec: BundleFile, issues: IssueSink) -> tuple[list[Row], int] | None:
    """The well-formed data rows of one file's text and how many data lines it has (broken ones too),
    or None when the file cannot be used (issues say why).

    `text` may hold lone surrogates for bytes that were not UTF-8; the cells report them.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        issues.append(error(spec.name, 1, None, "empty file: expected a header line"))
        return None
    except csv.Error as exc:
        issues.append(error(spec.name, 1, None, f"malformed CSV header: {exc}"))
        return None
    if header:
        header[0] = header[0].lstrip("\ufeff")
    if not _header_ok(spec, header, issues):
        return None
    return _data_rows(reader, spec, header, issues)


def _data_rows(reader: Any, spec: BundleFile, header: list[str], issues: IssueSink) -> tuple[list[Row], int]:
    rows: list[Row] = []
    seen = 0
    width = len(header)
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            issues.append(error(spec.name, line, None, _csv_error(exc)))
            seen += 1
            line = reader.line_num + 1
            continue
        if any(c.strip() for c in cells):
            seen += 1
            spans = reader.line_num > line
            # Trailing empty cells (a spreadsheet's stray commas) carry nothing: drop them.
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
            if len(cells) != width:
                hint = " (a quote opened on this line is never closed?)" if spans else ""
                issues.append(
                    error(spec.name, line, None, f"row has {len(cells)} cells, the header has {width}{hint}")
                )
            else:
                rows.append(Row(line, {h: c.strip() for h, c in zip(header, cells, strict=True) if h}))
        line = reader.line_num + 1
    return rows, seen


def _csv_error(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        return f"a cell longer than {limit:,} characters (a quote left open?)"
    return f"malformed CSV: {exc}"


def _header_ok(spec: BundleFile, header: list[str], issues: IssueSink) -> bool:
    if len(header) == 1:
        sep = next((s for s in _OTHER_SEPARATORS if s in header[0]), None)
        if sep is not None:
            issues.append(
                error(
                    spec.name,
                    1,
                    None,
                    f"the header has no commas: the file seems separated by {_OTHER_SEPARATORS[sep]}; "
                    "save it as comma-separated CSV",
                )
            )
            return False
    ok = True
    known = {c.name for c in spec.columns}
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if any("\udc80" <= ch <= "\udcff" for ch in name):
            issues.append(error(spec.name, 1, None, f"header cell {index} is not UTF-8 text: save as UTF-8"))
            ok = False
            continue
        if name in seen and name:
            issues.append(error(spec.name, 1, _printable(name), f"duplicate column {shown(name)}"))
            ok = False
        seen.add(name)
        if name not in known and name:
            issues.append(warning(spec.name, 1, _printable(name), f"unknown column {shown(name)} ignored"))
    for col in spec.columns:
        if col.required and col.name not in seen:
            issues.append(error(spec.name, 1, col.name, f"missing required column {col.name!r}"))
            ok = False
    return ok


def _printable(name: str) -> str | None:
    """A column name fit for a location, or None (the message quotes it, escaped)."""
    return name if name.isprintable() and len(name) <= 64 else None


def render_csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()
