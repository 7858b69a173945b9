"""The benchmark's independent judge: re-score and check a solution from its routes alone.

Nothing here knows about any solver (ours or a peer's). A route set is scored with the literature's own
conventions, straight from the instance file, so a reported cost can be compared with a best-known:

* VRPTW (DIMACS): cost = sum over every arc, depot legs included, of the Euclidean distance truncated
  to one decimal; travel time = that same truncated distance. Capacity, hard windows on service start,
  and the return to the depot by its due time are checked in exact integer tenths.
* HHC (Mankowska et al. 2014): cost = (distance + total tardiness + max tardiness) / 3, with the file's
  `d` as distance and travel time, tardiness = max(0, start - l) per service, no depot term (the
  published values have none). Skills, one caregiver per service, different caregivers for a double
  service, synchronisation / gap, earliest starts and travel-plus-waiting along each route are checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .mankowska import MankowskaInstance
from .solomon import TIME_SCALE as VRPTW_SCALE
from .solomon import SolomonInstance, dimacs_tenths

# Slack for floating-point schedules: HHC starts are real numbers, written with 6 decimals, and a route
# adds up many of them; far below any time in the files (whole numbers) or distance (5+ decimals).
TOLERANCE = 1e-4


@dataclass(frozen=True)
class VrptwEvaluation:
    cost: float
    routes: int
    violations: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        return not self.violations


def evaluate_vrptw(
    inst: SolomonInstance, routes: Sequence[Sequence[int]], max_vehicles: int | None = None
) -> VrptwEvaluation:
    """DIMACS cost and every violated constraint of `routes` (customer numbers, depot 0 not listed).

    Empty routes are ignored. `max_vehicles` (e.g. the file's fleet) is checked only when given.
    """
    tenths = dimacs_tenths(inst.x, inst.y)
    n = inst.customers
    violations: list[str] = []
    used = [list(r) for r in routes if len(r)]
    seen = Counter(c for r in used for c in r)
    for c in sorted(seen):
        if not 1 <= c <= n:
            violations.append(f"customer {c} does not exist (1..{n})")
        elif seen[c] > 1:
            violations.append(f"customer {c} is visited {seen[c]} times")
    missing = [c for c in range(1, n + 1) if c not in seen]
    if missing:
        violations.append(f"{len(missing)} customer(s) not visited, e.g. {missing[:5]}")
    if max_vehicles is not None and len(used) > max_vehicles:
        violations.append(f"{len(used)} routes but only {max_vehicles} vehicles")
    total = 0
    for k, route in enumerate(used, start=1):
        if any(not 1 <= c <= n for c in route):
            continue  # reported above; cannot be timed
        load = sum(inst.demand[c] for c in route)
        if load > inst.capacity:
            violations.append(f"route {k}: load {load} exceeds capacity {inst.capacity}")
        prev, clock = 0, inst.ready[0] * VRPTW_SCALE
        for c in route:
            total += int(tenths[prev, c])
            start = max(clock + int(tenths[prev, c]), inst.ready[c] * VRPTW_SCALE)
            if start > inst.due[c] * VRPTW_SCALE:
                at = start / VRPTW_SCALE
                violations.append(
                    f"route {k}: customer {c} starts at {at:g}, after its due date {inst.due[c]}"
                )
            clock = start + inst.service[c] * VRPTW_SCALE
            prev = c
        total += int(tenths[prev, 0])
        back = clock + int(tenths[prev, 0])
        if back > inst.due[0] * VRPTW_SCALE:
            violations.append(f"route {k}: back at the depot at {back / VRPTW_SCALE:g}, after {inst.due[0]}")
    return VrptwEvaluation(cost=total / VRPTW_SCALE, routes=len(used), violations=tuple(violations))


@dataclass(frozen=True)
class HhcService:
    """One service in a caregiver's route: `patient` (file node 1..N-2), `service` (column of r), `start`."""

    patient: int
    service: int
    start: float


@dataclass(frozen=True)
class HhcEvaluation:
    distance: float
    total_tardiness: float
    max_tardiness: float
    violations: tuple[str, ...]

    @property
    def objective(self) -> float:
        return (self.distance + self.total_tardiness + self.max_tardiness) / 3.0

    @property
    def feasible(self) -> bool:
        return not self.violations


def _coverage(inst: MankowskaInstance, routes: Sequence[Sequence[tuple[int, int]]]) -> list[str]:
    """Each required (patient, service) exactly once, by a qualified caregiver; doubles by two people."""
    out: list[str] = []
    if len(routes) > inst.caregivers:
        out.append(f"{len(routes)} routes but only {inst.caregivers} caregivers")
    done: dict[tuple[int, int], list[int]] = {}
    for k, route in enumerate(routes):
        for patient, service in route:
            done.setdefault((patient, service), []).append(k)
            if not (0 < patient < inst.nodes - 1 and 0 <= service < inst.services):
                out.append(f"caregiver {k}: patient {patient} service {service} does not exist")
            elif not inst.requires[patient][service]:
                out.append(f"caregiver {k}: patient {patient} does not need service {service}")
            elif k < inst.caregivers and not inst.can_do(k, service):
                out.append(f"caregiver {k} is not qualified for service {service} (patient {patient})")
    for i in inst.patients:
        for s in inst.services_of(i):
            who = done.get((i, s), [])
            if len(who) != 1:
                out.append(f"patient {i} service {s} is done {len(who)} times")
        services = inst.services_of(i)
        if len(services) == 2:
            first, second = done.get((i, services[0]), []), done.get((i, services[1]), [])
            if len(first) == 1 and len(second) == 1 and first == second:
                out.append(f"patient {i}: both services by caregiver {first[0]}")
    return out


def evaluate_hhc(inst: MankowskaInstance, routes: Sequence[Sequence[HhcService]]) -> HhcEvaluation:
    """Objective parts and every violated constraint of a schedule (routes in caregiver file order)."""
    d, depot_end = inst.distance, inst.nodes - 1
    violations = _coverage(inst, [[(s.patient, s.service) for s in r] for r in routes])
    if violations:
        return HhcEvaluation(float("nan"), float("nan"), float("nan"), tuple(violations))
    start_of: dict[tuple[int, int], float] = {}
    distance = total = worst = 0.0
    for k, route in enumerate(routes):
        prev, ready = 0, inst.earliest[0]
        for call in route:
            i = call.patient
            start_of[(i, call.service)] = call.start
            distance += d[prev][i]
            if call.start < inst.earliest[i] - TOLERANCE:
                violations.append(
                    f"caregiver {k}: patient {i} starts at {call.start:g}, before e = {inst.earliest[i]:g}"
                )
            if call.start < ready + d[prev][i] - TOLERANCE:
                violations.append(
                    f"caregiver {k}: patient {i} starts at {call.start:g} but cannot arrive before "
                    f"{ready + d[prev][i]:g}"
                )
            late = max(0.0, call.start - inst.latest[i])
            total += late
            worst = max(worst, late)
            ready = call.start + inst.duration[i][call.service]
            prev = i
        if route:
            distance += d[prev][depot_end]
    for i in inst.double_service:
        s1, s2 = inst.services_of(i)
        gap = start_of[(i, s2)] - start_of[(i, s1)]
        if inst.is_simultaneous(i):
            if abs(gap) > TOLERANCE:
                violations.append(f"patient {i}: simultaneous services start {gap:g} apart")
        elif not inst.min_gap[i] - TOLERANCE <= gap <= inst.max_gap[i] + TOLERANCE:
            violations.append(
                f"patient {i}: service {s2} starts {gap:g} after service {s1}, outside "
                f"[{inst.min_gap[i]:g}, {inst.max_gap[i]:g}]"
            )
    return HhcEvaluation(distance, total, worst, tuple(violations))


def earliest_schedule(
    inst: MankowskaInstance, routes: Sequence[Sequence[tuple[int, int]]]
) -> list[list[HhcService]] | None:
    """The earliest start of every service given only the visiting orders, or None if none exists.

    Every constraint is "start_j >= start_i + w" (travel and service along a route, e >= , a
    simultaneous pair both ways, a gap as min one way and -max the other), so the least solution of this
    difference system starts every service as early as possible; tardiness only grows with start times,
    so it minimises total and maximum tardiness at once. A positive cycle (two caregivers waiting for
    each other) means the orders admit no schedule.
    """
    if _coverage(inst, routes):
        return None
    d = inst.distance
    key_of = [(k, pos) for k, r in enumerate(routes) for pos in range(len(r))]
    index = {kp: n for n, kp in enumerate(key_of)}
    where = {(p, s): index[(k, pos)] for k, r in enumerate(routes) for pos, (p, s) in enumerate(r)}
    lower = [0.0] * len(key_of)
    edges: list[tuple[int, int, float]] = []  # start[j] >= start[i] + w
    for k, route in enumerate(routes):
        for pos, (i, _) in enumerate(route):
            here = index[(k, pos)]
            lower[here] = max(inst.earliest[i], inst.earliest[0] + d[0][i] if pos == 0 else 0.0)
            if pos:
                pi, ps = route[pos - 1]
                edges.append((index[(k, pos - 1)], here, inst.duration[pi][ps] + d[pi][i]))
    for i in inst.double_service:
        s1, s2 = inst.services_of(i)
        a, b = where[(i, s1)], where[(i, s2)]
        low, high = (0.0, 0.0) if inst.is_simultaneous(i) else (inst.min_gap[i], inst.max_gap[i])
        edges.append((a, b, low))
        edges.append((b, a, -high))
    start = list(lower)
    for _ in range(len(start) + 1):
        changed = False
        for a, b, w in edges:
            if start[a] + w > start[b] + 1e-9:
                start[b] = start[a] + w
                changed = True
        if not changed:
            return [
                [HhcService(p, s, start[index[(k, pos)]]) for pos, (p, s) in enumerate(r)]
                for k, r in enumerate(routes)
            ]
    return None
