"""KPIs per zone (clients.csv `zone`), and the rate uplift paid for contact time in uplifted zones.

A zone's figures count the visits of the clients who live in it: coverage, contact, the travel legs that
arrive at those clients (from the carer's previous stop; legs home are not counted), how many carers and
providers came, and the uplift paid. They answer "what does this model do to the rural east?".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Problem, Roster, client_location_id
from ..travel.matrix import TravelSource
from .coverage import coverage, unmet_hours_per_week, visits_in_scope
from .routes import route_legs, routes_with_visits


@dataclass(frozen=True)
class ZoneFigures:
    """One zone's raw figures over the roster's dates (kpis.ZoneKpis rounds and names them)."""

    zone_id: str
    rural: bool
    clients: int
    visits_total: int
    visits_unmet: int
    visit_minutes_total: int
    visit_minutes_unmet: int
    unmet_hours_per_week: float
    contact_min: int
    travel_min: int
    distinct_carers_per_client_mean: float | None
    carers_used: int
    providers_used: int
    uplift_gbp: float


def uplift_contact_minutes(problem: Problem, roster: Roster) -> dict[str, float]:
    """carer_id -> contact minutes with clients of uplifted zones, each weighted by its zone's uplift.

    Only carers of external providers are counted: the uplift is what the council pays agencies on top of
    their rate (the in-house team is paid the same wherever it works).
    """
    out: dict[str, float] = defaultdict(float)
    if not any(z.rate_uplift for z in problem.zones):
        return {}
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        carer = problem.carer_by_id.get(a.carer_id)
        if visit is None or carer is None:
            continue
        zone = problem.zone_by_id.get(problem.client_by_id[visit.client_id].zone or "")
        provider = problem.provider_by_id[carer.provider_id]
        if zone is not None and zone.rate_uplift and provider.kind == "external":
            out[a.carer_id] += (a.end_min - a.start_min) * zone.rate_uplift
    return dict(out)


def zone_figures(
    problem: Problem,
    matrices: Mapping[str, TravelSource],
    roster: Roster,
    days: int,
) -> list[ZoneFigures]:
    """The figures of every zone of the problem, in zones.csv order (none when the problem has no zones)."""
    if not problem.zones:
        return []
    zone_of = {c.client_id: c.zone for c in problem.clients}
    visits = visits_in_scope(problem, roster)
    assigned = frozenset(a.visit_id for a in roster.assignments)
    contact: dict[str, int] = defaultdict(int)
    carers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    uplift: dict[str, float] = defaultdict(float)
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is None or a.carer_id not in problem.carer_by_id:
            continue
        zone_id = zone_of[visit.client_id]
        if zone_id is None:
            continue
        contact[zone_id] += a.end_min - a.start_min
        carers[zone_id][visit.client_id].add(a.carer_id)
        carer = problem.carer_by_id[a.carer_id]
        provider = problem.provider_by_id[carer.provider_id]
        if provider.kind == "external":
            rate = problem.zone_by_id[zone_id].rate_uplift * provider.rate_per_hour
            uplift[zone_id] += rate * (a.end_min - a.start_min) / 60.0
    travel = _travel_into_zones(problem, matrices, roster, zone_of)
    out = []
    for zone in problem.zones:
        zid = zone.zone_id
        mine = [v for v in visits if zone_of[v.client_id] == zid]
        cov = coverage(mine, assigned)
        seen = carers.get(zid, {})
        counts = [len(ks) for ks in seen.values()]
        everyone = set().union(*seen.values()) if seen else set()
        out.append(
            ZoneFigures(
                zone_id=zid,
                rural=zone.rural,
                clients=len({v.client_id for v in mine}),
                visits_total=cov.visits_total,
                visits_unmet=cov.visits_unmet,
                visit_minutes_total=cov.minutes_total,
                visit_minutes_unmet=cov.minutes_unmet,
                unmet_hours_per_week=unmet_hours_per_week(cov.minutes_unmet, days),
                contact_min=contact.get(zid, 0),
                travel_min=travel.get(zid, 0),
                distinct_carers_per_client_mean=sum(counts) / len(counts) if counts else None,
                carers_used=len(everyone),
                providers_used=len({problem.carer_by_id[k].provider_id for k in everyone}),
                uplift_gbp=uplift.get(zid, 0.0),
            )
        )
    return out


def _travel_into_zones(
    problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster, zone_of: Mapping[str, str | None]
) -> dict[str, int]:
    """zone_id -> minutes of the legs that arrive at the zone's clients, from the travel matrices."""
    zone_at = {client_location_id(cid): z for cid, z in zone_of.items() if z is not None}
    out: dict[str, int] = defaultdict(int)
    grouped, _orphans = routes_with_visits(roster)
    for rv in grouped:
        if rv.route.carer_id not in problem.carer_by_id:
            continue
        for lg in route_legs(problem, matrices, rv):
            zone_id = zone_at.get(lg.to_id)
            if zone_id is not None:
                out[zone_id] += lg.minutes
    return dict(out)
