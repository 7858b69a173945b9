"""The map of a generated council: a few larger towns, many villages, farms, and rural gaps between.

Towns are placed by a seeded dart throw that keeps them apart (so there is open country between them),
over an area that grows with their number, the way a Scottish or English council's market towns sit
8-15 km apart. Town sizes fall off like a rank-size rule: the county town is several times the smallest.
Each town anchors a *patch* (the town, two to eight villages a few kilometres out, and farms between),
which is how home-care services are organised: every patch has the council's in-house team and the two
external agencies nearest to it. Every name is invented; nothing here is a real place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..domain import Bounds
from .north_berwick import Place

# Where the invented council sits (south-east Scotland, inland): only the approximate-travel latitude
# scaling depends on it.
CENTRE_LAT, CENTRE_LON = 55.78, -2.95
M_PER_DEG_LAT = 111_320.0
TOWN_SPACING_M = 9_000.0  # mean distance between neighbouring towns
TOWN_SHARE, VILLAGE_SHARE = 0.62, 0.31  # of a patch's clients; the rest live on farms
TOWN_RADIUS_M = 800.0  # a town of REFERENCE_CLIENTS clients spreads this far (North Berwick's size)
REFERENCE_CLIENTS = 95
MIN_PATCH_CLIENTS = 6

_STEMS = ("Aber", "Auch", "Bal", "Ben", "Blair", "Cairn", "Craig", "Dal", "Drum", "Dun", "Fin", "Glen",
          "Inver", "Kil", "Kin", "Kirk", "Lang", "Loch", "Mel", "Mid", "New", "Pit", "Ros", "Strath",
          "Tor", "West", "Whit", "Hal", "Ash", "Eden")  # fmt: skip
_ENDINGS = ("more", "ton", "burn", "law", "muir", "field", "side", "haugh", "brae", "dale", "ford",
            "hope", "bank", "wick", "den", "ness", "hill", "mains", "shiels", "holm")  # fmt: skip


@dataclass(frozen=True)
class Patch:
    """A town with its villages and farms: one care patch, served by in-house and two agencies."""

    code: str  # "T01".."Tnn": the prefix of its clients' and carers' ids
    town: Place
    villages: tuple[Place, ...]
    farms: tuple[Place, ...]
    agencies: tuple[str, str]  # provider ids of the two agencies working in the patch

    @property
    def places(self) -> tuple[Place, ...]:
        return (self.town, *self.villages, *self.farms)

    @property
    def clients(self) -> int:
        return sum(p.clients for p in self.places)


@dataclass(frozen=True)
class CouncilMap:
    patches: tuple[Patch, ...]
    agency_towns: tuple[str, ...]  # the town each agency (AG01, AG02, ...) is based in

    @property
    def bounds(self) -> Bounds:
        """Every settlement's spread inside, with a kilometre of margin."""
        lats = [
            p.lat + s * p.radius_n_m / M_PER_DEG_LAT for q in self.patches for p in q.places for s in (-1, 1)
        ]
        lons = [
            p.lon + s * p.radius_e_m / _m_per_deg_lon(p.lat)
            for q in self.patches
            for p in q.places
            for s in (-1, 1)
        ]
        pad_lat = 1000.0 / M_PER_DEG_LAT
        pad_lon = 1000.0 / _m_per_deg_lon(CENTRE_LAT)
        return Bounds(
            min_lat=round(min(lats) - pad_lat, 3),
            min_lon=round(min(lons) - pad_lon, 3),
            max_lat=round(max(lats) + pad_lat, 3),
            max_lon=round(max(lons) + pad_lon, 3),
        )


