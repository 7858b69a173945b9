"""`rostering export`: the files other systems import, written into one folder together or not at all.

| format    | files                                     | for                                        |
|-----------|-------------------------------------------|--------------------------------------------|
| `ics`     | `ics/<carer_id>.ics`, one per carer       | carers' calendars (Google, Outlook, Apple) |
| `geojson` | `routes.geojson`                          | QGIS, geopandas, web maps                  |
| `csv`     | `roster.csv`, `unassigned.csv`, `teams.csv` | care-management system imports           |
| `json`    | `roster.json`, `kpis.json`                | programs (JSON Schemas: `rostering schema`) |

With a `Pseudonymiser` every file is written from the pseudonymised problem and roster (kpis.json is
computed from the originals, so its figures are exact, and its per-carer and per-client rows then name
the pseudonyms); road geometry is then not used (a road path would lead to the door the grid hides).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_directory
from ..domain import Problem, Roster
from ..evaluation.kpis import compute_kpis
from ..travel.matrix import TravelSource
from .geojson import LegPath, routes_geojson_text
from .ical import carer_calendars
from .pseudonymise import Pseudonymiser, pseudonymise
from .roster_csv import roster_csv_text, teams_csv_text, unassigned_csv_text
from .roster_json import roster_json_text

EXPORT_FORMATS = ("ics", "geojson", "csv", "json")
ICS_FOLDER = "ics"


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how. `sequences`: UID -> SEQUENCE of the baseline's own .ics files."""

    formats: tuple[str, ...] = EXPORT_FORMATS
    baseline: Roster | None = None
    sequences: Mapping[str, int] = field(default_factory=dict)
    pseudonymiser: Pseudonymiser | None = None
    leg_paths: Mapping[str, LegPath] | None = None
    dtstamp: dt.datetime | None = None


def export_files(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster, options: ExportOptions
) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the export. Pure: the same inputs give the same bytes."""
    unknown = sorted(set(options.formats) - set(EXPORT_FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(unknown)}")
    shown_problem, shown_roster, baseline = problem, roster, options.baseline
    leg_paths = options.leg_paths
    if options.pseudonymiser is not None:
        shown_problem, shown_roster, baseline = pseudonymise(problem, roster, options.pseudonymiser, baseline)
        leg_paths = None
    files: dict[str, bytes] = {}
    if "ics" in options.formats:
        calendars = carer_calendars(shown_problem, shown_roster, baseline, options.sequences, options.dtstamp)
        files |= {f"{ICS_FOLDER}/{name}": data for name, data in calendars.items()}
    texts: dict[str, str] = {}
    if "geojson" in options.formats:
        texts["routes.geojson"] = routes_geojson_text(shown_problem, shown_roster, leg_paths)
    if "csv" in options.formats:
        texts["roster.csv"] = roster_csv_text(shown_problem, shown_roster)
        texts["unassigned.csv"] = unassigned_csv_text(shown_problem, shown_roster)
        texts["teams.csv"] = teams_csv_text(shown_problem, shown_roster)
    if "json" in options.formats:
        texts["roster.json"] = roster_json_text(shown_roster, problem.locality.timezone)
        kpis = compute_kpis(problem, matrices, roster)
        if shown_problem is not problem:
            # Carers and clients keep their order under pseudonyms: the rows are renamed pairwise.
            kpis = kpis.renamed(
                {a.carer_id: b.carer_id for a, b in zip(problem.carers, shown_problem.carers, strict=True)},
                {
                    a.client_id: b.client_id
                    for a, b in zip(problem.clients, shown_problem.clients, strict=True)
                },
            )
        texts["kpis.json"] = kpis.to_json()
    return files | {name: text.encode("utf-8") for name, text in texts.items()}


def write_export(out: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` into `out` atomically (a failure changes nothing).

    `out/ics/` then holds exactly this export's calendars: an .ics left from an earlier export (a carer
    no longer in the bundle, or ids from before pseudonymising) would go on being served to a calendar
    subscription, so it is removed. Other files in `out` are kept.
    """
    out = Path(out)
    with atomic_directory(out) as staging:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    if any(name.startswith(f"{ICS_FOLDER}/") for name in files):
        for stale in sorted((out / ICS_FOLDER).glob("*.ics")):
            if f"{ICS_FOLDER}/{stale.name}" not in files:
                stale.unlink()
