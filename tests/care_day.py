"""Builders of tiny care days for engine tests: one east-west line of clients and carers.

Geometry (tests/conftest.py line_matrices): everyone lives at latitude 56.0; 0.01 degrees of longitude
is 620 m, i.e. 1.24 -> 2 minutes by car (30 km/h) and 7.44 -> 8 minutes on foot (5 km/h). Providers
P1 (in-house, salaried) and P2 (agency, time-and-task).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rostering.domain import Carer, Client, Problem, Provider, Roster, Shift, Visit
from rostering.evaluation.kpis import compute_kpis
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine._instance import Instance
from rostering.solvers.engine.solver import EngineSolver, block_instance
from rostering.solvers.params import SolveParams
from tests.conftest import LOCALITY, hm, line_matrices

DAY = dt.date(2026, 11, 24)
PROVIDERS = (
    Provider(provider_id="P1", name="In-house", kind="in_house", payment="salaried", rate_per_hour=30.0),
    Provider(provider_id="P2", name="Agency", kind="external", payment="time_and_task", rate_per_hour=15.0),
)


def carer(carer_id: str, lon: float, **kw: Any) -> Carer:
    return Carer(carer_id=carer_id, provider_id=kw.pop("provider_id", "P1"), lat=56.0, lon=lon, **kw)


def shift(carer_id: str, start: str = "08:00", end: str = "14:00", day: dt.date = DAY) -> Shift:
    return Shift(carer_id=carer_id, date=day, start_min=hm(start), end_min=hm(end))


def client(client_id: str, lon: float, **kw: Any) -> Client:
    return Client(client_id=client_id, lat=56.0, lon=lon, **kw)


def visit(visit_id: str, client_id: str, start: str, end: str, duration: int = 30, **kw: Any) -> Visit:
    return Visit(
        visit_id=visit_id,
        client_id=client_id,
        date=kw.pop("date", DAY),
        window_start_min=hm(start),
        window_end_min=hm(end),
        duration_min=duration,
        requested_start_min=kw.pop("requested", hm(start)),
        **kw,
    )


def problem(
    carers: Sequence[Carer],
    shifts: Sequence[Shift],
    clients: Sequence[Client],
    visits: Sequence[Visit],
    **kw: Any,
) -> Problem:
    return Problem(
        locality=LOCALITY,
        providers=PROVIDERS,
        carers=tuple(carers),
        shifts=tuple(shifts),
        clients=tuple(clients),
        visits=tuple(visits),
        **kw,
    )


def solve(p: Problem, params: SolveParams | None = None, work: int = 60, seed: int = 0) -> Roster:
    """Solve with a work limit, then require a valid roster whose KPIs can be recomputed."""
    matrices = line_matrices(p)
    roster = EngineSolver().solve(p, matrices, params, Budget(time_limit_s=None, work_limit=work), seed=seed)
    assert validate(p, matrices, roster) == []
    kpis = compute_kpis(p, matrices, roster)
    assert kpis.visits_assigned == len(roster.by_visit)
    return roster


def carers_of(roster: Roster, visit_id: str) -> list[str]:
    return sorted(a.carer_id for a in roster.by_visit.get(visit_id, ()))


def reasons(roster: Roster) -> dict[str, str]:
    return {u.visit_id: u.reason for u in roster.unassigned}


def block_of(p: Problem, params: SolveParams | None = None) -> Instance:
    """The engine's arrays for all of `p`'s dates as one block (nobody seen earlier in the week)."""
    dates = tuple(sorted({v.date for v in p.visits}))
    inst, _ = block_instance(p, dates, line_matrices(p), params or SolveParams())
    return inst
