"""roster.json: the full Roster, in a canonical order with sorted keys, so equal rosters give equal bytes.

Reading it back gives the canonical roster (`canonical_roster`), so write -> read round-trips exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..domain import Roster
from ..domain.quoting import shown
from ..errors import MAX_SHOWN_PER_FILE, InputError, Issue, Position
from ..input_files import MiB, read_input_text

# A week's roster of a large council is a few MB.
MAX_JSON_BYTES = 512 * MiB


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
        }
    )


def roster_json_text(roster: Roster) -> str:
    """The text of roster.json: canonical order, sorted keys, two-space indent, trailing newline."""
    data = canonical_roster(roster).model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


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
