"""Progress on stderr while rosters are built: a bar per run and day with visits placed and the best cost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ._console import err_console

if TYPE_CHECKING:
    from ..solvers.base import Progress as SearchProgress
    from ..solvers.base import ProgressCallback


@contextmanager
def progress_bars(*, keep: bool = False) -> Iterator[Callable[[str], ProgressCallback]]:
    """Yield `progress_for(run name)`: a callback that keeps one bar per (run, day) up to date.

    `keep=True` leaves the finished bars on screen (a single nightly build); otherwise they clear.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("visits  {task.fields[best]}"),
        TimeElapsedColumn(),
        console=err_console(),
        transient=not keep,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress_for(name: str) -> ProgressCallback:
            def report(p: SearchProgress) -> None:
                label = " ".join(part for part in (name, p.phase) if part) or "roster"
                best = "" if p.best_objective is None else f"best GBP {p.best_objective:,.2f}"
                if label not in tasks:
                    tasks[label] = bar.add_task(label, total=p.visits_total, best=best)
                bar.update(tasks[label], completed=p.visits_assigned, total=p.visits_total, best=best)

            return report

        yield progress_for
