"""The malformed-bundle corpus through the real CLI: no traceback, every fault located, exit codes as
documented, no personal data repeated.

Each case (tests/io/malformed/cases.py) runs `rostering validate` and `rostering solve --work-limit 2`
in-process (typer's runner: an uncaught exception would show as `result.exception`); a few run as real
subprocesses too, through the installed entry point.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli.app import app
from tests.io.malformed.cases import CASES
from tests.io.malformed.generate import Expected, generate

pytestmark = pytest.mark.slow
runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Corpus:
    folder: Path
    cases: dict[str, Expected]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("malformed")
    return Corpus(folder, {e.name: e for e in generate(folder)})


def test_the_corpus_is_large_and_covers_every_category() -> None:
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES)
    categories = {c.category for c in CASES}
    assert categories >= {
        "files",
        "encoding",
        "structure",
        "cells",
        "ranges",
        "references",
        "semantics",
        "toml",
    }


def personal_values(bundle: Path) -> set[str]:
    """Every home coordinate in the bundle's clients.csv and carers.csv, as written."""
    found: set[str] = set()
    for name in ("clients.csv", "carers.csv"):
        try:
            with (bundle / name).open(newline="", encoding="utf-8") as fh:
                table = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        for row in table:
            found |= {row.get(k) or "" for k in ("lat", "lon")}
    return {v for v in found if len(v) >= 6}


def check_output(case: Expected, output: str, bundle: Path) -> None:
    assert "Traceback" not in output, output
    lines = output.splitlines()
    for where in case.where:
        assert any(line.startswith(f"{where}:") for line in lines), f"no message at {where}:\n{output}"
    for text in case.must_print:
        assert text in output, output
    if case.max_lines is not None:
        assert len(lines) <= case.max_lines, f"{len(lines)} lines printed"
    for value in personal_values(bundle):
        assert value not in output, f"personal data {value!r} repeated"
    assert "Wigglesworth" not in output  # a client name in an unknown column is never printed


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_validate_and_solve_on_each_case(name: str, corpus: Corpus, tmp_path: Path) -> None:
    case = corpus.cases[name]
    if case.needs_non_root and IS_ROOT:
        pytest.skip("root reads files without read permission")
    bundle = corpus.folder / name

    result = runner.invoke(app, ["validate", str(bundle)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == case.validate_exit, result.output
    check_output(case, result.output, bundle)

    out = tmp_path / "roster"
    result = runner.invoke(app, ["solve", str(bundle), "--out", str(out), "--work-limit", "2", "--seed", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in case.solve_exits, result.output
    check_output(case, result.output, bundle)
    if result.exit_code == 2:
        # Nothing written, and nothing left beside the output folder either.
        assert list(tmp_path.iterdir()) == []
    else:
        assert sorted(p.name for p in out.iterdir()) == [
            "kpis.json",
            "roster.csv",
            "roster.json",
            "teams.csv",
            "unassigned.csv",
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["roster"]
        unassigned = (out / "unassigned.csv").read_text(encoding="utf-8").splitlines()[1:]
        assert bool(unassigned) == (result.exit_code == 4), result.output


SUBPROCESS_CASES = ["rate_1e308", "folder_as_visits", "toml_rest_breaks_text", "junk_5mb"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_the_installed_command_exits_2_without_a_traceback(name: str, corpus: Corpus) -> None:
    case = corpus.cases[name]
    bundle = corpus.folder / name
    run = subprocess.run(
        [sys.executable, "-c", "from rostering.cli import main; main()", "validate", str(bundle)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == case.validate_exit
    check_output(case, run.stdout + run.stderr, bundle)
