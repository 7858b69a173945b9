"""The project's exceptions. The CLI turns each into a message and an exit code, never a traceback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# How many issues of one file are shown; the rest are counted ("... and N more problems in FILE"), so
# 50 MB of junk rows gives a screenful, not half a million lines.
MAX_SHOWN_PER_FILE = 50


class RosteringError(Exception):
    """Base of every error the engine raises on purpose."""

    exit_code = 3


@dataclass(frozen=True)
class Position:
    """Where in an input a problem sits: file (or option), 1-based line (header = line 1) and column name.

    Not a place on the map: that is `domain.MapPoint`.
    """

    file: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)


@dataclass(frozen=True)
class Issue:
    """One located finding in an input: an error (the input is unusable) or a warning."""

    where: Position
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # Errors read `file:line:column: message`; warnings carry their severity after the location.
        text = f"{self.where}: {self.message}"
        if self.severity != "error":
            text = f"{self.where}: {self.severity}: {self.message}"
        return printable(text)


def printable(text: str) -> str:
    """`text` with every non-printable character escaped (`\\x1b`, `\\u2028`): input echoed in a
    message can never move a terminal's cursor, recolour it or break a log line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class InputError(RosteringError):
    """The input is invalid. Carries every located issue found, not just the first.

    `omitted` counts, per file, further errors found but not kept (a reader keeps the first
    MAX_SHOWN_PER_FILE of each file), so the totals stay honest without holding them all.
    """

    exit_code = 2

    def __init__(self, issues: list[Issue] | str, omitted: Mapping[str, int] | None = None) -> None:
        if isinstance(issues, str):
            issues = [Issue(Position("<input>"), issues)]
        self.issues = issues
        self.omitted = {f: n for f, n in (omitted or {}).items() if n > 0}
        super().__init__("\n".join(issue_lines(issues, self.omitted)))

    @property
    def count(self) -> int:
        """Every problem found: the issues kept and those only counted."""
        return len(self.issues) + sum(self.omitted.values())


class OutputError(RosteringError):
    """An output cannot be written (`--out` is a file, a read-only folder, a full disk, or another run
    is writing it). Nothing was replaced: previous outputs are as they were."""

    exit_code = 2


class MatrixError(RosteringError):
    """A travel matrix cannot be built or does not fit the problem."""

    exit_code = 2


class SolverError(RosteringError):
    """The solver failed in a way that leaves no roster to write."""

    exit_code = 3


def issue_lines(
    issues: Iterable[Issue], omitted: Mapping[str, int] | None = None, limit: int = MAX_SHOWN_PER_FILE
) -> list[str]:
    """The lines to print for `issues`: at most `limit` per file (errors first), then a count of the rest.

    Issues keep their order; a file's count line follows its last shown issue.
    """
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.where.file, []).append(issue)
    extra = dict(omitted or {})
    lines: list[str] = []
    for file, found in by_file.items():
        order = sorted(range(len(found)), key=lambda i: found[i].severity != "error")
        keep = set(order[:limit])
        lines += [str(issue) for i, issue in enumerate(found) if i in keep]
        hidden = [found[i] for i in order[limit:]]
        counted = extra.pop(file, 0)
        if hidden or counted:
            only_warnings = not counted and all(i.severity != "error" for i in hidden)
            kind = "warnings" if only_warnings else "problems"
            lines.append(f"... and {len(hidden) + counted} more {kind} in {file}")
    lines += [f"... and {n} more problems in {file}" for file, n in extra.items() if n]
    return lines
