"""Edits that put one fault into a bundle folder. Each returns the locations (`file:line:column`, or
`file:line`, or `file`) whose messages the fault must produce; line 1 is the header."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from pathlib import Path

Fault = Callable[[Path], list[str]]


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def save(path: Path, table: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(table)


def cell(file: str, line: int, column: str) -> Callable[[Path], str]:
    """Reads one cell of the base (to build faults from real ids)."""

    def read(folder: Path) -> str:
        table = rows(folder / file)
        return table[line - 1][table[0].index(column)]

    return read


def set_cells(file: str, line: int, values: dict[str, str | Callable[[Path], str]], at: str = "") -> Fault:
    """Set cells of one row; expect a message at each (or only at column `at` when given)."""

    def apply(folder: Path) -> list[str]:
        table = rows(folder / file)
        for column, value in values.items():
            text = value(folder) if callable(value) else value
            if column not in table[0]:
                table[0].append(column)
                for row in table[1:]:
                    row.append("")
            table[line - 1][table[0].index(column)] = text
        save(folder / file, table)
        columns = [at] if at else list(values)
        return [f"{file}:{line}:{c}" if c != "-" else f"{file}:{line}" for c in columns]

    return apply


def set_cell(file: str, line: int, column: str, value: str | Callable[[Path], str], at: str = "") -> Fault:
    return set_cells(file, line, {column: value}, at)


def add_row(file: str, cells: dict[str, str | Callable[[Path], str]], at: str) -> Fault:
    """Append a row; expect a message at its line, column `at` ('-' for the row itself, '' for none)."""

    def apply(folder: Path) -> list[str]:
        table = rows(folder / file)
        for column in cells:
            if column not in table[0]:
                table[0].append(column)
                for row in table[1:]:
                    row.append("")
        table.append([_value(cells.get(name, ""), folder) for name in table[0]])
        save(folder / file, table)
        line = len(table)
        if not at:
            return []
        return [f"{file}:{line}" if at == "-" else f"{file}:{line}:{at}"]

    return apply


def _value(value: str | Callable[[Path], str], folder: Path) -> str:
    return value(folder) if callable(value) else value


def drop_column(file: str, column: str) -> Fault:
    def apply(folder: Path) -> list[str]:
        table = rows(folder / file)
        i = table[0].index(column)
        save(folder / file, [r[:i] + r[i + 1 :] for r in table])
        return [f"{file}:1:{column}"]

    return apply


def edit_text(file: str, change: Callable[[str], str], where: list[str]) -> Fault:
    def apply(folder: Path) -> list[str]:
        path = folder / file
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
        return where

    return apply


def edit_bytes(file: str, change: Callable[[bytes], bytes], where: list[str]) -> Fault:
    def apply(folder: Path) -> list[str]:
        path = folder / file
        path.write_bytes(change(path.read_bytes()))
        return where

    return apply


def header_only(file: str, where: list[str]) -> Fault:
    return edit_text(file, lambda t: t.splitlines(keepends=True)[0], where)


def replace_file(file: str, make: Callable[[Path], None], where: list[str]) -> Fault:
    def apply(folder: Path) -> list[str]:
        path = folder / file
        path.unlink()
        make(path)
        return where

    return apply


def remove_file(file: str, where: list[str]) -> Fault:
    return replace_file(file, lambda _path: None, where)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_loop(path: Path) -> None:
    path.symlink_to(path.name)


def toml_set(key: str, literal: str) -> Fault:
    """Set `key` (dotted for [bounds] / [approximate_travel]) to a TOML literal; expect it located."""

    def apply(folder: Path) -> list[str]:
        path = folder / "locality.toml"
        lines = path.read_text(encoding="utf-8").splitlines()
        table, name = key.rsplit(".", 1) if "." in key else ("", key)
        line = _key_line(lines, table, name)
        if line is None:
            at = _table_end(lines, table)
            lines.insert(at, f"{name} = {literal}")
            line = at + 1
        else:
            lines[line - 1] = f"{name} = {literal}"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [f"locality.toml:{line}:{key}"]

    return apply


def toml_drop(key: str, where_key: str = "") -> Fault:
    """Remove `key`; expect 'missing' at line 1 for a top-level key, else at its table's header line."""

    def apply(folder: Path) -> list[str]:
        path = folder / "locality.toml"
        lines = path.read_text(encoding="utf-8").splitlines()
        table, name = key.rsplit(".", 1) if "." in key else ("", key)
        line = _key_line(lines, table, name)
        assert line is not None, key
        del lines[line - 1]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if where_key:
            header = lines.index(f"[{where_key}]") + 1 if f"[{where_key}]" in lines else 1
            return [f"locality.toml:{header}:{key}"]
        return [f"locality.toml:1:{key}"]

    return apply


def _key_line(lines: list[str], table: str, name: str) -> int | None:
    current = ""
    for number, text in enumerate(lines, start=1):
        header = re.match(r"^\s*\[([^\]]+)\]", text)
        if header:
            current = header.group(1).strip()
        elif current == table and re.match(rf"^\s*{re.escape(name)}\s*=", text):
            return number
    return None


def _table_end(lines: list[str], table: str) -> int:
    """Index to insert a key at the end of `table` (the top level ends at the first table)."""
    if not table:
        return next((i for i, t in enumerate(lines) if t.startswith("[")), len(lines))
    start = lines.index(f"[{table}]")
    return next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))


def both(*faults: Fault) -> Fault:
    def apply(folder: Path) -> list[str]:
        return [where for fault in faults for where in fault(folder)]

    return apply
