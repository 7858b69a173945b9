"""Read a scenario file: TOML -> ScenarioSpec, every problem located at its key's line (`file:line:key`).

Checks that need only the file come here (types, ranges, unknown keys with a suggestion, keys that go
together, files that must exist); checks against the base bundle (unknown provider, skill, zone, date)
come in `materialise`, located the same way through `Scenario.where`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Issue, Position
from .spec import ZONED_POLICIES, ScenarioSpec

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")


@dataclass(frozen=True)
class Scenario:
    """A scenario file read and checked on its own: the spec, where it lives, and its text for locating."""

    spec: ScenarioSpec
    path: Path
    text: str = field(repr=False)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def base_dir(self) -> Path:
        """The base bundle folder (`base` is relative to the scenario file)."""
        return self.resolve(self.spec.base)

    @property
    def digest(self) -> str:
        """SHA-256 of the file's bytes: what the scenario said, for the materialised bundle's record."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def resolve(self, relative: str) -> Path:
        return (self.folder / relative).resolve() if not Path(relative).is_absolute() else Path(relative)

    def where(self, *key: str | int) -> Position:
        """The position of a dotted key (`"providers", "specialist", "skills"`) in the file."""
        parts = [str(k) for k in key if not isinstance(k, int)]
        return Position(str(self.path), key_line(self.text.splitlines(), parts), ".".join(parts) or None)

    def issue(self, message: str, *key: str | int) -> Issue:
        return Issue(self.where(*key), message)


def load_scenario(path: Path | str) -> Scenario:
    """Read and check a scenario file; raise InputError with every located problem at once."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Issue(Position(str(path)), "scenario file not found")]) from None
    except IsADirectoryError:
        raise InputError([Issue(Position(str(path)), "a folder, not a scenario file (.toml)")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Issue(Position(str(path)), f"not UTF-8 text ({exc.reason})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        message = f"malformed TOML: {_TOML_POSITION.sub('', str(exc)).strip()}"
        raise InputError([Issue(Position(str(path), line), message)]) from None
    lines = text.splitlines()
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        issues = [_located(path, lines, err) for err in exc.errors()]
        raise InputError(sorted(issues, key=lambda i: i.where.line or 0)) from None
    scenario = Scenario(spec, path, text)
    issues = _file_checks(scenario)
    if issues:
        raise InputError(issues)
    return scenario


def _file_checks(s: Scenario) -> list[Issue]:
    """Keys that go together and files that must exist."""
    spec, out = s.spec, []
    if spec.providers.policy in ZONED_POLICIES and spec.zones is None:
        out.append(
            s.issue(
                f"policy {spec.providers.policy!r} divides the locality: add [zones]", "providers", "policy"
            )
        )
    if spec.rates.rural_uplift and spec.zones is None:
        out.append(s.issue("rural_uplift applies in rural zones: add [zones]", "rates", "rural_uplift"))
    if not (s.base_dir / "locality.toml").is_file():
        out.append(s.issue(f"no bundle at {spec.base} (no locality.toml there)", "base"))
    if spec.zones is not None and spec.zones.file is not None and not s.resolve(spec.zones.file).is_file():
        out.append(s.issue(f"zones file {spec.zones.file} not found", "zones", "file"))
    if spec.solve.params is not None and not s.resolve(spec.solve.params).is_file():
        out.append(s.issue(f"engine parameters {spec.solve.params} not found", "solve", "params"))
    return out


def _located(path: Path, lines: list[str], err: Any) -> Issue:
    loc = [p for p in err["loc"] if isinstance(p, str)]
    key = ".".join(loc)
    kind, message = err["type"], err["msg"]
    if kind == "missing":
        message = f"missing required key {loc[-1]!r}" if loc else "missing required key"
    elif kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        near = difflib.get_close_matches(loc[-1], known, n=1)
        message = f"unknown key {loc[-1]!r}" + (f"; did you mean {near[0]!r}?" if near else "")
        message += f" (known: {', '.join(known)})" if known and not near else ""
    else:
        message = message.removeprefix("Value error, ")
        if "input" in err and not isinstance(err["input"], dict | list):
            message = f"{message} (got {err['input']!r})"
    return Issue(Position(str(path), key_line(lines, loc), key or None), message)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)] if get_origin(annotation) else []


def _known_keys(parts: list[str]) -> list[str]:
    model: type[BaseModel] = ScenarioSpec
    for part in parts:
        info = model.model_fields.get(part)
        subs = _models_in(info.annotation) if info else []
        if not subs:
            return []
        model = subs[0]
    return list(model.model_fields)


def key_line(lines: list[str], parts: list[str]) -> int:
    """The 1-based line that sets the dotted key `parts` (best effort: the deepest part found).

    Understands `[table]` and `[[array]]` headers, `key = value`, dotted keys (`zones.count = 3`) and
    inline tables (`specialist = { provider = "X" }`). Falls back to the nearest enclosing table's header,
    then to line 1.
    """
    best, best_depth = 1, 0
    table: list[str] = []
    for number, text in enumerate(lines, start=1):
        header = _HEADER.match(text)
        if header:
            table = _split(header.group(1))
            depth = _common(table, parts)
            if depth == len(table) and depth > best_depth:
                best, best_depth = number, depth
            continue
        key = _KEY.match(text)
        if not key:
            continue
        full = table + _split(key.group(1))
        depth = _common(full, parts)
        if depth < len(full):
            continue
        # Inside an inline table on this line: `specialist = { provider = "X", skills = [...] }`.
        rest = parts[depth:]
        while rest and re.search(rf"[{{,]\s*{re.escape(rest[0])}\s*=", text):
            depth += 1
            rest = rest[1:]
        if depth > best_depth:
            best, best_depth = number, depth
    return best


def _split(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in dotted.split(".")]


def _common(a: list[str], b: list[str]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n
