"""Atomic outputs: write to a temporary sibling, then rename, so a failed run never leaves half a file.

`atomic_directory` does the same for a whole output folder: the new files are written into a staging
folder and swapped in only when every one of them is complete, so an existing roster is never
half-overwritten and a failed or interrupted run leaves the last good output in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..atomic_write import write_bytes_atomic as write_bytes_atomic
from ..atomic_write import write_text_atomic as write_text_atomic


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a staging folder; on success its files replace those in `target`, on failure nothing changes.

    Files already in `target` that the run does not write are kept (e.g. a user's notes beside a roster).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging", dir=target.parent))
    try:
        yield staging
        target.mkdir(parents=True, exist_ok=True)
        # Each file is renamed into place atomically; a rename never leaves a partial file.
        for src in sorted(staging.rglob("*")):
            rel = src.relative_to(staging)
            dst = target / rel
            if src.is_dir():
                dst.mkdir(parents=True, exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
