"""Ruin-and-recreate rounds per CPU second, and proof that a faster core makes the same moves.

Protocol: per instance, the engine's search arrays are built once (not timed), then our construction
and a fixed number of ruin-and-recreate rounds run work-limited (seed 1, no OR-Tools polish), timed with
`time.process_time` (CPU seconds of this process: the machine is shared, wall time is noisy). The
roster they end in (routes, start times, objective) is hashed: the same seed and rounds must give the
same digest before and after a change of the core that keeps its moves.

    .venv/bin/python benchmarks/bench_rounds.py [--rounds-scale 1.0] [--json out.json]
    .venv/bin/python benchmarks/bench_rounds.py --baseline before.json [--solves] [--write]
    .venv/bin/python benchmarks/bench_rounds.py --before-src /path/to/main/src --repeat 5 [--solves] [--write]

`--baseline` reads the figures of another checkout (the same script run there with `--json`, e.g.
`PYTHONPATH=/path/to/main/src .venv/bin/python benchmarks/bench_rounds.py --json before.json`), adds a
speed-up column and says whether each digest is identical; `--write` replaces the block between
`<!-- rounds:begin -->` and `<!-- rounds:end -->` in RESULTS.md. `--before-src` measures the other code
in the same run instead, each of its runs (a fresh process) alternating with one of this code's, the
fastest of `--repeat` kept on both sides: the fairest ratio on a shared machine. `--solves` also hashes
whole solves, work-limited (SOLVES: the north-berwick day, Mankowska and Solomon instances through the
OR-Tools polish, and the property tests' random problems), for the same before/after comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rostering.bench.mankowska import hhc_problem, read_mankowska
from rostering.bench.presets import hhc_params, vrptw_params
from rostering.bench.solomon import read_solomon, vrptw_problem
from rostering.bench.tables import machine_note, replace_block
from rostering.domain import Problem, Roster
from rostering.pipeline import load_bundle, select_dates, travel_for
from rostering.solvers.base import Budget
from rostering.solvers.engine._insertion import construct
from rostering.solvers.engine._ruin_recreate import ruin_and_recreate
from rostering.solvers.engine.solver import EngineSolver, block_instance
from rostering.solvers.params import SolveParams
from rostering.travel.matrix import TravelMatrix

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
SEED = 1

Loader = Callable[[], tuple[Problem, dict[str, TravelMatrix], SolveParams]]


def _north_berwick() -> tuple[Problem, dict[str, TravelMatrix], SolveParams]:
    bundle = load_bundle(ROOT / "data" / "sample_localities" / "north-berwick")
    problem = select_dates(bundle.problem, "2026-11-24")
    matrices, _ = travel_for(problem, bundle.path)
    return problem, matrices, SolveParams()


def _hhc(name: str) -> Loader:
    def load() -> tuple[Problem, dict[str, TravelMatrix], SolveParams]:
        problem, matrices = hhc_problem(read_mankowska(SHARED / "hhc" / "mankowska2014" / name))
        return problem, matrices, hhc_params()

    return load


def _vrptw(folder: str, name: str) -> Loader:
    def load() -> tuple[Problem, dict[str, TravelMatrix], SolveParams]:
        problem, matrices = vrptw_problem(read_solomon(SHARED / folder / name), fleet="file")
        # Our construction and ruin-and-recreate (the bench preset hands VRPTW to OR-Tools instead).
        return problem, dict(matrices), vrptw_params("engine")

    return load


# (label, loader, rounds): the care day first (issue 20's measure), then benchmark instances.
INSTANCES: list[tuple[str, Loader, int]] = [
    ("north-berwick 2026-11-24 (612 visits)", _north_berwick, 400),
    ("HHC C1 (50 patients)", _hhc("InstanzCPLEX_HCSRP_50_1.txt"), 400),
    ("HHC E1 (100 patients)", _hhc("InstanzVNS_HCSRP_100_1.txt"), 300),
    ("HHC G1 (300 patients)", _hhc("InstanzVNS_HCSRP_300_1.txt"), 100),
    ("Solomon R101", _vrptw("solomon/instances", "R101.txt"), 400),
    ("Solomon RC105", _vrptw("solomon/instances", "RC105.txt"), 400),
    ("Homberger r1_2_1", _vrptw("homberger/200", "r1_2_1.txt"), 200),
]


@dataclass
class Measure:
    instance: str
    nodes: int
    vehicles: int
    rounds: int
    construct_cpu_s: float
    rounds_cpu_s: float
    objective: int
    digest: str

    @property
    def rounds_per_s(self) -> float:
        return self.rounds / self.rounds_cpu_s if self.rounds_cpu_s > 0 else float("inf")


def measure(label: str, load: Loader, rounds: int, repeat: int = 1) -> Measure:
    """The instance's figures; with `repeat`, the fastest of that many identical runs (the least
    disturbed by other processes on the machine)."""
    runs = [_measure_once(label, load, rounds) for _ in range(repeat)]
    if len({m.digest for m in runs}) != 1:
        raise AssertionError(f"{label}: identical runs gave different rosters")
    return min(runs, key=lambda m: m.rounds_cpu_s)


def _measure_once(label: str, load: Loader, rounds: int) -> Measure:
    problem, matrices, params = load()
    dates = tuple(sorted(problem.dates))
    inst, _ = block_instance(problem, dates, matrices, params, {})
    s = params.search
    t0 = time.process_time()
    insertion = construct(inst, SEED)
    t1 = time.process_time()
    ruin_and_recreate(
        insertion,
        s.ruin_visits,
        random.Random(SEED + 7919),
        None,
        rounds,
        None,
        s.ruin_recreate_temperature,
        s.ruin_string_share,
        s.ruin_max_string,
    )
    t2 = time.process_time()
    state = insertion.state
    starts = state.routed_starts()
    payload = json.dumps([state.routes, sorted(starts.items()), state.total_cost()])
    return Measure(
        instance=label,
        nodes=inst.n_visit_nodes,
        vehicles=len(inst.vehicles),
        rounds=rounds,
        construct_cpu_s=round(t1 - t0, 3),
        rounds_cpu_s=round(t2 - t1, 3),
        objective=state.total_cost(),
        digest=hashlib.sha256(payload.encode()).hexdigest()[:16],
    )


def _digest(roster: Roster) -> str:
    return hashlib.sha256(roster.model_dump_json().encode()).hexdigest()[:16]


def _solve(load: Loader, work: int, seed: int) -> str:
    problem, matrices, params = load()
    return _digest(
        EngineSolver().solve(problem, matrices, params, Budget(time_limit_s=None, work_limit=work), seed)
    )


def _random_problems(count: int) -> str:
    """The property tests' random problems (tests/strategies.py, derandomised), each solved work-limited."""
    sys.path.insert(0, str(ROOT))
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from tests.conftest import line_matrices
    from tests.strategies import small_problems

    digests: list[str] = []

    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(small_problems(), st.integers(0, 3))
    def each(problem: Problem, seed: int) -> None:
        budget = Budget(time_limit_s=None, work_limit=30)
        digests.append(_digest(EngineSolver().solve(problem, line_matrices(problem), None, budget, seed)))

    each()
    return hashlib.sha256("".join(digests).encode()).hexdigest()[:16] + f" ({len(digests)} problems)"


