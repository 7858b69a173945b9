"""Regions: cut along the widest gap near the weight split, small enough, dependencies kept together."""

from __future__ import annotations

import numpy as np

from rostering.domain import VisitDependency
from rostering.solvers.decompose._regions import bisect, client_regions, linked_clients
from tests.care_day import visit
from tests.two_towns import two_towns


def test_two_clusters_are_cut_in_the_gap_between_them() -> None:
    # Ten points 100 m apart at x = 0..900 m, ten more at x = 5,000..5,900 m: the 4.1 km gap is the cut,
    # although splitting the weight exactly in half would also allow a cut inside either cluster.
    x = np.r_[np.arange(10) * 100.0, 5000 + np.arange(10) * 100.0]
    points = np.column_stack((x, np.zeros(20)))
    labels = bisect(points, np.ones(20), target=10)
    assert list(labels) == [0] * 10 + [1] * 10


def test_every_region_holds_at_most_about_the_target() -> None:
    rng = np.random.default_rng(3)
    points = rng.random((400, 2)) * 20_000
    weights = rng.integers(1, 5, size=400).astype(float)
    labels = bisect(points, weights, target=100)
    loads = np.bincount(labels, weights=weights)
    # ceil(total / target) regions at least; a cut may leave a side up to 15% off its share.
    assert len(loads) >= np.ceil(weights.sum() / 100)
    assert loads.max() <= 100 * 1.15 + weights.max()
    assert sorted(set(labels)) == list(range(len(loads)))


def test_the_two_towns_split_between_the_towns() -> None:
    regions = client_regions(two_towns(), target=10)
    assert {regions[f"A{i}"] for i in range(1, 5)} == {0}
    assert {regions[f"B{i}"] for i in range(1, 5)} == {1}


def test_clients_linked_by_a_dependency_share_a_region() -> None:
    p = two_towns()
    together = visit("VB1-with-A2", "B1", "08:00", "10:00")
    linked = p.model_copy(
        update={
            "visits": (*p.visits, together),
            "dependencies": (VisitDependency(first_visit_id="VA2-am", second_visit_id="VB1-with-A2"),),
        }
    )
    assert linked_clients(linked)["B1"] == "A2"
    regions = client_regions(linked, target=10)
    assert regions["A2"] == regions["B1"]
