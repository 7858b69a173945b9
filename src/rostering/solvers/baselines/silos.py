"""Provider silos and fixed times: how today's time-and-task practice partitions a locality.

Each client's package is held by one provider (clients.csv `provider_id`), and only that provider's carers
visit the client. Visits happen at the booked slot (requested_start) give or take a small tolerance.
Both baselines share these rules, so the only difference between them is how a silo is rostered.
"""

from __future__ import annotations

from collections import defaultdict

from ...domain import Client, Problem, Provider, Visit
from .ownership import infer_ownership
from .params import BaselineParams


def commissioned_provider(problem: Problem, params: BaselineParams) -> dict[str, str]:
    """client_id -> the provider holding that client's package.

    clients.csv `provider_id`, else inferred (ownership.py: history, preferred carers, nearest carer;
    `unowned_clients_provider` when set). A provider policy (`allowed_providers`) that excludes that
    provider hands the package to the first provider the policy allows.
    """
    owner = infer_ownership(problem, params.unowned_clients_provider).provider_by_client
    for client in problem.clients:
        allowed = client.allowed_providers
        if allowed and owner[client.client_id] not in allowed:
            owner[client.client_id] = allowed[0]
    return owner


def fixed_time_window(visit: Visit, tolerance_min: int) -> tuple[int, int]:
    """The start window the booked slot allows: requested_start +/- tolerance, inside the commissioned window.

    A requested_start outside the commissioned window (bad data, but possible) is pulled to the nearest
    window edge, so a baseline never starts a visit outside what was commissioned.
    """
    lo = max(visit.window_start_min, visit.requested_start_min - tolerance_min)
    hi = min(visit.window_end_min, visit.requested_start_min + tolerance_min)
    if lo > hi:
        edge = min(max(visit.requested_start_min, visit.window_start_min), visit.window_end_min)
        return edge, edge
    return lo, hi


def fixed_time_visit(visit: Visit, tolerance_min: int) -> Visit:
    """The visit with its window narrowed to the booked slot; lateness is no longer allowed."""
    lo, hi = fixed_time_window(visit, tolerance_min)
    return visit.model_copy(
        update={"window_start_min": lo, "window_end_min": hi, "late_penalty_per_min": None}
    )


def silo_problems(problem: Problem, params: BaselineParams) -> dict[str, Problem]:
    """provider_id -> that provider's own problem: its carers and shifts, its clients and their visits.

    Visits are fixed to the booked slot. References that leave the silo are dropped: another provider's
    carers in a client's preferred or excluded lists, history with such carers, and dependencies whose
    two visits sit in different silos (the caller enforces those across silos).
    """
    owner = commissioned_provider(problem, params)
    out: dict[str, Problem] = {}
    for provider in problem.providers:
        out[provider.provider_id] = _silo(problem, provider, owner, params.tolerance_min)
    return out


def _silo(problem: Problem, provider: Provider, owner: dict[str, str], tolerance_min: int) -> Problem:
    pid = provider.provider_id
    carers = tuple(c for c in problem.carers if c.provider_id == pid)
    carer_ids = {c.carer_id for c in carers}
    clients = tuple(_client_in_silo(c, carer_ids, pid) for c in problem.clients if owner[c.client_id] == pid)
    client_ids = {c.client_id for c in clients}
    visits = tuple(fixed_time_visit(v, tolerance_min) for v in problem.visits if v.client_id in client_ids)
    visit_ids = {v.visit_id for v in visits}
    return problem.replace(
        providers=(provider,),
        carers=carers,
        shifts=tuple(s for s in problem.shifts if s.carer_id in carer_ids),
        clients=clients,
        visits=visits,
        history=tuple(h for h in problem.history if h.client_id in client_ids and h.carer_id in carer_ids),
        dependencies=tuple(
            d
            for d in problem.dependencies
            if d.first_visit_id in visit_ids and d.second_visit_id in visit_ids
        ),
    )


def _client_in_silo(client: Client, carer_ids: set[str], provider_id: str) -> Client:
    return client.model_copy(
        update={
            "preferred_carers": tuple(k for k in client.preferred_carers if k in carer_ids),
            "excluded_carers": tuple(k for k in client.excluded_carers if k in carer_ids),
            # The silo holds one provider, which the policy allows (commissioned_provider sees to it).
            "provider_id": provider_id,
            "allowed_providers": tuple(p for p in client.allowed_providers if p == provider_id),
        }
    )


def carers_by_provider(problem: Problem) -> dict[str, list[str]]:
    """provider_id -> its carer ids, in input order."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in problem.carers:
        out[c.provider_id].append(c.carer_id)
    return dict(out)
