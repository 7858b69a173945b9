"""The roster map: one self-contained Leaflet page (and optionally a PNG) per roster.

`write_roster_map` is what `rostering map`, `rostering compare` and the scenario sweeps call. The page:
each carer's shift routes coloured by provider, a layer per provider to switch on and off; clients
coloured by the distinct carers they saw in the period, or (the second client layer) by their unmet
need; carer bases; zones and the locality boundary where there are any; the network's roads as a light
background (no tile server is needed: an OpenStreetMap tile layer is offered, off by default, for
machines online); popups with visit times and carers; a legend saying whether routes follow the roads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure
from shapely.geometry.base import BaseGeometry

from ..atomic import write_bytes_atomic, write_text_atomic
from ..domain import Problem, Roster
from ..domain.time import format_hhmm
from ..travel.geo import read_boundary
from ..travel.matrix import TravelSource
from ..travel.paths import bundle_road_paths
from ..travel.road_paths import RoadPaths
from .map_layers import (
    CARER_BINS,
    UNMET_BINS,
    ClientMark,
    MapLayers,
    RouteLine,
    carer_colour,
    map_layers,
    roster_on,
    unmet_colour,
)
from .offline_page import ROUTE_CLASS, OfflineMap, TextPopup, add_offline_assets, offline_html
from .zones import load_zones

ZONE_FILLS = ("#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#bc80bd")
ROAD_COLOUR = "#b5b5b5"
LEGEND_PX = 270


def write_roster_map(
    out_html: Path,
    problem: Problem,
    matrices: Mapping[str, TravelSource],
    roster: Roster,
    *,
    zones: Any = None,
    png: Path | None = None,
    road_paths: Mapping[str, RoadPaths] | None = None,
    boundary: BaseGeometry | None = None,
    date: dt.date | None = None,
) -> MapLayers:
    """Write the roster's map page to `out_html` (and a PNG of the same layers to `png`), atomically.

    Parameters
    ----------
    problem, matrices, roster
        The bundle's problem, the travel matrices the roster was judged with, and the roster.
    zones
        Zones to draw: a GeoDataFrame, a GeoJSON path or mapping (features with a `zone` property and an
        optional `rural` flag), or None.
    png
        Also write a static PNG (geopandas + matplotlib) of the same layers here.
    road_paths
        `RoadPaths` per travel profile (`rostering.travel.paths.bundle_road_paths`): legs of those
        profiles follow the roads, the others are straight lines, and the page says which.
    boundary
        The locality boundary (lon/lat) to outline, e.g. `bundle_boundary(problem, bundle_dir)`.
    date
        Map one date of the roster only.

    Returns the layers drawn (route count, notes), e.g. for a command's summary.
    """
    shown = roster_on(roster, date) if date is not None else roster
    layers = map_layers(
        problem, matrices, shown, road_paths=road_paths, zones=load_zones(zones), boundary=boundary
    )
    write_text_atomic(Path(out_html), roster_page(layers))
    if png is not None:
        from .map_png import roster_map_png  # geopandas + matplotlib only when a PNG is asked for

        write_bytes_atomic(Path(png), roster_map_png(layers))
    return layers


def roster_page(layers: MapLayers) -> str:
    """The map page as one self-contained HTML document (same layers, same bytes)."""
    west, south, east, north = layers.bounds
    page = OfflineMap(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=11,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,  # fit the locality snugly rather than at the next whole zoom level out
        width="100%",
        height="100%",
    )
    add_offline_assets(page)
    folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap tiles (needs internet)", overlay=True, show=False
    ).add_to(page)
    _roads(page, layers)
    _outlines(page, layers)
    _routes(page, layers)
    _bases(page, layers)
    _clients(page, layers)
    folium.LayerControl(collapsed=False, position="topright").add_to(page)
    # Keep the data clear of the legend on the left.
    page.fit_bounds(
        [[south, west], [north, east]], padding_top_left=(LEGEND_PX + 20, 20), padding_bottom_right=(20, 20)
    )
    root = page.get_root()
    assert isinstance(root, Figure)
    root.html.add_child(Element(_legend(layers)), name="rostering_legend")
    return offline_html(page)


def _latlon(coords: Any) -> list[list[float]]:
    """(lon, lat) pairs as Leaflet's [lat, lon], to 5 decimals (about a metre)."""
    return [[round(y, 5), round(x, 5)] for x, y in coords]


