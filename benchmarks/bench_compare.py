"""Time-and-task baselines against the locality engine on the north-berwick sample, one day and the week.

Usage:
    .venv/bin/python benchmarks/bench_compare.py                       # day 60 s, week 600 s per engine run
    .venv/bin/python benchmarks/bench_compare.py --day-limit 30 --skip-week

For each scope, `time-and-task`, `time-and-task-optimised` and `locality` roster the same problem with the
same travel matrices, budget and seed (the silo-optimised run shares its budget among the providers'
silos); each roster is checked by the validator. The full comparison (rosters, compare.csv/.md, charts)
goes to --out/<scope>/; the side-by-side summary replaces the `compare:<scope>` block in
benchmarks/RESULTS.md, with a line saying whether `locality` dominates `time-and-task` on travel and
continuity without raising unmet need.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rostering.atomic import write_text_atomic
from rostering.bench.tables import machine_note, replace_block
from rostering.domain import Problem
from rostering.evaluation.kpis import Kpis
from rostering.io.bundle import read_bundle
from rostering.report.compare import SolverRun, run_solvers, write_comparison
from rostering.report.tradeoff import FrontierRow, sweep_continuity
from rostering.solvers.base import Budget
from rostering.solvers.baselines.params import BaselineParams
from rostering.solvers.params import SolveParams
from rostering.solvers.registry import SOLVER_NAMES, make_solver
from rostering.travel.matrix import TravelMatrix
from rostering.travel.store import resolve_matrices

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
# Differences smaller than these are noise, not a loss (continuity is measured on a few hundred clients).
TRAVEL_TOLERANCE = 0.005  # relative
CONTINUITY_TOLERANCE = 0.01  # carers per client / familiar share points
UNMET_TOLERANCE_MIN = 0


def matrices_for(bundle: Path, problem: Problem) -> dict[str, TravelMatrix]:
    matrices, notes = resolve_matrices(problem, bundle)
    for note in notes:
        print(f"travel {note}", file=sys.stderr)
    return dict(matrices)


def run_scope(bundle: Path, problem: Problem, limit: float, seed: int, out: Path) -> list[SolverRun]:
    matrices = matrices_for(bundle, problem)
    runs = run_solvers(
        problem, matrices, SOLVER_NAMES, SolveParams(), BaselineParams(), Budget(time_limit_s=limit), seed
    )
    dates = problem.dates
    context = {
        "locality": problem.locality.title or problem.locality.name,
        "bundle": bundle.name,
        "dates": f"{dates[0]} to {dates[-1]} ({len(dates)} days)" if len(dates) > 1 else str(dates[0]),
        "visits": str(len(problem.visits)),
        "budget per engine run": f"{limit:g} s",
        "seed": str(seed),
    }
    write_comparison(out, problem, matrices, runs, context)
    for run in runs:
        status = "valid" if run.valid else f"{len(run.violations)} violations"
        print(f"{run.name}: {status}, {run.elapsed_s:.1f} s", file=sys.stderr)
    return runs


def _f(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def provenance(problem: Problem, run: SolverRun) -> tuple[float | None, float | None]:
    """Shares of carer-visits by a carer of another provider than the client's, and by a carer the client
    knew before the roster (history.csv or preferred_carers). A diagnostic of pooling, not a KPI."""
    known: dict[str, set[str]] = {c.client_id: set(c.preferred_carers) for c in problem.clients}
    for h in problem.history:
        known[h.client_id].add(h.carer_id)
    n = cross = before = 0
    for a in run.roster.assignments:
        client = problem.client_by_id[problem.visit_by_id[a.visit_id].client_id]
        n += 1
        cross += problem.carer_by_id[a.carer_id].provider_id != client.provider_id
        before += a.carer_id in known[client.client_id]
    return (cross / n, before / n) if n else (None, None)


def summary_table(runs: list[SolverRun], problem: Problem) -> list[str]:
    lines = [
        "| solver | unmet visits | unmet min (share) | unmet h/week | travel min | travel min / contact h "
        "| distinct carers / client (mean, p90) | familiar share | within 15 min | cost GBP (actual) "
        "| GBP / contact h: time-and-task, salaried | multi-provider client-days "
        "| carer-visits: other provider, known before | violations | wall s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        k = r.kpis
        cross, before = provenance(problem, r)
        lines.append(
            f"| `{r.name}` | {k.visits_unmet} / {k.visits_total} "
            f"| {k.visit_minutes_unmet:,} ({k.unmet_share:.1%}) "
            f"| {k.unmet_hours_per_week:.1f} | {k.travel_min:,} | {_f(k.travel_min_per_contact_hour, '.2f')} "
            f"| {_f(k.distinct_carers_per_client_mean, '.2f')}, "
            f"{_f(k.distinct_carers_per_client_p90, '.1f')} "
            f"| {_f(k.familiar_carer_share, '.1%')} | {_f(k.punctual_within_15_share, '.1%')} "
            f"| {k.cost_gbp:,.0f} | {_f(k.cost_time_and_task_per_contact_hour_gbp, '.2f')}, "
            f"{_f(k.cost_salaried_per_contact_hour_gbp, '.2f')} | {k.duplication_client_days} "
            f"| {_f(cross, '.1%')}, {_f(before, '.1%')} | {len(r.violations)} | {r.elapsed_s:.1f} |"
        )
    return lines


def dominance(locality: Kpis, status_quo: Kpis) -> str:
    """Is `locality` no worse than `time-and-task` on travel, continuity and unmet need? Say where not."""
    checks = {
        "travel per contact hour": _le(
            locality.travel_min_per_contact_hour, status_quo.travel_min_per_contact_hour, relative=True
        ),
        "distinct carers per client": _le(
            locality.distinct_carers_per_client_mean, status_quo.distinct_carers_per_client_mean
        ),
        "familiar-carer share": _le(status_quo.familiar_carer_share, locality.familiar_carer_share),
        "unmet need": locality.visit_minutes_unmet <= status_quo.visit_minutes_unmet + UNMET_TOLERANCE_MIN,
    }
    lost = [name for name, ok in checks.items() if not ok]
    if not lost:
        return (
            "`locality` dominates `time-and-task`: no worse on travel, distinct carers, familiar share "
            "or unmet need."
        )
    return f"`locality` does NOT dominate `time-and-task` on: {', '.join(lost)}."


def _le(a: float | None, b: float | None, relative: bool = False) -> bool:
    if a is None or b is None:
        return a is None
    slack = abs(b) * TRAVEL_TOLERANCE if relative else CONTINUITY_TOLERANCE
    return a <= b + slack


def tradeoff_block(
    rows: list[FrontierRow], status_quo: Kpis, limit: float, seed: int, problem: Problem
) -> str:
    """The day's frontier, each weight marked where it beats `time-and-task` on every count."""
    lines = [
        f"**Continuity weight sweep, one day** ({len(problem.visits)} visits, {problem.dates[0]}): "
        f"`locality` with its continuity weights multiplied by W, {limit:g} s per run, seed {seed}; "
        f"last column: no worse than `time-and-task` (travel {status_quo.travel_min:,} min, distinct carers "
        f"{_f(status_quo.distinct_carers_per_client_mean, '.2f')}, familiar "
        f"{_f(status_quo.familiar_carer_share, '.1%')}, unmet {status_quo.visit_minutes_unmet:,} min) "
        "on all four.",
        "",
        "| W | travel min | distinct carers / client | familiar share | unmet min | cost GBP | violations "
        "| dominates time-and-task |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        wins = (
            r.travel_min <= status_quo.travel_min
            and _le(r.distinct_carers_per_client_mean, status_quo.distinct_carers_per_client_mean)
            and _le(status_quo.familiar_carer_share, r.familiar_carer_share)
            and r.visit_minutes_unmet <= status_quo.visit_minutes_unmet
        )
        lines.append(
            f"| {r.continuity_weight:g} | {r.travel_min:,} | {_f(r.distinct_carers_per_client_mean, '.2f')} "
            f"| {_f(r.familiar_carer_share, '.1%')} | {r.visit_minutes_unmet:,} | {r.cost_gbp:,.0f} "
            f"| {r.violations} | {'yes' if wins else 'no'} |"
        )
    return "\n".join(lines)


