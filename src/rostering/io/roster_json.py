"""roster.json: the full Roster, in a canonical order with sorted keys, so equal rosters give equal bytes.

Reading it back gives the canonical roster (`canonical_roster`), so write -> read round-trips exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..domain import Roster
from ..errors import InputError, Issue, Position


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


def roster_json_text(roster: Roster) -> str:
    """The text of roster.json: canonical order, sorted keys, two-space indent, trailing newline."""
    data = canonical_roster(roster).model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse_roster_json(text: str, file: str = "roster.json") -> Roster:
    """A Roster from roster.json text; InputError located at the line (bad JSON) or field (bad roster)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Issue(Position(file, exc.lineno, f"col {exc.colno}"), f"malformed JSON: {exc.msg}")]
        ) from None
    try:
        return canonical_roster(Roster.model_validate(data))
    except ValidationError as exc:
        issues = [
            Issue(Position(file, None, ".".join(str(p) for p in err["loc"]) or None), err["msg"])
            for err in exc.errors()
        ]
        raise InputError(issues) from None


def read_roster_json(path: Path) -> Roster:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [Issue(Position(str(path)), "roster.json not found (is this a roster folder?)")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Issue(Position(str(path)), f"cannot read: {exc}")]) from None
    return parse_roster_json(text, str(path))
