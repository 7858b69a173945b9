"""numba's `njit` for the compiled core, with a compile cache that follows the core's source.

numba caches a compiled function by its own file's timestamp only: a change to a function it calls in
another file, or to a constant it reads from one, would load stale machine code. The cache therefore
lives in a folder named after a hash of every kernel module (and numba's version): any change to them
compiles afresh, and checkouts of different versions on one machine never share compiled code. The
folder is `$ROSTERING_NUMBA_CACHE`, else `$XDG_CACHE_HOME/rostering/numba` (`~/.cache/...`), else the
temporary directory when those are not writable.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba

# The modules whose source decides the compiled code.
KERNEL_MODULES = (
    "_jit.py",
    "_tables.py",
    "_route_arrays.py",
    "_kernels.py",
    "_scan_kernels.py",
    "_recreate_kernels.py",
    "_exchange_kernels.py",
)


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def cache_dir() -> Path:
    """Where this version of the core's compiled code is cached."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(numba.__version__.encode())
    for name in KERNEL_MODULES:
        digest.update((here / name).read_bytes())
    version = digest.hexdigest()[:16]
    chosen = os.environ.get("ROSTERING_NUMBA_CACHE")
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates = [Path(chosen)] if chosen else []
    candidates += [
        Path(xdg) / "rostering" / "numba",
        Path(tempfile.gettempdir()) / f"rostering-numba-{os.getuid()}",
    ]
    for base in candidates:
        if _writable(base / version):
            return base / version
    return candidates[-1] / version


# numba reads its cache folder when a function is decorated, so this comes before any kernel.
setattr(numba.config, "CACHE_DIR", str(cache_dir()))  # noqa: B010 (numba.config has no stubs)


def njit(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """numba.njit, cached (see the module docstring)."""
    return numba.njit(cache=True, **options)
