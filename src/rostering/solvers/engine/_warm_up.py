"""Compile the search core ahead of its first solve: `python -m rostering.solvers.engine._warm_up`.

numba compiles the kernels the first time a process calls them (tens of seconds on a small machine) and
caches the machine code (_jit.py); `make install` runs this so that no user's first roster waits for
it. Every kernel Python calls is called once here on a one-vehicle, two-visit instance with the array
types of a real search.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from ._jit import cache_dir
from ._kernels import pair_cost_of, schedule, store_route, timed_route, total
from ._recreate_kernels import recreate, unroute
from ._route_arrays import RouteArrays
from ._scan_kernels import scan
from ._tables import NO_LIMIT, NODE_COLUMNS, Tables


def _tiny() -> tuple[Tables, RouteArrays]:
    n_vis, n = 2, 3

    def grid(rows: int, cols: int) -> np.ndarray:
        return np.zeros((rows, cols), dtype=np.int64)

    def line(*values: int) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    node = grid(n, NODE_COLUMNS)
    node[:n_vis, 2] = 600  # latest starts
    veh = line(0, 600, 2, 1, -1, 0, 0, 0, 0, 300)[None, :]
    tables = Tables(
        travel=np.ones((1, n, n), dtype=np.int64),
        arc=np.ones((1, n, n), dtype=np.int64),
        travel_in=np.ones((1, n, n), dtype=np.int64),
        arc_in=np.ones((1, n, n), dtype=np.int64),
        enter=grid(1, n),
        new_carer=grid(1, n),
        node=node,
        veh=np.ascontiguousarray(veh),
        params=line(1, 60, 1, 0, n_vis, 1, 0, 0, 1, 1, 10, 1, 1, 1, 1),
        day_limit=line(-1),
        day_ptr=line(0, 1),
        day_idx=line(0),
        slot_ptr=line(0, 1),
        slot_idx=line(0),
        group_ptr=line(0, 1, 2),
        group_idx=line(0, 1),
        group_gap=grid(2, 2),
        allowed_ptr=line(0, 1, 2),
        allowed_idx=line(0, 0),
        client_ptr=line(0, 2),
        client_idx=line(0, 1),
        enter_by_node=grid(n, 1),
        new_carer_by_node=grid(n, 1),
    )
    return tables, RouteArrays.empty(1, n, n_vis, 16)


def warm_up() -> None:
    """Call every kernel once (see the module docstring)."""
    tables, arrays = _tiny()
    tb = tables.packed
    clock = np.zeros(1, dtype=np.int64)
    out = np.zeros(16, dtype=np.int64)
    tmp = np.zeros(16, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    store_route(0, empty, 0, empty, 0, 0, -1, 0, tb, arrays.packed, clock)
    schedule(np.array([0], dtype=np.int64), 1, 0, NO_LIMIT, tb, arrays.pin, -1, 0, out, tmp)
    timed_route(np.array([0], dtype=np.int64), 1, 0, -1, True, tb, arrays.pin, out)
    scan(0, np.array([0], dtype=np.int64), 0, 600, tb, arrays.packed, np.zeros((4, 5), dtype=np.int64))
    recreate(np.array([0, 1], dtype=np.int64), 0, 4, 80, 600, tb, arrays.packed, clock)
    pair_cost_of(0, 0, tb, arrays.packed)
    total(tb, arrays.packed)
    unroute(np.array([0], dtype=np.int64), tb, arrays.packed, clock)


if __name__ == "__main__":
    started = time.perf_counter()
    warm_up()
    print(
        f"search core compiled in {time.perf_counter() - started:.1f} s; cached in {cache_dir()}",
        file=sys.stderr,
    )
