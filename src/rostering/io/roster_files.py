"""A roster folder: roster.json, roster.csv, unassigned.csv, teams.csv and kpis.json, written together.

`solve` and `compare` write through `write_roster_dir`; `check` reads back with `read_roster_dir`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..atomic import atomic_directory
from ..domain import Problem, Roster
from ..errors import InputError, Issue, Position
from ..evaluation.kpis import Kpis
from ..travel.matrix import TravelSource
from .roster_csv import roster_csv_text, teams_csv_text, unassigned_csv_text
from .roster_json import read_roster_json, roster_json_text

ROSTER_JSON = "roster.json"
ROSTER_CSV = "roster.csv"
UNASSIGNED_CSV = "unassigned.csv"
TEAMS_CSV = "teams.csv"
KPIS_JSON = "kpis.json"


def write_roster_dir(
    out_dir: Path,
    problem: Problem,
    matrices: Mapping[str, TravelSource],
    roster: Roster,
    kpis: Kpis,
) -> None:
    """Write the roster files into `out_dir` atomically: a failure leaves an existing roster intact.

    `matrices` is accepted so every writer has the same inputs; the files use the roster's own travel.
    """
    del matrices  # the files report what the roster recorded; the validator compares it with the matrices
    texts = {
        ROSTER_JSON: roster_json_text(roster, problem.locality.timezone),
        ROSTER_CSV: roster_csv_text(problem, roster),
        UNASSIGNED_CSV: unassigned_csv_text(problem, roster),
        TEAMS_CSV: teams_csv_text(problem, roster),
        KPIS_JSON: kpis.to_json(),
    }
    with atomic_directory(Path(out_dir)) as staging:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")


def read_roster_dir(roster_dir: Path) -> Roster:
    """The Roster in `roster_dir`/roster.json; a located InputError if it is missing or malformed."""
    roster_dir = Path(roster_dir)
    if not roster_dir.is_dir():
        raise InputError([Issue(Position(str(roster_dir)), "roster folder not found")])
    return read_roster_json(roster_dir / ROSTER_JSON)
