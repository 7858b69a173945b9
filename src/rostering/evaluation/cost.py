"""KPIs of cost in GBP, under each provider's own payment model and under both models for everyone.

Salaried (block contract): rate_per_hour x paid hours, paid = working minutes (route spans, base to base).
Time-and-task: rate_per_hour x contact hours (each carer's visit minutes; a double-up counts twice).
Mileage: mileage_per_km x km travelled, for drive and bike carers (walkers claim none). Mileage is added
under both payment models, so the two "what if" totals differ only in how time is paid.
Rate uplift (zones.csv `rate_uplift`): carers of external providers are paid rate x uplift on top for each
contact hour with a client of an uplifted zone (a rural supplement), under every payment model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Carer, Problem, Provider
from .workload import CarerTravel

MILEAGE_MODES = frozenset({"drive", "bike"})


@dataclass(frozen=True)
class ProviderCost:
    """One provider's cost: actual (its own model) and as if everyone were on each model."""

    labour_gbp: float
    mileage_gbp: float
    time_and_task_gbp: float
    salaried_gbp: float

    @property
    def total_gbp(self) -> float:
        return self.labour_gbp + self.mileage_gbp


def time_and_task_pay(provider: Provider, contact_min: float) -> float:
    return provider.rate_per_hour * contact_min / 60.0


def salaried_pay(provider: Provider, working_min: float) -> float:
    return provider.rate_per_hour * working_min / 60.0


def labour_cost(provider: Provider, contact_min: float, working_min: float) -> float:
    """Pay under the provider's own payment model."""
    if provider.payment == "time_and_task":
        return time_and_task_pay(provider, contact_min)
    return salaried_pay(provider, working_min)


def mileage_cost(provider: Provider, carer: Carer, metres: float) -> float:
    if carer.travel_mode not in MILEAGE_MODES:
        return 0.0
    return provider.mileage_per_km * metres / 1000.0


def cost_by_provider(
    problem: Problem,
    contact: Mapping[str, int],
    working: Mapping[str, int],
    travel: Mapping[str, CarerTravel],
    uplift_min: Mapping[str, float] | None = None,
) -> dict[str, ProviderCost]:
    """Cost of every provider in the problem (zero for one whose carers did nothing), by provider_id.

    `uplift_min`: carer_id -> contact minutes in uplifted zones weighted by the uplift
    (`zones.uplift_contact_minutes`), paid at the provider's rate on top of every model.
    """
    sums: dict[str, list[float]] = {p.provider_id: [0.0, 0.0, 0.0, 0.0] for p in problem.providers}
    for carer in problem.carers:
        provider = problem.provider_by_id[carer.provider_id]
        c, w = contact.get(carer.carer_id, 0), working.get(carer.carer_id, 0)
        metres = travel[carer.carer_id].metres if carer.carer_id in travel else 0.0
        miles = mileage_cost(provider, carer, metres)
        extra = time_and_task_pay(provider, (uplift_min or {}).get(carer.carer_id, 0.0))
        row = sums[provider.provider_id]
        row[0] += labour_cost(provider, c, w) + extra
        row[1] += miles
        row[2] += time_and_task_pay(provider, c) + miles + extra
        row[3] += salaried_pay(provider, w) + miles + extra
    return {pid: ProviderCost(*row) for pid, row in sorted(sums.items())}
