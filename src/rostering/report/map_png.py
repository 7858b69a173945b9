"""The roster map as a static PNG (geopandas + matplotlib), for reports and RESULTS.md.

The same layers as the page: roads (light grey), the locality boundary, zones, shift routes coloured by
provider, carer bases (white dots ringed in the provider's colour) and clients coloured by the distinct
carers they saw; a client with unmet need gets a red ring. The title says how routes are drawn. No
pyplot and no timestamp in the file, so the same layers give the same bytes.
"""

from __future__ import annotations

import io
import math

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from shapely.geometry import LineString, Point

from .map_layers import CARER_BINS, MapLayers, carer_colour

CRS = "EPSG:4326"
DPI = 110
MAP_WIDTH_IN = 8.5
LEGEND_WIDTH_IN = 3.2
ROAD_COLOUR = "#c4c4c4"
UNMET_RING = "#d7191c"
ZONE_FILLS = ("#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5", "#bc80bd")


def roster_map_png(layers: MapLayers) -> bytes:
    """PNG bytes of the roster map."""
    west, south, east, north = layers.bounds
    mid_lat = math.radians((south + north) / 2)
    pad_x, pad_y = max(east - west, 0.002) * 0.04, max(north - south, 0.002) * 0.04
    wide = (east - west + 2 * pad_x) * math.cos(mid_lat)
    tall = north - south + 2 * pad_y
    map_height = min(max(MAP_WIDTH_IN * tall / max(wide, 1e-9), 4.0), 11.0)
    # No Agg canvas until the save: geopandas asks for a redraw after every layer, a no-op without one.
    fig = Figure(figsize=(MAP_WIDTH_IN + LEGEND_WIDTH_IN, map_height + 1.0), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    _draw_layers(ax, layers)
    ax.set_xlim(west - pad_x, east + pad_x)
    ax.set_ylim(south - pad_y, north + pad_y)
    ax.set_aspect(1.0 / math.cos(mid_lat))
    ax.tick_params(labelsize=7)
    ax.set_xlabel("longitude", fontsize=8)
    ax.set_ylabel("latitude", fontsize=8)
    fig.suptitle(layers.title, fontsize=12, fontweight="bold")
    ax.set_title(f"{layers.subtitle}\n{layers.travel_note}", fontsize=9)
    ax.legend(
        handles=_legend(layers), loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
    )
    if layers.roads is not None:
        ax.annotate(
            "Roads © OpenStreetMap contributors (ODbL)",
            xy=(1.0, 0.0),
            xycoords="axes fraction",
            xytext=(-3, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=7,
            color="#555555",
        )
    return _png(fig)


def _draw_layers(ax: Axes, layers: MapLayers) -> None:
    if layers.zones is not None:
        fills = [ZONE_FILLS[k % len(ZONE_FILLS)] for k in range(len(layers.zones.names))]
        zones = gpd.GeoDataFrame(
            {"zone": list(layers.zones.names)}, geometry=list(layers.zones.shapes), crs=CRS
        )
        zones.plot(ax=ax, color=fills, alpha=0.2, edgecolor=fills, linewidth=1.2, zorder=0)
        for name, shape, rural in zip(
            layers.zones.names, layers.zones.shapes, layers.zones.rural, strict=True
        ):
            at = shape.representative_point()
            label = f"{name} (rural)" if rural else name
            ax.annotate(label, (at.x, at.y), ha="center", fontsize=8, color="#333333", zorder=6)
    if layers.roads is not None and not layers.roads.is_empty:
        gpd.GeoSeries([layers.roads], crs=CRS).plot(ax=ax, color=ROAD_COLOUR, linewidth=0.45, zorder=1)
    if layers.boundary is not None and not layers.boundary.is_empty:
        gpd.GeoSeries([layers.boundary.boundary], crs=CRS).plot(
            ax=ax, color="#444444", linewidth=0.9, linestyle="--", zorder=2
        )
    colour = layers.colour
    if layers.routes:
        routes = gpd.GeoDataFrame(
            {"provider": [r.provider_id for r in layers.routes]},
            geometry=[LineString(r.coords) for r in layers.routes],
            crs=CRS,
        )
        routes.plot(ax=ax, color=[colour[p] for p in routes["provider"]], linewidth=1.1, alpha=0.75, zorder=3)
    if layers.bases:
        bases = gpd.GeoDataFrame(
            {"provider": [b.provider_id for b in layers.bases]},
            geometry=[Point(b.lon, b.lat) for b in layers.bases],
            crs=CRS,
        )
        bases.plot(
            ax=ax,
            facecolor="white",
            edgecolor=[colour[p] for p in bases["provider"]],
            linewidth=1.4,
            markersize=26,
            zorder=4,
        )
    if layers.clients:
        clients = gpd.GeoDataFrame(
            {"unmet": [c.unmet_min > 0 for c in layers.clients]},
            geometry=[Point(c.lon, c.lat) for c in layers.clients],
            crs=CRS,
        )
        fill = [carer_colour(len(c.carer_ids)) for c in layers.clients]
        edge = [UNMET_RING if c.unmet_min > 0 else "#333333" for c in layers.clients]
        width = [1.6 if c.unmet_min > 0 else 0.4 for c in layers.clients]
        clients.plot(ax=ax, color=fill, edgecolor=edge, linewidth=width, markersize=20, zorder=5)


def _legend(layers: MapLayers) -> list[Line2D]:
    handles = [
        Line2D([], [], color=c, linewidth=2, label=f"{pid} {name}") for pid, name, c in layers.providers
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor="#333333",
            markersize=6,
            label="carer base (ring: provider)",
        )
    )
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=c,
            markeredgecolor="#333333",
            markersize=6,
            label=f"client: {label}" if n <= 1 else f"client: {label} carers",
        )
        for n, c, label in CARER_BINS
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=UNMET_RING,
            markeredgewidth=1.6,
            markersize=6,
            label="client with unmet need (red ring)",
        )
    )
    if layers.roads is not None:
        handles.append(Line2D([], [], color=ROAD_COLOUR, linewidth=1, label="roads (OpenStreetMap)"))
    return handles


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.15, metadata={"Software": None})
    return buf.getvalue()
