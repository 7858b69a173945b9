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
from rich.console import Console

from ..errors import InputError, Issue, MatrixError, Position
from ..io.bundle import read_bundle
from ..io.roster_files import read_roster_dir
from ..report.roster_map import bundle_boundary, road_paths_for, write_roster_map
from ..travel.settings import default_cache_dir
from ..travel.store import resolve_matrices
from ._boundary import err_console, handles_errors
from .app import app
from .check_cmd import scope_to_roster
from .solve_cmd import _bundle_date


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
    problem, _warnings = read_bundle(bundle)
    roster = read_roster_dir(roster_dir)
    if roster.locality != problem.locality.name:
        err_console.print(
            f"warning: the roster is for {roster.locality!r}, the bundle is {problem.locality.name!r}",
            markup=False,
        )
    scoped = scope_to_roster(problem, roster)
    day = None
    if date is not None:
        day = _bundle_date(scoped.dates, date)
        scoped = scoped.for_dates({day})
    matrices, messages = resolve_matrices(scoped, bundle)
    for line in messages:
        err_console.print(f"travel {line}", markup=False)
    paths, notes = road_paths_for(
        bundle, scoped, matrices, cache_dir=cache_dir if cache_dir is not None else default_cache_dir()
    )
    for line in notes:
        err_console.print(f"map {line}", markup=False)
    try:
        boundary = bundle_boundary(problem, bundle)
    except MatrixError as exc:
        err_console.print(f"warning: {exc}; the boundary is not drawn", markup=False)
        boundary = None
    if zones is not None and not zones.is_file():
        raise InputError([Issue(Position(str(zones)), "zones file not found")])
    layers = write_roster_map(
        out, scoped, matrices, roster, zones=zones, png=png, road_paths=paths, boundary=boundary, date=day
    )
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        f"{len(layers.routes)} shift routes, {len(layers.clients)} clients, {len(layers.bases)} carer bases. "
        f"{layers.travel_note}",
        markup=False,
    )
    console.print(f"Map written to {out}" + (f" and {png}" if png else ""), markup=False)
