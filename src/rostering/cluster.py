"""Where parallel work runs: a Dask client to an existing scheduler, or to a LocalCluster of this machine.

One helper for everything that fans work out over Dask distributed (a council's parts, scenario sweeps):
`--scheduler tcp://host:8786` reaches a running cluster; without it a LocalCluster of single-threaded
worker processes starts on 127.0.0.1 (one per usable core, or `--workers N`) and is closed when the
block ends. Dask is imported here, inside the function, so nothing that merely imports rostering pays
for it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from .errors import InputError, Issue, Position

# How long to keep trying to reach a scheduler given with --scheduler before giving up (exit 2).
CONNECT_TIMEOUT_S = 10
# How long to wait for the first worker of a scheduler that has none yet.
WORKER_WAIT_S = 60


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS reports one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def workers_issue(workers: int | None, scheduler: str | None) -> Issue | None:
    """Why `--workers` cannot be used as given (more than the cores, or beside --scheduler), or None."""
    if workers is None:
        return None
    if scheduler is not None:
        return Issue(Position("--workers"), "--workers starts local workers; not with --scheduler")
    if not 1 <= workers <= usable_cores():
        return Issue(Position("--workers"), f"1 to the {usable_cores()} usable cores: each worker needs one")
    return None


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A `distributed.Client`: to `scheduler` when given, else to a LocalCluster closed on exit.

    Raises
    ------
    InputError
        At `--scheduler` when the scheduler cannot be reached in CONNECT_TIMEOUT_S seconds.
    """
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise InputError(
                [Issue(Position("--scheduler"), f"cannot reach the Dask scheduler: {exc}")]
            ) from None
        with client:
            if not client.scheduler_info().get("workers"):
                client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers or usable_cores(),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        # Any free port: another cluster on this machine may hold Dask's default 8787 (None still takes it).
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def worker_count(client: Any) -> int:
    """How many workers the client's cluster has now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))
