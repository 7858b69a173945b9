"""locality.toml: read it into a Locality with each error located at its key's line, and write it back.

The writer emits a fixed key order and JSON-compatible basic strings, so the bytes are deterministic.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import ApproximateTravel, Bounds, Locality, WorkingTime
from ..errors import Issue
from .bundle_spec import LOCALITY_FILE
from .csv_rows import error, format_float

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE = re.compile(r"^\s*\[([^\]]+)\]\s*(#.*)?$")


def read_locality(path: Path, issues: list[Issue]) -> Locality | None:
    """The bundle's Locality, or None with located issues when it is missing or invalid."""
    if not path.is_file():
        issues.append(error(LOCALITY_FILE, None, None, "missing required file"))
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        issues.append(error(LOCALITY_FILE, None, None, f"not UTF-8 text ({exc.reason})"))
        return None
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        # "at end of document" carries no position: point at the last line.
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        issues.append(
            error(LOCALITY_FILE, line, None, f"malformed TOML: {_TOML_POSITION.sub('', str(exc)).strip()}")
        )
        return None
    try:
        return Locality.model_validate(data)
    except ValidationError as exc:
        lines = text.splitlines()
        for err in exc.errors():
            key = ".".join(str(part) for part in err["loc"] if not isinstance(part, int))
            message = err["msg"]
            if err["type"] == "missing":
                message = f"missing required key {key!r}"
            elif err["type"] == "extra_forbidden":
                message = f"unknown key {key!r}"
            elif "input" in err and not isinstance(err["input"], dict):
                message = f"{message} (got {err['input']!r})"
            issues.append(error(LOCALITY_FILE, key_line(lines, key), key or None, message))
        return None


def key_line(lines: list[str], dotted_key: str) -> int:
    """The 1-based line where `dotted_key` (e.g. `bounds.min_lat`) is set, or 1 when it is not found."""
    *tables, key = dotted_key.split(".") if dotted_key else [""]
    wanted_table = ".".join(tables)
    table = ""
    assign = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, text in enumerate(lines, start=1):
        header = _TABLE.match(text)
        if header:
            table = header.group(1).strip()
            if table == dotted_key:
                return number
            continue
        if table == wanted_table and key and assign.match(text):
            return number
        # A dotted key written inline, e.g. `bounds.min_lat = 55.9` at top level.
        if not table and re.match(rf"^\s*{re.escape(dotted_key)}\s*=", text):
            return number
    return 1


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
