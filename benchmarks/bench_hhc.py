"""HHC benchmark: the 70 Mankowska et al. (2014) instances, objective (distance + total + max tardiness) / 3.

Usage (see benchmarks/PROTOCOL.md):
    .venv/bin/python benchmarks/bench_hhc.py --time-limit 10          # all 70: the feasibility target
    .venv/bin/python benchmarks/bench_hhc.py --time-limit 60          # the quality target
    .venv/bin/python benchmarks/bench_hhc.py --subset --time-limit 30 # the 8 instances of PEERS.md

Each instance becomes the engine's own problem (one visit per patient service, double services as
visit dependencies, soft windows); the schedule is re-scored by rostering.bench.evaluate from the
routes alone. JSON and results.csv go to --out; the summary replaces a block in benchmarks/RESULTS.md.
One solve at a time, single-threaded; --jobs N runs N side by side, one per core (never more).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from rostering.atomic import write_text_atomic
from rostering.bench.evaluate import HhcService
from rostering.bench.isolation import isolated
from rostering.bench.mankowska import MankowskaInstance
from rostering.bench.parallel import jobs_error
from rostering.bench.runner import (
    InstanceResult,
    reload_hhc_result,
    run_hhc,
    solve_hhc_ours,
    write_results_csv,
)
from rostering.bench.tables import SUMMARY_HEADER, machine_note, pct, replace_block, summary_row
from rostering.solvers.base import Budget
from rostering.solvers.params import SolveParams

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / ".." / "shared" / "benchmarks"
FOLDER = SHARED / "hhc" / "mankowska2014"
FAMILY = {10: "A", 25: "B", 50: "C", 75: "D", 100: "E", 200: "F", 300: "G"}
# The eight instances PEERS.md reports for the textbook OR-Tools model.
# Conversion and evaluation time on top of the solver's own limit still counts as "within the limit".
IN_TIME_SLACK_S = 2.0
SUBSET = ("10_1", "10_4", "25_1", "50_1", "75_1", "100_1", "200_1", "300_1")


def size_and_index(path: Path) -> tuple[int, int]:
    match = re.search(r"_(\d+)_(\d+)$", path.stem)
    if not match:
        raise ValueError(f"unexpected Mankowska file name {path.name}")
    return int(match.group(1)), int(match.group(2))


def label(name: str) -> str:
    """InstanzCPLEX_HCSRP_50_8 -> C8 (the literature's name)."""
    size, k = size_and_index(Path(name))
    return f"{FAMILY.get(size, '?')}{k}"


def report(args: argparse.Namespace, results: list[InstanceResult], limit: float) -> str:
    gaps = [r.gap_pct for r in results if r.gap_pct is not None]
    over = [label(r.instance) for r in results if r.gap_pct is not None and r.gap_pct > 10.0]
    infeasible = [label(r.instance) for r in results if not r.feasible]
    in_time = sum(r.feasible and r.wall_s <= limit + IN_TIME_SLACK_S for r in results)
    command = " ".join(["benchmarks/bench_hhc.py", *sys.argv[1:]])
    lines = [
        f"**Mankowska HHC**, {len(results)} instance(s), {limit:g} s per instance, seed {args.seed}. "
        f"Command: `{command}`"
        + (
            " (re-scores the solutions the same command wrote without --report-only)"
            if args.report_only
            else ""
        )
        + f". Machine: {machine_note()}.",
        "",
        "Gap to the best-known (`best_known` rows of hhc/results.csv):",
        "",
        SUMMARY_HEADER,
        summary_row("ours", gaps, results),
        "",
        f"Feasible: {len(results) - len(infeasible)}/{len(results)}"
        + (f" (infeasible: {', '.join(infeasible)})" if infeasible else "")
        + f"; feasible within the limit (wall <= limit + {IN_TIME_SLACK_S:g} s): {in_time}/{len(results)}"
        + f"; above 10%: {len(over)}"
        + (f" ({', '.join(over)})" if over else "")
        + ".",
        "",
        "| family (patients) | instances | feasible | mean gap | max gap | mean time to best |",
        "|---|---|---|---|---|---|",
    ]
    by: dict[int, list[InstanceResult]] = defaultdict(list)
    for r in results:
        by[size_and_index(Path(r.instance))[0]].append(r)
    for size in sorted(by):
        rs = by[size]
        g = [r.gap_pct for r in rs if r.gap_pct is not None]
        ttb = [r.time_to_best_s for r in rs if r.time_to_best_s is not None]
        head = f"| {FAMILY.get(size, '?')} ({size}) | {len(rs)} | {sum(r.feasible for r in rs)} |"
        mean_gap = pct(statistics.fmean(g) if g else None)
        max_gap = pct(max(g) if g else None)
        mean_ttb = f"{statistics.fmean(ttb):.1f} s" if ttb else "-"
        lines.append(f"{head} {mean_gap} | {max_gap} | {mean_ttb} |")
    lines += [
        "",
        "<details><summary>Per instance</summary>",
        "",
        "| instance | best-known | ours | gap | wall |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        best = f"{r.best_known.value:.3f}" if r.best_known else "-"
        cost = "-" if r.cost is None else f"{r.cost:.3f}" + ("" if r.feasible else " INFEASIBLE")
        gap = pct(r.gap_pct, signed=True)
        lines.append(f"| {label(r.instance)} | {best} | {cost} | {gap} | {r.wall_s:.1f} s |")
    lines += ["", "</details>"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subset", action="store_true", help="the 8 instances of PEERS.md")
    parser.add_argument("--instances", nargs="*", help="explicit suffixes, e.g. 10_1 300_7")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--params", type=Path, help="solver parameters TOML (default: the bench preset)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "hhc")
    parser.add_argument(
        "--hard-factor", type=float, default=2.0, help="stop a solve at factor x limit + grace"
    )
    parser.add_argument("--hard-grace", type=float, default=60.0)
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="re-score the JSON files of an earlier run in --out; no solving",
    )
    parser.add_argument("--no-results-md", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument(
        "--jobs", type=int, default=1, help="solves side by side, one per core (default 1: one at a time)"
    )
    args = parser.parse_args()
    if (problem := jobs_error(args.jobs)) is not None:
        parser.error(problem)
    if not FOLDER.is_dir():
        sys.exit(f"benchmark data not found at {FOLDER}")
    params = SolveParams.from_toml(args.params) if args.params else None
    paths = sorted(FOLDER.glob("*.txt"), key=size_and_index)
    wanted = args.instances or (SUBSET if args.subset else None)
    if wanted:
        paths = [p for p in paths if "{}_{}".format(*size_and_index(p)) in wanted]

    def ours(inst: MankowskaInstance, limit: float, seed: int) -> tuple[list[list[HhcService]], float | None]:
        return solve_hhc_ours(inst, Budget(time_limit_s=limit), seed, params)

    empty: list[list[HhcService]] = []
    guarded = isolated(ours, empty, factor=args.hard_factor, grace_s=args.hard_grace)

    def show(r: InstanceResult) -> None:
        gap = pct(r.gap_pct, signed=True)
        state = "ok" if r.feasible else f"INFEASIBLE: {r.violations[:2]}"
        cost = f"{r.cost:10.3f}" if r.cost is not None else "         -"
        print(f"{label(r.instance):<5} {cost} gap {gap:>8} {r.wall_s:6.1f} s {state}", flush=True)

    out = args.out / f"{args.time_limit:g}s"
    if args.report_only:
        found = [reload_hhc_result(p, out) for p in paths]
        results = [r for r in found if r is not None]
        write_results_csv(out / "results.csv", results)
    else:
        results = run_hhc(paths, out, guarded, "ours", args.time_limit, args.seed, show, args.jobs)
    if not args.no_results_md:
        scope = "subset" if args.subset else ("custom" if args.instances else "all")
        name = f"hhc:{scope}-{args.time_limit:g}s"
        md = HERE / "RESULTS.md"
        write_text_atomic(
            md, replace_block(md.read_text(encoding="utf-8"), name, report(args, results, args.time_limit))
        )
        print(f"updated {md} block {name}")


if __name__ == "__main__":
    main()
