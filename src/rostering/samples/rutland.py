"""The rutland sample: a week of care at home in Rutland, England, on real OpenStreetMap roads.

Rutland is a rural county of two market towns (Oakham, Uppingham) and some fifty villages, next to the
rural east of Leicestershire. Its Geofabrik extract ships in the sample folder (`rutland-latest.osm.pbf`,
© OpenStreetMap contributors, ODbL 1.0), so `rostering matrix` builds drive, walk and bike matrices from
it offline. Clients live at real homes of the extract near each settlement (`osm_homes`: tagged houses,
house-sized untagged buildings, address points; points on its residential streets where a village's
buildings are not mapped); carers' bases are other homes in the towns and villages. No two people share
an address, and the seed alone fixes the choice.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from ..domain import Bounds, Client, Locality, Provider, TravelMode
from ..errors import InputError, Issue, Position
from .assemble import LocalityPlan, TeamPlan
from .care_week import Package
from .clients import clients_at
from .osm_homes import Geography, Place, Spot, geography

EXTRACT = "rutland-latest.osm.pbf"
BOUNDARY = "boundary.geojson"
FOLDER = Path("data") / "sample_localities" / "rutland"
COUNTY = "Rutland"  # the boundary relation outlining the locality
ATTRIBUTION = (
    "Map data © OpenStreetMap contributors, ODbL 1.0 (Geofabrik extract rutland-latest.osm.pbf, "
    "shipped in this folder)"
)
START = dt.date(2026, 11, 24)  # a Tuesday, the same week as north-berwick
DAYS = 7
SKILLS = ("medication", "moving_and_handling", "dementia", "peg_feeding")


PLACES = (
    Place("Oakham", 52.6699, -0.7285, 1600, 44),
    Place("Barleythorpe", 52.6787, -0.7457, 500, 4),
    Place("Uppingham", 52.5887, -0.7234, 1100, 20),
    Place("Ketton", 52.6277, -0.5522, 700, 8),
    Place("Cottesmore", 52.7135, -0.6628, 800, 7),
    Place("Ryhall", 52.6851, -0.4702, 600, 5),
    Place("Langham", 52.6911, -0.7536, 600, 5),
    Place("Whissendine", 52.7195, -0.7748, 700, 5),
    Place("Empingham", 52.6665, -0.5967, 600, 4),
    Place("Edith Weston", 52.6371, -0.6304, 600, 4),
    Place("Greetham", 52.7197, -0.6295, 600, 3),
    Place("Market Overton", 52.7396, -0.6853, 500, 3),
    Place("Exton", 52.6910, -0.6313, 500, 3),
    Place("North Luffenham", 52.6197, -0.6172, 600, 3),
    Place("Barrowden", 52.5914, -0.6020, 500, 3),
    Place("Great Casterton", 52.6704, -0.5217, 500, 2),
    Place("South Luffenham", 52.6076, -0.6118, 450, 2),
    Place("Lyddington", 52.5654, -0.7120, 500, 2),
    Place("Caldecott", 52.5334, -0.7211, 450, 2),
    Place("Morcott", 52.5962, -0.6368, 450, 2),
    Place("Braunston in Rutland", 52.6520, -0.7693, 450, 2),
    Place("Belton-in-Rutland", 52.6031, -0.7957, 450, 2),
    Place("Wing", 52.6180, -0.6848, 450, 2),
    Place("Manton", 52.6320, -0.7001, 450, 2),
    Place("Essendine", 52.7015, -0.4523, 450, 2),
    Place("Ashwell", 52.7135, -0.7183, 500, 1),
    Place("Tinwell", 52.6462, -0.5144, 450, 1),
    Place("Clipsham", 52.7348, -0.5653, 450, 1),
    Place("Preston", 52.6126, -0.7143, 400, 1),
    Place("Glaston", 52.5948, -0.6769, 400, 1),
    Place("Seaton", 52.5754, -0.6720, 400, 1),
    Place("Whitwell", 52.6690, -0.6342, 400, 1),
    Place("Ridlington", 52.6156, -0.7481, 400, 1),
    Place("Bisbrooke", 52.5876, -0.6942, 400, 1),
    Place("Thistleton", 52.7515, -0.6479, 400, 1),
    Place("Stretton", 52.7320, -0.5958, 400, 1),
    Place("Upper Hambleton", 52.6586, -0.6701, 400, 1),
    Place("Egleton", 52.6573, -0.7065, 400, 1),
)
OAKHAM_VALE = ("Oakham", "Barleythorpe", "Langham", "Cottesmore", "Whissendine", "Ashwell", "Market Overton",
               "Greetham", "Exton", "Braunston in Rutland", "Egleton", "Upper Hambleton", "Thistleton",
               "Whitwell", "Stretton")  # fmt: skip
SOUTH = ("Uppingham", "Lyddington", "Caldecott", "Seaton", "Glaston", "Morcott", "Bisbrooke", "Wing",
         "Preston", "Manton", "Belton-in-Rutland", "Ridlington", "Barrowden", "South Luffenham")  # fmt: skip

PROVIDERS = (
    Provider(provider_id="RCC", name="Rutland County Council Home Care", kind="in_house", payment="salaried",
             rate_per_hour=28.0),
    Provider(provider_id="OVH", name="Oakham & Vale Homecare", kind="external", payment="time_and_task",
             rate_per_hour=14.0),
    Provider(provider_id="WHP", name="Welland Homecare Partners", kind="external", payment="time_and_task",
             rate_per_hour=14.5),
)  # fmt: skip
TEAMS = (
    TeamPlan("RCC", "RCC", {"drive": 1.0}, {"medication": 1.0, "moving_and_handling": 1.0, "dementia": 0.7,
                                            "peg_feeding": 0.35}),
    TeamPlan("OVH", "OVH", {"drive": 0.8, "walk": 0.15, "bike": 0.05},
             {"medication": 0.95, "moving_and_handling": 0.5, "dementia": 0.6}),
    TeamPlan("WHP", "WHP", {"drive": 0.85, "walk": 0.15}, {"medication": 0.95, "moving_and_handling": 0.5,
                                                            "dementia": 0.6}),
)  # fmt: skip
# Where each provider's carers live (place -> share).
CARER_HOMES = {
    "RCC": {"Oakham": 0.35, "Uppingham": 0.25, "Ketton": 0.1, "Cottesmore": 0.1, "Empingham": 0.05,
            "Edith Weston": 0.05, "Ryhall": 0.05, "North Luffenham": 0.05},
    "OVH": {"Oakham": 0.6, "Barleythorpe": 0.1, "Langham": 0.1, "Cottesmore": 0.1, "Whissendine": 0.1},
    "WHP": {"Uppingham": 0.6, "Lyddington": 0.1, "Caldecott": 0.1, "Morcott": 0.1, "Oakham": 0.1},
}  # fmt: skip
# Share of each town's agency carers who walk their rounds.
WALKERS = {("OVH", "Oakham"): 0.25, ("WHP", "Uppingham"): 0.2}


def county() -> Geography:
    """Rutland's candidate homes and county outline, read from the shipped extract (once per process)."""
    return geography(str(extract_path()), PLACES, COUNTY)