def _roads(page: folium.Map, layers: MapLayers) -> None:
    if layers.roads is None or layers.roads.is_empty:
        return
    group = folium.FeatureGroup(name=f"Roads (OpenStreetMap {layers.roads_source})", show=True)
    lines = [[[round(y, 5), round(x, 5)] for x, y in g.coords] for g in layers.roads.geoms]
    folium.PolyLine(
        lines, color=ROAD_COLOUR, weight=1.2, opacity=0.9, interactive=False, class_name="rostering-roads"
    ).add_to(group)
    group.add_to(page)


def _rings(shape: BaseGeometry) -> list[list[list[list[float]]]]:
    polygons = list(getattr(shape, "geoms", [shape]))
    return [[_latlon(p.exterior.coords), *(_latlon(r.coords) for r in p.interiors)] for p in polygons]


def _outlines(page: folium.Map, layers: MapLayers) -> None:
    if layers.boundary is not None and not layers.boundary.is_empty:
        name = "Locality bounds" if layers.boundary_is_box else "Locality boundary"
        group = folium.FeatureGroup(name=name, show=True)
        for rings in _rings(layers.boundary):
            folium.Polygon(
                rings, color="#444444", weight=2, fill=False, dash_array="6 4", interactive=False
            ).add_to(group)
        group.add_to(page)
    if layers.zones is None:
        return
    group = folium.FeatureGroup(name=f"Zones ({len(layers.zones.names)})", show=True)
    for k, (name, shape, rural) in enumerate(
        zip(layers.zones.names, layers.zones.shapes, layers.zones.rural, strict=True)
    ):
        label = f"{name} (rural)" if rural else name
        fill = ZONE_FILLS[k % len(ZONE_FILLS)]
        for rings in _rings(shape):
            folium.Polygon(
                rings, color=fill, weight=2, fill_color=fill, fill_opacity=0.18, tooltip=escape(label)
            ).add_to(group)
    group.add_to(page)


def _route_popup(route: RouteLine, provider: str) -> str:
    rows = "".join(
        f"<tr><td>{format_hhmm(start)}-{format_hhmm(end)}</td><td>{escape(client)}</td></tr>"
        for start, end, client in route.stops
    )
    how = "along the roads" if route.on_roads else "straight lines"
    return (
        f"<b>{escape(route.carer_id)}</b> ({escape(provider)}, {escape(route.travel_mode)})<br>"
        f"{route.date} shift route {format_hhmm(route.start_min)}-{format_hhmm(route.end_min)}<br>"
        f"{len(route.stops)} visits; travel {route.travel_min} min, {route.travel_km:.1f} km ({how})"
        f"<table>{rows}</table>"
    )


def _routes(page: folium.Map, layers: MapLayers) -> None:
    colour = layers.colour
    for pid, name, _ in layers.providers:
        theirs = [r for r in layers.routes if r.provider_id == pid]
        if not theirs:
            continue
        group = folium.FeatureGroup(name=f"Routes: {escape(name)} ({len(theirs)})", show=True)
        for route in theirs:
            folium.PolyLine(
                _latlon(route.coords),
                color=colour[pid],
                weight=3,
                opacity=0.85,
                class_name=ROUTE_CLASS,
                popup=TextPopup(_route_popup(route, pid), max_width=360),
                tooltip=escape(f"{route.carer_id} {route.date} {format_hhmm(route.start_min)}"),
            ).add_to(group)
        group.add_to(page)


def _bases(page: folium.Map, layers: MapLayers) -> None:
    if not layers.bases:
        return
    colour = layers.colour
    group = folium.FeatureGroup(name=f"Carer bases ({len(layers.bases)})", show=True)
    for base in layers.bases:
        text = (
            f"<b>{escape(base.carer_id)}</b> base<br>{escape(base.provider_id)}, {escape(base.travel_mode)}; "
            f"{base.routes} shift route(s)"
        )
        folium.CircleMarker(
            [base.lat, base.lon],
            radius=6,
            color=colour.get(base.provider_id, "#333333"),
            weight=3,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
            class_name="rostering-base",
            popup=TextPopup(text, max_width=260),
            tooltip=escape(base.carer_id),
        ).add_to(group)
    group.add_to(page)


