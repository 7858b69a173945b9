"""The north-berwick sample: a week of care at home on the East Lothian coast.

North Berwick, Gullane, Dirleton, Aberlady, Athelstaneford, Whitekirk and the farms between, with
approximate real coordinates for each settlement and clients scattered around them. The council's
in-house team (salaried, drives, holds the complex packages) works beside two external time-and-task
agencies, some of whose town carers walk and one of whom cycles. Travel is approximate (great-circle x
circuity) until an OSM extract is supplied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..domain import Bounds, Client, Locality, Provider, TravelMode
from .assemble import LocalityPlan, TeamPlan
from .care_week import Package
from .clients import clients_at

START = dt.date(2026, 11, 24)  # a Tuesday
DAYS = 7
SKILLS = ("medication", "moving_and_handling", "dementia", "peg_feeding")


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    radius_n_m: float  # scatter north-south
    radius_e_m: float  # scatter east-west
    clients: int


# Approximate centres (WGS84) of the settlements, how far homes spread, and how many clients live there.
PLACES = (
    Place("North Berwick", 56.0532, -2.7150, 420, 1350, 95),
    Place("Gullane", 56.0338, -2.8290, 350, 850, 35),
    Place("Aberlady", 56.0088, -2.8575, 250, 650, 17),
    Place("Dirleton", 56.0447, -2.7780, 200, 380, 10),
    Place("Athelstaneford", 55.9958, -2.7300, 180, 380, 6),
    Place("Whitekirk", 56.0275, -2.6470, 150, 250, 4),
)
# Farms and hamlets between the villages: a client or two each, a few hundred metres from the steading.
FARMS = (
    Place("Drem", 56.0062, -2.7862, 250, 250, 2),
    Place("Kingston", 56.0372, -2.7455, 200, 250, 2),
    Place("Fenton Barns", 56.0238, -2.7790, 250, 250, 2),
    Place("Congalton", 56.0165, -2.7525, 200, 250, 1),
    Place("Ballencrieff", 55.9935, -2.8320, 250, 250, 2),
    Place("Newbyth", 56.0143, -2.6700, 200, 250, 1),
    Place("Tyninghame", 56.0150, -2.6160, 200, 250, 2),
    Place("Sheriffside", 56.0005, -2.6880, 200, 250, 1),
)
BOUNDS = Bounds(min_lat=55.975, min_lon=-2.90, max_lat=56.075, max_lon=-2.59)
TOWN = "North Berwick"
WEST = ("Gullane", "Aberlady", "Dirleton")

PROVIDERS = (
    Provider(provider_id="ELC", name="East Lothian Council Home Care", kind="in_house", payment="salaried",
             rate_per_hour=28.0),
    Provider(provider_id="CCC", name="Coastal Community Care", kind="external", payment="time_and_task",
             rate_per_hour=14.0),
    Provider(provider_id="LHP", name="Lothian Homecare Partners", kind="external", payment="time_and_task",
             rate_per_hour=14.5),
)  # fmt: skip


def scatter(rng: np.random.Generator, place: Place) -> tuple[float, float]:
    """A home inside the place's ellipse (uniform over the area), rounded to about 10 cm."""
    r, theta = np.sqrt(rng.random()), rng.random() * 2 * np.pi
    dlat = r * np.sin(theta) * place.radius_n_m / 111_320.0
    dlon = r * np.cos(theta) * place.radius_e_m / (111_320.0 * np.cos(np.radians(place.lat)))
    return round(place.lat + float(dlat), 6), round(place.lon + float(dlon), 6)


def commissioned_provider(rng: np.random.Generator, place: str, complex_care: bool) -> str:
    """In-house holds the complex packages; agencies hold most of the rest near their own patch."""
    if complex_care:
        return "ELC"
    if place == TOWN:
        shares = (0.22, 0.58, 0.20)
    elif place in WEST:
        shares = (0.22, 0.20, 0.58)
    else:
        shares = (0.60, 0.20, 0.20)
    return ("ELC", "CCC", "LHP")[int(rng.choice(3, p=np.array(shares)))]