# Whole solves, work-limited (construction, rounds and the OR-Tools polish): label -> digest of the roster.
SOLVES: list[tuple[str, Callable[[], str]]] = [
    ("north-berwick day, work 40", lambda: _solve(_north_berwick, 40, 1)),
    ("HHC B1, work 60", lambda: _solve(_hhc("InstanzCPLEX_HCSRP_25_1.txt"), 60, 0)),
    ("HHC D1, work 60", lambda: _solve(_hhc("InstanzCPLEX_HCSRP_75_1.txt"), 60, 0)),
    ("Solomon R101 (engine search), work 60", lambda: _solve(_vrptw("solomon/instances", "R101.txt"), 60, 0)),
    (
        "Solomon RC208 (engine search), work 60",
        lambda: _solve(_vrptw("solomon/instances", "RC208.txt"), 60, 0),
    ),
    ("150 random problems of the property tests, work 30", lambda: _random_problems(150)),
]


def solves_table(solves: dict[str, str], baseline: dict[str, str] | None) -> str:
    lines = ["| whole solve | roster digest | same as before |", "|---|---|---|"]
    for label, digest in solves.items():
        before = None if baseline is None else baseline.get(label)
        same = "-" if before is None else "yes" if before == digest else f"**no** (before {before})"
        lines.append(f"| {label} | `{digest}` | {same} |")
    return "\n".join(lines)