def extract_path() -> Path:
    """The shipped extract: in the sample folder under the current folder, else under the checkout."""
    here = Path(__file__).resolve().parents[3] / FOLDER / EXTRACT
    for candidate in (Path.cwd() / FOLDER / EXTRACT, here):
        if candidate.is_file():
            return candidate
    raise InputError(
        [Issue(Position(str(FOLDER / EXTRACT)), "the Rutland OpenStreetMap extract is missing; it ships "
               "with the repository (data/sample_localities/rutland/); run from the checkout")]
    )  # fmt: skip


@dataclass
class _Draw:
    """One generation's geography and the homes taken so far (no two people at one address)."""

    geo: Geography
    taken: set[tuple[int, int, int, int]] = field(default_factory=set)

    def homes_in(self, rng: np.random.Generator, place: Place, count: int) -> list[Spot]:
        """`count` free homes of `place`: mapped homes first, then points on its streets."""
        picked: list[Spot] = []
        for pool in (self.geo.homes[place.name], self.geo.streets[place.name]):
            free = [s for s in pool if s.key not in self.taken]
            want = count - len(picked)
            if want <= 0:
                break
            if free:
                chosen = rng.choice(len(free), size=min(want, len(free)), replace=False)
                picked += [free[int(i)] for i in sorted(chosen.tolist())]
        if len(picked) < count:
            raise ValueError(f"{place.name}: only {len(picked)} homes in the extract for {count} people")
        self.taken |= {s.key for s in picked}
        return picked

    def clients_and_packages(self, rng: np.random.Generator) -> tuple[list[Client], list[Package], list[str]]:
        homes = [(p.name, s.lat, s.lon) for p in PLACES for s in self.homes_in(rng, p, p.clients)]
        return clients_at(rng, homes, commissioned_provider)

    def carer_base(
        self, rng: np.random.Generator, provider_id: str, index: int
    ) -> tuple[float, float, TravelMode]:
        weights = CARER_HOMES[provider_id]
        names = sorted(weights)
        name = names[int(rng.choice(len(names), p=np.array([weights[n] for n in names])))]
        if provider_id == "OVH" and index == 0:
            name = "Oakham"  # the agency's cyclist lives in town
        place = next(p for p in PLACES if p.name == name)
        spot = self.homes_in(rng, place, 1)[0]
        return spot.lat, spot.lon, travel_mode(rng, provider_id, name, index)


