"""How long each task of a batch may search, so that the batch ends when its share of the limit does.

Tasks start one by one as workers free up (largest first). When task k starts, the capacity left is the
workers' time until `end` less what the running tasks are still planned to take; k gets its share of
that capacity by size (visits) among the tasks not yet started, less its overhead (building the
sub-problem, arrays and model, extracting and checking the roster), never more than the time to `end`.
A task that can no longer get its overhead and the least useful search is skipped when `skip` is set.
With a work limit instead, every task gets that work limit and no clock is read.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ..base import Budget

# What a solve costs beyond its search (the sub-problem, prechecks, arrays, model, extraction, checking):
# 1.5-2 s for a 600-visit part on the 2-core machine of benchmarks/RESULTS.md.
OVERHEAD_S = 0.5
OVERHEAD_PER_VISIT_S = 0.0025


def overhead_s(visits: int) -> float:
    return OVERHEAD_S + OVERHEAD_PER_VISIT_S * visits


class TaskClock:
    """Budgets for a batch of tasks of the given sizes, run on `workers` workers until `end`."""

    def __init__(
        self,
        end: float | None,
        workers: int,
        sizes: Sequence[int],
        work_limit: int | None,
        floor_s: float,
        *,
        skip: bool = False,
    ) -> None:
        self.end = end
        self.workers = workers
        self.sizes = list(sizes)
        self.waiting = sum(self.sizes)
        self.work_limit = work_limit
        self.floor_s = floor_s
        self.skip = skip
        self.running: dict[int, float] = {}  # task -> when it is planned to end

    def budget(self, k: int) -> Budget | None:
        """Task k's budget as it starts now; None when it is skipped (no time left for it)."""
        size = self.sizes[k]
        waiting = max(1, self.waiting)
        self.waiting -= size
        if self.end is None:
            return Budget(time_limit_s=None, work_limit=self.work_limit)
        now = time.monotonic()
        left = max(0.0, self.end - now)
        overhead = overhead_s(size)
        if self.skip and left < overhead + self.floor_s:
            return None
        busy = sum(max(0.0, planned - now) for planned in self.running.values())
        capacity = max(0.0, self.workers * left - busy)
        seconds = max(self.floor_s, min(left, capacity * size / waiting) - overhead)
        self.running[k] = now + seconds + overhead
        return Budget(time_limit_s=seconds, work_limit=self.work_limit)

    def done(self, k: int) -> None:
        """Task k has finished: its worker is free."""
        self.running.pop(k, None)
