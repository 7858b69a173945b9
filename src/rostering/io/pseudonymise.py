"""Pseudonymised copies of a problem and its roster, for sharing rosters without names and addresses.

What changes (docs/formats.md, "Pseudonymised export", says the same for data-sharing paperwork):

- client, carer and visit ids become keyed hashes: `client-` / `carer-` / `visit-` + the first 16 hex
  digits of HMAC-SHA256(key, "<kind>:<id>"). The same key gives the same pseudonyms every night, so
  analyses still join across exports; without the key they cannot be reversed or recomputed (ids like
  C001 are guessable, so the key, not the hash, is what protects them). Visit ids are hashed whole, so a
  client id inside a visit id (V1124-C001-M) goes too.
- client homes and carer bases are snapped to the centre of their cell of a `grid_deg` degree grid
  (0.01 degree by default: about 1.1 km north-south and 0.6 km east-west in Scotland).
- what the writers would otherwise show and an analysis of the rota does not need is dropped: skills
  (care needs are health data), gender and gender preferences, preferred / excluded carers, history,
  the locality's free text, the free-text `detail` of unassigned visits (it can name clients; the
  reason's standard sentence replaces it), solver statistics, and travel-source file paths.

Kept: provider ids (organisations, not people: the point of most analyses), dates, times, durations,
priorities, travel minutes and metres, the locality's name. This is pseudonymisation, not anonymisation:
the output is still personal data under UK GDPR.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..domain import Problem, Roster
from ..errors import InputError, Issue, Position, RosteringError
from ..evaluation.violation import UNASSIGNED_REASONS

KEY_MIN_CHARS = 32
DEFAULT_GRID_DEG = Decimal("0.01")
PSEUDONYM_HEX_DIGITS = 16


def new_key_file(path: Path) -> None:
    """Create a key file: 64 hex digits (256 random bits), readable by its owner only; never overwrites."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder for keys: owner only
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            [Issue(Position(str(path)), "a file is already there; a key is never overwritten")]
        ) from None
    except OSError as exc:
        message = f"cannot create the key file: {exc.strerror}"
        raise InputError([Issue(Position(str(path)), message)]) from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")


def read_key(path: Path) -> bytes:
    """The key in `path` (its text, whitespace trimmed); InputError if missing, short or unreadable."""
    path = Path(path)
    where = Position(str(path))
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise InputError(
            [Issue(where, "key file not found (create one with `rostering export --new-key FILE`)")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Issue(where, f"cannot read the key file: {exc}")]) from None
    if len(text) < KEY_MIN_CHARS:
        raise InputError(
            [
                Issue(
                    where,
                    f"the key is {len(text)} characters; at least {KEY_MIN_CHARS} are needed "
                    "(`rostering export --new-key FILE` writes 64 random hex digits)",
                )
            ]
        )
    return text.encode("utf-8")


@dataclass(frozen=True)
class Pseudonymiser:
    """Keyed pseudonyms and grid-snapped coordinates."""

    key: bytes
    grid_deg: Decimal = DEFAULT_GRID_DEG

    def __post_init__(self) -> None:
        if not DEFAULT_GRID_DEG <= self.grid_deg <= 1:
            raise InputError([Issue(Position("--grid-deg"), f"{self.grid_deg} is outside 0.01..1 degree")])

    def pseudonym(self, kind: str, value: str) -> str:
        digest = hmac.new(self.key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        return f"{kind}-{digest[:PSEUDONYM_HEX_DIGITS]}"

    def coarse(self, degrees: float) -> float:
        """The centre of the grid cell holding `degrees` (exact decimal arithmetic, then a float)."""
        cells = math.floor(Decimal(repr(degrees)) / self.grid_deg)
        return float((Decimal(cells) + Decimal("0.5")) * self.grid_deg)


class _Names:
    """One kind's pseudonyms, the problem's checked for collisions (2^-64 per pair, but never silently).

    An id the problem does not have (a baseline roster's dropped visit) is hashed the same way.
    """

    def __init__(self, p: Pseudonymiser, kind: str, ids: list[str]) -> None:
        self.p, self.kind = p, kind
        self.map = {i: p.pseudonym(kind, i) for i in ids}
        if len(set(self.map.values())) != len(self.map):
            raise RosteringError(f"two {kind} ids share a pseudonym; use another key")

    def __call__(self, value: str) -> str:
        return self.map.get(value) or self.p.pseudonym(self.kind, value)


def pseudonymise(
    problem: Problem, roster: Roster, p: Pseudonymiser, baseline: Roster | None = None
) -> tuple[Problem, Roster, Roster | None]:
    """The problem, roster and baseline with every person's id and place replaced (module docstring)."""
    client = _Names(p, "client", [c.client_id for c in problem.clients])
    carer = _Names(p, "carer", [c.carer_id for c in problem.carers])
    visit = _Names(p, "visit", [v.visit_id for v in problem.visits])
    locality = problem.locality.model_copy(update={"title": "", "notes": "", "attribution": "", "skills": ()})
    masked = problem.model_copy(
        update={
            "locality": locality,
            "carers": tuple(
                c.model_copy(
                    update={
                        "carer_id": carer(c.carer_id),
                        "lat": p.coarse(c.lat),
                        "lon": p.coarse(c.lon),
                        "skills": (),
                        "gender": "x",
                    }
                )
                for c in problem.carers
            ),
            "shifts": tuple(s.model_copy(update={"carer_id": carer(s.carer_id)}) for s in problem.shifts),
            "clients": tuple(
                c.model_copy(
                    update={
                        "client_id": client(c.client_id),
                        "lat": p.coarse(c.lat),
                        "lon": p.coarse(c.lon),
                        "gender_preference": "any",
                        "preferred_carers": (),
                        "excluded_carers": (),
                    }
                )
                for c in problem.clients
            ),
            "visits": tuple(
                v.model_copy(
                    update={"visit_id": visit(v.visit_id), "client_id": client(v.client_id), "skills": ()}
                )
                for v in problem.visits
            ),
            "history": (),
            "dependencies": tuple(
                d.model_copy(
                    update={
                        "first_visit_id": visit(d.first_visit_id),
                        "second_visit_id": visit(d.second_visit_id),
                    }
                )
                for d in problem.dependencies
            ),
        }
    )
    masked_baseline = None if baseline is None else _pseudonymised_roster(baseline, client, carer, visit)
    return masked, _pseudonymised_roster(roster, client, carer, visit), masked_baseline


def _pseudonymised_roster(roster: Roster, client: _Names, carer: _Names, visit: _Names) -> Roster:
    return roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"visit_id": visit(a.visit_id), "carer_id": carer(a.carer_id)})
                for a in roster.assignments
            ),
            "breaks": tuple(b.model_copy(update={"carer_id": carer(b.carer_id)}) for b in roster.breaks),
            "routes": tuple(r.model_copy(update={"carer_id": carer(r.carer_id)}) for r in roster.routes),
            "unassigned": tuple(
                u.model_copy(
                    update={
                        "visit_id": visit(u.visit_id),
                        "client_id": client(u.client_id),
                        "detail": UNASSIGNED_REASONS.get(u.reason, ""),
                    }
                )
                for u in roster.unassigned
            ),
            "teams": tuple(
                t.model_copy(update={"client_id": client(t.client_id), "carer_id": carer(t.carer_id)})
                for t in roster.teams
            ),
            "travel_sources": {
                profile: "approximate" if source.lower().startswith("approximate") else "road network"
                for profile, source in roster.travel_sources.items()
            },
            "stats": {},
        }
    )
