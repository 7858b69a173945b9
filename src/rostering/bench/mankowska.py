"""Mankowska et al. (2014) home health care instances (HHCRSP): read the text format, build a Problem.

The instance is a care problem already: patients need one or two services (skills) in a soft time
window, caregivers have skills, and a "double service" needs two different caregivers either at the
same minute or the second starting `mind`..`maxd` after the first. It maps onto the domain directly:

* a patient is a client; each (patient, required service) is a Visit with that one skill, its duration
  and a soft window (late_penalty_per_min = 1: tardiness costs what distance costs);
* a double service is a VisitDependency between its two visits, the lower service index first (as the
  iolab validator orders them), with gaps mind/maxd; a simultaneous one has gaps 0/0. The two halves
  need different skills, so it is not a carers_required=2 visit;
* a caregiver is a carer with one shift covering the whole horizon, based at the depot.

Units: the file's times and distances are real numbers (distances are Euclidean, e.g. 38.470768), so
engine minutes are 1/`TIME_SCALE` of an instance unit. Every time in the files is a whole number, so
windows, durations and gaps scale exactly; an arc's travel time is rounded *up* to an engine minute
(a schedule the solver thinks feasible is then feasible with the true distances), and the evaluation
recomputes distance and start times from the file's own `d` matrix in floating point.
Coordinates: lat = y / 1000, lon = x / 1000, stand-ins only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..domain import Bounds, Carer, Client, Locality, Problem, Provider, Shift, Visit, VisitDependency
from ..errors import InputError, Issue, Position
from ..travel.matrix import TravelMatrix
from .solomon import BENCH_DATE, COORDINATE_DIVISOR, PROVIDER_ID

TIME_SCALE = 100
_SECTIONS = ("nbNodes", "nbVehi", "nbServi", "r", "DS", "a", "x", "y", "d", "p", "mind", "maxd", "e", "l")


@dataclass(frozen=True)
class MankowskaInstance:
    """One HHCRSP instance. Node 0 is the start depot, 1..N-2 the patients, N-1 the end depot."""

    name: str
    nodes: int
    caregivers: int
    services: int
    requires: tuple[tuple[int, ...], ...]  # N x S, 1 where the node needs the service
    double_service: tuple[int, ...]  # 0-based node indices of double-service patients, file order
    qualified: tuple[tuple[int, ...], ...]  # V x S
    x: tuple[float, ...]
    y: tuple[float, ...]
    distance: tuple[tuple[float, ...], ...]  # N x N, also the travel time
    duration: tuple[tuple[float, ...], ...]  # N x S (the first caregiver's row; all rows are equal)
    min_gap: tuple[float, ...]
    max_gap: tuple[float, ...]
    earliest: tuple[float, ...]
    latest: tuple[float, ...]

    @property
    def patients(self) -> tuple[int, ...]:
        return tuple(range(1, self.nodes - 1))

    def services_of(self, patient: int) -> tuple[int, ...]:
        """The services a patient needs, in increasing index (the precedence order of a double)."""
        return tuple(s for s in range(self.services) if self.requires[patient][s])

    def is_simultaneous(self, patient: int) -> bool:
        return self.min_gap[patient] <= 0.001

    def can_do(self, caregiver: int, service: int) -> bool:
        return bool(self.qualified[caregiver][service])


def _located(file: str, message: str) -> InputError:
    return InputError([Issue(Position(file), message)])


def _sections(text: str, file: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for token in text.split():
        if token in _SECTIONS:
            if token in found:
                raise _located(file, f"section {token!r} appears twice")
            current = token
            found[token] = []
        elif current is None:
            raise _located(file, f"unexpected {token!r} before the first section")
        else:
            found[current].append(token)
    missing = [s for s in _SECTIONS if s not in found]
    if missing:
        raise _located(file, f"missing section(s): {', '.join(missing)}")
    return found


def _numbers(tokens: list[str], count: int, section: str, file: str) -> list[float]:
    if len(tokens) != count:
        raise _located(file, f"section {section!r} has {len(tokens)} values, expected {count}")
    try:
        return [float(t) for t in tokens]
    except ValueError:
        raise _located(file, f"section {section!r} holds a value that is not a number") from None


def parse_mankowska(text: str, file: str = "<mankowska>", name: str | None = None) -> MankowskaInstance:
    """Parse the sectioned text format described in ../shared/benchmarks/hhc/README.md."""
    sec = _sections(text, file)
    n = int(_numbers(sec["nbNodes"], 1, "nbNodes", file)[0])
    v = int(_numbers(sec["nbVehi"], 1, "nbVehi", file)[0])
    s = int(_numbers(sec["nbServi"], 1, "nbServi", file)[0])
    if n < 3 or v < 1 or s < 1:
        raise _located(file, f"implausible sizes nbNodes={n} nbVehi={v} nbServi={s}")

    def matrix(section: str, rows: int, cols: int) -> list[list[float]]:
        flat = _numbers(sec[section], rows * cols, section, file)
        return [flat[i * cols : (i + 1) * cols] for i in range(rows)]

    r = matrix("r", n, s)
    a = matrix("a", v, s)
    d = matrix("d", n, n)
    p_all = matrix("p", n * v, s)
    ds = [int(t) - 1 for t in _numbers(sec["DS"], len(sec["DS"]), "DS", file)]
    inst = MankowskaInstance(
        name=name or Path(file).stem,
        nodes=n,
        caregivers=v,
        services=s,
        requires=tuple(tuple(int(x) for x in row) for row in r),
        double_service=tuple(ds),
        qualified=tuple(tuple(int(x) for x in row) for row in a),
        x=tuple(_numbers(sec["x"], n, "x", file)),
        y=tuple(_numbers(sec["y"], n, "y", file)),
        distance=tuple(tuple(row) for row in d),
        duration=tuple(tuple(p_all[i * v]) for i in range(n)),
        min_gap=tuple(_numbers(sec["mind"], n, "mind", file)),
        max_gap=tuple(_numbers(sec["maxd"], n, "maxd", file)),
        earliest=tuple(_numbers(sec["e"], n, "e", file)),
        latest=tuple(_numbers(sec["l"], n, "l", file)),
    )
    _check(inst, file)
    return inst


def _check(inst: MankowskaInstance, file: str) -> None:
    doubles = set(inst.double_service)
    for i in inst.patients:
        need = inst.services_of(i)
        expected = 2 if i in doubles else 1
        if len(need) != expected:
            raise _located(file, f"patient {i} needs {len(need)} services, expected {expected}")
        for svc in need:
            if not any(inst.can_do(k, svc) for k in range(inst.caregivers)):
                raise _located(file, f"patient {i} needs service {svc}, which no caregiver is qualified for")
            if inst.duration[i][svc] <= 0:
                raise _located(file, f"patient {i} service {svc} has no positive duration")
        if inst.latest[i] < inst.earliest[i]:
            raise _located(file, f"patient {i} has l < e")
    if any(not 0 < i < inst.nodes - 1 for i in doubles):
        raise _located(file, "DS names a node that is not a patient")


def read_mankowska(path: Path) -> MankowskaInstance:
    path = Path(path)
    return parse_mankowska(path.read_text(encoding="utf-8"), file=str(path), name=path.stem)


def service_visit_id(patient: int, service: int) -> str:
    return f"p{patient}-s{service}"


def patient_service_of(visit_id: str) -> tuple[int, int]:
    """(patient, service) of a visit built by `hhc_problem`."""
    patient, service = visit_id.removeprefix("p").split("-s")
    return int(patient), int(service)


def caregiver_id(k: int) -> str:
    return f"cg{k:03d}"


def skill_name(service: int) -> str:
    return f"s{service}"


def _scaled(value: float, what: str) -> int:
    scaled = value * TIME_SCALE
    if abs(scaled - round(scaled)) > 1e-6:
        raise InputError(f"{what} = {value} is not a multiple of 1/{TIME_SCALE}")
    return round(scaled)


def horizon(inst: MankowskaInstance) -> float:
    """An end of day no sensible schedule reaches: last window close + all the work + the longest trips."""
    longest = max(max(row) for row in inst.distance)
    work = sum(inst.duration[i][s] + longest for i in inst.patients for s in inst.services_of(i))
    return max(inst.latest) + work + longest


def hhc_problem(inst: MankowskaInstance) -> tuple[Problem, dict[str, TravelMatrix]]:
    """The instance as a roster problem plus its one ("drive") travel matrix, in engine units."""
    skills = tuple(skill_name(s) for s in range(inst.services))
    xs, ys = inst.x, inst.y
    locality = Locality(
        name=inst.name,
        rest_breaks=False,
        working_time=None,
        title=f"Home health care benchmark {inst.name}",
        timezone="UTC",
        bounds=Bounds(
            min_lat=min(ys) / COORDINATE_DIVISOR - 0.01,
            min_lon=min(xs) / COORDINATE_DIVISOR - 0.01,
            max_lat=max(ys) / COORDINATE_DIVISOR + 0.01,
            max_lon=max(xs) / COORDINATE_DIVISOR + 0.01,
        ),
        skills=skills,
        notes=(
            "Benchmark instance. lat = y/1000 and lon = x/1000 are stand-ins; travel comes from the "
            f"file's d matrix. One engine minute = 1/{TIME_SCALE} instance time unit."
        ),
    )
    provider = Provider(
        provider_id=PROVIDER_ID,
        name="benchmark caregivers",
        kind="in_house",
        payment="salaried",
        rate_per_hour=0.0,
    )
    depot = (ys[0] / COORDINATE_DIVISOR, xs[0] / COORDINATE_DIVISOR)
    carers = tuple(
        Carer(
            carer_id=caregiver_id(k),
            provider_id=PROVIDER_ID,
            lat=depot[0],
            lon=depot[1],
            skills=tuple(skill_name(s) for s in range(inst.services) if inst.can_do(k, s)),
        )
        for k in range(inst.caregivers)
    )
    end = math.ceil(horizon(inst)) * TIME_SCALE
    shifts = tuple(
        Shift(
            carer_id=c.carer_id, date=BENCH_DATE, start_min=_scaled(inst.earliest[0], "depot e"), end_min=end
        )
        for c in carers
    )
    clients = tuple(
        Client(client_id=f"p{i}", lat=ys[i] / COORDINATE_DIVISOR, lon=xs[i] / COORDINATE_DIVISOR)
        for i in inst.patients
    )
    visits: list[Visit] = []
    dependencies: list[VisitDependency] = []
    for i in inst.patients:
        services = inst.services_of(i)
        for svc in services:
            visits.append(
                Visit(
                    visit_id=service_visit_id(i, svc),
                    client_id=f"p{i}",
                    date=BENCH_DATE,
                    window_start_min=_scaled(inst.earliest[i], f"e[{i}]"),
                    window_end_min=_scaled(inst.latest[i], f"l[{i}]"),
                    duration_min=_scaled(inst.duration[i][svc], f"p[{i}][{svc}]"),
                    skills=(skill_name(svc),),
                    requested_start_min=_scaled(inst.earliest[i], f"e[{i}]"),
                    late_penalty_per_min=1.0,
                )
            )
        if len(services) == 2:
            simultaneous = inst.is_simultaneous(i)
            dependencies.append(
                VisitDependency(
                    first_visit_id=service_visit_id(i, services[0]),
                    second_visit_id=service_visit_id(i, services[1]),
                    min_gap_min=0 if simultaneous else _scaled(inst.min_gap[i], f"mind[{i}]"),
                    max_gap_min=0 if simultaneous else _scaled(inst.max_gap[i], f"maxd[{i}]"),
                )
            )
    problem = Problem(
        locality=locality,
        providers=(provider,),
        carers=carers,
        shifts=shifts,
        clients=clients,
        visits=tuple(visits),
        dependencies=tuple(dependencies),
    )
    d = np.asarray(inst.distance, dtype=np.float64)
    rows = np.array(list(inst.patients) + [0] * inst.caregivers, dtype=np.int64)
    sub = d[np.ix_(rows, rows)] * TIME_SCALE
    minutes = np.ceil(sub - 1e-9)  # round travel time up: the solver's schedules stay feasible
    matrix = TravelMatrix(
        profile="drive",
        ids=tuple(loc.location_id for loc in problem.locations()),
        seconds=minutes * 60.0,
        metres=sub,
        source=f"mankowska d matrix x{TIME_SCALE} ({inst.name})",
        approximate=False,
    )
    return problem, {"drive": matrix}
