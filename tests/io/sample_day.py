"""A realistic roster to export: north-berwick on 24 Nov 2026, built by the time-and-task baseline.

The baseline is pure Python and deterministic (about half a second): 600+ assignments, double-ups, split
shifts and unassigned visits, with approximate travel. Cached: build it once per test session.
"""

from __future__ import annotations

import datetime as dt
import functools

from rostering.domain import Problem, Roster
from rostering.io.bundle import read_bundle
from rostering.solvers import base
from rostering.solvers.params import SolveParams
from rostering.solvers.registry import make_solver
from rostering.travel.matrix import TravelMatrix
from rostering.travel.store import resolve_matrices
from tests.conftest import REPO

SAMPLE = REPO / "data" / "sample_localities" / "north-berwick"
SAMPLE_DAY = dt.date(2026, 11, 24)


@functools.cache
def north_berwick_day() -> tuple[Problem, dict[str, TravelMatrix], Roster]:
    problem, _warnings = read_bundle(SAMPLE)
    problem = problem.for_dates({SAMPLE_DAY})
    matrices, _messages = resolve_matrices(problem, SAMPLE)
    budget = base.Budget(time_limit_s=None, work_limit=10)
    roster = make_solver("time-and-task").solve(problem, matrices, SolveParams(), budget, seed=1)
    return problem, matrices, roster
