"""The CLI's one error boundary: our exceptions become a message on stderr and an exit code.

Exit codes: 0 success; 1 the roster has violations (`check`); 2 invalid input; 3 solver or other
engine failure; 130 interrupted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from ..errors import InputError, RosteringError

P = ParamSpec("P")
R = TypeVar("R")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that expected failures never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for issue in exc.issues:
                err_console.print(str(issue), markup=False)
            err_console.print(f"{len(exc.issues)} problem(s) found; input rejected.", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except RosteringError as exc:
            err_console.print(f"error: {exc}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except ValidationError as exc:
            err_console.print(f"error: invalid input: {exc}", markup=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; existing outputs were left as they were.", markup=False)
            raise typer.Exit(130) from None

    return wrapper
