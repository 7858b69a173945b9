"""Matrices stored with a bundle (`matrices/<profile>.npz`) and the choice between them and the fallback.

The `.npz` contract (documented in docs/formats.md): arrays `ids` (unicode location ids, clients then
carer bases), `seconds` and `metres` (float64, row = from, column = to), plus 0-d metadata arrays
`profile`, `source` and `approximate`. Files are written atomically, so a reader never sees half a file.

`resolve_matrices` is what `solve`, `check` and friends call: the stored OSM matrix for each profile when
it covers every location of the problem, otherwise the approximate fallback, with one human message per
profile saying which was used. A stored matrix that misses some of the problem's locations (the bundle
gained a client since `rostering matrix` last ran) is *stale*: by default the profile falls back to the
approximate matrix with a warning naming how many ids are missing; with `strict=True` it is a MatrixError.

`resolve_sources` is the same choice for a council-sized problem: the approximate fallback is evaluated a
leg at a time (travel/lazy.py) instead of over all pairs, and a stored matrix is used as read, without
the reordered copy; the messages are the same.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..atomic import write_bytes_atomic
from ..domain import TRAVEL_MODES, MapPoint, Problem
from ..errors import MatrixError
from .approximate import approximate_matrix
from .lazy import lazy_approximate
from .matrix import TravelMatrix, TravelSource

MATRICES_DIR = "matrices"
# Above this many locations (clients + carer bases) the judges read approximate travel a leg at a time
# (`resolve_travel`): a dense matrix would hold its square (2,500 locations: 50 MB a profile; a council's
# 12,000: 1.2 GB an array). Below it they use the dense matrix, as they always have; the numbers agree.
LAZY_ABOVE_LOCATIONS = 2500


def matrix_path(bundle_dir: Path, profile: str) -> Path:
    """Where a bundle keeps its `profile` matrix."""
    return Path(bundle_dir) / MATRICES_DIR / f"{profile}.npz"


def matrix_bytes(matrix: TravelMatrix) -> bytes:
    """The `.npz` bytes of a matrix (deterministic: same matrix, same bytes)."""
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        ids=np.array(matrix.ids, dtype=np.str_),
        seconds=np.asarray(matrix.seconds, dtype=np.float64),
        metres=np.asarray(matrix.metres, dtype=np.float64),
        profile=np.array(matrix.profile, dtype=np.str_),
        source=np.array(matrix.source, dtype=np.str_),
        approximate=np.array(bool(matrix.approximate)),
    )
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps so identical matrices give identical files."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save_matrix(path: Path, matrix: TravelMatrix) -> None:
    """Write `matrix` to `path` as `.npz`, atomically (temporary sibling, then rename)."""
    write_bytes_atomic(Path(path), matrix_bytes(matrix))


def load_matrix(path: Path) -> TravelMatrix:
    """Read a `.npz` matrix; a missing array or a malformed file is a MatrixError naming the file."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in ("ids", "seconds", "metres") if k not in data.files]
            if missing:
                raise MatrixError(f"{path}: missing array(s) {', '.join(missing)}")
            ids = tuple(str(i) for i in data["ids"].tolist())
            seconds = np.asarray(data["seconds"], dtype=np.float64)
            metres = np.asarray(data["metres"], dtype=np.float64)
            profile = str(data["profile"]) if "profile" in data.files else path.stem
            source = str(data["source"]) if "source" in data.files else f"matrix file {path.name}"
            approximate = bool(data["approximate"]) if "approximate" in data.files else False
    except MatrixError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise MatrixError(f"{path}: not a readable matrix file ({exc})") from None
    try:
        return TravelMatrix(
            profile=profile, ids=ids, seconds=seconds, metres=metres, source=source, approximate=approximate
        )
    except MatrixError as exc:
        raise MatrixError(f"{path}: {exc}") from None


def profiles_used(problem: Problem) -> tuple[str, ...]:
    """The travel profiles the problem's carers use, in the canonical order drive, walk, bike."""
    return tuple(m for m in TRAVEL_MODES if any(c.travel_mode == m for c in problem.carers))


def _approximate_note(problem: Problem, profile: str) -> str:
    s = problem.locality.approximate_travel
    kmh = {"drive": s.drive_kmh, "walk": s.walk_kmh, "bike": s.bike_kmh}[profile]
    return f"approximate (great-circle x {s.circuity:g} / {kmh:g} km/h) — times are approximate"


