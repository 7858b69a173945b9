"""Best-known values to compute gaps against, read from the table that sits beside an instance folder.

The shared benchmark folders keep the instances one level below their table:
`solomon/instances/C101.txt` with `solomon/bks.csv`, `homberger/200/c1_2_1.txt` with
`homberger/bks.csv`, `hhc/mankowska2014/X.txt` with `hhc/results.csv`. Which column is used:

* VRPTW: `dimacs_distance` (distance-only, each arc truncated to one decimal -- the convention our
  cost uses) when the row has one: all of Solomon, Homberger 1000. Otherwise (Homberger 200-800) the
  hierarchical `distance` (fewest vehicles first, double precision): a distance-only optimum lies at or
  below it, so a gap against it flatters the solver; the VRPTW target there compares with PyVRP in the
  same run instead.
* HHC: the `best_known` row of the instance in results.csv (the minimum over every published feasible
  solution).

A missing table or row gives None: the result files then leave the best-known empty.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BestKnown:
    value: float
    kind: str  # dimacs_distance | hierarchical_distance | hhc_best_known


def _rows(table: Path) -> list[dict[str, str]]:
    with table.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def vrptw_best_known(instance_path: Path, table: Path | None = None) -> BestKnown | None:
    table = table or Path(instance_path).resolve().parent.parent / "bks.csv"
    if not table.is_file():
        return None
    name = Path(instance_path).stem.lower()
    for row in _rows(table):
        if row.get("instance", "").lower() == name:
            if row.get("dimacs_distance"):
                return BestKnown(float(row["dimacs_distance"]), "dimacs_distance")
            if row.get("distance"):
                return BestKnown(float(row["distance"]), "hierarchical_distance")
    return None


def hhc_best_known(instance_path: Path, table: Path | None = None) -> BestKnown | None:
    table = table or Path(instance_path).resolve().parent.parent / "results.csv"
    if not table.is_file():
        return None
    name = Path(instance_path).name
    for row in _rows(table):
        if row.get("instance_file") == name and row.get("value_type") == "best_known":
            return BestKnown(float(row["value"]), "hhc_best_known")
    return None


def gap_pct(value: float | None, best: BestKnown | None) -> float | None:
    """100 x (value - best) / best; negative when a solution beats the table."""
    if value is None or best is None or best.value <= 0:
        return None
    return 100.0 * (value - best.value) / best.value
