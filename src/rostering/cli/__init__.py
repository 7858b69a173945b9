"""Command-line interface: thin commands over the pipeline, one error boundary."""

from __future__ import annotations

from .. import _started as _started  # first: the time limit counts from here
from .app import app as app


def main() -> None:
    try:
        app()
    except SystemExit as done:
        _leave(done)
        raise


def _leave(done: SystemExit) -> None:
    """Exit at once when the search core was loaded: tearing down numba's compiled code at interpreter
    exit takes about a second (LLVM's engines), which a user who set a time limit would wait for. The
    command has written its outputs atomically and closed them; the console streams are flushed here."""
    import os
    import sys

    if "numba" not in sys.modules:
        return
    code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if done.code is not None and not isinstance(done.code, int):
        print(done.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
