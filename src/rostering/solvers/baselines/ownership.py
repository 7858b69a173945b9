"""Who holds each client's package today: clients.csv `provider_id`, else inferred by a stated rule.

Many exports leave `provider_id` empty. Handing every such client to one provider would make today's
practice look far worse than it is (one team with everybody's visits), so an empty `provider_id` is
inferred, client by client, by the first rule that applies:

1. `unowned_clients_provider` when the baseline parameters name one (the analyst's explicit choice);
2. `history`: the provider whose carers made most of the client's history.csv visits (ties: the provider
   with the most recent visit, then providers.csv order);
3. `preferred_carers`: the provider of most of the client's preferred carers (ties: providers.csv order);
4. `nearest_carer`: the provider of the carer whose base is nearest the client's home (great circle).

`Ownership.summary()` says how many clients each rule gave to each provider, for the warning every
command that runs a baseline prints.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from ...domain import Client, Problem
from ...errors import InputError, Issue, Position
from ...travel.geo import great_circle_m

# The rules in the order they are tried; "clients.csv" is a provider_id given in the bundle.
RULES = ("clients.csv", "unowned_clients_provider", "history", "preferred_carers", "nearest_carer")


@dataclass(frozen=True)
class Ownership:
    """client_id -> the provider holding the package, and the rule that decided it."""

    provider_by_client: dict[str, str]
    rule_by_client: dict[str, str]

    def inferred(self) -> dict[str, Counter[str]]:
        """rule -> provider -> clients, for the clients whose provider was inferred (not in clients.csv)."""
        out: dict[str, Counter[str]] = {}
        for client_id, rule in self.rule_by_client.items():
            if rule != "clients.csv":
                out.setdefault(rule, Counter())[self.provider_by_client[client_id]] += 1
        return {rule: out[rule] for rule in RULES if rule in out}

    def summary(self) -> str | None:
        """One sentence naming the inferred clients per rule and provider; None when none was inferred."""
        inferred = self.inferred()
        if not inferred:
            return None
        total = sum(sum(c.values()) for c in inferred.values())
        parts = [
            f"{sum(counts.values())} by {rule} ("
            + ", ".join(f"{p} {n}" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            + ")"
            for rule, counts in inferred.items()
        ]
        return (
            f"{total} client(s) have no provider_id in clients.csv; their packages were given "
            + "; ".join(parts)
        )


def infer_ownership(problem: Problem, unowned_clients_provider: str | None = None) -> Ownership:
    """The provider holding each client's package, inferred where clients.csv leaves it empty."""
    if unowned_clients_provider is not None and unowned_clients_provider not in problem.provider_by_id:
        raise InputError(
            [
                Issue(
                    Position("baselines.toml", None, "unowned_clients_provider"),
                    f"unknown provider {unowned_clients_provider!r}",
                )
            ]
        )
    missing = [c for c in problem.clients if c.provider_id is None]
    if missing and not problem.providers:
        raise InputError("the bundle has no providers, so no client's package can be held")
    provider: dict[str, str] = {}
    rule: dict[str, str] = {}
    for c in problem.clients:
        if c.provider_id is not None:
            provider[c.client_id], rule[c.client_id] = c.provider_id, "clients.csv"
    if not missing:
        return Ownership(provider, rule)
    order = {p.provider_id: i for i, p in enumerate(problem.providers)}
    by_history = _history_majority(problem, order)
    nearest = _nearest_carer_provider(problem, missing)
    for c in missing:
        if unowned_clients_provider is not None:
            found = (unowned_clients_provider, "unowned_clients_provider")
        elif c.client_id in by_history:
            found = (by_history[c.client_id], "history")
        elif (preferred := _preferred_majority(problem, c, order)) is not None:
            found = (preferred, "preferred_carers")
        else:
            found = (nearest.get(c.client_id) or problem.providers[0].provider_id, "nearest_carer")
        provider[c.client_id], rule[c.client_id] = found
    ordered = [c.client_id for c in problem.clients]
    return Ownership({k: provider[k] for k in ordered}, {k: rule[k] for k in ordered})


def _history_majority(problem: Problem, order: dict[str, int]) -> dict[str, str]:
    """client_id -> the provider whose carers visited most in history.csv (ties: latest, then order)."""
    visits: dict[str, Counter[str]] = defaultdict(Counter)
    latest: dict[tuple[str, str], int] = {}
    for h in problem.history:
        carer = problem.carer_by_id.get(h.carer_id)
        if carer is None:
            continue
        visits[h.client_id][carer.provider_id] += 1
        key = (h.client_id, carer.provider_id)
        latest[key] = max(latest.get(key, 0), h.date.toordinal())
    out = {}
    for client_id, counts in visits.items():
        ranked = sorted(counts, key=lambda p: (-counts[p], -latest[(client_id, p)], order.get(p, 0)))
        out[client_id] = ranked[0]
    return out


def _preferred_majority(problem: Problem, client: Client, order: dict[str, int]) -> str | None:
    counts = Counter(
        problem.carer_by_id[k].provider_id for k in client.preferred_carers if k in problem.carer_by_id
    )
    if not counts:
        return None
    return min(counts, key=lambda p: (-counts[p], order.get(p, 0)))


def _nearest_carer_provider(problem: Problem, clients: list[Client]) -> dict[str, str]:
    """client_id -> provider of the carer based nearest the client's home (first carer on a tie)."""
    if not problem.carers or not clients:
        return {}
    lat = np.array([k.lat for k in problem.carers])
    lon = np.array([k.lon for k in problem.carers])
    out = {}
    for c in clients:
        nearest = int(np.argmin(great_circle_m(c.lat, c.lon, lat, lon)))
        out[c.client_id] = problem.carers[nearest].provider_id
    return out
