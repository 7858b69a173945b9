"""The roster's key performance indicators (kpis.json), computed by small pure functions.

`compute_kpis` only reads the problem, the matrices and the roster: it knows nothing of the solver, so
rosters from the engine and the baselines are measured alike. Every field carries a title, a unit and a
definition (pydantic field metadata) that the tables and docs/formats.md use. Floats are rounded (GBP to
pennies, everything else to 4 decimals) so that kpis.json is stable byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..domain import Problem, Roster
from ..travel.matrix import TravelSource
from ._kpi_field import FrozenKpis
from ._kpi_field import kpi_field as _kpi
from .commissioned import ClientHours, client_hours
from .consistency import RecurringVisit, median_and_p90, recurring_spreads
from .continuity import distinct_carers_per_client, familiar_share, lateness, mean_and_p90, punctuality
from .cost import ProviderCost, cost_by_provider
from .coverage import (
    assigned_visit_ids,
    coverage,
    coverage_by_priority,
    dates_in_scope,
    unmet_hours_per_week,
    visits_in_scope,
)
from .duplication import cross_provider_close_pairs, multi_provider_client_days
from .fairness import CarerWorkload, carer_workloads, mean_of, pooled_spread, spread
from .kpi_people import CarerKpis, ClientKpis
from .workload import (
    CarerTravel,
    contact_minutes,
    overtime_by_carer,
    overtime_outside_shift,
    travel_by_carer,
    working_minutes,
)
from .zones import ZoneFigures, uplift_contact_minutes, zone_figures

# kpis.json's format: minor = fields added, major = a change of meaning. 1.1 added format_version,
# 1.2 by_zone (written for bundles with zones only), 1.3 the week's measures (time spread,
# workload spread, commissioned hours, by_carer, by_client).
KPIS_FORMAT_VERSION = "1.3"


class PriorityKpis(FrozenKpis):
    priority: int = _kpi("Priority", "", "1 = most critical (e.g. medication), 3 = least")
    visits_total: int = _kpi("Visits", "visits", "visits of this priority on the roster's dates")
    visits_unmet: int = _kpi("Visits unmet", "visits", "visits of this priority with no carer")
    visit_minutes_total: int = _kpi("Visit minutes", "min", "summed duration of the visits")
    visit_minutes_unmet: int = _kpi("Visit minutes unmet", "min", "summed duration of the unmet visits")


class ProviderKpis(FrozenKpis):
    provider_id: str = _kpi("Provider", "", "provider_id")
    payment: str = _kpi("Payment model", "", "salaried or time_and_task")
    carers_used: int = _kpi(
        "Carers used", "carers", "carers of this provider with at least one route or visit"
    )
    contact_min: int = _kpi(
        "Contact", "min", "carer minutes with clients (a double-up counts for both carers)"
    )
    working_min: int = _kpi("Working", "min", "route minutes, base to base (paid time of salaried carers)")
    travel_min: int = _kpi("Travel", "min", "travel minutes from the matrices, legs home included")
    travel_km: float = _kpi("Travel distance", "km", "distance travelled, legs home included")
    utilisation: float | None = _kpi("Utilisation", "share", "contact_min / working_min")
    labour_gbp: float = _kpi("Labour cost", "GBP", "pay under the provider's own payment model")
    mileage_gbp: float = _kpi("Mileage cost", "GBP", "mileage_per_km x km for drive and bike carers")
    cost_gbp: float = _kpi("Cost", "GBP", "labour_gbp + mileage_gbp")
    cost_per_contact_hour_gbp: float | None = _kpi(
        "Cost per contact hour", "GBP/h", "cost_gbp / contact hours"
    )
    cost_time_and_task_gbp: float = _kpi(
        "Cost if time-and-task", "GBP", "rate x contact hours + mileage, whatever the actual model"
    )
    cost_salaried_gbp: float = _kpi(
        "Cost if salaried", "GBP", "rate x working hours + mileage, whatever the actual model"
    )
    contract_share_mean: float | None = _kpi(
        "Contact / contract (mean)",
        "share",
        "mean over the provider's carers with a contract of contact / contract",
    )
    contract_share_sd: float | None = _kpi(
        "Contact / contract (spread)", "share", "standard deviation of the same over those carers"
    )
    utilisation_sd: float | None = _kpi(
        "Utilisation (spread)", "share", "standard deviation of contact / working over the carers who worked"
    )
    travel_share_sd: float | None = _kpi(
        "Travel share (spread)", "share", "standard deviation of travel / working over the carers who worked"
    )


class ZoneKpis(FrozenKpis):
    zone_id: str = _kpi("Zone", "", "zone_id (zones.csv)")
    rural: bool = _kpi("Rural", "", "the zone is marked rural")
    clients: int = _kpi("Clients", "clients", "clients of the zone with a visit on the roster's dates")
    visits_total: int = _kpi("Visits", "visits", "visits of the zone's clients")
    visits_unmet: int = _kpi("Visits unmet", "visits", "visits of the zone's clients with no carer")
    visit_minutes_total: int = _kpi("Visit minutes", "min", "summed duration of the zone's visits")
    visit_minutes_unmet: int = _kpi("Visit minutes unmet", "min", "summed duration of its unmet visits")
    unmet_hours_per_week: float = _kpi("Unmet hours per week", "h/week", "unmet visit hours x 7 / days")
    contact_min: int = _kpi("Contact", "min", "carer minutes with the zone's clients")
    travel_min: int = _kpi(
        "Travel in", "min", "travel legs arriving at the zone's clients (from the previous stop)"
    )
    travel_min_per_contact_hour: float | None = _kpi(
        "Travel per contact hour", "min/h", "travel_min / (contact_min / 60)"
    )
    distinct_carers_per_client_mean: float | None = _kpi(
        "Distinct carers per client (mean)", "carers", "distinct carers a client of the zone sees, mean"
    )
    carers_used: int = _kpi("Carers", "carers", "distinct carers who visited the zone's clients")
    providers_used: int = _kpi("Providers", "providers", "distinct providers whose carers visited")
    uplift_gbp: float = _kpi("Rate uplift paid", "GBP", "rate x rate_uplift x contact hours, external carers")


class Kpis(FrozenKpis):
    locality: str = _kpi("Locality", "", "the roster's locality")
    solver: str = _kpi("Solver", "", "the solver or baseline that built the roster")
    dates: tuple[dt.date, ...] = _kpi(
        "Dates", "", "dates the roster covers (assigned, unassigned or routed); all the problem's if none"
    )
    days: int = _kpi("Days", "days", "number of dates covered")
    visits_total: int = _kpi("Visits", "visits", "visits on the roster's dates")
    visits_assigned: int = _kpi("Visits assigned", "visits", "visits with their carer(s) assigned")
    visits_unmet: int = _kpi("Visits unmet", "visits", "visits with no carer")
    visit_minutes_total: int = _kpi("Visit minutes", "min", "summed duration of the visits (client time)")
    visit_minutes_assigned: int = _kpi("Visit minutes assigned", "min", "summed duration of assigned visits")
    visit_minutes_unmet: int = _kpi("Visit minutes unmet", "min", "summed duration of unmet visits")
    unmet_share: float = _kpi("Unmet share", "share", "visit_minutes_unmet / visit_minutes_total (0 if none)")
    unmet_hours_per_week: float = _kpi("Unmet hours per week", "h/week", "unmet visit hours x 7 / days")
    carers_used: int = _kpi("Carers used", "carers", "carers with at least one route or visit")
    carer_visits: int = _kpi("Carer-visits", "assignments", "assignments (a double-up counts twice)")
    contact_min: int = _kpi(
        "Contact", "min", "carer minutes with clients (a double-up counts for both carers)"
    )
    working_min: int = _kpi("Working", "min", "route minutes, base to base, summed over carers and days")
    travel_min: int = _kpi("Travel", "min", "travel minutes from the matrices, legs home included")
    travel_km: float = _kpi("Travel distance", "km", "distance travelled, legs home included")
    travel_min_per_contact_hour: float | None = _kpi(
        "Travel per contact hour", "min/h", "travel_min / (contact_min / 60)"
    )
    utilisation: float | None = _kpi("Utilisation", "share", "contact_min / working_min")
    cost_gbp: float = _kpi("Cost", "GBP", "labour (each provider's own payment model) + mileage")
    mileage_gbp: float = _kpi("Mileage cost", "GBP", "mileage_per_km x km for drive and bike carers")
    cost_per_contact_hour_gbp: float | None = _kpi(
        "Cost per contact hour", "GBP/h", "cost_gbp / contact hours"
    )
    cost_time_and_task_gbp: float = _kpi(
        "Cost if all time-and-task", "GBP", "every carer paid rate x contact hours, + mileage"
    )
    cost_time_and_task_per_contact_hour_gbp: float | None = _kpi(
        "Cost/contact h if all time-and-task", "GBP/h", "cost_time_and_task_gbp / contact hours"
    )
    cost_salaried_gbp: float = _kpi(
        "Cost if all salaried", "GBP", "every carer paid rate x working hours, + mileage"
    )
    cost_salaried_per_contact_hour_gbp: float | None = _kpi(
        "Cost/contact h if all salaried", "GBP/h", "cost_salaried_gbp / contact hours"
    )
    distinct_carers_per_client_mean: float | None = _kpi(
        "Distinct carers per client (mean)",
        "carers",
        "distinct carers a client sees over the dates, mean over clients visited",
    )
    distinct_carers_per_client_p90: float | None = _kpi(
        "Distinct carers per client (p90)",
        "carers",
        "90th percentile of the same (numpy linear interpolation)",
    )
    familiar_carer_share: float | None = _kpi(
        "Familiar-carer share",
        "share",
        "carer-visits by a carer in history, preferred_carers or seen on an earlier date",
    )
    punctuality_mad_min: float | None = _kpi(
        "Punctuality (mean abs. dev.)",
        "min",
        "mean of abs(start - requested_start) over assigned visits",
    )
    punctual_within_15_share: float | None = _kpi(
        "Within 15 min of requested",
        "share",
        "share of assigned visits starting within 15 min of requested_start",
    )
    recurring_visits: int = _kpi(
        "Recurring visits",
        "visits",
        "client slots (same requested_start) assigned on 2+ dates of a week",
    )
    time_spread_median_min: float | None = _kpi(
        "Time spread (median)",
        "min",
        "median over recurring visits of the latest minus the earliest start in the week",
    )
    time_spread_p90_min: float | None = _kpi("Time spread (p90)", "min", "90th percentile of the same")
    lateness_total_min: int = _kpi(
        "Lateness (total)", "min", "sum of max(0, start - window_end); soft windows only, validly"
    )
    lateness_max_min: int = _kpi("Lateness (max)", "min", "largest max(0, start - window_end)")
    overtime_outside_shift_min: int = _kpi(
        "Overtime outside shift", "min", "route minutes outside the shift it works"
    )
    overtime_over_contract_min: float = _kpi(
        "Overtime over contract",
        "min",
        "per carer and complete week, minutes worked over contracted_hours_week, where set",
    )
    overtime_min: float = _kpi("Overtime", "min", "overtime_outside_shift_min + overtime_over_contract_min")
    contract_share_sd: float | None = _kpi(
        "Spread: contact / contract",
        "share",
        "standard deviation of each carer's contact / contracted minutes within their provider, pooled",
    )
    utilisation_sd: float | None = _kpi(
        "Spread: utilisation",
        "share",
        "standard deviation of each working carer's contact / working minutes within their provider, pooled",
    )
    travel_share_sd: float | None = _kpi(
        "Spread: travel share",
        "share",
        "standard deviation of each working carer's travel / working minutes within their provider, pooled",
    )
    commissioned_hours: float = _kpi(
        "Commissioned hours", "h", "commissioned_hours_week x span in weeks, summed over clients with one"
    )
    commissioned_delivered_hours: float = _kpi(
        "Delivered of commissioned", "h", "delivered hours of the clients with a commission"
    )
    commissioned_delivered_share: float | None = _kpi(
        "Delivered / commissioned", "share", "commissioned_delivered_hours / commissioned_hours"
    )
    clients_below_commissioned: int = _kpi(
        "Clients below commission", "clients", "clients whose delivered hours fall short of commissioned"
    )
    duplication_client_days: int = _kpi(
        "Multi-provider client-days", "client-days", "client-days visited by carers of two or more providers"
    )
    duplication_close_pairs: int = _kpi(
        "Cross-provider pairs within 30 min",
        "pairs",
        "carer-visit pairs of different providers at one address, <= 30 min apart",
    )
    by_priority: tuple[PriorityKpis, ...] = _kpi("By priority", "", "coverage per visit priority")
    by_provider: tuple[ProviderKpis, ...] = _kpi("By provider", "", "workload and cost per provider")
    by_carer: tuple[CarerKpis, ...] = _kpi("By carer", "", "workload per carer available on the dates")
    by_client: tuple[ClientKpis, ...] = _kpi("By client", "", "care delivered per client")
    by_zone: tuple[ZoneKpis, ...] = _kpi(
        "By zone", "", "coverage, travel and continuity per zone (bundles with zones.csv only)", default=()
    )

    def rows(self) -> list[KpiRow]:
        """Every scalar KPI as (key, title, unit, value); per-provider / per-priority keys read `name[id]`."""
        out = [
            KpiRow(name, info.title or name, _unit(info), getattr(self, name))
            for name, info in type(self).model_fields.items()
            if name not in ("by_priority", "by_provider", "by_carer", "by_client", "by_zone", "dates")
        ]
        out.insert(2, KpiRow("dates", "Dates", "", " ".join(d.isoformat() for d in self.dates)))
        for p in self.by_priority:
            out += _rows_of(p, "priority", f"p{p.priority}", f"p{p.priority}")
        for pk in self.by_provider:
            out += _rows_of(pk, "provider_id", pk.provider_id, pk.provider_id)
        for zk in self.by_zone:
            out += _rows_of(zk, "zone_id", f"zone:{zk.zone_id}", f"zone {zk.zone_id}")
        return out

    def renamed(self, carers: Mapping[str, str], clients: Mapping[str, str]) -> Kpis:
        """The same KPIs with the per-carer and per-client rows under other ids (e.g. pseudonyms)."""
        return self.model_copy(
            update={
                "by_carer": tuple(
                    c.model_copy(update={"carer_id": carers.get(c.carer_id, c.carer_id)})
                    for c in self.by_carer
                ),
                "by_client": tuple(
                    c.model_copy(update={"client_id": clients.get(c.client_id, c.client_id)})
                    for c in self.by_client
                ),
            }
        )

    def flat(self) -> dict[str, Any]:
        """`rows()` as key -> value, for CSV and side-by-side comparisons."""
        return {row.key: row.value for row in self.rows()}

    def to_json(self) -> str:
        """kpis.json: `format_version`, then the model in field order, indented, newline-terminated.

        The version is the file's, not a model field (docs/formats.md keeps its changelog): reading the
        file back as Kpis means dropping it first. `by_zone` is left out for a problem without zones, so
        zoneless rosters keep their bytes.
        """
        body = self.model_dump_json(indent=2, exclude=None if self.by_zone else {"by_zone"})
        return f'{{\n  "format_version": "{KPIS_FORMAT_VERSION}",{body[1:]}\n'

    @classmethod
    def from_json(cls, text: str) -> Kpis:
        """Read kpis.json back (any 1.x: the format_version key is the file's, not a KPI)."""
        data = json.loads(text)
        data.pop("format_version", None)
        return cls.model_validate(data)


class KpiRow(NamedTuple):
    key: str
    title: str
    unit: str
    value: Any


def _rows_of(item: BaseModel, id_field: str, key: str, label: str) -> list[KpiRow]:
    """One group's KPIs (a priority, provider or zone) as rows keyed `name[key]`, titled `title (label)`."""
    return [
        KpiRow(f"{name}[{key}]", f"{info.title} ({label})", _unit(info), getattr(item, name))
        for name, info in type(item).model_fields.items()
        if name != id_field
    ]


def _unit(info: Any) -> str:
    extra = info.json_schema_extra
    return str(extra.get("unit", "")) if isinstance(extra, dict) else ""


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    return None if denominator <= 0 else numerator / denominator * scale


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _gbp(x: float) -> float:
    return round(x, 2)


def compute_kpis(problem: Problem, matrices: Mapping[str, TravelSource], roster: Roster) -> Kpis:
    """Measure `roster` against `problem` over the roster's dates. Pure: same inputs, same Kpis."""
    dates = dates_in_scope(problem, roster)
    visits = visits_in_scope(problem, roster)
    assigned = assigned_visit_ids(roster)
    cov = coverage(visits, assigned)
    contact, working = contact_minutes(roster), working_minutes(roster)
    travel = travel_by_carer(problem, matrices, roster)
    costs = cost_by_provider(problem, contact, working, travel, uplift_contact_minutes(problem, roster))
    contact_min, working_min = sum(contact.values()), sum(working.values())
    travel_min = sum(t.minutes for t in travel.values())
    travel_km = sum(t.metres for t in travel.values()) / 1000.0
    cost = sum(c.total_gbp for c in costs.values())
    cost_tt = sum(c.time_and_task_gbp for c in costs.values())
    cost_sal = sum(c.salaried_gbp for c in costs.values())
    distinct_mean, distinct_p90 = mean_and_p90(list(distinct_carers_per_client(problem, roster).values()))
    mad, within = punctuality(problem, roster)
    late_total, late_max = lateness(problem, roster)
    over_shift, overtime = overtime_outside_shift(problem, roster), overtime_by_carer(problem, roster)
    over_contract = sum(overtime.values())
    used = {a.carer_id for a in roster.assignments} | {r.carer_id for r in roster.routes}
    spreads = recurring_spreads(problem, roster)
    spread_median, spread_p90 = median_and_p90(list(spreads.values()))
    workloads = carer_workloads(problem, roster, dates, contact, working, travel)
    hours = client_hours(problem, visits, assigned, dates)
    commissioned = [h for h in hours if h.commissioned_h is not None]
    commissioned_h = sum(h.commissioned_h or 0.0 for h in commissioned)
    commissioned_delivered_h = sum(h.delivered_h for h in commissioned)
    return Kpis(
        locality=roster.locality,
        solver=roster.solver,
        dates=dates,
        days=len(dates),
        visits_total=cov.visits_total,
        visits_assigned=cov.visits_assigned,
        visits_unmet=cov.visits_unmet,
        visit_minutes_total=cov.minutes_total,
        visit_minutes_assigned=cov.minutes_assigned,
        visit_minutes_unmet=cov.minutes_unmet,
        unmet_share=_r(_ratio(cov.minutes_unmet, cov.minutes_total)) or 0.0,
        unmet_hours_per_week=round(unmet_hours_per_week(cov.minutes_unmet, len(dates)), 4),
        carers_used=len(used),
        carer_visits=len(roster.assignments),
        contact_min=contact_min,
        working_min=working_min,
        travel_min=travel_min,
        travel_km=round(travel_km, 4),
        travel_min_per_contact_hour=_r(_ratio(travel_min, contact_min, 60.0)),
        utilisation=_r(_ratio(contact_min, working_min)),
        cost_gbp=_gbp(cost),
        mileage_gbp=_gbp(sum(c.mileage_gbp for c in costs.values())),
        cost_per_contact_hour_gbp=_r(_ratio(cost, contact_min, 60.0), 2),
        cost_time_and_task_gbp=_gbp(cost_tt),
        cost_time_and_task_per_contact_hour_gbp=_r(_ratio(cost_tt, contact_min, 60.0), 2),
        cost_salaried_gbp=_gbp(cost_sal),
        cost_salaried_per_contact_hour_gbp=_r(_ratio(cost_sal, contact_min, 60.0), 2),
        distinct_carers_per_client_mean=_r(distinct_mean),
        distinct_carers_per_client_p90=_r(distinct_p90),
        familiar_carer_share=_r(familiar_share(problem, roster)),
        punctuality_mad_min=_r(mad),
        punctual_within_15_share=_r(within),
        recurring_visits=len(spreads),
        time_spread_median_min=_r(spread_median),
        time_spread_p90_min=_r(spread_p90),
        lateness_total_min=late_total,
        lateness_max_min=late_max,
        overtime_outside_shift_min=over_shift,
        overtime_over_contract_min=round(over_contract, 4),
        overtime_min=round(over_shift + over_contract, 4),
        contract_share_sd=_r(pooled_spread(workloads, lambda w: w.contract_share)),
        utilisation_sd=_r(pooled_spread(workloads, lambda w: w.utilisation)),
        travel_share_sd=_r(pooled_spread(workloads, lambda w: w.travel_share)),
        commissioned_hours=round(commissioned_h, 4),
        commissioned_delivered_hours=round(commissioned_delivered_h, 4),
        commissioned_delivered_share=_r(_ratio(commissioned_delivered_h, commissioned_h)),
        clients_below_commissioned=sum(h.below_commissioned for h in commissioned),
        duplication_client_days=multi_provider_client_days(problem, roster),
        duplication_close_pairs=cross_provider_close_pairs(problem, roster),
        by_priority=tuple(
            PriorityKpis(
                priority=p,
                visits_total=c.visits_total,
                visits_unmet=c.visits_unmet,
                visit_minutes_total=c.minutes_total,
                visit_minutes_unmet=c.minutes_unmet,
            )
            for p, c in coverage_by_priority(visits, assigned).items()
        ),
        by_provider=tuple(
            _provider_kpis(problem, pid, contact, working, travel, costs, workloads) for pid in sorted(costs)
        ),
        by_carer=tuple(_carer_kpis(w, overtime.get(w.carer_id, 0.0)) for w in workloads),
        by_client=_client_kpis(problem, roster, hours, spreads),
        by_zone=tuple(_zone_kpis(z) for z in zone_figures(problem, matrices, roster, len(dates))),
    )


def _carer_kpis(w: CarerWorkload, overtime_min: float) -> CarerKpis:
    return CarerKpis(
        carer_id=w.carer_id,
        provider_id=w.provider_id,
        contracted_min=_r(w.contracted_min),
        contact_min=w.contact_min,
        working_min=w.working_min,
        travel_min=w.travel_min,
        days_worked=w.days_worked,
        contract_share=_r(w.contract_share),
        utilisation=_r(w.utilisation),
        travel_share=_r(w.travel_share),
        overtime_min=round(overtime_min, 4),
    )


def _client_kpis(
    problem: Problem, roster: Roster, hours: list[ClientHours], spreads: Mapping[RecurringVisit, int]
) -> tuple[ClientKpis, ...]:
    distinct = distinct_carers_per_client(problem, roster)
    widest: dict[str, int] = {}
    for key, value in spreads.items():
        widest[key.client_id] = max(value, widest.get(key.client_id, 0))
    return tuple(
        ClientKpis(
            client_id=h.client_id,
            planned_hours=round(h.planned_h, 4),
            delivered_hours=round(h.delivered_h, 4),
            commissioned_hours=_r(h.commissioned_h),
            delivered_share=_r(h.delivered_share),
            distinct_carers=distinct.get(h.client_id, 0),
            time_spread_max_min=widest.get(h.client_id),
        )
        for h in hours
    )


def _zone_kpis(z: ZoneFigures) -> ZoneKpis:
    return ZoneKpis(
        zone_id=z.zone_id,
        rural=z.rural,
        clients=z.clients,
        visits_total=z.visits_total,
        visits_unmet=z.visits_unmet,
        visit_minutes_total=z.visit_minutes_total,
        visit_minutes_unmet=z.visit_minutes_unmet,
        unmet_hours_per_week=round(z.unmet_hours_per_week, 4),
        contact_min=z.contact_min,
        travel_min=z.travel_min,
        travel_min_per_contact_hour=_r(_ratio(z.travel_min, z.contact_min, 60.0)),
        distinct_carers_per_client_mean=_r(z.distinct_carers_per_client_mean),
        carers_used=z.carers_used,
        providers_used=z.providers_used,
        uplift_gbp=_gbp(z.uplift_gbp),
    )


def _provider_kpis(
    problem: Problem,
    provider_id: str,
    contact: Mapping[str, int],
    working: Mapping[str, int],
    travel: Mapping[str, CarerTravel],
    costs: Mapping[str, ProviderCost],
    workloads: list[CarerWorkload],
) -> ProviderKpis:
    carers = [c.carer_id for c in problem.carers if c.provider_id == provider_id]
    own = [w for w in workloads if w.provider_id == provider_id]
    c_min = sum(contact.get(k, 0) for k in carers)
    w_min = sum(working.get(k, 0) for k in carers)
    cost = costs[provider_id]
    return ProviderKpis(
        provider_id=provider_id,
        payment=problem.provider_by_id[provider_id].payment,
        carers_used=sum(1 for k in carers if k in contact or k in working),
        contact_min=c_min,
        working_min=w_min,
        travel_min=sum(travel[k].minutes for k in carers if k in travel),
        travel_km=round(sum(travel[k].metres for k in carers if k in travel) / 1000.0, 4),
        utilisation=_r(_ratio(c_min, w_min)),
        labour_gbp=_gbp(cost.labour_gbp),
        mileage_gbp=_gbp(cost.mileage_gbp),
        cost_gbp=_gbp(cost.total_gbp),
        cost_per_contact_hour_gbp=_r(_ratio(cost.total_gbp, c_min, 60.0), 2),
        cost_time_and_task_gbp=_gbp(cost.time_and_task_gbp),
        cost_salaried_gbp=_gbp(cost.salaried_gbp),
        contract_share_mean=_r(mean_of(own, lambda w: w.contract_share)),
        contract_share_sd=_r(spread(own, lambda w: w.contract_share)),
        utilisation_sd=_r(spread(own, lambda w: w.utilisation)),
        travel_share_sd=_r(spread(own, lambda w: w.travel_share)),
    )