def block(runs: list[SolverRun], scope: str, limit: float, seed: int, problem: Problem) -> str:
    by_name = {r.name: r for r in runs}
    command = " ".join(["benchmarks/bench_compare.py", *sys.argv[1:]])
    lines = [
        f"**{scope}**: {len(problem.visits)} visits, {len(problem.dates)} day(s) from {problem.dates[0]}; "
        f"{limit:g} s per engine run (the silo-optimised run shares it among silos), seed {seed}. "
        f"Command: `{command}`. Machine: {machine_note()}.",
        "",
        *summary_table(runs, problem),
        "",
        dominance(by_name["locality"].kpis, by_name["time-and-task"].kpis),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bundle", type=Path, default=REPO / "data" / "sample_localities" / "north-berwick")
    parser.add_argument("--day-limit", type=float, default=60.0, help="seconds per engine run, one day")
    parser.add_argument("--week-limit", type=float, default=600.0, help="seconds per engine run, the week")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-week", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "compare")
    parser.add_argument("--no-results", action="store_true", help="do not touch benchmarks/RESULTS.md")
    parser.add_argument(
        "--tradeoff-weights",
        default="0,1,2,5,10",
        help="continuity weights swept on the day (day limit per run); empty to skip",
    )
    args = parser.parse_args()

    problem, _warnings = read_bundle(args.bundle)
    scopes = [("day", "One day", problem.for_dates({problem.dates[0]}), args.day_limit)]
    if not args.skip_week:
        scopes.append(("week", "Whole week", problem, args.week_limit))
    day_status_quo: Kpis | None = None
    for key, title, scoped, limit in scopes:
        print(f"== {title}: {len(scoped.visits)} visits, {limit:g} s per engine run", file=sys.stderr)
        runs = run_scope(args.bundle, scoped, limit, args.seed, args.out / key)
        if key == "day":
            day_status_quo = next(r.kpis for r in runs if r.name == "time-and-task")
        publish(args, key, block(runs, f"{title} ({args.bundle.name})", limit, args.seed, scoped))
    weights = [float(w) for w in args.tradeoff_weights.split(",") if w.strip()]
    if weights and day_status_quo is not None:
        day = scopes[0][2]
        print(f"== Continuity sweep on the day: weights {weights}", file=sys.stderr)
        rows = sweep_continuity(
            day,
            matrices_for(args.bundle, day),
            make_solver("locality"),
            weights,
            SolveParams(),
            Budget(time_limit_s=args.day_limit),
            args.seed,
        )
        publish(args, "day-tradeoff", tradeoff_block(rows, day_status_quo, args.day_limit, args.seed, day))


def publish(args: argparse.Namespace, key: str, text: str) -> None:
    print(text)
    if not args.no_results:
        write_text_atomic(RESULTS, replace_block(RESULTS.read_text(encoding="utf-8"), f"compare:{key}", text))


if __name__ == "__main__":
    main()