def _m_per_deg_lon(lat: float) -> float:
    return M_PER_DEG_LAT * math.cos(math.radians(lat))


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` by largest remainder (sums exactly to `total`)."""
    w = np.asarray(weights, dtype=np.float64)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - out), kind="stable")[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


def town_sizes(clients: int, towns: int) -> list[int]:
    """Clients per patch by a rank-size rule (the k-th town about 1/k^0.8 of the first), each a few."""
    if clients < MIN_PATCH_CLIENTS * towns:
        raise ValueError(f"{clients} clients cannot fill {towns} towns: at least {MIN_PATCH_CLIENTS} each")
    rest = shares(clients - MIN_PATCH_CLIENTS * towns, [(k + 1) ** -0.8 for k in range(towns)])
    return [MIN_PATCH_CLIENTS + n for n in rest]


def place_towns(rng: np.random.Generator, count: int) -> list[tuple[float, float]]:
    """Town centres (metres east, north of the council's centre), no two closer than 60% of the spacing."""
    side = TOWN_SPACING_M * math.sqrt(count) * 1.1
    gap = 0.6 * TOWN_SPACING_M
    placed: list[tuple[float, float]] = []
    tries = 0
    while len(placed) < count:
        x, y = (rng.random(2) - 0.5) * side
        if all(math.hypot(x - a, y - b) >= gap for a, b in placed):
            placed.append((float(x), float(y)))
        tries += 1
        if tries % 2000 == 0:
            gap *= 0.9  # a crowded draw: let towns sit a little closer rather than loop forever
    return placed


def _names(rng: np.random.Generator, count: int) -> list[str]:
    pairs = [a + b for a in _STEMS for b in _ENDINGS]
    picked = rng.choice(len(pairs), size=count, replace=False)
    return [pairs[int(i)] for i in picked]


def _at(x_m: float, y_m: float) -> tuple[float, float]:
    lat = CENTRE_LAT + y_m / M_PER_DEG_LAT
    return round(lat, 6), round(CENTRE_LON + x_m / _m_per_deg_lon(CENTRE_LAT), 6)


def _around(rng: np.random.Generator, x: float, y: float, near_m: float, far_m: float) -> tuple[float, float]:
    r = near_m + (far_m - near_m) * rng.random()
    theta = rng.random() * 2 * math.pi
    return x + r * math.cos(theta), y + r * math.sin(theta)


def draw_map(rng: np.random.Generator, clients: int, towns: int) -> CouncilMap:
    """The council's patches (towns, villages, farms with their clients) and its agencies' home towns."""
    sizes = town_sizes(clients, towns)
    centres = place_towns(rng, towns)
    agencies = max(2, round(towns / 2))
    names = _names(rng, towns * 10)
    patches = []
    for k, (size, (x, y)) in enumerate(zip(sizes, centres, strict=True)):
        n_town, n_villages = shares(size, [TOWN_SHARE, VILLAGE_SHARE, 1 - TOWN_SHARE - VILLAGE_SHARE])[:2]
        n_farms = size - n_town - n_villages
        radius = TOWN_RADIUS_M * math.sqrt(max(n_town, 1) / REFERENCE_CLIENTS)
        town = Place(names[10 * k], *_at(x, y), radius * 0.8, radius * 1.2, n_town)
        village_count = min(8, 2 + size // 70) if n_villages else 0
        village_clients = shares(n_villages, list(rng.uniform(0.5, 1.5, size=village_count)))
        villages = tuple(
            Place(
                names[10 * k + 1 + j],
                *_at(*_around(rng, x, y, radius + 2500, radius + 6500)),
                180 + 25 * math.sqrt(n),
                220 + 35 * math.sqrt(n),
                n,
            )
            for j, n in enumerate(village_clients)
        )
        farm_clients = [2] * (n_farms // 2) + [1] * (n_farms % 2)
        farms = tuple(
            Place(
                f"{town.name} farm {j + 1}",
                *_at(*_around(rng, x, y, radius + 1200, radius + 8000)),
                200,
                250,
                n,
            )
            for j, n in enumerate(farm_clients)
        )
        patches.append((town, villages, farms, (x, y)))
    # Agencies are based in the largest towns; each patch works with the two based nearest to it.
    bases = [centres[j % towns] for j in range(agencies)]
    out = []
    for k, (town, villages, farms, (x, y)) in enumerate(patches):
        nearest = sorted(range(agencies), key=lambda j: (math.hypot(bases[j][0] - x, bases[j][1] - y), j))
        pair = (agency_id(nearest[0]), agency_id(nearest[1]))
        out.append(Patch(f"T{k + 1:02d}", town, villages, farms, pair))
    return CouncilMap(tuple(out), tuple(patches[j % towns][0].name for j in range(agencies)))


def agency_id(index: int) -> str:
    return f"AG{index + 1:02d}"
