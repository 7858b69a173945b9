"""The one path from a problem to a checked roster: load -> travel -> solve -> validate -> KPIs -> write.

Every way of building a roster takes this path: `rostering solve`, `compare`, `tradeoff`, the benchmark
runner and the public Python API (`rostering.solve`, re-exported from the package). One default per
setting lives here, so a roster built from a notebook is the roster the CLI builds.

    >>> import rostering as rs
    >>> bundle = rs.load_bundle("data/sample_localities/north-berwick")
    >>> result = rs.solve(bundle, date="2026-11-24", time_limit=30, seed=1)
    >>> result.violations, result.kpis["visits_unmet"]
    ((), 0)
    >>> result.write("out/nb")

`solve` is a pure function of (problem, matrices, params, budget, seed): nothing it is given is changed,
so it can run in a worker process or on a Dask cluster.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain import Problem, Roster, Unassigned
from .domain.time import parse_date, parse_local_datetime
from .errors import InputError, Issue, Position
from .evaluation.kpis import Kpis, compute_kpis
from .evaluation.validate import Violation, validate
from .solvers.base import Budget, ProgressCallback, Replan
from .solvers.baselines.params import BaselineParams
from .solvers.params import SolveParams
from .solvers.registry import SOLVER_NAMES, LocalitySolver, make_solver
from .travel.matrix import TravelMatrices, TravelMatrix, TravelSource

if TYPE_CHECKING:
    import geopandas

    from .io.diff import RosterDiff

# Seconds of search a solve gets when neither a time limit nor a work limit is given: the CLI's
# commands, the reports and the Python API share it.
DEFAULT_TIME_LIMIT_S = 30.0
# The roster builder `solve` uses unless told otherwise: the engine on the pooled locality.
DEFAULT_SOLVER = "locality"
# Whether `solve` splits a large problem into parts (solvers/decompose/): "auto" when its busiest day
# has more visits than the params' decompose.auto_above_visits_per_day, "on" always, "off" never.
DECOMPOSE_CHOICES = ("auto", "on", "off")
# Time kept back from the search for checking and measuring the roster, so the call as a whole ends
# within the limit the user gave: a fixed part plus a part per visit (measured on the north-berwick
# day and week: validate + KPIs take about 0.1 ms per visit, writing the roster's files about as much).
_RESERVE_S = 0.15
_RESERVE_PER_VISIT_S = 0.0002

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Bundle:
    """A problem bundle read from disk.

    Attributes
    ----------
    problem
        The validated problem (every date of the bundle).
    path
        The bundle folder: where stored travel matrices (`matrices/<profile>.npz`) are looked up.
    warnings
        The reader's located warnings (visits no roster could cover, ...); errors raise InputError.
    """

    problem: Problem
    path: Path | None = None
    warnings: tuple[Issue, ...] = ()


def load_bundle(path: PathLike) -> Bundle:
    """Read and check a bundle folder (locality.toml + CSV files).

    Raises
    ------
    InputError
        Every located problem in the bundle at once (`file:line:column: message`).
    """
    from .io.bundle import read_bundle

    folder = Path(path)
    problem, warnings = read_bundle(folder)
    return Bundle(problem, folder, tuple(warnings))


def load_engine_in_background() -> None:
    """Start loading the engine's compiled core (numba and its cached machine code, about a second) on a
    background thread, so that it overlaps reading the bundle: the CLI calls this first, since its time
    limit counts from start-up. The first solve waits for it if it has not finished."""
    import threading

    def load() -> None:
        from .solvers.engine._warm_up import warm_up

        warm_up()

    threading.Thread(target=load, name="load-engine-core", daemon=True).start()


def select_dates(
    problem: Problem, date: str | dt.date | None = None, dates: Sequence[str | dt.date] | None = None
) -> Problem:
    """The problem restricted to `date` (or `dates`); all of it when neither is given.

    A date the bundle has no visits or shifts on is a located InputError on `--date`.
    """
    wanted = [date] if date is not None else list(dates) if dates is not None else []
    if not wanted:
        return problem
    chosen: set[dt.date] = set()
    for item in wanted:
        day = _as_date(item)
        if day not in problem.dates:
            shown = ", ".join(str(d) for d in problem.dates) or "none"
            raise InputError(
                [
                    Issue(
                        Position("--date"), f"the bundle has no visits or shifts on {day}; its dates: {shown}"
                    )
                ]
            )
        chosen.add(day)
    return problem.for_dates(chosen)


def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError([Issue(Position("--date"), str(exc))]) from None


def travel_for(problem: Problem, bundle_path: Path | None) -> tuple[dict[str, TravelMatrix], list[str]]:
    """One matrix per travel profile the problem uses, with a line per profile saying where it came from.

    Stored OSM matrices in the bundle folder when they cover the problem, else approximate travel
    (great-circle distance x circuity); the lines say which, and clearly when travel is approximate.
    """
    from .travel.store import resolve_matrices

    matrices, lines = resolve_matrices(problem, bundle_path)
    return matrices, lines + _approximate_notes(matrices)


def travel_sources_for(
    problem: Problem, bundle_path: Path | None, *, lazy: bool = False
) -> tuple[dict[str, TravelSource], list[str]]:
    """Travel for judging a roster (and for a decomposed solve): as `travel_for`, except that a problem
    with more than `LAZY_ABOVE_LOCATIONS` locations (or any, with `lazy`) reads approximate travel a leg
    at a time instead of building every pair (travel/lazy.py)."""
    from .travel.store import resolve_sources, resolve_travel

    sources, lines = resolve_sources(problem, bundle_path) if lazy else resolve_travel(problem, bundle_path)
    return sources, lines + _approximate_notes(sources)


def _approximate_notes(sources: Mapping[str, TravelSource]) -> list[str]:
    approximate = sorted(p for p, m in sources.items() if m.approximate)
    if not approximate:
        return []
    return [
        f"note: travel for {', '.join(approximate)} is approximate (great-circle x circuity); "
        "run `rostering matrix` with an OSM extract for road times"
    ]


def make_budget(
    time_limit: float | None, work_limit: int | None, *, started: float | None = None, visits: int = 0
) -> Budget:
    """How much search a solve may spend.

    A work limit alone makes runs reproducible (no clock involved); neither gives the default time limit.
    With `started` (a `time.monotonic()` reading: when the user began waiting), the time already spent
    and a reserve for checking the roster come off the limit, so the whole call ends within it.
    """
    if time_limit is None and work_limit is None:
        time_limit = DEFAULT_TIME_LIMIT_S
    if time_limit is not None:
        if not time_limit > 0:
            raise InputError([Issue(Position("--time-limit"), f"must be > 0 seconds, got {time_limit:g}")])
        if started is not None:
            spent = time.monotonic() - started
            reserve = _RESERVE_S + _RESERVE_PER_VISIT_S * visits
            time_limit = max(0.2 * time_limit, time_limit - spent - reserve)
    return Budget(time_limit_s=time_limit, work_limit=work_limit)


def describe_budget(budget: Budget) -> str:
    """`30 s`, `400 solutions`, or both joined by "or" (whichever comes first)."""
    parts = []
    if budget.time_limit_s is not None:
        parts.append(f"{budget.time_limit_s:g} s")
    if budget.work_limit is not None:
        parts.append(f"{budget.work_limit} solutions")
    return " or ".join(parts)


def solve_params(params: SolveParams | PathLike | Mapping[str, Any] | None) -> SolveParams:
    """Engine parameters from an object, a TOML file or a mapping of overrides (None: the defaults)."""
    if params is None or isinstance(params, SolveParams):
        return params or SolveParams()
    if isinstance(params, Mapping):
        return SolveParams.model_validate(dict(params))
    return SolveParams.from_toml(Path(params))


@dataclass(frozen=True)
class Result:
    """A roster with the independent validator's verdict and its KPIs.

    Attributes
    ----------
    problem, matrices
        What the roster was built for (the dates chosen, the travel used).
    roster
        The roster: assignments, rest breaks, shift routes and unassigned visits with reasons.
    violations
        The validator's findings; empty for a valid roster.
    measures
        The KPIs as a typed object (titles and units in `measures.rows()`); `kpis` is the plain mapping.
    wall_s
        Seconds the solve took, from the call (or `started`) to the checked roster.
    travel_notes
        One line per travel profile saying where its matrix came from.
    """

    problem: Problem
    matrices: Mapping[str, TravelSource]
    roster: Roster
    violations: tuple[Violation, ...]
    measures: Kpis
    wall_s: float
    travel_notes: tuple[str, ...] = ()

    @property
    def kpis(self) -> dict[str, Any]:
        """The KPIs with the same keys and values as kpis.json (a fresh copy on each access)."""
        loaded: dict[str, Any] = json.loads(self.measures.to_json())
        return loaded

    @property
    def unassigned(self) -> tuple[Unassigned, ...]:
        """Visits left without a carer, each with its reason (and a detail where there is one)."""
        return self.roster.unassigned

    @property
    def valid(self) -> bool:
        """True when the roster breaks no hard rule."""
        return not self.violations

    def write(self, out: PathLike) -> Path:
        """Write roster.json, roster.csv, unassigned.csv and kpis.json into `out`, all or nothing."""
        from .io.roster_files import write_roster_dir

        folder = Path(out)
        write_roster_dir(folder, self.problem, self.matrices, self.roster, self.measures)
        return folder

    def changes_from(self, published: Roster) -> RosterDiff:
        """What this roster changes against `published`, visit by visit, with the carers to call and the
        clients to tell (what `rostering diff` shows)."""
        from .io.diff import diff_rosters, visit_plans

        clients = {v.visit_id: v.client_id for v in self.problem.visits}
        return diff_rosters(visit_plans(published, clients), visit_plans(self.roster, clients))

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """One row per assignment (a double-up gives two), at the client's home, in EPSG:4326."""
        from .io.roster_frame import assignments_frame

        return assignments_frame(self.problem, self.roster)


