"""VRPTW benchmark: Solomon (56) and Gehring-Homberger 200 (60), our engine beside PyVRP and VROOM.

Usage (see benchmarks/PROTOCOL.md):
    .venv/bin/python benchmarks/bench_vrptw.py --set solomon --subset --time-limit 30 --peers
    .venv/bin/python benchmarks/bench_vrptw.py --set homberger200 --time-limit 60 --peers

Each solver runs single-threaded, one instance at a time, alone or with --jobs N beside N-1 other
solves on the other cores (never more than the cores); every route set is re-scored by
rostering.bench.evaluate (DIMACS distance, feasibility). Per-solver JSON and results.csv go to
--out/<set>/<solver>/; the summary replaces the set's block in benchmarks/RESULTS.md. --report-only solves
nothing and re-scores what an earlier run left in --out (e.g. the subset block from a full run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from rostering.atomic import write_text_atomic
from rostering.bench.isolation import isolated
from rostering.bench.parallel import jobs_error, run_side_by_side
from rostering.bench.peers import run_pyvrp, run_vroom
from rostering.bench.presets import vrptw_params
from rostering.bench.runner import (
    InstanceResult,
    reload_vrptw_result,
    solve_vrptw_file,
    solve_vrptw_ours,
    write_results_csv,
)
from rostering.bench.solomon import Fleet, SolomonInstance
from rostering.bench.tables import (
    SUMMARY_HEADER,
    instance_class,
    machine_note,
    pct,
    relative_gap,
    replace_block,
    summary_row,
)
from rostering.solvers.base import Budget
from rostering.solvers.params import SolveParams

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / ".." / "shared" / "benchmarks"
SETS = {"solomon": SHARED / "solomon" / "instances", "homberger200": SHARED / "homberger" / "200"}
SUBSETS = {
    "solomon": [
        *("C101", "C105", "C201", "C205", "R101", "R105", "R112", "R201", "R205", "R211"),
        *("RC101", "RC105", "RC201", "RC208"),
    ],
    "homberger200": ["c1_2_1", "c2_2_1", "r1_2_1", "r2_2_1", "rc1_2_1", "rc2_2_1"],
}
DEFAULT_LIMIT = {"solomon": 30.0, "homberger200": 60.0}
# "ours-engine" is the engine with its default search (`--search engine`), "ours" the bench preset.
ALL_SOLVERS = ("ours", "ours-engine", "pyvrp", "vroom")


def _natural(path: Path) -> tuple[str, int]:
    stem = path.stem
    head = stem.rstrip("0123456789")
    return head, int(stem[len(head) :] or 0)


def instance_paths(which: str, subset: bool, names: list[str] | None) -> list[Path]:
    folder = SETS[which]
    paths = sorted(folder.glob("*.txt"), key=_natural)
    wanted = names or (SUBSETS[which] if subset else None)
    if wanted:
        lower = {n.lower() for n in wanted}
        paths = [p for p in paths if p.stem.lower() in lower]
    return paths


def make_solvers(args: argparse.Namespace, fleet: Fleet, params: SolveParams | None) -> dict[str, object]:
    def ours(inst: SolomonInstance, limit: float, seed: int) -> tuple[list[list[int]], float | None]:
        return solve_vrptw_ours(inst, Budget(time_limit_s=limit), seed, fleet, params)

    def pyvrp(inst: SolomonInstance, limit: float, seed: int) -> tuple[list[list[int]], float | None]:
        run = run_pyvrp(inst, limit, seed, fleet)
        return run.routes, run.time_to_best_s

    def vroom(inst: SolomonInstance, limit: float, seed: int) -> tuple[list[list[int]], float | None]:
        run = run_vroom(inst, exploration_level=args.vroom_exploration)
        return run.routes, run.time_to_best_s

    chosen = args.solvers or (["ours", "pyvrp", "vroom"] if args.peers else ["ours"])
    empty: list[list[int]] = []
    ours_name = "ours-engine" if args.search == "engine" and not args.params else "ours"
    available: dict[str, object] = {
        name: isolated(fn, empty, factor=args.hard_factor, grace_s=args.hard_grace)
        for name, fn in ((ours_name, ours), ("pyvrp", pyvrp), ("vroom", vroom))
    }
    chosen = [ours_name if name == "ours" else name for name in chosen]
    return {name: available[name] for name in chosen}


def report(
    which: str, args: argparse.Namespace, results: dict[str, list[InstanceResult]], limit: float
) -> str:
    """The markdown block for RESULTS.md: summary, by class, against PyVRP, per instance."""
    first = next(iter(results.values()))
    names = [r.instance for r in first]
    kind = first[0].best_known.kind if first and first[0].best_known else "none"
    command = " ".join(["benchmarks/bench_vrptw.py", *sys.argv[1:]])
    lines = [
        f"**{which}**, {len(names)} instance(s), {limit:g} s per instance per solver (VROOM: exploration "
        f"{args.vroom_exploration}, no time limit), seed {args.seed}, fleet {args.fleet}, "
        f"search preset `{'params file' if args.params else args.search}`. "
        f"Command: `{command}`. Machine: {machine_note()}.",
        "",
        f"Gap to the best-known column `{kind}` (see PROTOCOL.md):",
        "",
        SUMMARY_HEADER,
    ]
    for solver, rs in results.items():
        gaps = [r.gap_pct for r in rs if r.gap_pct is not None]
        lines.append(summary_row(solver, gaps, rs))
    if "pyvrp" in results:
        pyvrp_cost = {r.instance: r.cost for r in results["pyvrp"] if r.feasible}
        lines += ["", "Gap to PyVRP's result on the same instance in the same run:", "", SUMMARY_HEADER]
        for solver, rs in results.items():
            if solver == "pyvrp":
                continue
            gaps = [
                g
                for r in rs
                if r.feasible and (g := relative_gap(r.cost, pyvrp_cost.get(r.instance))) is not None
            ]
            lines.append(summary_row(solver, gaps, rs))
    classes = sorted({instance_class(n) for n in names})
    lines += ["", "Mean gap to the best-known by class:", "", "| solver | " + " | ".join(classes) + " |"]
    lines.append("|---" * (len(classes) + 1) + "|")
    for solver, rs in results.items():
        by: dict[str, list[float]] = defaultdict(list)
        for r in rs:
            if r.gap_pct is not None:
                by[instance_class(r.instance)].append(r.gap_pct)
        cells = [pct(statistics.fmean(by[c]) if by[c] else None) for c in classes]
        lines.append(f"| {solver} | " + " | ".join(cells) + " |")
    solvers = list(results)
    lines += [
        "",
        "<details><summary>Per instance (cost, gap to best-known, routes)</summary>",
        "",
        "| instance | best-known | " + " | ".join(solvers) + " |",
        "|---" * (len(solvers) + 2) + "|",
    ]
    by_solver = {s: {r.instance: r for r in rs} for s, rs in results.items()}
    for name in names:
        best = first[names.index(name)].best_known
        cells = []
        for s in solvers:
            cell = by_solver[s].get(name)
            if cell is None or cell.cost is None:
                cells.append("-")
            elif not cell.feasible:
                cells.append(f"{cell.cost:.1f} INFEASIBLE")
            elif cell.gap_pct is None:
                cells.append(f"{cell.cost:.1f}")
            else:
                cells.append(f"{cell.cost:.1f} ({pct(cell.gap_pct, signed=True)}, {cell.routes})")
        lines.append(f"| {name} | {best.value if best else '-'} | " + " | ".join(cells) + " |")
    lines += ["", "</details>"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(SETS), default="solomon")
    parser.add_argument("--subset", action="store_true", help="the quick subset (14 Solomon / 6 Homberger)")
    parser.add_argument("--instances", nargs="*", help="explicit instance names")
    parser.add_argument(
        "--time-limit", type=float, help="seconds per instance (default 30 Solomon, 60 Homberger)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--peers", action="store_true", help="also run PyVRP and VROOM")
    parser.add_argument("--solvers", nargs="*", choices=("ours", "pyvrp", "vroom"), help="run only these")
    parser.add_argument(
        "--reuse", action="store_true", help="report the other solvers' earlier results from --out as well"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="solve nothing: re-score every solver's earlier solutions in --out and report them",
    )
    parser.add_argument("--vroom-exploration", type=int, default=5)
    parser.add_argument(
        "--fleet",
        choices=("unlimited", "file"),
        default="file",
        help="every solver gets the file's vehicle number (default) or one vehicle per customer",
    )
    parser.add_argument("--params", type=Path, help="solver parameters TOML (default: the bench preset)")
    parser.add_argument(
        "--search",
        choices=("bench", "engine"),
        default="bench",
        help="search preset (rostering.bench.presets)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out" / "vrptw")
    parser.add_argument(
        "--hard-factor", type=float, default=2.0, help="stop a solve at factor x limit + grace"
    )
    parser.add_argument("--hard-grace", type=float, default=60.0)
    parser.add_argument("--no-results-md", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument(
        "--jobs", type=int, default=1, help="solves side by side, one per core (default 1: one at a time)"
    )
    args = parser.parse_args()
    if (problem := jobs_error(args.jobs)) is not None:
        parser.error(problem)
    if not SHARED.is_dir():
        sys.exit(f"benchmark data not found at {SHARED}")
    limit = args.time_limit or DEFAULT_LIMIT[args.set]
    fleet: Fleet = "file" if args.fleet == "file" else "unlimited"
    params = SolveParams.from_toml(args.params) if args.params else vrptw_params(args.search)
    solvers = {} if args.report_only else make_solvers(args, fleet, params)
    paths = instance_paths(args.set, args.subset, args.instances)
    results: dict[str, list[InstanceResult]] = {s: [] for s in solvers}
    tasks = [(path, solver) for path in paths for solver in solvers]

    def solve_one(task: tuple[Path, str]) -> InstanceResult:
        path, solver = task
        out = args.out / args.set / solver
        return solve_vrptw_file(path, out, solvers[solver], solver, limit, args.seed, None)  # type: ignore[arg-type]

    done: dict[int, InstanceResult] = {}
    for index, r in run_side_by_side(solve_one, tasks, args.jobs):
        done[index] = r
        solver = tasks[index][1]
        # In instance order, whichever finished first.
        results[solver] = [done[k] for k in sorted(done) if tasks[k][1] == solver]
        write_results_csv(args.out / args.set / solver / "results.csv", results[solver])
        gap = pct(r.gap_pct, signed=True)
        state = "ok" if r.feasible else f"INFEASIBLE: {r.violations[:2]}"
        print(
            f"{r.instance:<10} {solver:<6} {r.cost:10.1f} gap {gap:>8} {r.wall_s:6.1f} s {state}",
            flush=True,
        )
    if args.reuse or args.report_only:
        for solver in ALL_SOLVERS:
            if solver not in results:
                found = [reload_vrptw_result(p, args.out / args.set / solver, solver) for p in paths]
                if all(found):
                    results[solver] = [r for r in found if r is not None]
        results = {s: results[s] for s in ALL_SOLVERS if s in results}
    if not args.no_results_md:
        label = f"vrptw:{args.set}{'-subset' if args.subset and not args.instances else ''}"
        md = HERE / "RESULTS.md"
        write_text_atomic(
            md, replace_block(md.read_text(encoding="utf-8"), label, report(args.set, args, results, limit))
        )
        print(f"updated {md} block {label}")


if __name__ == "__main__":
    main()
