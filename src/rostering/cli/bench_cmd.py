"""`rostering bench vrptw|hhc FILES... --time-limit S --out DIR`: solve published benchmark instances.

Each instance is turned into the engine's own problem, solved, and re-scored by the benchmark evaluator
from its routes; DIR gets `<instance>.json` per instance and `results.csv` (see docs/formats.md).
Exit codes: 0 every solution is feasible; 1 some solution breaks a constraint; 2 bad input; 3 engine
failure.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._boundary import handles_errors
from ._console import say
from ._options import DEFAULT_TIME_LIMIT_S
from .app import app

if TYPE_CHECKING:
    from ..bench.evaluate import HhcService
    from ..bench.mankowska import MankowskaInstance
    from ..bench.runner import InstanceResult
    from ..bench.solomon import SolomonInstance

bench_app = typer.Typer(
    name="bench",
    help="Benchmark the engine on published instances (Solomon/Homberger VRPTW, Mankowska HHC).",
    no_args_is_help=True,
)
app.add_typer(bench_app, name="bench")

Files = Annotated[list[Path], typer.Argument(help="instance files", exists=True, dir_okay=False)]
Out = Annotated[Path, typer.Option("--out", help="output folder (JSON per instance + results.csv)")]
TimeLimit = Annotated[
    float,
    typer.Option("--time-limit", help=f"seconds per instance (default {DEFAULT_TIME_LIMIT_S:g})", min=0.1),
]
Seed = Annotated[int, typer.Option("--seed", help="random seed")]
WorkLimit = Annotated[
    int | None, typer.Option("--work-limit", help="stop after this many solutions (reproducible runs)", min=1)
]
Params = Annotated[
    Path | None, typer.Option("--params", help="solver parameters TOML (default: bench preset)")
]
Jobs = Annotated[
    int,
    typer.Option("--jobs", help="instances solved side by side, one per core (default 1)", min=1),
]


def _check_jobs(jobs: int) -> None:
    from ..bench.parallel import jobs_error

    if (problem := jobs_error(jobs)) is not None:
        raise typer.BadParameter(problem)


def _printer() -> Callable[[InstanceResult], None]:
    def show(r: InstanceResult) -> None:
        best = f"{r.best_known.value:.1f}" if r.best_known else "-"
        gap = f"{r.gap_pct:+.2f}%" if r.gap_pct is not None else "-"
        cost = f"{r.cost:.2f}" if r.cost is not None else "-"
        status = "feasible" if r.feasible else f"INFEASIBLE ({len(r.violations)}: {r.violations[0]})"
        say(
            f"{r.instance:<28} {r.solver:<6} cost {cost:>10}  best {best:>9}  gap {gap:>8}  "
            f"{r.wall_s:6.1f} s  {status}"
        )

    return show


def _finish(results: list[InstanceResult], out: Path) -> None:
    gaps = [r.gap_pct for r in results if r.gap_pct is not None]
    bad = [r.instance for r in results if not r.feasible]
    mean = f"mean gap {sum(gaps) / len(gaps):.2f}% over {len(gaps)}" if gaps else "no gaps (no best-known)"
    say(f"{len(results)} instance(s), {len(bad)} infeasible; {mean}; written to {out}")
    if bad:
        raise typer.Exit(1)


@bench_app.command("vrptw")
@handles_errors
def vrptw(
    files: Files,
    out: Out,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT_S,
    seed: Seed = 0,
    work_limit: WorkLimit = None,
    fleet: Annotated[
        str,
        typer.Option(
            "--fleet",
            help="file (the file's vehicle number, the default) or unlimited (one vehicle per customer)",
        ),
    ] = "file",
    solver: Annotated[
        str, typer.Option("--solver", help="ours, pyvrp or vroom (the peers need the bench extra)")
    ] = "ours",
    params: Params = None,
    search: Annotated[
        str,
        typer.Option(
            "--search",
            help="bench (PARALLEL_SAVINGS + iterated local search) or engine (the engine's default search)",
        ),
    ] = "bench",
    jobs: Jobs = 1,
) -> None:
    """Solve Solomon / Gehring-Homberger files; cost = DIMACS distance recomputed from the routes."""
    from ..bench.presets import vrptw_params
    from ..bench.runner import run_vrptw, solve_vrptw_ours
    from ..bench.solomon import Fleet
    from ..solvers.base import Budget
    from ..solvers.params import SolveParams

    _check_jobs(jobs)
    if fleet not in ("unlimited", "file"):
        raise typer.BadParameter("--fleet must be 'unlimited' or 'file'")
    if solver not in ("ours", "pyvrp", "vroom"):
        raise typer.BadParameter("--solver must be 'ours', 'pyvrp' or 'vroom'")
    fleet_kind: Fleet = "file" if fleet == "file" else "unlimited"
    if search not in ("bench", "engine"):
        raise typer.BadParameter("--search must be 'bench' or 'engine'")
    settings = (
        SolveParams.from_toml(params) if params else vrptw_params("engine" if search == "engine" else "bench")
    )

    def solve(inst: SolomonInstance, limit: float, seed_: int) -> tuple[list[list[int]], float | None]:
        if solver == "pyvrp":
            from ..bench.peers import run_pyvrp

            run = run_pyvrp(inst, limit, seed_, fleet_kind)
            return run.routes, run.time_to_best_s
        if solver == "vroom":
            from ..bench.peers import run_vroom

            run = run_vroom(inst)  # VROOM always gets the file's fleet (see bench/peers.py)
            return run.routes, run.time_to_best_s
        return solve_vrptw_ours(
            inst, Budget(time_limit_s=limit, work_limit=work_limit), seed_, fleet_kind, settings
        )

    results = run_vrptw(
        files,
        out,
        solve,
        solver,
        time_limit_s=time_limit,
        seed=seed,
        file_fleet=fleet_kind == "file",
        on_result=_printer(),
        jobs=jobs,
    )
    _finish(results, out)


@bench_app.command("hhc")
@handles_errors
def hhc(
    files: Files,
    out: Out,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT_S,
    seed: Seed = 0,
    work_limit: WorkLimit = None,
    params: Params = None,
    jobs: Jobs = 1,
) -> None:
    """Solve Mankowska et al. (2014) files; objective = (distance + total + max tardiness) / 3."""
    from ..bench.runner import run_hhc, solve_hhc_ours
    from ..solvers.base import Budget
    from ..solvers.params import SolveParams

    _check_jobs(jobs)
    settings = SolveParams.from_toml(params) if params else None

    def solve(
        inst: MankowskaInstance, limit: float, seed_: int
    ) -> tuple[list[list[HhcService]], float | None]:
        return solve_hhc_ours(inst, Budget(time_limit_s=limit, work_limit=work_limit), seed_, settings)

    results = run_hhc(files, out, solve, "ours", time_limit, seed, _printer(), jobs)
    _finish(results, out)