def solve(
    problem: Bundle | Problem | PathLike,
    *,
    date: str | dt.date | None = None,
    dates: Sequence[str | dt.date] | None = None,
    time_limit: float | None = None,
    work_limit: int | None = None,
    seed: int = 0,
    params: SolveParams | PathLike | Mapping[str, Any] | None = None,
    solver: str = DEFAULT_SOLVER,
    matrices: TravelMatrices | None = None,
    baseline_params: BaselineParams | PathLike | None = None,
    progress: ProgressCallback | None = None,
    started: float | None = None,
    baseline: Roster | PathLike | None = None,
    freeze_before: str | dt.datetime | None = None,
    decompose: str = "auto",
    scheduler: str | None = None,
    workers: int | None = None,
) -> Result:
    """Build a roster, check it with the independent validator and measure it.

    Parameters
    ----------
    problem
        A `Bundle` (from `load_bundle`), a bundle folder, or a `Problem` built in code.
    date, dates
        Roster only this date (or these); default every date of the problem.
    time_limit
        Seconds the call may take (search plus checking); default `DEFAULT_TIME_LIMIT_S` unless a
        `work_limit` is given.
    work_limit
        Stop after this much work (search rounds + OR-Tools solutions) instead of a time: the same seed
        then gives a byte-identical roster.
    seed
        Random seed of the search.
    params
        Engine parameters: a `SolveParams`, a TOML file (configs/default.toml documents every key) or a
        mapping of overrides; default the built-in values.
    solver
        One of `SOLVER_NAMES`: "locality" (the engine on the pooled locality), "time-and-task"
        (today's practice by hand) or "time-and-task-optimised" (the same silos, solved).
    matrices
        Travel matrices per profile; default the bundle's stored OSM matrices or approximate travel.
    baseline_params
        Rules of the time-and-task baselines (configs/baselines.toml); default the built-in rules.
    progress
        Called with a `Progress` as the search improves.
    started
        `time.monotonic()` when the user began waiting (the CLI passes its start-up time); default now.
    baseline
        Re-plan against this published roster (a `Roster`, or a roster folder as `solve` writes it)
        instead of building from scratch: visits stay with their published carer and start unless the
        changes since (absences, visits added or cancelled) force a move, and each change costs what
        `params.stability` says. Needs the engine (`solver="locality"`).
    freeze_before
        With `baseline`: visits starting before this local date-time ("YYYY-MM-DDTHH:MM") keep their
        published carer and start, unless that carer is absent then.
    decompose
        "auto" (default): a council-sized problem (busiest day over `decompose.auto_above_visits_per_day`
        visits, configs/default.toml) is split into parts solved in parallel on Dask, stitched and
        repaired across borders; "on" always, "off" never (the locality solver only).
    scheduler, workers
        Where the parts of a decomposed solve run: a Dask scheduler address, else a LocalCluster of
        `workers` processes (default one per usable core).

    Returns
    -------
    Result
        The roster, its violations (empty when valid), KPIs and unassigned visits with reasons.
    """
    t0 = time.monotonic() if started is None else started
    if solver not in SOLVER_NAMES:
        raise InputError(
            [Issue(Position("solver"), f"unknown solver {solver!r}; one of {', '.join(SOLVER_NAMES)}")]
        )
    bundle = problem if isinstance(problem, Bundle) else None
    if isinstance(problem, (str, os.PathLike)):
        bundle = load_bundle(problem)
    chosen = select_dates(bundle.problem if bundle is not None else _as_problem(problem), date, dates)
    engine_params = solve_params(params)
    rules = _baseline_params(baseline_params)
    path = bundle.path if bundle is not None else None
    notes: list[str] = []
    budget = make_budget(time_limit, work_limit, started=t0, visits=len(chosen.visits))
    replan = replan_against(baseline, freeze_before, chosen, solver)
    if replan is not None and decompose == "on":
        raise InputError([Issue(Position("--decompose"), "a re-plan (--baseline) is not decomposed")])
    if replan is None and decomposes(chosen, engine_params, solver, decompose):
        from .solvers.decompose import DecomposedSolver

        sources: Mapping[str, TravelSource] = matrices if matrices is not None else {}
        if matrices is None:
            sources, notes = travel_sources_for(chosen, path, lazy=True)
        parts = DecomposedSolver(scheduler=scheduler, workers=workers)
        # As below: parts plan on the shifts as absences leave them; the whole problem is judged.
        roster = parts.solve(chosen.absences_applied(), sources, engine_params, budget, seed, progress)
        return _checked(chosen, sources, roster, t0, notes)
    if matrices is None:
        matrices, notes = travel_for(chosen, path)
    if replan is not None:
        # The engine cuts shifts by the absences itself, and needs them to say which visits lost a carer.
        roster = LocalitySolver().solve(chosen, matrices, engine_params, budget, seed, progress, replan)
    else:
        # Solvers plan on the shifts as absences leave them; the validator judges against the whole problem.
        planned = chosen.absences_applied()
        roster = make_solver(solver, rules).solve(planned, matrices, engine_params, budget, seed, progress)
    return _checked(chosen, matrices, roster, t0, notes)


