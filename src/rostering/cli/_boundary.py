"""The CLI's one error boundary: every failure becomes a message on stderr and a documented exit code.

Exit codes: 0 success; 1 the roster has violations; 2 invalid input, or an output folder that cannot be
written (a file in the way, read-only, full, or held by another run); 3 engine failure, including any
unexpected exception (a short message and the path of a file holding the full traceback, never a
traceback on screen); 4 a valid roster was written but some visits are unassigned (`solve`); 130
interrupted (Ctrl-C or SIGTERM); 141 the output pipe was closed (e.g. `| head`).

A command with an `out` parameter holds that folder's lock (`rostering.atomic.output_lock`) from its
first line, so a second run into the same folder fails at once, before any solving.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer

from ..atomic import output_lock
from ..errors import InputError, Issue, RosteringError, issue_lines
from ._console import note

P = ParamSpec("P")
R = TypeVar("R")

EXIT_CRASH = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that no failure shows a traceback and each has its documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with _sigterm_interrupts(), _holding_output(kwargs):
                return func(*args, **kwargs)
        except InputError as exc:
            print_issues(exc.issues, exc.omitted)
            note(f"{exc.count} problem(s) found; input rejected.")
            raise typer.Exit(exc.exit_code) from None
        except RosteringError as exc:
            note(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            note("interrupted; no output was half-written (each is as it was, or complete).")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # Whoever read our output has gone: say nothing more (stdout is closed) and stop.
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own ways out (a bad option value, an explicit exit): they carry their exit code
        except Exception as exc:
            from pydantic import ValidationError  # lazily: `rostering --help` must not load pydantic

            if isinstance(exc, ValidationError):
                note(f"error: invalid input: {exc}")
                raise typer.Exit(2) from None
            note(
                f"error: internal error ({type(exc).__name__}{_where(exc)}). This is a bug in rostering: "
                f"please report it with the command and its input. {crash_report(exc)}"
            )
            raise typer.Exit(EXIT_CRASH) from None

    return wrapper


def print_issues(issues: Sequence[Issue], omitted: Mapping[str, int] | None = None) -> None:
    """Print issues as `file:line:column: message`, at most 50 per file, then how many more."""
    for line in issue_lines(issues, omitted):
        note(line)


def crash_report(exc: BaseException) -> str:
    """Write the full traceback to a file; a sentence saying where it went (or printing it if not)."""
    import datetime as dt
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"rostering-crash-{stamp}-{os.getpid()}.txt"
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(f"rostering crash\nargv: {sys.argv!r}\npython: {sys.version}\n\n{text}")
    except OSError:
        note(text)
        return "The traceback is above (it could not be saved to a file)."
    return f"The full traceback is in {path}"


def _where(exc: BaseException) -> str:
    """' in module.py:123', the innermost frame: enough to tell two crashes apart, no data values."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    return f" in {Path(frames[-1].filename).name}:{frames[-1].lineno}"


@contextlib.contextmanager
def _holding_output(kwargs: Mapping[str, Any]) -> Iterator[None]:
    out = kwargs.get("out")
    if isinstance(out, Path):
        with output_lock(out):
            yield
    else:
        yield


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a service manager stopping us, `kill`) is handled exactly like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
