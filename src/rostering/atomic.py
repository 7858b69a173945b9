"""Atomic outputs: a failed, interrupted or killed run never leaves half a file or half a roster folder.

`write_bytes_atomic` / `write_text_atomic` write a temporary sibling, fsync it, then rename it over the
target. `atomic_directory(target)` yields a staging folder beside `target`; when the block succeeds the
staging folder replaces `target` as a whole, in one `renameat2(RENAME_EXCHANGE)` on Linux, so at every
instant `target` is either the previous folder, byte for byte, or the new one, complete. (Elsewhere two
renames, `target` -> `.target.old-<pid>` and staging -> `target`; a crash between them leaves the old
folder aside and the next run puts it back.) Files in `target` the run does not write (a user's notes)
are carried into the new folder by hard link.

`output_lock(target)` keeps two runs from writing one folder: a second run fails at once with
OutputError. The lock is an `flock` on `.target.lock`, which the kernel releases when its process
dies, so a killed run never leaves a lock that blocks the next; that run then clears what the killed
one left (a staging or old folder, the lock file). At the package root (like errors.py) so every layer,
travel's matrix cache included, uses the one implementation.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError
from .input_files import os_reason

try:
    import fcntl
except ImportError:  # Windows: O_EXCL lock files, without stale-lock detection
    fcntl = None  # type: ignore[assignment]

# Test hook: a run whose environment names one of these points prints a line and waits there, so a test
# can kill it at exactly that moment. "between-renames" also forces the two-rename swap.
PAUSE_ENV = "ROSTERING_TEST_PAUSE_AT"
PAUSE_POINTS = ("staged", "before-swap", "between-renames", "after-swap")

_held: dict[Path, tuple[int, int]] = {}  # target -> (lock fd, depth) for locks this process holds
_held_guard = threading.Lock()


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` whole, or raise OutputError leaving it as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale_temporaries(path)
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {os_reason(exc)}; it was left as it was") from None
        raise


def _clear_stale_temporaries(path: Path) -> None:
    """Remove `.name.<pid>.*.tmp` siblings left by killed processes."""
    for tmp in path.parent.glob(f".{_glob_escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a staging folder; on success it replaces `target` whole, on failure nothing changes.

    Files already in `target` that the run does not write are kept (e.g. a user's notes beside a
    roster). Raises OutputError when `target` cannot be written (a file is in the way, a read-only or
    full disk, another run holds it).
    """
    target = _absolute(target)
    with output_lock(target):
        staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
        try:
            _remove(staging)
            staging.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {os_reason(exc)}") from None
        try:
            yield staging
            _pause("staged")
            _commit(staging, target)
        except OSError as exc:
            raise OutputError(
                f"cannot write {target}: {os_reason(exc)}; the previous contents were left as they were"
            ) from None
        finally:
            _remove(staging)


