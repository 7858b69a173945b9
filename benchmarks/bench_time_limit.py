"""The time limit is the user's: process wall time of `rostering solve` against `--time-limit`.

Protocol: the north-berwick sample, the day (2026-11-24) and the whole week, limits 5, 10 and 30 s, seed
1, one run per cell, one process at a time. Each run is a fresh `rostering solve` process timed from
before it starts to after it exits (start-up imports, reading the bundle, travel, search, checking,
writing and printing included), as a user at a terminal waits for it. Target: wall <= 1.10 x limit.

    .venv/bin/python benchmarks/bench_time_limit.py [--limits 5,10,30] [--scopes day,week] [--write]

--write replaces the block between `<!-- time-limit:begin -->` and `<!-- time-limit:end -->` in RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rostering.bench.tables import machine_note, replace_block

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent / "data" / "sample_localities" / "north-berwick"
DAY = "2026-11-24"
ROSTERING = Path(sys.executable).with_name("rostering")
TARGET = 1.10


@dataclass(frozen=True)
class Run:
    scope: str
    limit_s: float
    wall_s: float
    exit_code: int
    visits_assigned: int
    visits_total: int

    @property
    def ratio(self) -> float:
        return self.wall_s / self.limit_s

    def cells(self) -> list[str]:
        verdict = "yes" if self.ratio <= TARGET and self.exit_code in (0, 4) else "**no**"
        return [
            self.scope,
            f"{self.limit_s:g}",
            f"{self.wall_s:.2f}",
            f"{self.ratio:.3f}",
            verdict,
            f"{self.visits_assigned:,} / {self.visits_total:,}",
            str(self.exit_code),
        ]


def run_once(scope: str, limit_s: float) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "roster"
        cmd = [str(ROSTERING), "solve", str(BUNDLE), "--out", str(out), "--time-limit", f"{limit_s:g}"]
        cmd += ["--seed", "1"] + (["--date", DAY] if scope == "day" else [])
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if done.returncode not in (0, 4):
            sys.stderr.write(done.stderr[-2000:])
        kpis = json.loads((out / "kpis.json").read_text()) if (out / "kpis.json").is_file() else {}
    return Run(
        scope, limit_s, wall, done.returncode, kpis.get("visits_assigned", 0), kpis.get("visits_total", 0)
    )


def table(runs: list[Run], command: str) -> str:
    lines = [
        f"Machine: {machine_note()}. Command: `{command}`. Target: wall <= {TARGET:.2f} x limit.",
        "",
        "| scope | limit s | process wall s | wall / limit | within +10% | visits assigned | exit |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in runs]
    return "\n".join(lines)


def write_results(block: str) -> None:
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    if "<!-- time-limit:begin -->" not in text:
        text += (
            "\n## The time limit is the user's (benchmarks/bench_time_limit.py)\n\n"
            "Process wall time of `rostering solve` against `--time-limit`, start-up included.\n"
        )
    path.write_text(replace_block(text, "time-limit", block), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="5,10,30")
    parser.add_argument("--scopes", default="day,week")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    runs = []
    for scope in args.scopes.split(","):
        for limit in (float(x) for x in args.limits.split(",")):
            run = run_once(scope, limit)
            print(" | ".join(run.cells()), flush=True)
            runs.append(run)
    block = table(runs, "benchmarks/bench_time_limit.py " + " ".join(sys.argv[1:]))
    print(block)
    if args.write:
        write_results(block)
    if any(r.ratio > TARGET for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
