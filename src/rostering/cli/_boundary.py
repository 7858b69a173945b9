"""The CLI's one error boundary: our exceptions become a message on stderr and an exit code.

Exit codes: 0 success; 1 the roster has violations; 2 invalid input; 3 solver or other engine failure;
4 a valid roster was written but some visits are unassigned (`solve`); 130 interrupted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from ..errors import InputError, RosteringError
from ._console import note

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that expected failures never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for issue in exc.issues:
                note(str(issue))
            note(f"{len(exc.issues)} problem(s) found; input rejected.")
            raise typer.Exit(exc.exit_code) from None
        except RosteringError as exc:
            note(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            note("interrupted; existing outputs were left as they were.")
            raise typer.Exit(130) from None
        except Exception as exc:
            from pydantic import ValidationError

            if isinstance(exc, ValidationError):
                note(f"error: invalid input: {exc}")
                raise typer.Exit(2) from None
            raise

    return wrapper