def table(rows: list[Measure], baseline: dict[str, Measure] | None) -> str:
    head = "| instance | nodes | vehicles | rounds | construction CPU s | rounds CPU s | rounds / CPU s |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if baseline is not None:
        head += " before: rounds / CPU s | speed-up | same roster as before |"
        rule += "---:|---:|---|"
    lines = [head, rule]
    for m in rows:
        cells = [
            m.instance,
            str(m.nodes),
            str(m.vehicles),
            str(m.rounds),
            f"{m.construct_cpu_s:.3f}",
            f"{m.rounds_cpu_s:.2f}",
            f"{m.rounds_per_s:,.0f}",
        ]
        if baseline is not None:
            b = baseline.get(m.instance)
            if b is None or b.rounds != m.rounds:
                cells += ["-", "-", "-"]
            else:
                same = "yes" if b.digest == m.digest else f"**no** ({b.objective} -> {m.objective})"
                cells += [f"{b.rounds_per_s:,.0f}", f"{m.rounds_per_s / b.rounds_per_s:.1f}x", same]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _elsewhere(src: Path, extra: list[str]) -> dict[str, object]:
    """This script run on the code in `src` (a fresh process), its --json output."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        env = {**os.environ, "PYTHONPATH": str(src)}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--json", str(out), *extra]
        subprocess.run(cmd, env=env, cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        loaded: dict[str, object] = json.loads(out.read_text())
        return loaded


def _measure_elsewhere(src: Path, label: str, scale: float) -> Measure:
    rows = _elsewhere(src, ["--instance", label, "--rounds-scale", f"{scale:g}"])["rounds"]
    assert isinstance(rows, list) and len(rows) == 1
    return Measure(**rows[0])


def _solves_elsewhere(src: Path) -> dict[str, str]:
    solves = _elsewhere(src, ["--instance", "", "--solves"])["solves"]
    assert isinstance(solves, dict)
    return {str(k): str(v) for k, v in solves.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds-scale", type=float, default=1.0, help="multiply every instance's rounds")
    parser.add_argument("--only", nargs="*", help="instances whose label contains one of these words")
    parser.add_argument("--repeat", type=int, default=1, help="runs per instance; the fastest counts")
    parser.add_argument("--json", type=Path, help="write the figures here (for --baseline elsewhere)")
    parser.add_argument("--baseline", type=Path, help="figures of the code before the change (--json)")
    parser.add_argument(
        "--before-src",
        type=Path,
        help="the `src` folder of the code before the change: measured here, each run alternating with "
        "one of this code's (the fairest comparison on a shared machine); implies --baseline",
    )
    parser.add_argument("--instance", help=argparse.SUPPRESS)  # one instance by its exact label
    parser.add_argument("--solves", action="store_true", help="also hash whole work-limited solves (SOLVES)")
    parser.add_argument("--write", action="store_true", help="replace the rounds block of RESULTS.md")
    args = parser.parse_args(argv)
    rows: list[Measure] = []
    before_rows: list[Measure] = []
    for label, load, rounds in INSTANCES:
        if args.only and not any(w.lower() in label.lower() for w in args.only):
            continue
        if args.instance is not None and label != args.instance:
            continue
        n = max(1, round(rounds * args.rounds_scale))
        if args.before_src is None:
            m = measure(label, load, n, args.repeat)
        else:
            mine, theirs = [], []
            for _ in range(args.repeat):
                theirs.append(_measure_elsewhere(args.before_src, label, args.rounds_scale))
                mine.append(_measure_once(label, load, n))
            m = min(mine, key=lambda x: x.rounds_cpu_s)
            before_rows.append(min(theirs, key=lambda x: x.rounds_cpu_s))
        rows.append(m)
        print(f"{label}: {m.rounds_per_s:,.0f} rounds/CPU s, digest {m.digest}", file=sys.stderr)
    solves: dict[str, str] = {}
    if args.solves:
        for label, run in SOLVES:
            solves[label] = run()
            print(f"{label}: digest {solves[label]}", file=sys.stderr)
    if args.json is not None:
        args.json.write_text(json.dumps({"rounds": [asdict(m) for m in rows], "solves": solves}, indent=1))
    baseline = None
    baseline_solves = None
    if args.before_src is not None:
        baseline = {m.instance: m for m in before_rows}
        if args.solves:
            baseline_solves = _solves_elsewhere(args.before_src)
    elif args.baseline is not None:
        saved = json.loads(args.baseline.read_text())
        saved = saved if isinstance(saved, dict) else {"rounds": saved, "solves": {}}
        baseline = {d["instance"]: Measure(**d) for d in saved["rounds"]}
        baseline_solves = saved["solves"]
    text = table(rows, baseline)
    if solves:
        text += "\n\n" + solves_table(solves, baseline_solves)
    print(text)
    if args.write:
        block = (
            f"Machine: {machine_note()}. Seed {SEED}, construction then a fixed number of rounds "
            f"(no OR-Tools polish), CPU time of one process (`time.process_time`), the fastest of "
            f"{args.repeat} run(s). Command: `benchmarks/bench_rounds.py"
            + f" --rounds-scale {args.rounds_scale:g} --repeat {args.repeat}"
            + (" --solves" if solves else "")
            + (" --before-src <src of the code before>" if args.before_src is not None else "")
            + (" --baseline <before.json>" if args.baseline is not None else "")
            + " --write`.\n\n"
            + text
        )
        results = HERE / "RESULTS.md"
        results.write_text(replace_block(results.read_text(), "rounds", block))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
