"""Command-line interface: thin commands over library functions, one error boundary."""

from __future__ import annotations

from .app import app as app


def main() -> None:
    app()