@contextlib.contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold `target` for this process: OutputError at once if another live run holds it.

    Re-entrant within a process. On entry, also checks that `target` can be a folder and clears litter
    of an earlier crashed run; parent folders created for the lock and left empty are removed on exit.
    """
    target = _absolute(target)
    with _held_guard:
        if target in _held:
            fd, depth = _held[target]
            _held[target] = (fd, depth + 1)
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                fd, depth = _held[target]
                _held[target] = (fd, depth - 1)
        return
    created = _make_parents(target.parent)
    try:
        fd = _acquire(target)
    except BaseException:
        _remove_empty(created)
        raise
    with _held_guard:
        _held[target] = (fd, 1)
    try:
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target} exists and is not a folder: choose another output folder")
        try:
            recover(target)
        except OSError as exc:
            raise OutputError(
                f"cannot tidy what an earlier run left beside {target}: {os_reason(exc)}"
            ) from None
        yield
    finally:
        with _held_guard:
            del _held[target]
        _release(target, fd)
        _remove_empty(created)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders made for an output, innermost first, if nothing was put in them."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def recover(target: Path) -> None:
    """Clear what a killed run left beside `target`: its staging folder (an unfinished new output) and,
    if it died mid-swap, put the previous folder back. Call only while holding the lock."""
    name = _glob_escape(target.name)
    for staging in [*target.parent.glob(f".{name}.staging-*"), *target.parent.glob(f".{name}.*.staging")]:
        _remove(staging)
    olds = sorted(target.parent.glob(f".{name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        os.rename(olds.pop(), target)
    for old in olds:
        _remove(old)


def _commit(staging: Path, target: Path) -> None:
    """Swap `staging` in as `target`, signals held back so an interrupt cannot land half-way.

    An OSError before the swap leaves `target` untouched; after it, tidying is best effort (the next
    run's `recover` finishes it), since the new folder is already whole in place.
    """
    _fsync_tree(staging)
    with _signals_deferred():
        if not target.exists():
            os.rename(staging, target)
            _fsync_dir(target.parent)
            return
        _carry_over(target, staging)
        _pause("before-swap")
        if os.environ.get(PAUSE_ENV) != "between-renames" and _exchange(staging, target):
            old = staging  # now holds the previous folder
        else:
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, old)
            _pause("between-renames")
            try:
                os.rename(staging, target)
            except OSError:
                os.rename(old, target)  # put the previous folder back
                raise
        _fsync_dir(target.parent)
        _pause("after-swap")
        with contextlib.suppress(OSError):
            _carry_over(old, target, move=True)  # anything a user added during the swap
        _remove(old)


def _carry_over(source: Path, dest: Path, *, move: bool = False) -> None:
    """Entries of `source` that `dest` lacks, recursively: hard-linked (or copied), or moved."""
    for entry in os.scandir(source):
        there = dest / entry.name
        if entry.is_dir(follow_symlinks=False) and there.is_dir() and not there.is_symlink():
            _carry_over(Path(entry.path), there, move=move)
        elif os.path.lexists(there):
            continue
        elif move:
            os.rename(entry.path, there)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), there)
        elif entry.is_dir():
            import shutil

            shutil.copytree(entry.path, there, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_file():
            _link_or_copy(entry.path, str(there))


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst)
    except OSError:
        import shutil

        shutil.copy2(src, dst)
    return dst


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at the top: `rostering --help` should not pay for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _acquire(target: Path) -> int:
    path = lock_path(target)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | (os.O_EXCL if fcntl is None else 0), 0o644)
        except FileExistsError:
            raise _busy(target, path) from None
        except OSError as exc:
            raise OutputError(f"cannot write in {target.parent}: {os_reason(exc)}") from None
        if fcntl is None:
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise _busy(target, path) from None
            raise OutputError(f"cannot lock {path}: {os_reason(exc)}") from None
        # The holder before us may have removed the file after we opened it: lock the file that is there.
        try:
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    with contextlib.suppress(OSError):  # the pid only helps the message of a run that waits
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _busy(target: Path, path: Path) -> OutputError:
    try:
        holder = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        holder = ""
    who = f" (pid {holder})" if holder.isdigit() else ""
    hint = "" if fcntl is not None else f"; if no run is active, delete {path}"
    return OutputError(
        f"{target} is being written by another rostering run{who}: try again when it ends{hint}"
    )


def _release(target: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        lock_path(target).unlink()
    os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _make_parents(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    for made in reversed(missing):
        try:
            made.mkdir()
        except FileExistsError:  # another run made it meanwhile
            continue
        except OSError as exc:
            _remove_empty(created)
            raise OutputError(f"cannot create {made}: {os_reason(exc)}") from None
        created.append(made)
    return created


def _absolute(target: Path) -> Path:
    """`target` made absolute; a symlink to a folder is followed, so the folder it names is replaced."""
    target = Path(os.path.abspath(target))
    return target.resolve() if target.is_symlink() else target


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.exists():
        import shutil

        shutil.rmtree(path, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError), open(os.path.join(root, name), "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends, then deliver them (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.getsignal(sig)
        signal.signal(sig, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])


def _pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) == point:
        print(f"rostering: paused at {point}", file=sys.stderr, flush=True)
        time.sleep(60)


def _glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)
