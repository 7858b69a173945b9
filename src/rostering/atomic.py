"""Atomic outputs: a failed or interrupted run never leaves half a file or half a roster folder.

`write_bytes_atomic` / `write_text_atomic` write a temporary sibling, fsync it, then rename it over the
target. `atomic_directory` does the same for a whole output folder. At the package root (like errors.py)
so every layer, travel's matrix cache included, uses the one implementation.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
