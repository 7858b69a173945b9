"""Reading an input file's bytes and text without ever raising anything but a located Issue.

Every reader (bundle CSVs, locality.toml, parameter TOMLs, roster.json) starts here, so a missing file,
a folder where a file should be, a pipe, an unreadable file, a huge file or text in another encoding
all give the same clear message. At the package root, like errors.py, because parameter files are read
below the io layer.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from .errors import Issue, Position

MiB = 1024 * 1024
# Bundles of a large council are tens of MB; anything far beyond is not a bundle.
MAX_CSV_BYTES = 256 * MiB
MAX_TOML_BYTES = 1 * MiB
_UTF16_32 = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def read_input_bytes(path: Path, name: str, limit: int) -> bytes | Issue | None:
    """The bytes of `path`, None when it does not exist, or an Issue (named `name`) saying why not."""
    try:
        # Non-blocking, so a named pipe put where a file should be cannot hang the reader.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            return Issue(Position(name), "is a folder, expected a file")
        return Issue(Position(name), f"cannot read: {os_reason(exc)}")
    try:
        problem = _not_a_file(os.fstat(fd), name, limit)
        if problem is not None:
            return problem
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        return Issue(Position(name), f"cannot read: {os_reason(exc)}")
    finally:
        os.close(fd)
    if len(data) > limit:
        return _too_large(name, limit)
    return data


def _not_a_file(info: os.stat_result, name: str, limit: int) -> Issue | None:
    if stat.S_ISDIR(info.st_mode):
        return Issue(Position(name), "is a folder, expected a file")
    if not stat.S_ISREG(info.st_mode):
        return Issue(Position(name), "is not a regular file (a pipe, socket or device?)")
    if info.st_size > limit:
        return _too_large(name, limit)
    return None


def _too_large(name: str, limit: int) -> Issue:
    return Issue(Position(name), f"file too large: at most {limit // MiB} MB is read")


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, without the path (the message is already located)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or type(exc).__name__


def other_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when `data` starts with that encoding's byte-order mark."""
    return next((enc for bom, enc in _UTF16_32.items() if data.startswith(bom)), None)


def decode_utf8(data: bytes, name: str) -> str | Issue:
    """UTF-8 text (a leading byte-order mark dropped), or an Issue at the line of the first bad byte."""
    encoding = other_encoding(data)
    if encoding:
        return Issue(Position(name), f"{encoding} text: save the file as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Issue(
            Position(name, line), f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8"
        )


def read_input_text(path: Path, name: str, limit: int) -> str | Issue | None:
    """`read_input_bytes` then `decode_utf8`."""
    data = read_input_bytes(path, name, limit)
    if data is None or isinstance(data, Issue):
        return data
    return decode_utf8(data, name)
