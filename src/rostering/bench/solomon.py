"""Solomon (1987) and Gehring-Homberger VRPTW instances: read the text format, build the engine's problem.

The benchmark must exercise the same model and search a coordinator's nightly run uses, so an instance
becomes an ordinary `Problem`: each customer is a client with one visit (hard window, service time,
demand), each vehicle is a carer whose base is the depot, with one shift from the depot's ready time to
its due time and the vehicle capacity.

Units. The literature's distance-only best-knowns use the DIMACS convention: every arc's Euclidean
distance (which is also its travel time) is truncated to one decimal. The engine counts integer minutes,
so one engine minute is one tenth of an instance time unit: windows and service times are multiplied by
`TIME_SCALE` = 10 and an arc's travel time is floor(10 x distance) engine minutes, exactly. The travel
matrix stores seconds = 60 x that (so `TravelMatrix.minutes` returns it unchanged) and metres = the same
number of tenths, so a solver minimising distance minimises the DIMACS total x 10.

Coordinates. The domain wants latitudes and longitudes; a customer at (x, y) is stored at
lat = y / 1000, lon = x / 1000 -- a valid stand-in only. Travel never comes from those coordinates.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ..domain import Bounds, Carer, Client, Locality, Problem, Provider, Shift, Visit
from ..errors import InputError, Issue, Position
from ..travel.matrix import TravelMatrix

TIME_SCALE = 10
BENCH_DATE = dt.date(2000, 1, 1)
PROVIDER_ID = "fleet"
# A stand-in coordinate is the instance coordinate / this.
COORDINATE_DIVISOR = 1000.0

Fleet = Literal["unlimited", "file"]


@dataclass(frozen=True)
class SolomonInstance:
    """One VRPTW instance as printed in the file. Row 0 is the depot; rows 1..n are customers."""

    name: str
    vehicles: int
    capacity: int
    number: tuple[int, ...]
    x: tuple[float, ...]
    y: tuple[float, ...]
    demand: tuple[int, ...]
    ready: tuple[int, ...]
    due: tuple[int, ...]
    service: tuple[int, ...]

    @property
    def customers(self) -> int:
        return len(self.number) - 1


def _issue(file: str, line: int, message: str) -> InputError:
    return InputError([Issue(Position(file, line), message)])


def _as_int(text: str, file: str, line: int, what: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise _issue(file, line, f"{what} {text!r} is not a number") from None
    if value != int(value):
        raise _issue(file, line, f"{what} {text!r} is not a whole number")
    return int(value)


def parse_solomon(text: str, file: str = "<solomon>") -> SolomonInstance:
    """Parse Solomon's text format (name; VEHICLE NUMBER CAPACITY; CUSTOMER rows of 7 numbers)."""
    lines = text.splitlines()
    name = next((ln.strip() for ln in lines if ln.strip()), "")
    if not name:
        raise _issue(file, 1, "empty file")
    try:
        vehicle_at = next(i for i, ln in enumerate(lines) if ln.strip().upper() == "VEHICLE")
        customer_at = next(i for i, ln in enumerate(lines) if ln.strip().upper() == "CUSTOMER")
    except StopIteration:
        raise _issue(file, 1, "missing VEHICLE or CUSTOMER section") from None
    fleet_line = next(
        (
            i
            for i in range(vehicle_at + 1, customer_at)
            if lines[i].split() and lines[i].split()[0][0].isdigit()
        ),
        None,
    )
    if fleet_line is None or len(lines[fleet_line].split()) != 2:
        raise _issue(file, vehicle_at + 2, "expected 'NUMBER CAPACITY' after VEHICLE")
    n_text, cap_text = lines[fleet_line].split()
    vehicles = _as_int(n_text, file, fleet_line + 1, "vehicle number")
    capacity = _as_int(cap_text, file, fleet_line + 1, "capacity")
    rows: list[list[str]] = []
    for i in range(customer_at + 1, len(lines)):
        tokens = lines[i].split()
        if not tokens or not tokens[0][0].isdigit():
            continue  # the header and blank lines
        if len(tokens) != 7:
            raise _issue(file, i + 1, f"expected 7 numbers per customer row, found {len(tokens)}")
        rows.append(tokens)
        line_of = i + 1
        for k, what in ((3, "demand"), (4, "ready time"), (5, "due date"), (6, "service time")):
            _as_int(tokens[k], file, line_of, what)
    if len(rows) < 2:
        raise _issue(file, customer_at + 1, "need a depot row and at least one customer")
    numbers = tuple(int(float(r[0])) for r in rows)
    if numbers != tuple(range(len(rows))):
        raise _issue(file, customer_at + 1, "customer numbers must run 0 (depot), 1, 2, ... in order")
    return SolomonInstance(
        name=name,
        vehicles=vehicles,
        capacity=capacity,
        number=numbers,
        x=tuple(float(r[1]) for r in rows),
        y=tuple(float(r[2]) for r in rows),
        demand=tuple(int(float(r[3])) for r in rows),
        ready=tuple(int(float(r[4])) for r in rows),
        due=tuple(int(float(r[5])) for r in rows),
        service=tuple(int(float(r[6])) for r in rows),
    )


def read_solomon(path: Path) -> SolomonInstance:
    path = Path(path)
    return parse_solomon(path.read_text(encoding="utf-8"), file=str(path))


