"""The Dask client helper: --workers is checked, an unreachable scheduler is a located input error."""

from __future__ import annotations

import pytest

from rostering import cluster
from rostering.errors import InputError


def test_workers_are_checked_against_the_cores_and_the_scheduler() -> None:
    assert cluster.workers_issue(None, None) is None
    assert cluster.workers_issue(1, None) is None
    too_many = cluster.workers_issue(cluster.usable_cores() + 1, None)
    assert too_many is not None and "usable cores" in too_many.message
    both = cluster.workers_issue(1, "tcp://127.0.0.1:8786")
    assert both is not None and "not with --scheduler" in both.message


def test_an_unreachable_scheduler_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    with (
        pytest.raises(InputError, match="--scheduler: cannot reach the Dask scheduler"),
        cluster.dask_client("tcp://127.0.0.1:9"),
    ):
        pass
