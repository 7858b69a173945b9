"""roster.json: the full Roster, in a canonical order with sorted keys, so equal rosters give equal bytes.

Format 1.1 adds `format_version`, the locality's `timezone` and, on every assignment, route and break,
`start_with_offset` / `end_with_offset` (ISO 8601 with the UTC offset, see io/wall_clock.py). Those are
derived from the `*_min` fields, which stay authoritative: the reader accepts 1.0 files (without them)
and 1.x files, drops the derived fields and refuses another major version. Reading gives the canonical
roster (`canonical_roster`), so write -> read round-trips exactly. Format 1.2 adds the care teams
(`teams`, empty for a roster not planned as a week).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import Roster
from ..domain.quoting import shown
from ..errors import MAX_SHOWN_PER_FILE, InputError, Issue, Position
from ..input_files import MiB, read_input_text
from .wall_clock import locality_zone, span, with_offset

# A week's roster of a large council is a few MB.
MAX_JSON_BYTES = 512 * MiB

ROSTER_JSON_FORMAT_VERSION = "1.3"
# Fields the writer derives from the *_min fields; the reader drops them.
_DERIVED_TOP = ("format_version", "timezone")
_DERIVED_ITEM = ("start_with_offset", "end_with_offset")
_TIMED_LISTS = ("assignments", "routes", "breaks")


def canonical_roster(roster: Roster) -> Roster:
    """The same roster with its lists in a stable order (date, carer, time), independent of the solver's."""
    return roster.model_copy(
        update={
            "assignments": tuple(
                sorted(roster.assignments, key=lambda a: (a.date, a.carer_id, a.seq, a.start_min, a.visit_id))
            ),
            "breaks": tuple(
                sorted(roster.breaks, key=lambda b: (b.date, b.carer_id, b.start_min, b.duration_min))
            ),
            "routes": tuple(
                sorted(roster.routes, key=lambda r: (r.date, r.carer_id, r.start_min, r.shift_start_min))
            ),
            "unassigned": tuple(sorted(roster.unassigned, key=lambda u: (u.date, u.visit_id, u.reason))),
            "teams": tuple(
                sorted(roster.teams, key=lambda t: (t.client_id, t.role != "primary", t.carer_id))
            ),
        }
    )


def roster_json_text(roster: Roster, timezone: str) -> str:
    """The text of roster.json: canonical order, sorted keys, two-space indent, trailing newline.

    `timezone` is the locality's (locality.toml); every timed entry gains its times with UTC offsets.
    """
    zone = locality_zone(timezone)
    canonical = canonical_roster(roster)
    data: dict[str, Any] = canonical.model_dump(mode="json")
    data["format_version"] = ROSTER_JSON_FORMAT_VERSION
    data["timezone"] = timezone
    intervals = {
        "assignments": [(a.date, a.start_min, a.end_min) for a in canonical.assignments],
        "routes": [(r.date, r.start_min, r.end_min) for r in canonical.routes],
        "breaks": [(b.date, b.start_min, b.start_min + b.duration_min) for b in canonical.breaks],
    }
    for name, rows in intervals.items():
        for item, (date, start_min, end_min) in zip(data[name], rows, strict=True):
            start, end = span(date, start_min, end_min, zone)
            item["start_with_offset"], item["end_with_offset"] = with_offset(start), with_offset(end)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _without_derived_fields(data: Any, file: str) -> Any:
    """The roster fields of a 1.x file: the version is checked, the derived time fields are dropped."""
    if not isinstance(data, dict):
        return data
    version = data.get("format_version", "1.0")
    if not isinstance(version, str) or version.split(".")[0] != "1":
        raise InputError(
            [
                Issue(
                    Position(file, None, "format_version"),
                    f"unsupported format_version {shown(str(version))}: this version of rostering reads 1.x",
                )
            ]
        )
    out = {k: v for k, v in data.items() if k not in _DERIVED_TOP}
    for name in _TIMED_LISTS:
        if isinstance(out.get(name), list):
            out[name] = [
                {k: v for k, v in item.items() if k not in _DERIVED_ITEM} if isinstance(item, dict) else item
                for item in out[name]
            ]
    return out


def parse_roster_json(text: str, file: str = "roster.json") -> Roster:
    """A Roster from roster.json text; InputError located at the line (bad JSON) or field (bad roster).

    Never raises anything else, whatever the text (deep nesting, huge numbers, wrong types).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Issue(Position(file, exc.lineno, f"col {exc.colno}"), f"malformed JSON: {exc.msg}")]
        ) from None
    except (RecursionError, ValueError) as exc:  # nesting too deep; an integer of 4,300+ digits
        reason = "nested too deeply" if isinstance(exc, RecursionError) else "a number too long"
        raise InputError([Issue(Position(file), f"malformed JSON: {reason}")]) from None
    data = _without_derived_fields(data, file)
    try:
        return canonical_roster(Roster.model_validate(data))
    except ValidationError as exc:
        issues = [
            Issue(Position(file, None, _path(err["loc"])), str(err["msg"]).removeprefix("Value error, "))
            for err in exc.errors()
        ]
        raise InputError(issues[:MAX_SHOWN_PER_FILE], {file: len(issues) - MAX_SHOWN_PER_FILE}) from None
    except RecursionError:
        raise InputError([Issue(Position(file), "roster nested too deeply")]) from None


def _path(loc: tuple[int | str, ...]) -> str | None:
    """A field's place in the roster, e.g. `assignments.3.start_min` (printable, cut short)."""
    text = ".".join(str(p) for p in loc)
    return shown(text, 80)[1:-1] if text else None


def read_roster_json(path: Path) -> Roster:
    """The Roster in roster.json at `path`; a located InputError if it is missing, unreadable or bad."""
    path = Path(path)
    text = read_input_text(path, str(path), MAX_JSON_BYTES)
    if text is None:
        raise InputError([Issue(Position(str(path)), "roster.json not found (is this a roster folder?)")])
    if isinstance(text, Issue):
        raise InputError([text])
    return parse_roster_json(text, str(path))
