"""Command-line interface: thin commands over the pipeline, one error boundary."""

from __future__ import annotations

from .. import _started as _started  # first: the time limit counts from here
from .app import app as app


def main() -> None:
    app()