def resolve_matrices(
    problem: Problem,
    bundle_dir: Path | None,
    profiles: tuple[str, ...] | None = None,
    *,
    strict: bool = False,
) -> tuple[dict[str, TravelMatrix], list[str]]:
    """One matrix per profile: the bundle's stored OSM matrix when it covers the problem, else approximate.

    Parameters
    ----------
    problem
        The problem; its `locations()` are the ids every returned matrix has, in that order.
    bundle_dir
        The bundle folder holding `matrices/<profile>.npz`, or None (always approximate).
    profiles
        Profiles wanted; default: those used by the problem's carers.
    strict
        When True, a stored matrix that is unreadable or misses some of the problem's locations raises
        MatrixError instead of falling back to the approximate matrix.

    Returns
    -------
    (matrices, messages)
        `messages` holds one line per profile saying which source it used, plus warnings.
    """
    settings = problem.locality.approximate_travel
    return _resolve(
        problem,
        bundle_dir,
        profiles,
        strict,
        lambda stored, ids: stored.subset(ids),
        lambda locations, profile: approximate_matrix(locations, profile, settings),
    )


Source = TypeVar("Source", bound=TravelSource)


def _resolve(
    problem: Problem,
    bundle_dir: Path | None,
    profiles: tuple[str, ...] | None,
    strict: bool,
    use_stored: Callable[[TravelMatrix, list[str]], Source],
    fallback: Callable[[tuple[MapPoint, ...], str], Source],
) -> tuple[dict[str, Source], list[str]]:
    """Per profile: the stored matrix (as `use_stored` makes it) when it covers the problem, else the
    approximate `fallback`; with the lines saying which."""
    wanted = profiles if profiles is not None else profiles_used(problem)
    locations = problem.locations()
    ids = [loc.location_id for loc in locations]
    out: dict[str, Source] = {}
    messages: list[str] = []
    for profile in wanted:
        stored, lines = _stored(problem, bundle_dir, profile, ids, strict)
        messages += lines
        if stored is not None:
            out[profile] = use_stored(stored, ids)
            continue
        out[profile] = fallback(locations, profile)
        messages.append(f"{profile}: {_approximate_note(problem, profile)}")
    return out, messages


def _stored(
    problem: Problem, bundle_dir: Path | None, profile: str, ids: list[str], strict: bool
) -> tuple[TravelMatrix | None, list[str]]:
    """The bundle's stored matrix for `profile` when it covers `ids` (as read), and what to tell the user."""
    stored = matrix_path(bundle_dir, profile) if bundle_dir is not None else None
    if stored is None or not stored.is_file():
        return None, []
    rel = f"{MATRICES_DIR}/{profile}.npz"
    try:
        matrix = load_matrix(stored)
        if matrix.profile != profile:
            raise MatrixError(f"{stored}: holds the {matrix.profile} profile, not {profile}")
    except MatrixError as exc:
        if strict:
            raise
        return None, [f"{profile}: warning: {exc}; using the approximate fallback"]
    missing = [i for i in ids if not matrix.has(i)]
    if not missing:
        kind = "approximate matrix" if matrix.approximate else "OSM matrix"
        return matrix, [f"{profile}: {kind} {rel} ({matrix.source})"]
    shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
    text = (
        f"{rel} is stale: {len(missing)} of the problem's {len(ids)} locations are missing "
        f"({shown}); rerun `rostering matrix`"
    )
    if strict:
        raise MatrixError(text)
    return None, [f"{profile}: warning: {text}; using the approximate fallback"]


def resolve_sources(
    problem: Problem,
    bundle_dir: Path | None,
    profiles: tuple[str, ...] | None = None,
    *,
    strict: bool = False,
) -> tuple[dict[str, TravelSource], list[str]]:
    """As `resolve_matrices`, without any all-pairs array of the problem's own making (see above)."""
    settings = problem.locality.approximate_travel
    sources: dict[str, TravelSource] = {}
    found, messages = _resolve(
        problem,
        bundle_dir,
        profiles,
        strict,
        lambda stored, _ids: stored,
        lambda locations, profile: lazy_approximate(locations, profile, settings),
    )
    sources.update(found)
    return sources, messages


def resolve_travel(
    problem: Problem,
    bundle_dir: Path | None,
    profiles: tuple[str, ...] | None = None,
    *,
    strict: bool = False,
) -> tuple[dict[str, TravelSource], list[str]]:
    """Travel for judging a roster (validator, KPIs): dense matrices for a small problem, else as
    `resolve_sources` (above LAZY_ABOVE_LOCATIONS locations)."""
    if len(problem.clients) + len(problem.carers) <= LAZY_ABOVE_LOCATIONS:
        dense, messages = resolve_matrices(problem, bundle_dir, profiles, strict=strict)
        return dict(dense), messages
    return resolve_sources(problem, bundle_dir, profiles, strict=strict)
