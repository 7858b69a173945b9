"""The workforce-slack estimate: a council's day finds each visit's neighbours without all pairs."""

from __future__ import annotations

import numpy as np
import pytest

from rostering.io import bundle_summary


def _points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return 55.7 + 0.3 * rng.random(n), -3.2 + 0.5 * rng.random(n)


def test_neighbours_from_the_tree_equal_the_all_pairs_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    lat, lon = _points(600, 1)
    # Some clients have two visits in the band (same key): they are not each other's neighbours.
    keys = [f"C{i % 450}" for i in range(600)]
    to_lat, to_lon = _points(250, 2)
    dense_legs = bundle_summary.neighbour_leg_m(lat, lon, keys, 1.35)
    dense_nearest = bundle_summary._nearest_m(lat, lon, to_lat, to_lon)
    monkeypatch.setattr(bundle_summary, "DENSE_PAIRS", 0)
    np.testing.assert_array_equal(bundle_summary.neighbour_leg_m(lat, lon, keys, 1.35), dense_legs)
    np.testing.assert_array_equal(bundle_summary._nearest_m(lat, lon, to_lat, to_lon), dense_nearest)


def test_a_lone_place_has_no_neighbour_leg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_summary, "DENSE_PAIRS", 0)
    lat, lon = _points(3, 3)
    legs = bundle_summary.neighbour_leg_m(lat, lon, ["C1", "C1", "C1"], 1.35)
    np.testing.assert_array_equal(legs, np.zeros(3))
