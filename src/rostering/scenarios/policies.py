"""Provider policies: which providers' carers may visit which clients (clients.csv `allowed_providers`).

- `status-quo`: each client only by the provider holding the package (clients.csv `provider_id`, else
  inferred), i.e. today's silos, rostered by the scenario's solver.
- `pooled`: anyone (the locality model).
- `single-provider`: one provider per zone serves every client there.
- `max-providers`: at most `max_per_zone` providers per zone.
- `main-plus-specialist`: one main provider per zone; a client any of whose visits needs a specialist's
  skill has the whole package with that specialist (the first listed whose skills match), wherever they
  live.

Unless `zone_providers` names them, a zone's providers are picked from the packages held there
(visit minutes of the zone's clients by holding provider): for `max-providers` the zone's top
`max_per_zone`; for `single-provider` and the mains, pairs (zone, provider) are taken in order of those
minutes so that no provider gets more than its fair number of zones (zones / providers, rounded up)
and every zone gets one. Only providers with carers are picked; ties go to providers.csv order. A client
whose package sits with a provider the policy no longer allows moves to the zone's first provider.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import Problem
from .spec import ProvidersSpec


@dataclass(frozen=True)
class PolicyOutcome:
    allowed: dict[str, tuple[str, ...]]  # client_id -> providers allowed (empty: any)
    holder: dict[str, str]  # client_id -> the provider holding the package under the policy
    zone_providers: dict[str, tuple[str, ...]]  # zone -> its providers (zoned policies)
    sentences: tuple[str, ...]


def apply_policy(
    problem: Problem,
    spec: ProvidersSpec,
    holder: dict[str, str],
    zone_of: dict[str, str],
    zones: tuple[str, ...],
) -> PolicyOutcome:
    """The allowed providers of every client under `spec` (references already checked)."""
    clients = [c.client_id for c in problem.clients]
    if spec.policy == "pooled":
        return PolicyOutcome(
            {c: () for c in clients},
            dict(holder),
            {},
            ("pooled: any provider's carers may visit any client",),
        )
    if spec.policy == "status-quo":
        allowed: dict[str, tuple[str, ...]] = {c: (holder[c],) for c in clients}
        counts = _count(holder.values())
        said = "status-quo: each client only by the provider holding the package (" + counts + ")"
        return PolicyOutcome(allowed, dict(holder), {}, (said,))
    minutes = _held_minutes(problem, holder, zone_of)
    staffed = [
        p.provider_id
        for p in problem.providers
        if any(k.provider_id == p.provider_id for k in problem.carers)
    ]
    specialists = {s.provider for s in spec.specialist}
    if spec.policy == "max-providers":
        assert spec.max_per_zone is not None
        chosen = {
            z: spec.zone_providers.get(z) or _top(minutes[z], staffed, spec.max_per_zone) for z in zones
        }
    else:
        mains = [p for p in staffed if p not in specialists] or staffed
        picked = _one_each(
            zones, minutes, mains, {z: spec.zone_providers[z] for z in zones if z in spec.zone_providers}
        )
        chosen = {z: spec.zone_providers.get(z) or picked[z] for z in zones}
    allowed = {c: tuple(chosen[zone_of[c]]) for c in clients}
    specialist_of = _specialist_clients(problem, spec) if spec.specialist else {}
    allowed.update({c: (p,) for c, p in specialist_of.items()})
    new_holder = {c: holder[c] if holder[c] in allowed[c] else allowed[c][0] for c in clients}
    moved = sum(1 for c in clients if new_holder[c] != holder[c])
    zone_text = "; ".join(f"{z} -> {', '.join(chosen[z])}" for z in zones)
    sentences = [f"{spec.policy}: {zone_text}"]
    if spec.specialist:
        for s in spec.specialist:
            n = sum(1 for p in specialist_of.values() if p == s.provider)
            sentences.append(f"specialist {s.provider} ({', '.join(s.skills)}) holds {n} client(s)' packages")
    sentences.append(
        f"{moved} package(s) change provider; each client may be visited only by its allowed providers"
    )
    return PolicyOutcome(allowed, new_holder, chosen, tuple(sentences))


def _count(providers: Iterable[str]) -> str:
    return ", ".join(f"{p} {n}" for p, n in sorted(Counter(providers).items()))


def _held_minutes(
    problem: Problem, holder: dict[str, str], zone_of: dict[str, str]
) -> dict[str, dict[str, int]]:
    """zone -> provider -> visit minutes of the zone's clients whose package that provider holds."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for v in problem.visits:
        out[zone_of[v.client_id]][holder[v.client_id]] += v.duration_min
    return out


def _top(minutes: dict[str, int], staffed: list[str], k: int) -> tuple[str, ...]:
    ranked = sorted(
        (p for p in staffed if minutes.get(p, 0) > 0), key=lambda p: (-minutes[p], staffed.index(p))
    )
    return tuple(ranked[:k]) or tuple(staffed[:1])


def _one_each(
    zones: tuple[str, ...],
    minutes: dict[str, dict[str, int]],
    providers: list[str],
    fixed: dict[str, tuple[str, ...]],
) -> dict[str, tuple[str, ...]]:
    """One provider per zone, greedily by held minutes, each provider at most ceil(zones / providers)."""
    cap = math.ceil(len(zones) / max(1, len(providers)))
    load: dict[str, int] = defaultdict(int)
    for chosen in fixed.values():
        for p in chosen:
            load[p] += 1
    out = dict(fixed)
    pairs = sorted(
        ((z, p) for z in zones if z not in fixed for p in providers),
        key=lambda zp: (-minutes[zp[0]].get(zp[1], 0), zones.index(zp[0]), providers.index(zp[1])),
    )
    for z, p in pairs:
        if z not in out and load[p] < cap:
            out[z] = (p,)
            load[p] += 1
    for z in zones:  # every provider at its cap already (fixed zones): the least loaded one
        if z not in out:
            p = min(providers, key=lambda q: (load[q], providers.index(q)))
            out[z] = (p,)
            load[p] += 1
    return out


def _specialist_clients(problem: Problem, spec: ProvidersSpec) -> dict[str, str]:
    """client_id -> the specialist holding the package: the first whose skills some visit of theirs needs."""
    needs: dict[str, set[str]] = defaultdict(set)
    for v in problem.visits:
        needs[v.client_id].update(v.skills)
    out = {}
    for client in problem.clients:
        for s in spec.specialist:
            if needs[client.client_id] & set(s.skills):
                out[client.client_id] = s.provider
                break
    return out
