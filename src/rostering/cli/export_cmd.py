"""`rostering export ROSTER_DIR --bundle BUNDLE --out DIR`: files for calendars, maps and care systems.

Reads the roster and its bundle, checks the roster with the independent validator (a roster with
violations is not exported: exit 1), and writes DIR atomically: `ics/<carer>.ics`, `routes.geojson`,
`roster.csv`, `unassigned.csv`, `roster.json`, `kpis.json` (`--format` picks some). `--baseline` (the
roster last published) makes changed events count up their SEQUENCE and dropped ones cancelled.
`--pseudonymise KEYFILE` writes the pseudonymised export; `--new-key FILE` creates a key.

Exit codes: 0 written; 1 the roster has violations (nothing written); 2 bad input (bundle, roster,
options, a missing or short key file).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, Issue, Position
from ._boundary import handles_errors
from ._console import note, say
from ._options import comma_choices
from .app import app

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..domain import Problem
    from ..io.export import ExportOptions
    from ..io.pseudonymise import Pseudonymiser
    from ..travel.matrix import TravelSource
    from ..travel.road_paths import RoadPaths

# Kept here so that `--help` needs no engine import (tests/cli/test_export_cmd.py checks they agree).
EXPORT_FORMATS = ("ics", "geojson", "csv", "json")
DEFAULT_GRID_DEG = "0.01"
MAX_VIOLATIONS_SHOWN = 20


@app.command()
@handles_errors
def export(
    roster_dir: Annotated[
        Path | None, typer.Argument(help="roster folder written by `solve` (reads roster.json)")
    ] = None,
    bundle: Annotated[
        Path | None, typer.Option("--bundle", help="the bundle the roster was built from")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="export folder (written atomically)")] = None,
    formats: Annotated[
        str, typer.Option("--format", help="comma-separated, from: " + ", ".join(EXPORT_FORMATS))
    ] = ",".join(EXPORT_FORMATS),
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="the roster (or export) folder last published: changed events get a higher SEQUENCE, "
            "dropped ones STATUS:CANCELLED",
        ),
    ] = None,
    pseudonymise: Annotated[
        Path | None,
        typer.Option("--pseudonymise", help="key file: replace ids by keyed hashes, coarsen locations"),
    ] = None,
    grid_deg: Annotated[
        str | None,
        typer.Option("--grid-deg", help=f"pseudonymised location grid, degrees (default {DEFAULT_GRID_DEG})"),
    ] = None,
    dtstamp: Annotated[
        str | None,
        typer.Option(
            "--dtstamp",
            help="DTSTAMP of the .ics events, e.g. 2026-11-24T18:00:00Z (default: "
            "00:00 UTC of the roster's first date, so the same roster gives the same bytes)",
        ),
    ] = None,
    new_key: Annotated[
        Path | None,
        typer.Option("--new-key", help="create a pseudonymisation key file (never overwrites) and stop"),
    ] = None,
) -> None:
    """Export a roster for calendars (.ics), maps (GeoJSON) and care-management systems (CSV, JSON)."""
    from .. import pipeline
    from ..evaluation.validate import validate
    from ..io.export import ExportOptions, export_files, write_export
    from ..io.ical import read_sequences
    from ..io.roster_files import read_roster_dir
    from .check_cmd import scope_to_roster, summarise

    if new_key is not None:
        _create_key(new_key, [roster_dir, bundle, out, pseudonymise])
        return
    roster_dir, bundle, out = _required(roster_dir, bundle, out)
    chosen, pseudonymiser, stamp = (
        _formats(formats),
        _pseudonymiser(pseudonymise, grid_deg, out),
        _dtstamp(dtstamp),
    )
    loaded = pipeline.load_bundle(bundle)
    for issue in loaded.warnings:
        note(str(issue))
    roster = read_roster_dir(roster_dir)
    scoped = scope_to_roster(loaded.problem, roster)
    matrices, lines = pipeline.travel_sources_for(scoped, bundle)
    for line in lines:
        note(f"travel {line}")
    violations = validate(scoped, matrices, roster)
    if violations:
        for v in violations[:MAX_VIOLATIONS_SHOWN]:
            note(str(v))
        note(
            f"{len(violations)} violation(s) ({summarise(violations)}): a roster that breaks hard rules is "
            f"not exported; `rostering check {bundle} {roster_dir}` lists them all"
        )
        raise typer.Exit(1)
    options = ExportOptions(
        formats=chosen,
        baseline=read_roster_dir(baseline) if baseline is not None else None,
        sequences=read_sequences(baseline) if baseline is not None else {},
        pseudonymiser=pseudonymiser,
        leg_paths=_road_paths(bundle, scoped, matrices)
        if "geojson" in chosen and not pseudonymiser
        else None,
        dtstamp=stamp,
    )
    files = export_files(scoped, matrices, roster, options)
    write_export(out, files)
    _summary(out, files, options)


def _road_paths(bundle: Path, problem: Problem, matrices: Mapping[str, TravelSource]) -> dict[str, RoadPaths]:
    """Road paths for routes.geojson: for the profiles whose matrices `rostering matrix` built from OSM."""
    from ..travel.paths import bundle_road_paths

    osm = [p for p, m in matrices.items() if not m.approximate]
    if not osm:
        return {}
    paths, lines = bundle_road_paths(bundle, problem.locations(), osm)
    for line in lines:
        note(f"routes {line}")
    return paths


def _create_key(path: Path, others: list[Path | None]) -> None:
    from ..io.pseudonymise import new_key_file

    if any(x is not None for x in others):
        raise InputError([Issue(Position("--new-key"), "--new-key creates a key and does nothing else")])
    new_key_file(path)
    say(
        f"Key written to {path} (readable by you only). Keep it apart from the exports you share: "
        "anyone with the key and a list of ids can undo the pseudonyms."
    )


def _required(roster_dir: Path | None, bundle: Path | None, out: Path | None) -> tuple[Path, Path, Path]:
    missing = [
        Issue(Position(name), "required")
        for name, value in (("ROSTER_DIR", roster_dir), ("--bundle", bundle), ("--out", out))
        if value is None
    ]
    if missing or roster_dir is None or bundle is None or out is None:
        raise InputError(missing)
    return roster_dir, bundle, out


def _formats(text: str) -> tuple[str, ...]:
    wanted = comma_choices(text, EXPORT_FORMATS, "--format", "format")
    return tuple(f for f in EXPORT_FORMATS if f in wanted)


def _pseudonymiser(key_file: Path | None, grid_deg: str | None, out: Path) -> Pseudonymiser | None:
    from decimal import Decimal, InvalidOperation

    from ..io.pseudonymise import Pseudonymiser, read_key

    if key_file is None:
        if grid_deg is not None:
            raise InputError([Issue(Position("--grid-deg"), "applies only with --pseudonymise KEYFILE")])
        return None
    if key_file.resolve().is_relative_to(out.resolve()):
        raise InputError(
            [Issue(Position("--pseudonymise"), "the key file is inside the export folder: keep it apart")]
        )
    key = read_key(key_file)
    try:
        grid = Decimal(DEFAULT_GRID_DEG if grid_deg is None else grid_deg)
    except InvalidOperation:
        raise InputError([Issue(Position("--grid-deg"), f"not a number: {grid_deg!r}")]) from None
    return Pseudonymiser(key, grid)


def _dtstamp(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InputError(
            [Issue(Position("--dtstamp"), f"expected a date-time with Z or an offset, got {text!r}")]
        )
    return when.astimezone(dt.UTC)


def _summary(out: Path, files: dict[str, bytes], options: ExportOptions) -> None:
    calendars = sum(1 for name in files if name.startswith("ics/"))
    parts = ([f"{calendars} calendar(s) in ics/"] if calendars else []) + sorted(
        name for name in files if "/" not in name
    )
    say(f"Exported {', '.join(parts)} to {out}")
    if options.pseudonymiser is not None:
        say(
            f"Pseudonymised (ids keyed-hashed, locations on a {options.pseudonymiser.grid_deg} degree grid). "
            "This is still personal data under UK GDPR: share it under a data-sharing agreement and keep "
            "the key apart from it."
        )
