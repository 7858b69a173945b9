"""Charts for `compare` and `tradeoff`, as PNG bytes (matplotlib's Agg canvas; no pyplot, no global state).

Every chart names its quantity and unit on the axis, labels each bar or point with its value, and keeps
one colour per series across charts. PNGs carry no timestamp or software tag, so the same numbers give
the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

PALETTE = ("#1b6ca8", "#e07b39", "#3a9d5d", "#8e5ea2", "#c23b3b", "#6b6b6b")
DPI = 110


@dataclass(frozen=True)
class BarPanel:
    """One panel of grouped bars: a bar per (solver, series), solvers along the x axis."""

    title: str
    ylabel: str
    series: Mapping[str, Mapping[str, float | None]]  # series label -> solver -> value (None: no bar)
    value_format: str = "{:,.1f}"
    percent: bool = False  # values are shares in [0, 1], shown as %


def bar_chart_png(title: str, solvers: Sequence[str], panels: Sequence[BarPanel]) -> bytes:
    """A figure of one or more bar panels side by side, as PNG bytes."""
    fig = Figure(figsize=(max(7.5, 5.0 * len(panels) + 0.6), 4.8), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(title, fontsize=12, fontweight="bold")
    for k, panel in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), k + 1)
        _bars(ax, solvers, panel)
    return png_bytes(fig)


def _bars(ax: Axes, solvers: Sequence[str], panel: BarPanel) -> None:
    names = list(panel.series)
    width = 0.8 / max(1, len(names))
    top = 0.0
    for j, name in enumerate(names):
        values = [panel.series[name].get(s) for s in solvers]
        xs = [i + (j - (len(names) - 1) / 2) * width for i in range(len(solvers))]
        heights = [0.0 if v is None else (v * 100 if panel.percent else v) for v in values]
        top = max([top, *heights])
        bars = ax.bar(xs, heights, width * 0.92, label=name, color=PALETTE[j % len(PALETTE)])
        labels = [
            "n/a" if v is None else (f"{v * 100:.1f}%" if panel.percent else panel.value_format.format(v))
            for v in values
        ]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=8)
    ax.set_title(panel.title, fontsize=10)
    ax.set_ylabel(panel.ylabel)
    ax.set_xticks(range(len(solvers)), [s.replace("-optimised", "-\noptimised") for s in solvers], fontsize=9)
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    if len(names) > 1:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.18), ncols=1, frameon=False)


@dataclass(frozen=True)
class FrontierPoint:
    label: str
    x: float | None
    y: float | None


def frontier_png(title: str, panels: Sequence[tuple[str, str, str, Sequence[FrontierPoint]]]) -> bytes:
    """Scatter-and-line panels (panel title, x label, y label, points), each point labelled, as PNG bytes."""
    fig = Figure(figsize=(max(7.5, 5.4 * len(panels)), 4.8), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.suptitle(title, fontsize=12, fontweight="bold")
    for k, (panel_title, xlabel, ylabel, points) in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), k + 1)
        shown = [p for p in points if p.x is not None and p.y is not None]
        xs = [float(p.x) for p in shown if p.x is not None]
        ys = [float(p.y) for p in shown if p.y is not None]
        ax.plot(xs, ys, color=PALETTE[0], alpha=0.5, linewidth=1)
        ax.scatter(xs, ys, color=PALETTE[k + 1], zorder=3, label="labels: continuity weight (x default)")
        for p, x, y in zip(shown, xs, ys, strict=True):
            ax.annotate(p.label, (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8)
        ax.set_title(panel_title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
        ax.margins(0.15)
    return png_bytes(fig)


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes without a Software tag or timestamp (same figure, same bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