def clients_and_packages(rng: np.random.Generator) -> tuple[list[Client], list[Package], list[str]]:
    """Clients (with their commissioned provider), their packages, and where each lives."""
    homes = [(p.name, *scatter(rng, p)) for p in (*PLACES, *FARMS) for _ in range(p.clients)]
    return clients_at(rng, homes, commissioned_provider)


def carer_home(rng: np.random.Generator, provider_id: str) -> Place:
    if provider_id == "CCC":
        weights = {TOWN: 0.7, "Dirleton": 0.1, "Gullane": 0.1, "Whitekirk": 0.1}
    elif provider_id == "LHP":
        weights = {"Gullane": 0.35, "Aberlady": 0.25, TOWN: 0.3, "Dirleton": 0.1}
    else:
        weights = {TOWN: 0.35, "Gullane": 0.2, "Aberlady": 0.1, "Athelstaneford": 0.15, "Dirleton": 0.1,
                   "Whitekirk": 0.1}  # fmt: skip
    names = sorted(weights)
    name = names[int(rng.choice(len(names), p=np.array([weights[n] for n in names])))]
    return next(p for p in PLACES if p.name == name)


TEAMS = (
    TeamPlan("ELC", "ELC", {"drive": 1.0}, {"medication": 1.0, "moving_and_handling": 1.0, "dementia": 0.7,
                                            "peg_feeding": 0.35}),
    TeamPlan("CCC", "CCC", {"drive": 0.65, "walk": 0.35}, {"medication": 0.95, "moving_and_handling": 0.5,
                                                            "dementia": 0.6}),
    TeamPlan("LHP", "LHP", {"drive": 0.85, "walk": 0.1, "bike": 0.05},
             {"medication": 0.95, "moving_and_handling": 0.5, "dementia": 0.6}),
)  # fmt: skip


def travel_mode(rng: np.random.Generator, provider_id: str, home: Place) -> TravelMode:
    """Agency carers living in North Berwick often walk; the rest drive."""
    if provider_id == "CCC" and home.name == TOWN:
        return "walk" if rng.random() < 0.5 else "drive"
    if provider_id == "LHP" and home.name == TOWN:
        return "walk" if rng.random() < 0.3 else "drive"
    return "drive"


def locality(tight: bool) -> Locality:
    suffix = " (tight variant: about a quarter of the shifts dropped)" if tight else ""
    return Locality(
        name="north-berwick-tight" if tight else "north-berwick",
        title=f"North Berwick coastal locality, East Lothian{suffix}",
        timezone="Europe/London",
        bounds=BOUNDS,
        skills=SKILLS,
        attribution="Settlement coordinates are approximate; no map data is bundled.",
        notes=(
            "Synthetic week generated by `rostering sample generate north-berwick`. Travel is approximate "
            "(great-circle distance x circuity at each mode's speed) until an OSM extract is supplied."
        ),
    )


def carer_base(rng: np.random.Generator, provider_id: str, index: int) -> tuple[float, float, TravelMode]:
    """Where a carer lives and how they travel; LHP's first carer lives in Gullane and cycles."""
    home = carer_home(rng, provider_id)
    if provider_id == "LHP" and index == 0:
        home = next(p for p in PLACES if p.name == "Gullane")
        return (*scatter(rng, home), "bike")
    lat, lon = scatter(rng, home)
    return lat, lon, travel_mode(rng, provider_id, home)


PLAN = LocalityPlan(
    name="north-berwick",
    dates=tuple(START + dt.timedelta(days=d) for d in range(DAYS)),
    history_days=21,
    providers=PROVIDERS,
    teams=TEAMS,
    clients_and_packages=clients_and_packages,
    carer_base=carer_base,
    locality=locality,
    target_slack=0.22,
)
