"""Nightly roster build on the north-berwick sample: our engine against a textbook OR-Tools model.

Protocol: the bundle's own travel matrices (approximate when it has no OSM matrices), seed 1, one run per
cell, one solver process at a time. `ours` is the default SolveParams (our synchronisation-aware
construction, ruin-and-recreate, then OR-Tools guided local search); `textbook` is the same model built
by the same code with SolveParams.textbook() (PATH_CHEAPEST_ARC + guided local search, no warm start, no
ruin-and-recreate). Both rosters are checked by the independent validator (zero violations required)
and measured by compute_kpis. One day (2026-11-24) at 60 s; the whole week at 600 s with --week.

    .venv/bin/python benchmarks/bench_core.py [--week] [--write]

--write replaces the block between `<!-- core:begin -->` and `<!-- core:end -->` in RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rostering.bench.tables import machine_note, replace_block
from rostering.domain import Problem, Roster
from rostering.evaluation.kpis import Kpis, compute_kpis
from rostering.evaluation.validate import validate
from rostering.io.bundle import read_bundle
from rostering.solvers.base import Budget
from rostering.solvers.engine.solver import EngineSolver
from rostering.solvers.params import SolveParams
from rostering.travel.matrix import TravelMatrix
from rostering.travel.store import resolve_matrices

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent / "data" / "sample_localities" / "north-berwick"
DAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Row:
    scope: str
    engine: str
    limit_s: float
    wall_s: float
    violations: int
    kpis: Kpis
    roster: Roster

    def cells(self) -> list[str]:
        k = self.kpis
        first = _first_objective(self.roster)
        return [
            self.scope,
            f"`{self.engine}`",
            f"{self.limit_s:.0f}",
            f"{k.visits_assigned:,} / {k.visits_total:,}",
            f"{k.unmet_share:.2%}",
            _num(k.travel_min_per_contact_hour),
            _num(k.distinct_carers_per_client_mean),
            "-" if k.familiar_carer_share is None else f"{k.familiar_carer_share:.1%}",
            f"{k.cost_gbp:,.0f}",
            "-" if self.roster.objective is None else f"{self.roster.objective:,.0f}",
            "-" if first is None else f"{first:,.0f}",
            str(self.violations),
            f"{self.wall_s:.1f}",
        ]


HEADER = [
    "scope",
    "engine",
    "limit s",
    "visits assigned",
    "unmet (share of visit minutes)",
    "travel min / contact h",
    "distinct carers / client",
    "familiar share",
    "cost GBP",
    "objective GBP",
    "first solution GBP",
    "violations",
    "wall s",
]


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _first_objective(roster: Roster) -> float | None:
    days = roster.stats.get("blocks", {}).values()
    firsts = [d.get("first_solution_objective_gbp") for d in days]
    return None if not firsts or any(f is None for f in firsts) else sum(firsts)


def run(
    scope: str, engine: str, problem: Problem, matrices: dict[str, TravelMatrix], limit: float, seed: int
) -> Row:
    params = SolveParams() if engine == "ours" else SolveParams.textbook()
    t0 = time.monotonic()
    roster = EngineSolver().solve(problem, matrices, params, Budget(time_limit_s=limit), seed=seed)
    wall = time.monotonic() - t0
    violations = validate(problem, matrices, roster)
    for v in violations[:10]:
        print(f"  VIOLATION {v}", file=sys.stderr)
    row = Row(scope, engine, limit, wall, len(violations), compute_kpis(problem, matrices, roster), roster)
    print(" | ".join(row.cells()), flush=True)
    return row


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def write_results(block: str) -> None:
    path = HERE / "RESULTS.md"
    path.write_text(replace_block(path.read_text(encoding="utf-8"), "core", block), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--day-limit", type=float, default=60.0)
    parser.add_argument("--week-limit", type=float, default=600.0)
    parser.add_argument("--week", action="store_true", help="also roster the whole week (2 x week-limit)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    if not args.bundle.is_dir():
        raise SystemExit(f"{args.bundle}: sample bundle not found (rostering sample generate north-berwick)")
    problem, _ = read_bundle(args.bundle)
    print(" | ".join(HEADER), flush=True)
    rows: list[Row] = []
    day = problem.for_dates({DAY})
    day_matrices, messages = resolve_matrices(day, args.bundle)
    for engine in ("ours", "textbook"):
        rows.append(run(f"day {DAY}", engine, day, day_matrices, args.day_limit, args.seed))
    week_note = "the week was not run (--week)"
    if args.week:
        matrices, _ = resolve_matrices(problem, args.bundle)
        for engine in ("ours", "textbook"):
            rows.append(
                run(
                    f"week ({len(problem.dates)} days)", engine, problem, matrices, args.week_limit, args.seed
                )
            )
        week_note = "the week shares its limit between days in proportion to their visits"
    travel = "; ".join(messages)
    block = (
        f"Machine: {machine_note()}. Bundle `{args.bundle.name}`, seed {args.seed}, one run per cell; "
        f"{week_note}. Travel: {travel}. Command: `benchmarks/bench_core.py{' --week' if args.week else ''}`."
        "\n\n" + table(rows)
    )
    print("\n" + block)
    if args.write:
        write_results(block)


if __name__ == "__main__":
    main()