def commissioned_provider(rng: np.random.Generator, place: str, complex_care: bool) -> str:
    """In-house holds complex packages and most of the east; each agency holds most of its own patch."""
    if complex_care:
        return "RCC"
    if place in OAKHAM_VALE:
        shares = (0.22, 0.58, 0.20)
    elif place in SOUTH:
        shares = (0.22, 0.20, 0.58)
    else:
        shares = (0.60, 0.20, 0.20)
    return ("RCC", "OVH", "WHP")[int(rng.choice(3, p=np.array(shares)))]


def travel_mode(rng: np.random.Generator, provider_id: str, place: str, index: int) -> TravelMode:
    """In-house carers drive; some agency carers living in the towns walk; OVH's first carer cycles."""
    if provider_id == "OVH" and index == 0:
        return "bike"
    share = WALKERS.get((provider_id, place), 0.0)
    return "walk" if share and rng.random() < share else "drive"


def bounds(outline: shapely.Polygon) -> Bounds:
    west, south, east, north = outline.bounds
    return Bounds(
        min_lat=np.floor(south * 100) / 100,
        min_lon=np.floor(west * 100) / 100,
        max_lat=np.ceil(north * 100) / 100,
        max_lon=np.ceil(east * 100) / 100,
    )


def boundary_geojson(outline: shapely.Polygon) -> str:
    """The county outline as a GeoJSON FeatureCollection (the locality boundary of the bundle)."""
    feature = {
        "type": "Feature",
        "properties": {"name": "Rutland", "source": "OpenStreetMap boundary relation (simplified)"},
        "geometry": json.loads(shapely.to_geojson(outline)),
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")) + "\n"


def extra_files() -> dict[str, bytes]:
    """Files that sit beside the bundle: the shipped extract (copied as is) and the county boundary."""
    path = extract_path()
    return {
        EXTRACT: path.read_bytes(),
        BOUNDARY: boundary_geojson(county().boundary).encode("utf-8"),
    }


def locality(tight: bool) -> Locality:
    outline = county().boundary
    return Locality(
        name="rutland-tight" if tight else "rutland",
        title="Rutland, England: Oakham, Uppingham and the villages" + (" (tight variant)" if tight else ""),
        timezone="Europe/London",
        bounds=bounds(outline),
        skills=SKILLS,
        boundary=BOUNDARY,
        osm_extract=EXTRACT,
        attribution=ATTRIBUTION,
        notes=(
            "Synthetic week generated by `rostering sample generate rutland`: clients and carers at real "
            "homes of the shipped OpenStreetMap extract. Run `rostering matrix` on this folder to build "
            "drive, walk and bike matrices on its roads (a few seconds)."
        ),
    )


def plan() -> LocalityPlan:
    draw = _Draw(county())
    return LocalityPlan(
        name="rutland",
        dates=tuple(START + dt.timedelta(days=d) for d in range(DAYS)),
        history_days=21,
        providers=PROVIDERS,
        teams=TEAMS,
        clients_and_packages=draw.clients_and_packages,
        carer_base=draw.carer_base,
        locality=locality,
        target_slack=0.22,
        base_leg_m=4000.0,
    )
