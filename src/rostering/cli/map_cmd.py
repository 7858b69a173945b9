"""`rostering map ROSTER_DIR --bundle BUNDLE --out map.html [--png map.png]`: the roster on a map.

One self-contained HTML page (Leaflet inline, no tile server needed): shift routes coloured by provider
with a layer per provider, clients coloured by distinct carers or by unmet need, carer bases, the
locality boundary and any zones. Legs follow the roads when the bundle's matrices were built by
`rostering matrix` from an OSM extract, and are straight lines otherwise; the page and this command say
which. `--png` also writes a static image of the same layers.
Exit codes: 0 written; 2 bad input (bundle, roster, --date, zones).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, Issue, MatrixError, Position
from ._boundary import handles_errors
from ._console import note, say
from .app import app


@app.command("map")
@handles_errors
def map_roster(
    roster_dir: Annotated[Path, typer.Argument(help="roster folder written by `solve` or `compare`")],
    bundle: Annotated[Path, typer.Option("--bundle", help="bundle folder the roster was built from")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write (one self-contained page)")],
    png: Annotated[Path | None, typer.Option("--png", help="also write a static PNG of the map")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="map one date of the roster (YYYY-MM-DD)")
    ] = None,
    zones: Annotated[
        Path | None,
        typer.Option("--zones", help="GeoJSON of zone polygons to draw (a `zone` name, optional `rural`)"),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir", help="network cache (default $ROSTERING_CACHE_DIR or ~/.cache/rostering)"
        ),
    ] = None,
) -> None:
    """Draw a roster on a map: an offline HTML page (and optionally a PNG)."""
    from .. import pipeline
    from ..io.roster_files import read_roster_dir
    from ..report.roster_map import bundle_boundary, road_paths_for, write_roster_map
    from .check_cmd import scope_to_roster

    loaded = pipeline.load_bundle(bundle)
    roster = read_roster_dir(roster_dir)
    if roster.locality != loaded.problem.locality.name:
        note(
            f"warning: the roster is for {roster.locality!r}, the bundle is {loaded.problem.locality.name!r}"
        )
    scoped = pipeline.select_dates(scope_to_roster(loaded.problem, roster), date)
    if zones is not None and not zones.is_file():
        raise InputError([Issue(Position(str(zones)), "zones file not found")])
    matrices, lines = pipeline.travel_sources_for(scoped, bundle)
    paths, notes = road_paths_for(bundle, scoped, matrices, cache_dir=cache_dir)
    for line in [*(f"travel {x}" for x in lines), *(f"map {x}" for x in notes)]:
        note(line)
    try:
        boundary = bundle_boundary(loaded.problem, bundle)
    except MatrixError as exc:
        note(f"warning: {exc}; the boundary is not drawn")
        boundary = None
    day = scoped.dates[0] if date is not None else None
    layers = write_roster_map(
        out, scoped, matrices, roster, zones=zones, png=png, road_paths=paths, boundary=boundary, date=day
    )
    say(
        f"{len(layers.routes)} shift routes, {len(layers.clients)} clients, {len(layers.bases)} carer bases. "
        f"{layers.travel_note}"
    )
    say(f"Map written to {out}" + (f" and {png}" if png else ""))
