"""A sweep's charts as PNG bytes (matplotlib's Agg canvas, no pyplot, no timestamps: same input, same bytes).

tradeoff.png: travel minutes per contact hour against distinct carers per client, one point per scenario
at its mean over the seeds, bars spanning its seeds' range, coloured by cost. unmet.png: unmet hours per
week by scenario (mean, bars spanning the seeds' range).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from ..report.plots import DPI, PALETTE, png_bytes

if TYPE_CHECKING:
    from .report import Spread


def tradeoff_png(names: Sequence[str], stats: Mapping[str, Mapping[str, Spread | None]]) -> bytes:
    """Travel per contact hour (x) against distinct carers per client (y), coloured by mean cost."""
    fig = Figure(figsize=(8.0, 5.6), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    travel, carers, cost = (
        stats["travel_min_per_contact_hour"],
        stats["distinct_carers_per_client_mean"],
        stats["cost_gbp"],
    )
    shown = [n for n in names if travel[n] is not None and carers[n] is not None]
    costs = [c.mean for n in shown if (c := cost[n]) is not None] or [0.0]
    low, high = min(costs), max(costs)
    norm = Normalize(low, high if high > low else low + 1.0)
    cmap = colormaps["viridis"]
    for n in shown:
        x, y, c = travel[n], carers[n], cost[n]
        assert x is not None and y is not None
        colour = cmap(norm(c.mean)) if c is not None else PALETTE[-1]
        ax.errorbar(
            x.mean,
            y.mean,
            xerr=[[x.mean - x.low], [x.high - x.mean]],
            yerr=[[y.mean - y.low], [y.high - y.mean]],
            fmt="o",
            color=colour,
            ecolor=colour,
            elinewidth=1.2,
            capsize=3,
            markersize=8,
            zorder=3,
        )
        ax.annotate(n, (x.mean, y.mean), textcoords="offset points", xytext=(6, 6), fontsize=8)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax)
    bar.set_label("cost, GBP (mean over seeds)")
    ax.set_title("Continuity against travel, by scenario (bars: range over seeds)", fontsize=11)
    ax.set_xlabel("travel minutes per contact hour")
    ax.set_ylabel("distinct carers per client (mean)")
    ax.grid(alpha=0.3)
    ax.margins(0.15)
    return png_bytes(fig)


def unmet_png(names: Sequence[str], unmet: Mapping[str, Spread | None]) -> bytes:
    """Unmet hours per week by scenario: the mean, and a bar over the seeds' range."""
    fig = Figure(figsize=(max(6.5, 1.1 * len(names) + 2), 4.8), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    means = [s.mean if (s := unmet[n]) is not None else 0.0 for n in names]
    low = [m - s.low if (s := unmet[n]) is not None else 0.0 for n, m in zip(names, means, strict=True)]
    high = [s.high - m if (s := unmet[n]) is not None else 0.0 for n, m in zip(names, means, strict=True)]
    bars = ax.bar(
        range(len(names)), means, 0.7, color=PALETTE[4], yerr=[low, high], capsize=4, ecolor="#333333"
    )
    ax.bar_label(bars, labels=[f"{m:,.1f}" for m in means], padding=3, fontsize=8)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("unmet visit hours per week")
    ax.set_title("Unmet need by scenario (bars: range over seeds)", fontsize=11)
    ax.set_ylim(0, max([*means, *(m + h for m, h in zip(means, high, strict=True))], default=0) * 1.2 or 1)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return png_bytes(fig)
