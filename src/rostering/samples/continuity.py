"""The weeks before the sample: each client mostly saw two to four regular carers of their provider.

Regulars are eligible carers of the commissioned provider, drawn with more weight on carers who live
near the client and whose shifts cover the client's calls. On each past day a call goes to a regular who
was working then (first choice most often); when none was, to another eligible carer on shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..domain import Carer, Client, HistoryRecord
from ..travel.geo import great_circle_m
from .care_week import Call, Package
from .workforce import WorkPlan

FAMILIAR_SHARE = 0.9  # of past calls done by a regular carer when one was working
RELIEF = 3
REGULAR_WEIGHTS = (0.55, 0.25, 0.12, 0.08)


@dataclass(frozen=True)
class Regulars:
    client_id: str
    carer_ids: tuple[str, ...]  # most familiar first
    relief: tuple[str, ...] = ()  # who covers when no regular is working


def eligible(carer: Carer, client: Client, package: Package) -> bool:
    """May `carer` do every call of the package (skills and gender preference)?"""
    needed = set(package.skills) | ({"medication"} if any(c.medication for c in package.calls) else set())
    gender_ok = client.gender_preference == "any" or carer.gender == client.gender_preference
    return gender_ok and needed <= set(carer.skills)


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    return float(great_circle_m(a_lat, a_lon, b_lat, b_lon)) / 1000.0


def choose_regulars(
    rng: np.random.Generator,
    client: Client,
    package: Package,
    team: Sequence[tuple[Carer, WorkPlan]],
) -> Regulars:
    """Two to four regulars (three or four for a double-up) and up to three relief carers."""
    pool = [(c, p) for c, p in team if eligible(c, client, package)]
    if not pool:
        return Regulars(client.client_id, ())
    weights = np.array(
        [
            (0.2 + _coverage(p, package.calls)) / (1.0 + distance_km(c.lat, c.lon, client.lat, client.lon))
            for c, p in pool
        ]
    )
    low, high = (3, 4) if package.double_up else (2, 4)
    n = min(len(pool), int(rng.integers(low, high + 1)) + RELIEF)
    picked = [
        pool[int(i)][0].carer_id
        for i in rng.choice(len(pool), size=n, replace=False, p=weights / weights.sum())
    ]
    regular = max(1, n - RELIEF)
    return Regulars(client.client_id, tuple(picked[:regular]), tuple(picked[regular:]))


def _coverage(plan: WorkPlan, calls: Sequence[Call]) -> float:
    return sum(plan.pattern.covers(c.requested_min) for c in calls) / max(1, len(calls))


def past_visits(
    rng: np.random.Generator,
    dates: Sequence[dt.date],
    packages: Sequence[Package],
    clients: dict[str, Client],
    regulars: dict[str, Regulars],
    teams: dict[str, list[tuple[Carer, WorkPlan]]],
) -> tuple[HistoryRecord, ...]:
    """Who visited whom on each past date (one record per client, carer and date)."""
    seen: set[tuple[dt.date, str, str]] = set()
    on_shift: dict[tuple[str, int, int], set[str]] = {}
    for date in dates:
        for package in packages:
            client = clients[package.client_id]
            team = teams[client.provider_id or ""]
            for call in package.calls:
                if date.weekday() not in call.weekdays:
                    continue
                key = (client.provider_id or "", date.weekday(), call.requested_min)
                if key not in on_shift:
                    on_shift[key] = {
                        c.carer_id
                        for c, p in team
                        if date.weekday() in p.weekdays and p.pattern.covers(call.requested_min)
                    }
                came = _who_came(rng, on_shift[key], package, client, regulars[client.client_id], team)
                seen.update((date, client.client_id, k) for k in came)
    return tuple(HistoryRecord(client_id=c, carer_id=k, date=d) for d, c, k in sorted(seen))


def _who_came(
    rng: np.random.Generator,
    working: set[str],
    package: Package,
    client: Client,
    known: Regulars,
    team: Sequence[tuple[Carer, WorkPlan]],
) -> list[str]:
    """The carer(s) who did one past call: a regular if one was working, else relief, else anyone able."""
    familiar = [k for k in known.carer_ids if k in working]
    relief = [k for k in known.relief if k in working]
    chosen: list[str] = []
    for _ in range(2 if package.double_up else 1):
        fam = [k for k in familiar if k not in chosen]
        rest = [k for k in relief if k not in chosen] or sorted(
            c.carer_id
            for c, _ in team
            if c.carer_id in working and c.carer_id not in chosen and eligible(c, client, package)
        )
        if fam and (rng.random() < FAMILIAR_SHARE or not rest):
            w = np.array(REGULAR_WEIGHTS[: len(fam)])
            chosen.append(fam[int(rng.choice(len(fam), p=w / w.sum()))])
        elif rest:
            chosen.append(rest[int(rng.integers(len(rest)))])
    return chosen
