"""`python -m rostering`: the same CLI as the `rostering` command."""

from __future__ import annotations

from .cli import main

main()
