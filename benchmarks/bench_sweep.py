"""Scenario sweeps on Dask distributed: the speed-up over running the same runs one after another, and
the north-berwick sweep whose table and plots go into RESULTS.md.

Usage:
    .venv/bin/python benchmarks/bench_sweep.py speedup        # 8 scenarios x 2 seeds at 30 s, 2 workers
    .venv/bin/python benchmarks/bench_sweep.py north-berwick  # the example scenarios x 3 seeds at 30 s
    .venv/bin/python benchmarks/bench_sweep.py speedup --time-limit 3 --no-write   # a quick check

`speedup` runs every (scenario, seed) twice in one benchmark run, each time into a fresh folder: first
in this process one after another (`SweepOptions(inline=True)`), then as a Dask sweep on a LocalCluster
of `--workers` single-threaded worker processes. Both wall times cover the whole `run_sweep` call
(reading and materialising the scenarios, starting the cluster, the runs, the tables and plots), so the
ratio is what an analyst saves. Target: Dask at most 0.6 x sequential with 2 workers on 2 cores.

`north-berwick` sweeps the example scenarios (configs/scenarios/north-berwick/*.toml) with 3 seeds and
copies summary.md's tables and the two plots into benchmarks/sweep/; both modes replace their block in
benchmarks/RESULTS.md unless --no-write. Runs and rosters stay in --out (not committed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

from rostering.atomic import write_text_atomic
from rostering.bench.tables import machine_note, replace_block
from rostering.scenarios import SweepOptions, SweepResult, run_sweep

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
EXAMPLES = REPO / "configs" / "scenarios" / "north-berwick"
FIGURES = HERE / "sweep"
TARGET_RATIO = 0.6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("speedup", "north-berwick"))
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per run (default 30)")
    parser.add_argument(
        "--seeds", type=int, default=None, help="seeds per scenario (speedup 2, north-berwick 3)"
    )
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    parser.add_argument("--scenarios", nargs="*", type=Path, default=None, help="default: the examples")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "sweep")
    parser.add_argument(
        "--no-write", action="store_true", help="leave RESULTS.md and benchmarks/sweep/ alone"
    )
    args = parser.parse_args(argv)
    files = args.scenarios or sorted(EXAMPLES.glob("*.toml"))
    if args.mode == "speedup":
        block, ok = speedup(files, args)
    else:
        block, ok = north_berwick(files, args)
    print(block)
    if not args.no_write:
        write_text_atomic(
            RESULTS, replace_block(RESULTS.read_text(encoding="utf-8"), f"sweep:{args.mode}", block)
        )
    return 0 if ok else 1


def command(args: argparse.Namespace) -> str:
    return "`benchmarks/bench_sweep.py " + " ".join(sys.argv[1:] or [args.mode]) + "`"


def timed(files: list[Path], out: Path, options: SweepOptions) -> tuple[SweepResult, float]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    result = run_sweep(files, out, options)
    return result, time.monotonic() - started


def speedup(files: list[Path], args: argparse.Namespace) -> tuple[str, bool]:
    seeds = tuple(range(1, (args.seeds or 2) + 1))
    common = {"seeds": seeds, "time_limit": args.time_limit}
    inline, inline_s = timed(files, args.out / "sequential", SweepOptions(**common, inline=True))
    dask, dask_s = timed(files, args.out / "dask", SweepOptions(**common, workers=args.workers))
    ratio = dask_s / inline_s
    runs = len(dask.records)
    valid = inline.violations == dask.violations == 0 and not inline.failed and not dask.failed
    ok = valid and ratio <= TARGET_RATIO
    mean_inline = sum(r.wall_s for r in inline.records) / max(1, len(inline.records))
    mean_dask = sum(r.wall_s for r in dask.records) / max(1, runs)
    lines = [
        f"Machine: {machine_note()}. {len(files)} scenarios x {len(seeds)} seeds = {runs} runs at "
        f"{args.time_limit:g} s each. Command: {command(args)}.",
        "",
        "| how | workers | runs | wall s (whole sweep) | wall s per run (mean) | x sequential | violations |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| one after another, in-process | 1 | {len(inline.records)} | {inline_s:.1f} | {mean_inline:.1f} "
        f"| 1.00 | {inline.violations} |",
        f"| Dask LocalCluster | {dask.workers} | {runs} | {dask_s:.1f} | {mean_dask:.1f} | **{ratio:.2f}** "
        f"| {dask.violations} |",
        "",
        f"Target: Dask at most {TARGET_RATIO} x sequential: **{'met' if ok else 'NOT met'}** ({ratio:.2f}).",
    ]
    return "\n".join(lines), ok


def north_berwick(files: list[Path], args: argparse.Namespace) -> tuple[str, bool]:
    seeds = tuple(range(1, (args.seeds or 3) + 1))
    options = SweepOptions(seeds=seeds, time_limit=args.time_limit, workers=args.workers)
    result, wall_s = timed(files, args.out / "north-berwick", options)
    summary = (result.out / "summary.md").read_text(encoding="utf-8")
    if not args.no_write:
        FIGURES.mkdir(parents=True, exist_ok=True)
        for name in ("tradeoff.png", "unmet.png"):
            shutil.copyfile(result.out / name, FIGURES / name)
    # The summary's tables without its title and image links (RESULTS.md shows the copies in sweep/).
    body = summary.split("\n", 2)[2]
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)\n*", "", body).replace("## ", "#### ").rstrip()
    head = (
        f"Machine: {machine_note()}. {len(files)} scenarios x {len(seeds)} seeds at {args.time_limit:g} s "
        f"each on {result.workers} Dask workers: {wall_s:.0f} s in all. Command: {command(args)}."
    )
    figures = "![tradeoff](sweep/tradeoff.png)\n\n![unmet](sweep/unmet.png)"
    ok = result.violations == 0 and not result.failed
    return f"{head}\n\n{body}\n\n{figures}", ok


if __name__ == "__main__":
    raise SystemExit(main())
