"""Markdown tables for benchmarks/RESULTS.md and the machine note every results table carries.

A benchmark script regenerates only the block between `<!-- NAME:begin -->` and `<!-- NAME:end -->`,
so hand-written notes around it survive a re-run.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
from collections.abc import Sequence
from importlib import metadata

from .runner import InstanceResult

AT_BEST_PCT = 0.005  # a gap this small counts as reaching the best-known (values have 1-3 decimals)


def machine_note() -> str:
    """CPU model, cores, Python and solver library versions: what a reader needs to weigh the timings."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            names = [ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    versions = []
    for dist in ("ortools", "pyvrp", "pyvroom"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {', '.join(versions)}; "
        f"run {dt.date.today().isoformat()}"
    )


def replace_block(text: str, name: str, content: str) -> str:
    """`text` with the block NAME replaced by `content` (appended at the end when absent)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{content.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip() + "\n\n" + block + "\n"


def pct(value: float | None, signed: bool = False) -> str:
    """A percentage with 2 decimals; a rounding residue such as -0.0004 shows as 0.00%, not -0.00%."""
    if value is None:
        return "-"
    value = 0.0 if abs(value) < 0.005 else value
    return f"{value:+.2f}%" if signed else f"{value:.2f}%"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def summary_row(label: str, gaps: Sequence[float], results: Sequence[InstanceResult]) -> str:
    """| label | mean | median | max | at best | feasible | mean wall | mean time to best |"""
    feasible = sum(r.feasible for r in results)
    walls = [r.wall_s for r in results]
    to_best = [r.time_to_best_s for r in results if r.time_to_best_s is not None]
    at_best = sum(g <= AT_BEST_PCT for g in gaps)
    return (
        f"| {label} | {pct(statistics.fmean(gaps) if gaps else None)} | "
        f"{pct(statistics.median(gaps) if gaps else None)} | {pct(max(gaps) if gaps else None)} | "
        f"{at_best}/{len(results)} | {feasible}/{len(results)} | "
        f"{_seconds(statistics.fmean(walls) if walls else None)} | "
        f"{_seconds(statistics.fmean(to_best) if to_best else None)} |"
    )


SUMMARY_HEADER = (
    "| solver | mean gap | median | max | at best | feasible | mean wall | mean time to best |\n"
    "|---|---|---|---|---|---|---|---|"
)


def relative_gap(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference <= 0:
        return None
    return 100.0 * (value - reference) / reference


def instance_class(name: str) -> str:
    """Solomon/Homberger class from a name: C101 -> C1, rc2_2_4 -> RC2."""
    match = re.match(r"([A-Za-z]+)(\d)", name)
    return (match.group(1) + match.group(2)).upper() if match else name
