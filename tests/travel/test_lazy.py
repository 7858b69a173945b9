"""Lazily evaluated approximate travel: the same legs as the dense matrix, without holding all pairs."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from rostering.domain import ApproximateTravel, MapPoint, Problem
from rostering.errors import MatrixError
from rostering.travel.approximate import approximate_matrix
from rostering.travel.lazy import LazyApproximateTravel, lazy_approximate
from rostering.travel.store import (
    LAZY_ABOVE_LOCATIONS,
    matrix_path,
    resolve_matrices,
    resolve_sources,
    resolve_travel,
    save_matrix,
)
from tests.conftest import line_matrices


def _scattered(n: int, seed: int = 5) -> tuple[MapPoint, ...]:
    rng = np.random.default_rng(seed)
    return tuple(
        MapPoint(location_id=f"L{i}", lat=55.6 + 0.5 * rng.random(), lon=-3.3 + 0.8 * rng.random())
        for i in range(n)
    )


@pytest.mark.parametrize("profile", ["drive", "walk", "bike"])
def test_every_leg_equals_the_dense_matrix(profile: str) -> None:
    points = _scattered(40)
    settings = ApproximateTravel(circuity=1.4, drive_kmh=37.0)
    dense = approximate_matrix(points, profile, settings)
    lazy = lazy_approximate(points, profile, settings)
    for a in points:
        for b in points:
            i, j = a.location_id, b.location_id
            assert lazy.travel_min(i, j) == dense.travel_min(i, j)
            assert lazy.travel_m(i, j) == dense.travel_m(i, j)
    assert (lazy.source, lazy.approximate) == (dense.source, dense.approximate)


def test_a_subset_is_the_dense_matrix_of_those_locations_in_that_order() -> None:
    points = _scattered(30)
    settings = ApproximateTravel()
    ids = ["L7", "L2", "L29", "L0"]
    part = lazy_approximate(points, "drive", settings).subset(ids)
    whole = approximate_matrix(points, "drive", settings).subset(ids)
    assert part.ids == tuple(ids)
    np.testing.assert_array_equal(part.minutes, whole.minutes)
    np.testing.assert_array_equal(part.metres, whole.metres)


def test_an_unknown_location_is_a_matrix_error() -> None:
    lazy = lazy_approximate(_scattered(3), "drive", ApproximateTravel())
    assert lazy.has("L1") and not lazy.has("C999")
    with pytest.raises(MatrixError, match="no location 'C999'"):
        lazy.travel_min("L1", "C999")


def test_it_travels_to_a_worker_without_its_remembered_legs() -> None:
    lazy = lazy_approximate(_scattered(10), "walk", ApproximateTravel())
    expected = lazy.travel_min("L1", "L2")
    back = pickle.loads(pickle.dumps(lazy))
    assert isinstance(back, LazyApproximateTravel)
    assert back.travel_min("L1", "L2") == expected and back.profile == "walk"


def test_sources_say_what_the_dense_resolution_says(tmp_path: Path, tiny_problem: Problem) -> None:
    _, dense_lines = resolve_matrices(tiny_problem, None)
    sources, lines = resolve_sources(tiny_problem, None)
    assert lines == dense_lines
    assert all(isinstance(s, LazyApproximateTravel) for s in sources.values())
    # A stored matrix that covers the problem is used as read.
    stored = line_matrices(tiny_problem)["drive"]
    save_matrix(matrix_path(tmp_path, "drive"), stored)
    sources, _ = resolve_sources(tiny_problem, tmp_path)
    a, b = stored.ids[0], stored.ids[-1]
    assert sources["drive"].travel_min(a, b) == stored.travel_min(a, b)
    assert sources["drive"].source == stored.source


def test_judging_travel_is_dense_for_a_small_problem(tiny_problem: Problem) -> None:
    assert len(tiny_problem.clients) + len(tiny_problem.carers) <= LAZY_ABOVE_LOCATIONS
    sources, _ = resolve_travel(tiny_problem, None)
    assert not any(isinstance(s, LazyApproximateTravel) for s in sources.values())
