"""The CLI's error boundary: our errors become messages and exit codes."""

from __future__ import annotations

import pytest
import typer

from rostering.cli._boundary import handles_errors
from rostering.errors import InputError, Issue, Position


def test_cli_boundary_turns_input_errors_into_messages_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    @handles_errors
    def broken() -> None:
        raise InputError([Issue(Position("visits.csv", 3, "date"), "malformed date '2026-13-01'")])

    with pytest.raises(typer.Exit) as exit_info:
        broken()
    assert exit_info.value.exit_code == 2
    err = capsys.readouterr().err
    assert "visits.csv:3:date: malformed date '2026-13-01'" in err
    assert "Traceback" not in err
