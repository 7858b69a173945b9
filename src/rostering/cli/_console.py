"""The CLI's two consoles, made on first use so that `rostering --help` does not load rich's console.

Results go to standard output; notes, warnings, progress and errors to standard error, so a script can
pipe the results without the chatter.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def out_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@functools.cache
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(text: str) -> None:
    """A plain line on standard output (no rich markup: ids and paths print as they are)."""
    out_console().print(text, markup=False)


def note(text: str) -> None:
    """A plain line on standard error."""
    err_console().print(text, markup=False)
