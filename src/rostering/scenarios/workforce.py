"""Workforce changes: move carers between in-house and external employers, add carers.

**In-house share** is the in-house providers' share of carer hours (shift hours on the scenario's dates).
To reach a target, carers of the other kind are taken in a seeded random order and moved whenever the
move brings the share closer to the target. A moved carer joins the provider of the new kind that is
furthest below its own share of that kind's hours (so the external mix stays as it was), keeps their
base, skills and shifts, and takes with them the packages of the clients they are the regular carer of
(most history.csv visits, then the first preferred carer), as happens when staff transfer with their
clients.

**Added carers** copy a template carer of the provider (`like`, else one drawn with the seed): skills,
travel mode, gender, contract and shift pattern on the scenario's dates; they are based at the
template's base, or with `zone` at clients' homes in that zone (drawn with the seed). Their ids are
`<provider>-NEW<n>`. Every new base is an existing location, so a stored travel matrix stays exact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from ..domain import Carer, Problem, Shift, carer_location_id, client_location_id
from .spec import AddCarers, WorkforceSpec


@dataclass(frozen=True)
class WorkforceChange:
    """The problem after the change, who holds each package now, and what was done (in words)."""

    problem: Problem
    holder: dict[str, str]
    sentences: tuple[str, ...]
    # New location id -> the existing location it sits on (stored matrices get a copy of its row).
    aliases: dict[str, str]


def carer_hours(problem: Problem) -> dict[str, float]:
    """Shift hours of each carer over the problem's dates."""
    hours: dict[str, float] = defaultdict(float)
    for s in problem.shifts:
        hours[s.carer_id] += s.length_min / 60.0
    return {c.carer_id: hours.get(c.carer_id, 0.0) for c in problem.carers}


def in_house_share(problem: Problem) -> float | None:
    hours = carer_hours(problem)
    total = sum(hours.values())
    if total <= 0:
        return None
    kind = {p.provider_id: p.kind for p in problem.providers}
    return sum(h for k, h in hours.items() if kind[problem.carer_by_id[k].provider_id] == "in_house") / total


def change_workforce(
    problem: Problem, spec: WorkforceSpec, holder: dict[str, str], zone_of: dict[str, str], seed: int
) -> WorkforceChange:
    """Apply [workforce] to `problem` (references already checked); `holder` is who holds each package."""
    rng = np.random.default_rng(seed)
    sentences: list[str] = []
    holder = dict(holder)
    target = spec.in_house_share
    current = in_house_share(problem)
    if spec.in_house_share_change is not None and current is not None:
        target = min(1.0, max(0.0, current + spec.in_house_share_change))
    if target is not None and current is not None:
        problem, holder, moved = _move_carers(problem, holder, target, rng)
        sentences += moved
    aliases: dict[str, str] = {}
    for add in spec.add_carers:
        problem, said, new_aliases = _add_carers(problem, add, zone_of, rng)
        sentences.append(said)
        aliases.update(new_aliases)
    return WorkforceChange(problem, holder, tuple(sentences), aliases)


def _move_carers(
    problem: Problem, holder: dict[str, str], target: float, rng: np.random.Generator
) -> tuple[Problem, dict[str, str], list[str]]:
    hours = carer_hours(problem)
    total = sum(hours.values())
    kind: dict[str, str] = {p.provider_id: p.kind for p in problem.providers}
    employer = {c.carer_id: c.provider_id for c in problem.carers}
    start = _share(hours, employer, kind, total)
    source = "external" if target > start else "in_house"
    dest_kind = "in_house" if source == "external" else "external"
    dest_providers = [p.provider_id for p in problem.providers if p.kind == dest_kind]
    base_hours = {p: sum(h for k, h in hours.items() if employer[k] == p) for p in dest_providers}
    base_total = sum(base_hours.values())
    proportion = {
        p: (base_hours[p] / base_total if base_total > 0 else 1 / len(dest_providers)) for p in dest_providers
    }
    candidates = sorted(k for k in employer if kind[employer[k]] == source and hours[k] > 0)
    moves: Counter[tuple[str, str]] = Counter()
    share = start
    for k in [candidates[i] for i in rng.permutation(len(candidates))]:
        after = share + (hours[k] / total if source == "external" else -hours[k] / total)
        if abs(after - target) >= abs(share - target):
            continue
        to = _furthest_below(dest_providers, proportion, hours, employer)
        moves[(employer[k], to)] += 1
        employer[k], share = to, after
    moved = {c.carer_id for c in problem.carers if employer[c.carer_id] != c.provider_id}
    regular = _regular_carers(problem)
    packages = 0
    for client_id, carer_id in regular.items():
        if carer_id in moved and holder.get(client_id) == problem.carer_by_id[carer_id].provider_id:
            holder[client_id] = employer[carer_id]
            packages += 1
    carers = tuple(
        c.replace(provider_id=employer[c.carer_id]) if c.carer_id in moved else c for c in problem.carers
    )
    how = ", ".join(f"{a}->{b} {n}" for (a, b), n in sorted(moves.items()))
    said = (
        f"in-house share of carer hours {start:.1%} -> {share:.1%} (target {target:.1%}): "
        f"{len(moved)} carer(s) moved{' (' + how + ')' if how else ''}; "
        f"{packages} package(s) moved with their regular carer"
    )
    return problem.replace(carers=carers), holder, [said]


