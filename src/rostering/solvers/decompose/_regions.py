"""Cutting a locality into regions of about the same care load, along the gaps between settlements.

Clients are points weighted by their visits a day. Recursive bisection splits a set of points across
whichever axis (east-west or north-south) has the widest empty strip near the weight split it needs,
so cuts run through open country rather than through a town; each side is then split again until every
region carries at most about `target` visits a day. Clients linked by a visit dependency (two carers
arriving together) are one point, so a dependency never crosses a border. Everything is deterministic:
the same problem gives the same regions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ...domain import Problem

M_PER_DEG = 111_320.0
# A cut may leave each side up to this share of the weight away from the exact split it aims for.
CUT_TOLERANCE = 0.15


def planar_m(lat: Sequence[float], lon: Sequence[float], lat0: float) -> NDArray[np.float64]:
    """Points as metres east and north (equirectangular around latitude lat0): fine for finding neighbours."""
    lat_a, lon_a = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    return np.column_stack((lon_a * M_PER_DEG * math.cos(math.radians(lat0)), lat_a * M_PER_DEG))


def linked_clients(problem: Problem) -> dict[str, str]:
    """Each client's group leader: clients whose visits depend on each other stay together."""
    parent = {c.client_id: c.client_id for c in problem.clients}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    order = {c.client_id: i for i, c in enumerate(problem.clients)}
    for d in problem.dependencies:
        a = find(problem.visit_by_id[d.first_visit_id].client_id)
        b = find(problem.visit_by_id[d.second_visit_id].client_id)
        if a != b:
            keep, drop = sorted((a, b), key=order.__getitem__)
            parent[drop] = keep
    return {c: find(c) for c in parent}


def client_regions(problem: Problem, target: float) -> dict[str, int]:
    """Region (0, 1, ...) of every client, each region about `target` visits a day or fewer."""
    if not problem.clients:
        return {}
    leader = linked_clients(problem)
    days = max(1, len(problem.dates))
    load: dict[str, float] = {c.client_id: 0.0 for c in problem.clients}
    for v in problem.visits:
        load[leader[v.client_id]] += v.carers_required / days
    leaders = [c for c in problem.clients if leader[c.client_id] == c.client_id]
    lat0 = float(np.mean([c.lat for c in leaders]))
    points = planar_m([c.lat for c in leaders], [c.lon for c in leaders], lat0)
    weights = np.array([max(load[c.client_id], 1e-6) for c in leaders])
    labels = bisect(points, weights, target)
    region = {c.client_id: int(r) for c, r in zip(leaders, labels, strict=True)}
    return {c.client_id: region[leader[c.client_id]] for c in problem.clients}


def bisect(points: NDArray[np.float64], weights: NDArray[np.float64], target: float) -> NDArray[np.int64]:
    """Region labels 0.. for the points, numbered in the order the cuts leave them (west/south first)."""
    labels = np.zeros(len(points), dtype=np.int64)
    count = 0

    def split(idx: NDArray[np.int64]) -> None:
        nonlocal count
        total = float(weights[idx].sum())
        parts = math.ceil(total / target - 1e-9)
        if parts <= 1 or len(idx) <= 1:
            labels[idx] = count
            count += 1
            return
        left, right = cut(points[idx], weights[idx], (parts // 2) / parts)
        split(idx[left])
        split(idx[right])

    split(np.arange(len(points), dtype=np.int64))
    return labels


def cut(
    points: NDArray[np.float64], weights: NDArray[np.float64], share: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions of the two sides of the best cut leaving about `share` of the weight on the first side.

    Among the cuts (on either axis) whose first side holds share +/- CUT_TOLERANCE of the weight, the one
    across the widest empty strip wins, a strip counting for less the further its cut is from `share`.
    """
    best: tuple[float, int, NDArray[np.int64], int] | None = None
    total = float(weights.sum())
    for axis in (0, 1):
        order = np.argsort(points[:, axis], kind="stable")
        coords = points[order, axis]
        before = np.cumsum(weights[order])[:-1] / total  # weight share left of a cut after position i
        if len(before) == 0:
            continue
        gaps = np.diff(coords)
        off = np.abs(before - share)
        ok = off <= CUT_TOLERANCE
        if not ok.any():
            ok = off == off.min()
        score = np.where(ok, gaps * (1.0 - off / (2 * CUT_TOLERANCE)), -np.inf)
        i = int(np.argmax(score))
        candidate = (float(score[i]), -axis, order, i)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:  # a single point
        return np.arange(len(points), dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, _, order, i = best
    return order[: i + 1].astype(np.int64), order[i + 1 :].astype(np.int64)


def regions_from_labels(problem: Problem, labels: Mapping[str, str]) -> dict[str, int]:
    """Region numbers for clients given by name (e.g. their town), in the order the names first appear."""
    numbers: dict[str, int] = {}
    for c in problem.clients:
        numbers.setdefault(labels[c.client_id], len(numbers))
    return {c.client_id: numbers[labels[c.client_id]] for c in problem.clients}
