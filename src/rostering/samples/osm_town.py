"""The osm-test-town sample: clients and carers at real buildings of the OSM extract shipped with pyrosm.

`pyrosm.get_data("test_pbf")` is a small Finnish extract (around 60.53 N, 26.95 E) that ships inside
the pyrosm package, so this sample and the OSM travel pipeline run offline. Clients live at residential
buildings (any building when there are too few), carers at other buildings. Buildings are sorted by
OSM id before sampling, so the seed alone fixes the choice. Map data (c) OpenStreetMap contributors,
ODbL 1.0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..domain import Bounds, Client, Locality, Provider, TravelMode
from .assemble import LocalityPlan, TeamPlan
from .care_week import Package, draw_calls

START = dt.date(2026, 11, 24)
DAYS = 3
CLIENTS = 40
EXTRACT = "pyrosm:test_pbf"
ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
RESIDENTIAL = ("residential", "apartments", "house", "terrace", "detached", "semidetached_house")
SKILLS = ("medication", "moving_and_handling", "dementia", "peg_feeding")

PROVIDERS = (
    Provider(provider_id="TOWN", name="Town home care team", kind="in_house", payment="salaried",
             rate_per_hour=28.0),
    Provider(provider_id="KOTI", name="Koti Care", kind="external", payment="time_and_task",
             rate_per_hour=14.0),
)  # fmt: skip
TEAMS = (
    TeamPlan("TOWN", "TWN", {"drive": 0.5, "bike": 0.3, "walk": 0.2},
             {"medication": 1.0, "moving_and_handling": 1.0, "dementia": 0.7, "peg_feeding": 0.5}),
    TeamPlan("KOTI", "KOT", {"drive": 0.3, "bike": 0.3, "walk": 0.4},
             {"medication": 0.95, "moving_and_handling": 0.5, "dementia": 0.6}),
)  # fmt: skip


@dataclass(frozen=True)
class Buildings:
    """Building points of the extract, sorted by OSM id: residential ones and all of them."""

    homes: tuple[tuple[int, float, float], ...]  # (osm id, lat, lon)
    every: tuple[tuple[int, float, float], ...]
    bounds: Bounds


@cache
def buildings() -> Buildings:
    """Read the buildings of pyrosm's bundled test extract (offline; takes a second or two)."""
    import pyrosm
    import shapely

    osm = pyrosm.OSM(pyrosm.get_data("test_pbf"))
    frame = osm.get_buildings()
    points = shapely.centroid(np.asarray(frame.geometry.array))
    kinds = frame["building"].fillna("yes").astype(str).tolist()
    rows = sorted(
        (int(i), round(float(shapely.get_y(pt)), 6), round(float(shapely.get_x(pt)), 6), kind)
        for i, pt, kind in zip(frame["id"].tolist(), points, kinds, strict=True)
    )
    every = tuple((i, lat, lon) for i, lat, lon, _ in rows)
    homes = tuple((i, lat, lon) for i, lat, lon, kind in rows if kind in RESIDENTIAL)
    west, south, east, north = (float(v) for v in frame.total_bounds)
    bounds = Bounds(
        min_lat=np.floor(south * 1000) / 1000,
        min_lon=np.floor(west * 1000) / 1000,
        max_lat=np.ceil(north * 1000) / 1000,
        max_lon=np.ceil(east * 1000) / 1000,
    )
    return Buildings(homes if len(homes) >= CLIENTS else every, every, bounds)


def clients_and_packages(rng: np.random.Generator) -> tuple[list[Client], list[Package], list[str]]:
    homes = buildings().homes
    picked = sorted(int(i) for i in rng.choice(len(homes), size=CLIENTS, replace=False))
    drafts = []
    for n, index in enumerate(picked):
        _, lat, lon = homes[index]
        calls = draw_calls(rng, medication=bool(rng.random() < 0.5))
        dementia = bool(rng.random() < 0.18)
        gender = str(rng.choice(["any", "f"], p=[0.85, 0.15]))
        drafts.append((f"C{n + 1:03d}", lat, lon, calls, dementia, gender))
    four_call = [i for i, d in enumerate(drafts) if len(d[3]) == 4]
    order = [four_call[int(j)] for j in rng.permutation(len(four_call))]
    double_up, peg = set(order[:2]), set(order[2:3])
    clients, packages = [], []
    for i, (client_id, lat, lon, calls, dementia, gender) in enumerate(drafts):
        needs = {"dementia": dementia, "moving_and_handling": i in double_up, "peg_feeding": i in peg}
        skills = tuple(sorted(name for name, needed in needs.items() if needed))
        complex_care = i in double_up or i in peg
        provider = "TOWN" if complex_care or rng.random() < 0.4 else "KOTI"
        packages.append(Package(client_id, calls, skills, i in double_up))
        clients.append(
            Client(client_id=client_id, lat=lat, lon=lon, gender_preference=gender, provider_id=provider)
        )
    return clients, packages, ["at residential buildings"] * len(clients)


def carer_base(rng: np.random.Generator, provider_id: str, index: int) -> tuple[float, float, TravelMode]:
    """A carer lives at a random building of the extract and walks, cycles or drives."""
    every = buildings().every
    _, lat, lon = every[int(rng.integers(len(every)))]
    team = next(t for t in TEAMS if t.provider_id == provider_id)
    modes = sorted(team.mode_share)
    weights = np.array([team.mode_share[m] for m in modes])
    mode = modes[int(rng.choice(len(modes), p=weights / weights.sum()))]
    return lat, lon, mode  # type: ignore[return-value]


def locality(tight: bool) -> Locality:
    return Locality(
        name="osm-test-town-tight" if tight else "osm-test-town",
        title="OSM test town: pyrosm's bundled test extract" + (" (tight variant)" if tight else ""),
        timezone="Europe/Helsinki",
        bounds=buildings().bounds,
        skills=SKILLS,
        osm_extract=EXTRACT,
        attribution=ATTRIBUTION,
        notes=(
            "Synthetic clients and carers placed at real buildings of pyrosm's test extract "
            "(`pyrosm.get_data('test_pbf')`). Travel is approximate until `rostering matrix` builds OSM "
            "matrices from the extract."
        ),
    )


def plan() -> LocalityPlan:
    return LocalityPlan(
        name="osm-test-town",
        dates=tuple(START + dt.timedelta(days=d) for d in range(DAYS)),
        history_days=14,
        providers=PROVIDERS,
        teams=TEAMS,
        clients_and_packages=clients_and_packages,
        carer_base=carer_base,
        locality=locality,
        target_slack=0.14,
        base_leg_m=1000.0,
    )
