"""Clients at given homes: their care needs, packages and commissioned provider, drawn in a fixed order.

Every sample locality places its homes its own way (scattered round a settlement, or at real buildings
of an OSM extract) and then draws the people the same way, so localities differ in geography, not in
what a care week looks like: half take medication, about one in six has dementia, hoist double-ups and
PEG feeds go to four-call clients, a few ask for female (or male) carers only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..domain import Client
from .care_week import Package, draw_calls

# (place name, lat, lon) of each client's home, in client order.
Home = tuple[str, float, float]
# rng, place, complex care -> the provider commissioned for the client.
Commissioner = Callable[[np.random.Generator, str, bool], str]
DOUBLE_UP_SHARE = 0.07  # of a day's calls, as four-call packages
PEG_FEEDS = 3


def clients_at(
    rng: np.random.Generator, homes: Sequence[Home], commissioned: Commissioner
) -> tuple[list[Client], list[Package], list[str]]:
    """Clients C001.. living at `homes`, their packages, and the place each lives in."""
    drafts = []
    for i, (place, lat, lon) in enumerate(homes):
        client_id = f"C{i + 1:03d}"
        medication = bool(rng.random() < 0.5)
        dementia = bool(rng.random() < 0.18)
        calls = draw_calls(rng, medication)
        gender = str(rng.choice(["any", "f", "m"], p=[0.835, 0.15, 0.015]))
        drafts.append((client_id, place, lat, lon, calls, dementia, gender))
    per_day = sum(len(d[4]) for d in drafts)
    # Hoist double-ups and PEG feeds go to four-call clients (not those asking for male carers only).
    four_call = [i for i, d in enumerate(drafts) if len(d[4]) == 4 and d[6] != "m"]
    order = [four_call[int(j)] for j in rng.permutation(len(four_call))]
    double_up = set(order[: round(DOUBLE_UP_SHARE * per_day / 4)])
    peg = set(order[len(double_up) : len(double_up) + PEG_FEEDS])
    clients, packages, places = [], [], []
    for i, (client_id, place, lat, lon, calls, dementia, gender) in enumerate(drafts):
        needs = {"dementia": dementia, "moving_and_handling": i in double_up, "peg_feeding": i in peg}
        skills = sorted(name for name, needed in needs.items() if needed)
        complex_care = i in double_up or i in peg or gender == "m"
        packages.append(Package(client_id, calls, tuple(skills), i in double_up))
        clients.append(
            Client(
                client_id=client_id,
                lat=lat,
                lon=lon,
                gender_preference=gender,
                provider_id=commissioned(rng, place, complex_care),
            )
        )
        places.append(place)
    return clients, packages, places
