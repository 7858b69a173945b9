"""A scenario's references to its base bundle: providers, carers, skills, dates and zones, each located.

Run before anything is computed, so a bad scenario exits with every problem at once (exit code 2).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..domain import Problem
from ..errors import Issue
from .parse import Scenario
from .spec import ZONED_POLICIES
from .workforce import carer_hours
from .zones import ZoneMap


def _unknown(kind: str, value: str, known: Iterable[str], among: str = "the bundle has") -> str:
    choices = sorted(known)
    near = difflib.get_close_matches(value, choices, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else f" ({among}: {', '.join(choices[:12]) or 'none'})"
    return f"unknown {kind} {value!r}{hint}"


def reference_issues(s: Scenario, problem: Problem) -> list[Issue]:
    """Every reference the scenario makes to the base bundle that the bundle does not have."""
    spec, out = s.spec, []
    providers = set(problem.provider_by_id)
    vocabulary = set(problem.locality.skills) or {k for c in problem.carers for k in c.skills}

    def provider(value: str, *key: str | int) -> None:
        if value not in providers:
            out.append(s.issue(_unknown("provider", value, providers), *key))

    def skills(values: Iterable[str], *key: str | int) -> None:
        for value in values:
            if value not in vocabulary:
                out.append(s.issue(_unknown("skill", value, vocabulary), *key))

    for day in spec.dates:
        if day not in problem.dates:
            shown = ", ".join(str(d) for d in problem.dates[:7]) + (", ..." if len(problem.dates) > 7 else "")
            out.append(
                s.issue(f"the base bundle has no visits or shifts on {day} (its dates: {shown})", "dates")
            )
    for i, sp in enumerate(spec.providers.specialist):
        provider(sp.provider, "providers", "specialist", i, "provider")
        skills(sp.skills, "providers", "specialist", i, "skills")
    for zone, chosen in spec.providers.zone_providers.items():
        for p in chosen:
            provider(p, "providers", "zone_providers", zone)
    for i, add in enumerate(spec.workforce.add_carers):
        provider(add.provider, "workforce", "add_carers", i, "provider")
        skills(add.skills or (), "workforce", "add_carers", i, "skills")
        if add.like is not None and add.like not in problem.carer_by_id:
            out.append(
                s.issue(
                    _unknown("carer", add.like, problem.carer_by_id), "workforce", "add_carers", i, "like"
                )
            )
        if add.like is None and not any(c.provider_id == add.provider for c in problem.carers):
            out.append(
                s.issue(
                    f'provider {add.provider!r} has no carers to copy: name one with like = "<carer id>"',
                    "workforce",
                    "add_carers",
                    i,
                    "provider",
                )
            )
    for table in ("rate_per_hour", "mileage_per_km", "payment"):
        for p in getattr(spec.rates, table):
            provider(p, "rates", table)
    out += _share_issues(s, problem)
    return out


def _share_issues(s: Scenario, problem: Problem) -> list[Issue]:
    w = s.spec.workforce
    if w.in_house_share is None and w.in_house_share_change is None:
        return []
    key = "in_house_share" if w.in_house_share is not None else "in_house_share_change"
    hours = carer_hours(problem)
    kinds = {
        p.kind
        for p in problem.providers
        if any(hours.get(c.carer_id, 0) > 0 and c.provider_id == p.provider_id for c in problem.carers)
    }
    if kinds != {"in_house", "external"}:
        return [
            s.issue(
                "moving carers needs an in-house and an external provider with carers on shift",
                "workforce",
                key,
            )
        ]
    return []


def zone_reference_issues(s: Scenario, zones: ZoneMap | None) -> list[Issue]:
    """Zone names the scenario uses (rural, zone_providers, add_carers.zone) that its zones do not have."""
    spec, out = s.spec, []
    names = set(zones.names) if zones else set()
    for name in spec.zones.rural if spec.zones else ():
        if name not in names:
            out.append(s.issue(_unknown("zone", name, names, "the zones are"), "zones", "rural"))
    policy = spec.providers
    for zone, chosen in policy.zone_providers.items():
        if zone not in names:
            out.append(
                s.issue(_unknown("zone", zone, names, "the zones are"), "providers", "zone_providers", zone)
            )
        elif policy.policy in ZONED_POLICIES - {"max-providers"} and len(chosen) != 1:
            out.append(
                s.issue(
                    f"{policy.policy} gives zone {zone!r} one provider, not {len(chosen)}",
                    "providers",
                    "zone_providers",
                    zone,
                )
            )
        elif policy.max_per_zone is not None and len(chosen) > policy.max_per_zone:
            out.append(
                s.issue(
                    f"zone {zone!r} names {len(chosen)} providers, over max_per_zone = {policy.max_per_zone}",
                    "providers",
                    "zone_providers",
                    zone,
                )
            )
    for i, add in enumerate(spec.workforce.add_carers):
        if add.zone is None:
            continue
        if zones is None:
            out.append(s.issue("add_carers.zone needs a [zones] table", "workforce", "add_carers", i, "zone"))
        elif add.zone not in names:
            out.append(
                s.issue(
                    _unknown("zone", add.zone, names, "the zones are"), "workforce", "add_carers", i, "zone"
                )
            )
        elif not zones.clients_in(add.zone):
            out.append(
                s.issue(
                    f"zone {add.zone!r} has no clients to base carers at",
                    "workforce",
                    "add_carers",
                    i,
                    "zone",
                )
            )
    return out