def decomposes(problem: Problem, params: SolveParams, solver: str, decompose: str) -> bool:
    """Whether `solve` splits the problem into parts (see `solve`'s `decompose`)."""
    if decompose not in DECOMPOSE_CHOICES:
        raise InputError(
            [
                Issue(
                    Position("--decompose"),
                    f"unknown choice {decompose!r}; one of {', '.join(DECOMPOSE_CHOICES)}",
                )
            ]
        )
    if decompose == "off":
        return False
    if solver != DEFAULT_SOLVER:
        if decompose == "on":
            raise InputError(
                [
                    Issue(
                        Position("--decompose"),
                        f"only the {DEFAULT_SOLVER} solver can be decomposed, not {solver}",
                    )
                ]
            )
        return False
    busiest = max(Counter(v.date for v in problem.visits).values(), default=0)
    return decompose == "on" or busiest > params.decompose.auto_above_visits_per_day


def _checked(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster, t0: float, notes: list[str]
) -> Result:
    return Result(
        problem=problem,
        matrices=matrices,
        roster=roster,
        violations=tuple(validate(problem, matrices, roster)),
        measures=compute_kpis(problem, matrices, roster),
        wall_s=time.monotonic() - t0,
        travel_notes=tuple(notes),
    )


def replan_against(
    baseline: Roster | PathLike | None, freeze_before: str | dt.datetime | None, problem: Problem, solver: str
) -> Replan | None:
    """The re-planning request of `solve`, checked: None without a baseline; located InputErrors for a
    freeze point without a baseline, another solver, another locality's roster or a malformed time."""
    if baseline is None:
        if freeze_before is not None:
            raise InputError([Issue(Position("--freeze-before"), "needs --baseline (the published roster)")])
        return None
    if solver != DEFAULT_SOLVER:
        raise InputError(
            [
                Issue(
                    Position("--baseline"),
                    f"re-planning needs the engine (solver 'locality'), not {solver!r}",
                )
            ]
        )
    if isinstance(baseline, Roster):
        published = baseline
    else:
        from .io.roster_files import read_roster_dir

        published = read_roster_dir(Path(baseline))
    if published.locality != problem.locality.name:
        raise InputError(
            [
                Issue(
                    Position("--baseline"),
                    f"the published roster is of locality {published.locality!r}, the bundle of "
                    f"{problem.locality.name!r}",
                )
            ]
        )
    return Replan(published, None if freeze_before is None else _as_datetime(freeze_before))


def _as_datetime(value: str | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    try:
        return parse_local_datetime(value)
    except ValueError as exc:
        raise InputError([Issue(Position("--freeze-before"), str(exc))]) from None


def _as_problem(problem: Bundle | Problem | PathLike) -> Problem:
    if isinstance(problem, Problem):
        return problem
    raise TypeError(f"solve() takes a Bundle, a bundle folder or a Problem, not {type(problem).__name__}")


def _baseline_params(rules: BaselineParams | PathLike | None) -> BaselineParams:
    if rules is None or isinstance(rules, BaselineParams):
        return rules or BaselineParams()
    return BaselineParams.from_toml(Path(rules))