def dimacs_tenths(x: tuple[float, ...], y: tuple[float, ...]) -> NDArray[np.int64]:
    """All-pairs floor(10 x Euclidean distance): the DIMACS one-decimal truncation, in tenths.

    With whole-number coordinates this is computed exactly (integer square root of 100 x squared
    distance), so no floating-point rounding can move a value across a tenth.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    if np.all(xs == np.round(xs)) and np.all(ys == np.round(ys)):
        xi, yi = xs.astype(np.int64), ys.astype(np.int64)
        sq = 100 * ((xi[:, None] - xi[None, :]) ** 2 + (yi[:, None] - yi[None, :]) ** 2)
        root = np.floor(np.sqrt(sq.astype(np.float64))).astype(np.int64)
        root -= (root * root > sq).astype(np.int64)  # correct a float sqrt that rounded up
        root += ((root + 1) * (root + 1) <= sq).astype(np.int64)
        return root
    d = np.hypot(xs[:, None] - xs[None, :], ys[:, None] - ys[None, :])
    return np.floor(10.0 * d + 1e-9).astype(np.int64)


def dimacs_distance(a: tuple[float, float], b: tuple[float, float]) -> int:
    """One arc's DIMACS distance in tenths (the scalar twin of `dimacs_tenths`)."""
    dx, dy = a[0] - b[0], a[1] - b[1]
    if all(v == int(v) for v in (*a, *b)):
        return math.isqrt(int(100 * (dx * dx + dy * dy)))
    return math.floor(10.0 * math.hypot(dx, dy) + 1e-9)


def customer_visit_id(customer: int) -> str:
    return f"c{customer}"


def customer_of(visit_id: str) -> int:
    """The file's customer number of a visit built by `vrptw_problem`."""
    return int(visit_id.removeprefix("c"))


def vehicle_id(k: int) -> str:
    return f"v{k:04d}"


def _bounds(x: tuple[float, ...], y: tuple[float, ...]) -> Bounds:
    return Bounds(
        min_lat=min(y) / COORDINATE_DIVISOR - 0.01,
        min_lon=min(x) / COORDINATE_DIVISOR - 0.01,
        max_lat=max(y) / COORDINATE_DIVISOR + 0.01,
        max_lon=max(x) / COORDINATE_DIVISOR + 0.01,
    )


def vrptw_problem(
    inst: SolomonInstance, fleet: Fleet = "unlimited"
) -> tuple[Problem, dict[str, TravelMatrix]]:
    """The instance as a roster problem plus its one ("drive") travel matrix, in engine units.

    fleet="unlimited" gives one vehicle per customer (the distance-only convention: the fleet never
    binds); fleet="file" uses the file's vehicle number.
    """
    n = inst.customers
    vehicles = n if fleet == "unlimited" else inst.vehicles
    depot_lat, depot_lon = inst.y[0] / COORDINATE_DIVISOR, inst.x[0] / COORDINATE_DIVISOR
    locality = Locality(
        name=inst.name,
        rest_breaks=False,
        working_time=None,
        title=f"VRPTW benchmark {inst.name}",
        timezone="UTC",
        bounds=_bounds(inst.x, inst.y),
        notes=(
            "Benchmark instance. lat = y/1000 and lon = x/1000 are stand-ins; travel comes from the "
            f"DIMACS-truncated Euclidean distances. One engine minute = 1/{TIME_SCALE} instance time unit."
        ),
    )
    provider = Provider(
        provider_id=PROVIDER_ID,
        name="benchmark fleet",
        kind="in_house",
        payment="salaried",
        rate_per_hour=0.0,
    )
    carers = tuple(
        Carer(
            carer_id=vehicle_id(k),
            provider_id=PROVIDER_ID,
            lat=depot_lat,
            lon=depot_lon,
            capacity=inst.capacity,
        )
        for k in range(vehicles)
    )
    shifts = tuple(
        Shift(
            carer_id=c.carer_id,
            date=BENCH_DATE,
            start_min=inst.ready[0] * TIME_SCALE,
            end_min=inst.due[0] * TIME_SCALE,
        )
        for c in carers
    )
    clients = tuple(
        Client(
            client_id=customer_visit_id(i),
            lat=inst.y[i] / COORDINATE_DIVISOR,
            lon=inst.x[i] / COORDINATE_DIVISOR,
        )
        for i in range(1, n + 1)
    )
    visits = tuple(
        Visit(
            visit_id=customer_visit_id(i),
            client_id=customer_visit_id(i),
            date=BENCH_DATE,
            window_start_min=inst.ready[i] * TIME_SCALE,
            window_end_min=inst.due[i] * TIME_SCALE,
            # The domain needs a positive duration; a zero service time becomes one tenth.
            duration_min=max(1, inst.service[i] * TIME_SCALE),
            requested_start_min=inst.ready[i] * TIME_SCALE,
            demand=inst.demand[i],
        )
        for i in range(1, n + 1)
    )
    problem = Problem(
        locality=locality, providers=(provider,), carers=carers, shifts=shifts, clients=clients, visits=visits
    )
    tenths = dimacs_tenths(inst.x, inst.y)
    # Matrix rows follow problem.locations(): customers 1..n, then every vehicle at the depot (row 0).
    rows = np.array(list(range(1, n + 1)) + [0] * vehicles, dtype=np.int64)
    sub = tenths[np.ix_(rows, rows)].astype(np.float64)
    matrix = TravelMatrix(
        profile="drive",
        ids=tuple(loc.location_id for loc in problem.locations()),
        seconds=sub * 60.0,
        metres=sub,
        source=f"dimacs-truncated euclidean x{TIME_SCALE} ({inst.name})",
        approximate=False,
    )
    return problem, {"drive": matrix}
