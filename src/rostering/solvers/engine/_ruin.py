"""The ruin step of ruin-and-recreate: which routed visits to take out of the roster.

A cluster (the visits nearest a seed in place and time) or strings of consecutive visits from the routes
nearest the seed (SISR, Christiaens and Vanden Berghe 2020): a string frees a stretch of one carer's day,
where a cluster takes one visit from each of several days.
"""

from __future__ import annotations

import random

import numpy as np
from numpy.typing import NDArray

from ._instance import Instance
from ._routes import RouteState


def closeness(inst: Instance) -> NDArray[np.int64]:
    """Visit-node distance for clustering: travel minutes plus half the gap between window starts."""
    n = inst.n_visit_nodes
    travel = next(iter(inst.travel.values()))[:n, :n]
    return travel + np.abs(inst.ws[:, None] - inst.ws[None, :]) // 2


def ruin(
    state: RouteState,
    near: NDArray[np.int64],
    k: int,
    rng: random.Random,
    strings: int | None,
    seeds: list[int] | None = None,
    keep: frozenset[int] = frozenset(),
    takers_share: float = 0.0,
) -> set[int]:
    """About k routed visits near a seed (a routed visit, or half the time an unassigned one; one of
    `seeds` when given), nearest first by `near` (see `closeness`): each visit itself (a cluster), or with
    `strings` a run of 1..strings consecutive visits of its route around it, one run per route. Nodes in
    `keep` are never taken out. Around an unassigned seed only the routes of vehicles allowed to take it
    are ruined: room near it on a carer who cannot do the visit (skills, gender, exclusions, shift) is no
    use to it, and a visit few carers can do stays out for good otherwise (a re-plan's sick carer's
    specialist visits). Around a routed seed that only some carers may do, a share `takers_share` of the
    ruins does the same: the visits it frees can then change places among the carers who can do them
    (where a few carers hold a skill, their days are what the search must reshape)."""
    vehicle_of = state.vehicle_of
    routed = np.flatnonzero(vehicle_of >= 0)
    if keep:
        routed = np.array([j for j in routed.tolist() if j not in keep], dtype=np.int64)
    out: set[int] = set()
    if not len(routed):
        return out
    if seeds:
        seed_node = rng.choice(seeds)
    else:
        unrouted = np.flatnonzero(vehicle_of < 0)
        seed_node = rng.choice(unrouted) if len(unrouted) and rng.random() < 0.5 else rng.choice(routed)
    allowed = state.inst.allowed[seed_node]
    restricted = vehicle_of[seed_node] < 0 or (
        takers_share > 0 and not allowed.all() and rng.random() < takers_share
    )
    takers = allowed if restricted else None
    if takers is not None and not takers[vehicle_of[routed]].any():
        takers = None  # nobody who could take it has a visit: ruin around it as for any seed
    ruined: set[int] = set()
    for j in map(int, np.argsort(near[seed_node], kind="stable")):
        v = int(vehicle_of[j])
        if v < 0 or v in ruined or j in keep or (takers is not None and not takers[v]):
            continue
        if strings is None:
            out.add(j)
        else:
            ruined.add(v)
            route = state.routes[v]
            at = route.index(j)
            length = rng.randint(1, min(strings, len(route), k - len(out)))
            first = rng.randint(max(0, at - length + 1), min(at, len(route) - length))
            out.update(m for m in route[first : first + length] if m not in keep)
        if len(out) >= k:
            break
    return out
