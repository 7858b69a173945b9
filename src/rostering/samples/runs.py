"""Commissioned times a provider's own runs can keep, as they are in practice.

Time-and-task slots are not random: when a package starts, the provider's coordinator fits it into a
carer's run, so one provider's requested times follow each other by the visit length plus the travel
between clients. The generator rebuilds those runs, per provider and per slot (morning, lunch, ...):
as many runs as the provider has carers on shift for that slot on its leanest weekday, each starting
from a carer's home; the run that is free earliest takes the nearest unscheduled call (a double-up
takes the two runs free earliest), and the call's requested start is when the run gets there, rounded
up to five minutes. Status-quo rosters can therefore keep the commissioned times; the engine's gain
comes from pooling, windows and better routes, not from an impossible status quo.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..domain import ApproximateTravel, Carer, Client
from ..travel.approximate import speed_kmh
from .care_week import AFTERNOON, BED, DAY_END, LUNCH, MORNING, TEA, Call, Package, Slot
from .continuity import distance_km
from .workforce import WorkPlan

# When each slot's runs set off (carers leave home as their shift starts), and the latest a call of
# the slot may be booked; a call no run reaches in time keeps its drawn slot.
RUN_START: dict[str, int] = {
    MORNING.name: 7 * 60 + 15,
    LUNCH.name: 11 * 60 + 15,
    AFTERNOON.name: 14 * 60,
    TEA.name: 16 * 60 + 40,
    BED.name: 19 * 60 + 10,
}
RUN_LATEST: dict[str, int] = {
    MORNING.name: 10 * 60 + 45,
    LUNCH.name: 13 * 60 + 45,
    AFTERNOON.name: 16 * 60,
    TEA.name: 18 * 60 + 45,
    BED.name: 21 * 60 + 15,
}
ROUND_TO_MIN = 5


@dataclass
class _Run:
    carer: Carer
    free_min: int
    end_min: int  # end of the shift part the run works in
    lat: float
    lon: float
    kmh: float

    def arrival(self, client: Client, circuity: float) -> int:
        km = distance_km(self.lat, self.lon, client.lat, client.lon) * circuity
        return self.free_min + math.ceil(km / self.kmh * 60.0)


def schedule_runs(
    packages: Sequence[Package],
    clients: Mapping[str, Client],
    teams: Mapping[str, Sequence[tuple[Carer, WorkPlan]]],
    settings: ApproximateTravel,
) -> list[Package]:
    """The packages with every call's requested time set by its provider's runs."""
    requested: dict[tuple[str, str], int] = {}
    for provider_id in sorted(teams):
        team = teams[provider_id]
        # The provider's leanest weekday: its runs must work with the fewest carers of the week.
        leanest = min(range(7), key=lambda d: (sum(d in p.weekdays for _, p in team), d))
        states: dict[tuple[str, int], _Run] = {}
        for slot in (MORNING, LUNCH, AFTERNOON, TEA, BED):
            calls = [
                (p, c)
                for p in packages
                if clients[p.client_id].provider_id == provider_id
                for c in p.calls
                if c.slot is slot
            ]
            if calls:
                runs = _runs(team, leanest, slot, states, settings)
                requested.update(_schedule(calls, runs, clients, settings.circuity))
    return [
        replace(
            p,
            calls=tuple(
                replace(c, requested_min=requested.get((p.client_id, c.slot.name), c.requested_min))
                for c in p.calls
            ),
        )
        for p in packages
    ]


def _runs(
    team: Sequence[tuple[Carer, WorkPlan]],
    weekday: int,
    slot: Slot,
    states: dict[tuple[str, int], _Run],
    settings: ApproximateTravel,
) -> list[_Run]:
    """One run per carer on shift at the slot's start; a run already under way carries on from there."""
    start = RUN_START[slot.name]
    runs = []
    for carer, plan in team:
        if weekday not in plan.weekdays:
            continue
        for begin, end in plan.pattern.parts:
            if begin <= start < end:
                key = (carer.carer_id, begin)
                if key not in states:
                    kmh = speed_kmh(settings, carer.travel_mode)
                    states[key] = _Run(carer, start, end, carer.lat, carer.lon, kmh)
                states[key].free_min = max(states[key].free_min, start)
                runs.append(states[key])
    return runs


def _schedule(
    calls: list[tuple[Package, Call]], runs: list[_Run], clients: Mapping[str, Client], circuity: float
) -> dict[tuple[str, str], int]:
    """Earliest-free run takes its nearest call it may do and can finish in its shift."""
    out: dict[tuple[str, str], int] = {}
    remaining = sorted(calls, key=lambda pc: pc[0].client_id)
    active = list(runs)
    while remaining and active:
        run = min(active, key=lambda r: (r.free_min, r.carer.carer_id))

        def fits(r: _Run, package: Package, call: Call) -> bool:
            client = clients[package.client_id]
            if not eligible_for_call(r.carer, client, package, call):
                return False
            start = r.arrival(client, circuity)
            return start <= RUN_LATEST[call.slot.name] and start + call.duration_min <= r.end_min

        options = [pc for pc in remaining if fits(run, *pc)]
        if not options:
            active.remove(run)
            continue
        package, call = min(
            options, key=lambda pc: (run.arrival(clients[pc[0].client_id], circuity), pc[0].client_id)
        )
        client = clients[package.client_id]
        crew = [run]
        if package.double_up:
            partners = [r for r in active if r is not run and fits(r, package, call)]
            if not partners:
                # Nobody free to pair with today: leave the double-up at its drawn time.
                remaining.remove((package, call))
                continue
            crew.append(min(partners, key=lambda r: (r.arrival(client, circuity), r.carer.carer_id)))
        start = max(r.arrival(client, circuity) for r in crew)
        start = min(-(-start // ROUND_TO_MIN) * ROUND_TO_MIN, DAY_END - call.duration_min)
        for r in crew:
            r.free_min, r.lat, r.lon = start + call.duration_min, client.lat, client.lon
        remaining.remove((package, call))
        out[(package.client_id, call.slot.name)] = start
    return out


def eligible_for_call(carer: Carer, client: Client, package: Package, call: Call) -> bool:
    gender_ok = client.gender_preference == "any" or carer.gender == client.gender_preference
    return gender_ok and set(package.call_skills(call)) <= set(carer.skills)
