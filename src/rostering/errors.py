"""The project's exceptions. The CLI turns each into a message and an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


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
        if self.severity == "error":
            return f"{self.where}: {self.message}"
        return f"{self.where}: {self.severity}: {self.message}"


class InputError(RosteringError):
    """The input is invalid. Carries every located issue found, not just the first."""

    exit_code = 2

    def __init__(self, issues: list[Issue] | str) -> None:
        if isinstance(issues, str):
            issues = [Issue(Position("<input>"), issues)]
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class MatrixError(RosteringError):
    """A travel matrix cannot be built or does not fit the problem."""

    exit_code = 2


class SolverError(RosteringError):
    """The solver failed in a way that leaves no roster to write."""

    exit_code = 3
