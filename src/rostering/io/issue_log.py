"""A reader's issues, collected in one pass but bounded: the first errors of each file, the rest counted.

A file of junk can hold half a million bad rows. Keeping them all would cost memory for messages no one
reads, so each file keeps the MAX_SHOWN_PER_FILE errors that sort first (by line, then column) and
counts the others. Warnings are few per row and all kept.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable
from typing import Protocol

from ..errors import MAX_SHOWN_PER_FILE, InputError, Issue

SortKey = tuple[int, int, int, int]


class IssueSink(Protocol):
    """Where a reader puts what it finds: a plain list, or an IssueLog."""

    def append(self, issue: Issue, /) -> None: ...


class IssueLog:
    """Collects issues; `sort_key` orders them (file, line, column, errors before warnings)."""

    def __init__(self, sort_key: Callable[[Issue], SortKey], limit: int = MAX_SHOWN_PER_FILE) -> None:
        self._key = sort_key
        self._limit = limit
        self._tie = itertools.count()
        # Per file, a max-heap (negated keys) of the `limit` errors that sort first.
        self._errors: dict[str, list[tuple[tuple[int, ...], int, Issue]]] = {}
        self._warnings: list[tuple[int, Issue]] = []
        self.omitted: dict[str, int] = {}

    def append(self, issue: Issue) -> None:
        order = next(self._tie)
        if issue.severity != "error":
            self._warnings.append((order, issue))
            return
        heap = self._errors.setdefault(issue.where.file, [])
        entry = (tuple(-k for k in self._key(issue)), -order, issue)
        if len(heap) < self._limit:
            heapq.heappush(heap, entry)
            return
        file = issue.where.file
        self.omitted[file] = self.omitted.get(file, 0) + 1
        if entry > heap[0]:  # sorts before the last one kept: keep it instead
            heapq.heapreplace(heap, entry)

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.append(issue)

    def has_errors(self) -> bool:
        return any(self._errors.values())

    def issues(self) -> list[Issue]:
        """Every kept issue, sorted (equal positions in the order they were found)."""
        kept = [(-entry[1], entry[2]) for heap in self._errors.values() for entry in heap] + self._warnings
        return [issue for _, issue in sorted(kept, key=lambda pair: (self._key(pair[1]), pair[0]))]

    def error(self) -> InputError:
        """The InputError carrying every kept issue and the count of the others."""
        return InputError(self.issues(), self.omitted)
