"""One CSV cell to one value, strictly: each malformed cell becomes its own located message.

Numbers are ASCII decimal (`28`, `-2.7`, `1e3`; no `nan`, `inf`, `1_000` or other scripts' digits, which
Python's own parsers accept) and inside the column's documented range; dates are `YYYY-MM-DD`, times
`HH:MM`. Messages quote a bad value, cut short, except in personal columns (home coordinates), which are
never repeated.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from ..domain.quoting import shown
from ..domain.time import format_hhmm, format_local_datetime, parse_date, parse_hhmm, parse_local_datetime
from .bundle_spec import BundleFile, Column
from .csv_rows import Row, error
from .issue_log import IssueSink

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
# Digits beyond which an integer is out of every range: checked before int() (which refuses 4,300+).
_MAX_INT_DIGITS = 18
MAX_ID_CHARS = 200
MAX_TEXT_CHARS = 500


def parse_row(spec: BundleFile, row: Row, issues: IssueSink) -> dict[str, Any] | None:
    """Model fields from one row (empty optional cells left out so the model default applies).

    Every bad cell of the row gets its own issue, not only the first.
    """
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
    _check_characters(col, raw)
    if col.kind in ("id", "ref"):
        _check_id(col.name, raw)
        return raw
    if col.kind == "text":
        if len(raw) > MAX_TEXT_CHARS:
            raise ValueError(f"{col.name} is longer than {MAX_TEXT_CHARS} characters")
        return raw
    if col.kind == "float":
        return _in_range(col, raw, _float(col, raw))
    if col.kind == "int":
        return _in_range(col, raw, _int(col, raw))
    if col.kind == "date":
        return parse_date(raw)
    if col.kind == "hhmm":
        return parse_hhmm(raw)
    if col.kind == "datetime":
        return parse_local_datetime(raw)
    if col.kind == "enum":
        if raw not in col.choices:
            raise ValueError(f"{col.name} must be one of {', '.join(col.choices)} (got {shown(raw)})")
        return int(raw) if raw.isdigit() else raw
    if col.kind == "list":
        items = tuple(part.strip() for part in raw.split(";") if part.strip())
        for item in items:
            _check_id(col.name, item)
        return items
    if col.kind == "bool":
        # Spreadsheets export TRUE / FALSE; people write yes / no.
        word = raw.lower()
        if word in ("true", "yes"):
            return True
        if word in ("false", "no"):
            return False
        raise ValueError(f"{col.name} must be true or false (got {shown(raw)})")
    raise AssertionError(f"unknown column kind {col.kind!r}")


def _quoted(col: Column, raw: str) -> str:
    """` 'value'` for a message, or nothing for a personal column."""
    return "" if col.personal else f" {shown(raw)}"


def _check_characters(col: Column, raw: str) -> None:
    # A non-UTF-8 byte arrives as a lone surrogate (the reader decodes with surrogateescape).
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        raise ValueError(
            f"{col.name} is not UTF-8 text (the file was saved in another encoding?): save the file as UTF-8"
        )
    bad = next((ch for ch in raw if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        where = "" if col.personal else f" in {shown(raw)}"
        if bad in "\r\n":
            raise ValueError(f"{col.name} spans several lines{where} (a quote left open on an earlier cell?)")
        raise ValueError(f"{col.name} contains the control character {bad!r}{where}")


def _check_id(column: str, value: str) -> None:
    if ";" in value:
        raise ValueError(f"{column} {shown(value)} must not contain ';'")
    # Invisible characters (a zero-width space, a stray byte-order mark) make two ids look equal.
    hidden = next((ch for ch in value if not ch.isprintable() and ch != " "), None)
    if hidden is not None:
        raise ValueError(f"{column} {shown(value)} contains the invisible character U+{ord(hidden):04X}")
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"{column} is longer than {MAX_ID_CHARS} characters")


def _float(col: Column, raw: str) -> float:
    if not _FLOAT.fullmatch(raw):
        hint = "digits with a decimal point, e.g. 28.5"
        raise ValueError(f"malformed number{_quoted(col, raw)} in {col.name}: expected {hint}")
    return float(raw)


def _int(col: Column, raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise ValueError(f"malformed integer{_quoted(col, raw)} in {col.name}: expected a whole number")
    if len(raw.lstrip("+-").lstrip("0")) > _MAX_INT_DIGITS:
        _out_of_range(col, raw)
    return int(raw)


def _in_range(col: Column, raw: str, value: float) -> Any:
    low = -math.inf if col.minimum is None else col.minimum
    high = math.inf if col.maximum is None else col.maximum
    if not (math.isfinite(value) and low <= value <= high):
        _out_of_range(col, raw)
    return value


def _out_of_range(col: Column, raw: str) -> None:
    got = "" if col.personal else f" (got {shown(raw)})"
    raise ValueError(f"{col.name} must be {range_text(col)}{got}")


def range_text(col: Column) -> str:
    """'between 1 and 1440 minutes', as messages and the docs state a column's range."""
    unit = f" {col.unit}" if col.unit else ""
    if col.minimum is None and col.maximum is None:
        return "a finite number"
    if col.maximum is None:
        return f"at least {format_number(col.minimum)}{unit}"
    if col.minimum is None:
        return f"at most {format_number(col.maximum)}{unit}"
    return f"between {format_number(col.minimum)} and {format_number(col.maximum)}{unit}"


def format_number(value: float | None) -> str:
    """A range bound as people write it: 1440, 0.5, 1,000,000,000."""
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else format_float(float(value))


def format_cell(col: Column, value: Any) -> str:
    """The canonical text of a value: the writer's half of `parse_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if col.kind in ("float", "int"):
        # What is written must read back: a value outside the column's range would not.
        text = format_float(float(value)) if col.kind == "float" else str(value)
        _in_range(col, text, value)
        return text
    if col.kind == "date":
        return str(value.isoformat())
    if col.kind == "hhmm":
        if not 0 <= value <= 24 * 60:
            raise ValueError(f"{col.name} {value} min is outside 00:00-24:00 and cannot be written as HH:MM")
        return format_hhmm(int(value))
    if col.kind == "datetime":
        return format_local_datetime(value)
    if col.kind == "list":
        return ";".join(value)
    return str(value)


def format_float(value: float) -> str:
    """Shortest text that reads back to the same float; whole numbers without a trailing '.0'."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text
