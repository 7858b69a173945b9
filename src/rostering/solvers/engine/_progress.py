"""What the search reports while it runs: elapsed time, best objective so far, visits assigned."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..base import Progress
from ..params import COST_UNITS_PER_GBP

# How often OR-Tools' solution callback recounts assigned visits for the progress display.
PROGRESS_EVERY_S = 0.25


class ProgressReport:
    """Reports to `report` (may be None: then only the best objective is tracked), in GBP."""

    def __init__(self, t0: float, total: int, report: Callable[[Progress], None] | None, phase: str) -> None:
        self.t0 = t0
        self.total = total
        self.report = report
        self.phase = phase
        self.best: int | None = None
        self.assigned = 0
        self.last_report = -1.0

    def improve(self, objective: int) -> None:
        """Note an objective (cost units) the search reached."""
        if self.best is None or objective < self.best:
            self.best = objective

    def due(self) -> bool:
        """Is a progress line expected again (at most every PROGRESS_EVERY_S)?"""
        return self.report is not None and time.monotonic() - self.last_report >= PROGRESS_EVERY_S

    def emit(self, assigned: int, objective: int | None = None) -> None:
        """Report `assigned` visits and the best objective so far (including `objective`)."""
        if objective is not None:
            self.improve(objective)
        self.assigned = assigned
        self.last_report = time.monotonic()
        if self.report is not None:
            best = None if self.best is None else self.best / COST_UNITS_PER_GBP
            self.report(Progress(self.last_report - self.t0, best, assigned, self.total, self.phase))
