"""Quoting a value inside a message: escaped (no control character reaches a terminal), cut short."""

from __future__ import annotations


def shown(text: str, limit: int = 24) -> str:
    """`text` quoted for a message, control characters escaped and cut to `limit` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
