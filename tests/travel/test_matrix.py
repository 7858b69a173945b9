"""The travel matrix invariants."""

from __future__ import annotations

import numpy as np
import pytest

from rostering.errors import MatrixError
from rostering.travel.matrix import TravelMatrix


def test_travel_matrix_is_read_only_and_rounds_minutes_up() -> None:
    m = TravelMatrix("drive", ("a", "b"), np.array([[0, 61.0], [59.0, 0]]), np.array([[0, 900.0], [850, 0]]))
    assert m.travel_min("a", "b") == 2 and m.travel_min("b", "a") == 1
    with pytest.raises(ValueError):
        m.seconds[0, 1] = 5
    with pytest.raises(MatrixError, match="unreachable"):
        TravelMatrix("drive", ("a", "b"), np.array([[0, np.inf], [1, 0]]), np.zeros((2, 2)))