def _client_popup(client: ClientMark) -> str:
    carers = ", ".join(client.carer_ids) or "none"
    visits = "<br>".join(escape(line) for line in client.schedule)
    return (
        f"<b>{escape(client.client_id)}</b> (commissioned: {escape(client.provider_id or 'none')})<br>"
        f"{len(client.carer_ids)} distinct carer(s): {escape(carers)}<br>"
        f"{client.visits} visits, {client.unmet_visits} unmet ({client.unmet_min} min)<br>{visits}"
    )


def _clients(page: folium.Map, layers: MapLayers) -> None:
    views = (
        ("Clients: distinct carers", True, lambda c: carer_colour(len(c.carer_ids))),
        ("Clients: unmet need", False, lambda c: unmet_colour(c.unmet_min)),
    )
    for title, show, colour_of in views:
        # Base layers (radio buttons): one way of colouring the clients at a time.
        group = folium.FeatureGroup(name=f"{title} ({len(layers.clients)})", overlay=False, show=show)
        for client in layers.clients:
            folium.CircleMarker(
                [client.lat, client.lon],
                radius=5,
                color="#333333",
                weight=1,
                fill=True,
                fill_color=colour_of(client),
                fill_opacity=0.95,
                class_name="rostering-client",
                popup=TextPopup(_client_popup(client), max_width=360),
                tooltip=escape(client.client_id),
            ).add_to(group)
        group.add_to(page)


def _swatch(colour: str, label: str, line: bool = False) -> str:
    shape = (
        "width:16px;height:4px" if line else "width:9px;height:9px;border-radius:50%;border:1px solid #333"
    )
    return (
        f'<span style="white-space:nowrap;margin-right:8px"><span style="display:inline-block;{shape};'
        f'background:{colour};margin-right:3px;vertical-align:middle"></span>{escape(label)}</span> '
    )


def _heading(text: str) -> str:
    return f'<div style="margin-top:4px"><b>{escape(text)}</b>'


def _legend(layers: MapLayers) -> str:
    providers = "<br>".join(_swatch(c, f"{pid} {name}", line=True) for pid, name, c in layers.providers)
    carers = "".join(_swatch(c, label) for _, c, label in CARER_BINS)
    unmet = "".join(_swatch(c, label) for _, c, label in UNMET_BINS)
    roads = (
        f"<div>Grey lines: roads of {escape(layers.roads_source or '')}, "
        "© OpenStreetMap contributors (ODbL).</div>"
        if layers.roads is not None
        else ""
    )
    return (
        f'<div id="rostering-legend" style="position:absolute;left:10px;top:80px;z-index:1000;'
        f"width:{LEGEND_PX}px;max-height:calc(100% - 110px);overflow:auto;background:rgba(255,255,255,0.93);"
        'padding:7px 9px;border-radius:6px;font:11px/1.35 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,0.3)">'
        f'<div style="font-weight:bold;font-size:13px">{escape(layers.title)}</div>'
        f"<div>{escape(layers.subtitle)}</div>"
        f'<div id="rostering-travel-note" style="margin:4px 0;font-weight:bold">'
        f"{escape(layers.travel_note)}</div>{roads}"
        f"{_heading('Shift routes by provider')} (white dots: carer bases)</div>{providers}"
        f"{_heading('Clients: distinct carers')} in the period</div>{carers}"
        f"{_heading('Clients: unmet need')} (second client layer)</div>{unmet}"
        "</div>"
    )


def bundle_boundary(problem: Problem, bundle_dir: Path | None) -> BaseGeometry | None:
    """The locality's boundary polygon (locality.toml `boundary`), or None when it has none."""
    if not problem.locality.boundary or bundle_dir is None:
        return None
    return read_boundary(Path(bundle_dir) / problem.locality.boundary)


def road_paths_for(
    bundle_dir: Path | None,
    problem: Problem,
    matrices: Mapping[str, TravelSource],
    *,
    cache_dir: Path | None = None,
) -> tuple[dict[str, RoadPaths], list[str]]:
    """Road paths for the profiles whose matrices came from OSM (`rostering matrix`), and one note each.

    Approximate profiles get none: their legs were timed as the crow flies, so they are drawn that way.
    """
    osm = [p for p, m in matrices.items() if not m.approximate]
    if bundle_dir is None or not osm:
        return {}, []
    return bundle_road_paths(Path(bundle_dir), problem.locations(), osm, cache_dir=cache_dir)
