"""Content-hashed caches for parsed networks and built matrices.

A network is keyed by (source content hash, profile, clip area); a matrix by (network key, profile
settings, every location's id and coordinates). Rebuilding an unchanged bundle's matrix therefore costs
one file read, and a bundle with one moved client reuses the parsed network and only re-runs the
shortest paths. Entries are written atomically; an unreadable entry is treated as a miss and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import write_bytes_atomic
from ..domain import MapPoint
from .matrix import TravelMatrix
from .network import RawNetwork

# Bump when the meaning of a cached entry changes, so old entries are never read as new ones.
CACHE_FORMAT = 1


@lru_cache(maxsize=64)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, computed once per (path, size, mtime) in this process."""
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return _sha256_of(str(resolved), stat.st_size, stat.st_mtime_ns)


def key_of(payload: dict[str, Any]) -> str:
    """A stable hash of a JSON-able payload."""
    text = json.dumps({"format": CACHE_FORMAT, **payload}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def locations_payload(locations: Sequence[MapPoint]) -> list[list[object]]:
    return [[loc.location_id, round(loc.lat, 7), round(loc.lon, 7)] for loc in locations]


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def _load_npz(path: Path) -> dict[str, np.ndarray] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        return None


class MatrixCache:
    """`<cache_dir>/networks/<key>.npz` and `<cache_dir>/matrices/<key>.npz`."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)

    def network_path(self, key: str) -> Path:
        return self.cache_dir / "networks" / f"{key}.npz"

    def matrix_path(self, key: str) -> Path:
        return self.cache_dir / "matrices" / f"{key}.npz"

    def load_network(self, key: str) -> RawNetwork | None:
        data = _load_npz(self.network_path(key))
        if data is None or any(name not in data for name in RawNetwork.ARRAYS):
            return None
        return RawNetwork(**{name: data[name] for name in RawNetwork.ARRAYS})

    def save_network(self, key: str, raw: RawNetwork) -> None:
        arrays = {name: getattr(raw, name) for name in RawNetwork.ARRAYS}
        write_bytes_atomic(self.network_path(key), _npz_bytes(arrays))

    def load_matrix(self, key: str) -> tuple[TravelMatrix, dict[str, Any]] | None:
        data = _load_npz(self.matrix_path(key))
        if data is None:
            return None
        try:
            matrix = TravelMatrix(
                profile=str(data["profile"]),
                ids=tuple(str(i) for i in data["ids"].tolist()),
                seconds=data["seconds"],
                metres=data["metres"],
                source=str(data["source"]),
                approximate=False,
            )
            report = json.loads(str(data["report"]))
        except Exception:  # a damaged entry is a miss, never an error
            return None
        return matrix, report

    def save_matrix(self, key: str, matrix: TravelMatrix, report: dict[str, Any]) -> None:
        arrays = {
            "profile": np.array(matrix.profile),
            "ids": np.array(matrix.ids, dtype=np.str_),
            "seconds": np.asarray(matrix.seconds),
            "metres": np.asarray(matrix.metres),
            "source": np.array(matrix.source),
            "report": np.array(json.dumps(report, sort_keys=True)),
        }
        write_bytes_atomic(self.matrix_path(key), _npz_bytes(arrays))


def cache_dir_writable(cache_dir: Path) -> bool:
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(cache_dir, os.W_OK)