def _share(hours: dict[str, float], employer: dict[str, str], kind: dict[str, str], total: float) -> float:
    return sum(h for k, h in hours.items() if kind[employer[k]] == "in_house") / total


def _furthest_below(
    providers: list[str], proportion: dict[str, float], hours: dict[str, float], employer: dict[str, str]
) -> str:
    now = {p: sum(h for k, h in hours.items() if employer[k] == p) for p in providers}
    total = sum(now.values())
    gap = {p: proportion[p] - (now[p] / total if total > 0 else 0.0) for p in providers}
    return max(providers, key=lambda p: (gap[p], -providers.index(p)))


def _regular_carers(problem: Problem) -> dict[str, str]:
    """client_id -> their regular carer: most history.csv visits (latest on a tie), else first preferred."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    latest: dict[tuple[str, str], int] = {}
    for h in problem.history:
        if h.carer_id in problem.carer_by_id:
            counts[h.client_id][h.carer_id] += 1
            key = (h.client_id, h.carer_id)
            latest[key] = max(latest.get(key, 0), h.date.toordinal())
    out: dict[str, str] = {}
    for client in problem.clients:
        seen = counts.get(client.client_id)
        if seen:
            ranked = sorted((-n, -latest[(client.client_id, k)], k) for k, n in seen.items())
            out[client.client_id] = ranked[0][2]
        elif client.preferred_carers:
            out[client.client_id] = client.preferred_carers[0]
    return out


def _add_carers(
    problem: Problem, add: AddCarers, zone_of: dict[str, str], rng: np.random.Generator
) -> tuple[Problem, str, dict[str, str]]:
    own = [c for c in problem.carers if c.provider_id == add.provider]
    template = problem.carer_by_id[add.like] if add.like else own[int(rng.integers(len(own)))]
    homes = sorted(c for c, z in zone_of.items() if z == add.zone) if add.zone else []
    taken = {c.carer_id for c in problem.carers}
    new_carers: list[Carer] = []
    new_shifts: list[Shift] = []
    aliases: dict[str, str] = {}
    n = 0
    for _ in range(add.count):
        n += 1
        while f"{add.provider}-NEW{n:02d}" in taken:
            n += 1
        carer_id = f"{add.provider}-NEW{n:02d}"
        taken.add(carer_id)
        if homes:
            home = problem.client_by_id[homes[int(rng.integers(len(homes)))]]
            lat, lon, at = home.lat, home.lon, client_location_id(home.client_id)
        else:
            lat, lon, at = template.lat, template.lon, carer_location_id(template.carer_id)
        new_carers.append(
            template.replace(
                carer_id=carer_id,
                provider_id=add.provider,
                lat=lat,
                lon=lon,
                skills=add.skills if add.skills is not None else template.skills,
                travel_mode=add.travel_mode or template.travel_mode,
                gender=add.gender or template.gender,
            )
        )
        aliases[carer_location_id(carer_id)] = at
        new_shifts += [
            s.replace(carer_id=carer_id) for s in problem.shifts if s.carer_id == template.carer_id
        ]
    where = (
        f"based at clients' homes in zone {add.zone}" if add.zone else f"based at {template.carer_id}'s base"
    )
    said = (
        f"{add.count} carer(s) added to {add.provider} "
        f"({new_carers[0].carer_id}..{new_carers[-1].carer_id}), "
        f"like {template.carer_id}: skills {', '.join(new_carers[0].skills) or 'none'}, "
        f"{new_carers[0].travel_mode}, {len(new_shifts) // add.count} shift(s) each, {where}"
    )
    updated = problem.replace(carers=(*problem.carers, *new_carers), shifts=(*problem.shifts, *new_shifts))
    return updated, said, aliases
