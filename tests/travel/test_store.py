"""Matrices stored with a bundle: the .npz contract, and the choice between stored and approximate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rostering.domain import Problem
from rostering.errors import MatrixError
from rostering.travel.matrix import TravelMatrix
from rostering.travel.providers import ApproximateProvider
from rostering.travel.store import load_matrix, matrix_path, resolve_matrices, save_matrix
from tests.conftest import line_matrices


def _stored(matrix: TravelMatrix, source: str = "OSM test (drive)") -> TravelMatrix:
    return TravelMatrix(
        profile=matrix.profile,
        ids=matrix.ids,
        seconds=matrix.seconds,
        metres=matrix.metres,
        source=source,
        approximate=False,
    )


def test_npz_round_trip_keeps_every_array_and_the_metadata(tmp_path: Path, tiny_problem: Problem) -> None:
    matrix = _stored(line_matrices(tiny_problem)["drive"])
    path = tmp_path / "matrices" / "drive.npz"
    save_matrix(path, matrix)
    back = load_matrix(path)
    assert back.ids == matrix.ids
    np.testing.assert_array_equal(back.seconds, matrix.seconds)
    np.testing.assert_array_equal(back.metres, matrix.metres)
    assert (back.profile, back.source, back.approximate) == ("drive", "OSM test (drive)", False)
    with np.load(path, allow_pickle=False) as data:  # the documented contract, readable without us
        assert {"ids", "seconds", "metres", "profile", "source"} <= set(data.files)


def test_same_matrix_same_bytes(tmp_path: Path, tiny_problem: Problem) -> None:
    matrix = line_matrices(tiny_problem)["walk"]
    save_matrix(tmp_path / "a.npz", matrix)
    save_matrix(tmp_path / "b.npz", matrix)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_a_stored_matrix_is_used_reordered_to_the_problem(tmp_path: Path, tiny_problem: Problem) -> None:
    full = _stored(line_matrices(tiny_problem)["drive"])
    # Stored in another order, with one extra location the problem does not have.
    order = list(reversed(full.ids))
    seconds = np.pad(full.subset(order).seconds, (0, 1), constant_values=60.0)
    metres = np.pad(full.subset(order).metres, (0, 1), constant_values=900.0)
    seconds[-1, -1] = metres[-1, -1] = 0.0
    extra = TravelMatrix("drive", (*order, "client:GONE"), seconds, metres, full.source, approximate=False)
    save_matrix(matrix_path(tmp_path, "drive"), extra)
    matrices, messages = resolve_matrices(tiny_problem, tmp_path, ("drive",))
    assert matrices["drive"].ids == tuple(loc.location_id for loc in tiny_problem.locations())
    np.testing.assert_array_equal(matrices["drive"].seconds, full.seconds)
    assert messages == ["drive: OSM matrix matrices/drive.npz (OSM test (drive))"]


def test_a_stale_matrix_falls_back_with_a_warning_naming_how_many_are_missing(
    tmp_path: Path, tiny_problem: Problem
) -> None:
    full = _stored(line_matrices(tiny_problem)["drive"])
    stale = full.subset([i for i in full.ids if i not in ("client:C1", "carer:K2")])
    save_matrix(matrix_path(tmp_path, "drive"), stale)
    matrices, messages = resolve_matrices(tiny_problem, tmp_path, ("drive",))
    assert matrices["drive"].approximate
    assert "stale: 2 of the problem's 6 locations are missing" in messages[0]
    assert "client:C1" in messages[0]
    with pytest.raises(MatrixError, match="stale: 2 of"):
        resolve_matrices(tiny_problem, tmp_path, ("drive",), strict=True)


def test_an_unreadable_matrix_falls_back_with_a_warning(tmp_path: Path, tiny_problem: Problem) -> None:
    path = matrix_path(tmp_path, "walk")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip")
    matrices, messages = resolve_matrices(tiny_problem, tmp_path, ("walk",))
    assert matrices["walk"].approximate
    assert messages[0].startswith("walk: warning:") and "not a readable matrix file" in messages[0]


def test_a_matrix_of_another_profile_is_not_used(tmp_path: Path, tiny_problem: Problem) -> None:
    save_matrix(matrix_path(tmp_path, "drive"), _stored(line_matrices(tiny_problem)["walk"]))
    matrices, messages = resolve_matrices(tiny_problem, tmp_path, ("drive",))
    assert matrices["drive"].approximate
    assert "holds the walk profile, not drive" in messages[0]


def test_without_stored_matrices_every_used_profile_is_approximate_and_says_so(tiny_problem: Problem) -> None:
    matrices, messages = resolve_matrices(tiny_problem, None)
    assert set(matrices) == {"drive", "walk"}  # the tiny problem's carers drive and walk
    assert all(m.approximate for m in matrices.values())
    assert messages == [
        "drive: approximate (great-circle x 1.35 / 40 km/h) — times are approximate",
        "walk: approximate (great-circle x 1.35 / 4.8 km/h) — times are approximate",
    ]


def test_the_approximate_provider_warns_that_times_are_approximate(tiny_problem: Problem) -> None:
    build = ApproximateProvider(tiny_problem.locality.approximate_travel).build(
        tiny_problem.locations(), "bike"
    )
    assert build.matrix.approximate
    assert any("times are approximate" in w for w in build.warnings)
    # 15 km/h: a metre takes 0.24 s
    np.testing.assert_allclose(build.matrix.seconds, build.matrix.metres * 0.24)
