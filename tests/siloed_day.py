"""Builders of tiny siloed care days for baseline tests: providers A (in-house) and B (agency).

Every location sits on one east-west line (conftest.line_matrices): 0.01 degrees of longitude is 620 m,
2 minutes' drive (1.24 min rounded up) or 8 minutes' walk. Visits are booked at a time with a commissioned
window of +/- `slack` minutes around it.
"""

from __future__ import annotations

from rostering.domain import Carer, Client, Problem, Provider, Roster, Shift, Visit
from rostering.evaluation.validate import validate
from rostering.solvers.baselines.params import BaselineParams
from rostering.solvers.baselines.time_and_task import roster_time_and_task
from tests.conftest import DAY, LOCALITY, hm, line_matrices

PROVIDERS = (
    Provider(provider_id="A", name="In-house", kind="in_house", payment="salaried", rate_per_hour=30.0),
    Provider(provider_id="B", name="Agency", kind="external", payment="time_and_task", rate_per_hour=18.0),
)


def carer(carer_id: str, provider: str, lon: float, **kw: object) -> Carer:
    return Carer(carer_id=carer_id, provider_id=provider, lat=56.0, lon=lon, **kw)


def client(client_id: str, provider: str | None, lon: float, **kw: object) -> Client:
    return Client(client_id=client_id, lat=56.0, lon=lon, provider_id=provider, **kw)


def visit(visit_id: str, client_id: str, at: str, duration: int = 30, slack: int = 60, **kw: object) -> Visit:
    """A visit booked at `at` whose commissioned window is `at` +/- `slack` minutes."""
    t = hm(at)
    return Visit(
        visit_id=visit_id,
        client_id=client_id,
        date=DAY,
        window_start_min=max(0, t - slack),
        window_end_min=t + slack,
        duration_min=duration,
        requested_start_min=t,
        **kw,
    )


def shift(carer_id: str, start: str = "08:00", end: str = "14:00") -> Shift:
    return Shift(carer_id=carer_id, date=DAY, start_min=hm(start), end_min=hm(end))


def bundle(
    carers: list[Carer],
    clients: list[Client],
    visits: list[Visit],
    shifts: list[Shift] | None = None,
    **kw: object,
) -> Problem:
    """A problem on DAY with providers A (in-house) and B (agency); every carer on 08:00-14:00 by default."""
    return Problem(
        locality=LOCALITY,
        providers=PROVIDERS,
        carers=tuple(carers),
        shifts=tuple(shifts if shifts is not None else [shift(c.carer_id) for c in carers]),
        clients=tuple(clients),
        visits=tuple(visits),
        **kw,
    )


def roster_of(problem: Problem, params: BaselineParams | None = None) -> Roster:
    roster = roster_time_and_task(problem, line_matrices(problem), params)
    assert validate(problem, line_matrices(problem), roster) == []
    return roster


def carers_of(roster: Roster, visit_id: str) -> list[str]:
    return sorted(a.carer_id for a in roster.by_visit.get(visit_id, ()))


def reason_of(roster: Roster, visit_id: str) -> str:
    return next(u.reason for u in roster.unassigned if u.visit_id == visit_id)
