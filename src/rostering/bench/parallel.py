"""Benchmark solves side by side: one worker process per core, every result back to the parent.

Each solve is single-threaded, so a 2-core machine can run two at once without two solvers sharing a
core; more workers than cores would make them share, which is why the scripts refuse that. Workers are
forked after the task is set, so closures need no pickling (only the results travel back), and they are
not daemons, so each can still fork the isolated child that runs one solve (isolation.py).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from ..cluster import usable_cores as usable_cores

T = TypeVar("T")
R = TypeVar("R")

# The task the forked workers inherit: (function, items). Set only while a pool runs.
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _call(index: int) -> Any:
    if _TASK is None:  # only reachable if a worker was not forked from run_side_by_side
        raise RuntimeError("no benchmark task in this worker")
    fn, items = _TASK
    return fn(items[index])


def jobs_error(jobs: int) -> str | None:
    """Why `jobs` side-by-side solves cannot run here, or None: two on one core would each get half of
    its time limit."""
    cores = usable_cores()
    if 1 <= jobs <= cores:
        return None
    return f"--jobs must be between 1 and the {cores} usable cores: each solve needs one"


def run_side_by_side(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[tuple[int, R]]:
    """(index, fn(item)) for every item as each finishes, `jobs` at a time.

    jobs <= 1 runs in this process, in order. An exception in fn is raised here when its item is
    reported; the items not yet started are then dropped.
    """
    global _TASK
    if jobs <= 1 or len(items) <= 1:
        for index, item in enumerate(items):
            yield index, fn(item)
        return
    _TASK = (fn, items)
    try:
        # With fork, every worker starts at the first submit, after _TASK is set.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork")) as pool:
            futures = {pool.submit(_call, index): index for index in range(len(items))}
            try:
                for future in as_completed(futures):
                    yield futures[future], future.result()
            finally:
                # On an error (or the caller stopping early) only the solves already running finish.
                for future in futures:
                    future.cancel()
    finally:
        _TASK = None
