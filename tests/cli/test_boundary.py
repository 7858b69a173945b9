"""The CLI's error boundary: every failure is a message and a documented exit code, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer

from rostering.cli._boundary import handles_errors
from rostering.errors import InputError, Issue, OutputError, Position


def run(func: object) -> int:
    with pytest.raises(typer.Exit) as exit_info:
        handles_errors(func)()  # type: ignore[arg-type]
    return exit_info.value.exit_code


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


def test_many_problems_in_one_file_are_capped_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    issues = [Issue(Position("visits.csv", line, "date"), "malformed date") for line in range(2, 122)]

    def broken() -> None:
        raise InputError(issues, {"visits.csv": 1000})

    assert run(broken) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 52
    assert lines[49] == "visits.csv:51:date: malformed date"
    assert lines[50] == "... and 1070 more problems in visits.csv"
    assert lines[51] == "1120 problem(s) found; input rejected."


def test_a_crash_exits_3_with_a_short_message_and_the_traceback_in_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)

    def buggy() -> None:
        raise KeyError("missing")

    assert run(buggy) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error (KeyError in test_boundary.py:" in err
    (report,) = tmp_path.glob("rostering-crash-*.txt")
    assert str(report) in err
    assert "Traceback (most recent call last)" in report.read_text()
    assert 'raise KeyError("missing")' in report.read_text()


def test_output_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def blocked() -> None:
        raise OutputError("out is being written by another rostering run (pid 42): try again when it ends")

    assert run(blocked) == 2
    assert "error: out is being written by another rostering run (pid 42)" in capsys.readouterr().err


def test_an_interrupt_exits_130(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    assert run(interrupted) == 130
    assert "interrupted; no output was half-written" in capsys.readouterr().err


def test_sigterm_is_handled_like_ctrl_c(capsys: pytest.CaptureFixture[str]) -> None:
    def terminated() -> None:
        signal.raise_signal(signal.SIGTERM)  # in this thread: handled now, not whenever it lands

    assert run(terminated) == 130
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # restored after the command


def test_typer_exits_and_bad_parameters_pass_through() -> None:
    def exits_1() -> None:
        raise typer.Exit(1)

    assert run(exits_1) == 1

    def bad_option() -> None:
        raise typer.BadParameter("no")

    with pytest.raises(typer.BadParameter):
        handles_errors(bad_option)()


def test_a_command_with_out_fails_at_once_when_another_run_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "roster"
    code = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from rostering.atomic import output_lock
        with output_lock(Path({str(out)!r})):
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    ran = []

    def command(out: Path) -> None:
        ran.append(out)

    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(typer.Exit) as exit_info:
            handles_errors(command)(out=out)
        holder.kill()
    assert exit_info.value.exit_code == 2
    assert ran == []  # refused before doing any work


def test_a_closed_output_pipe_exits_141_quietly() -> None:
    code = textwrap.dedent(
        """
        import typer
        from rostering.cli._boundary import handles_errors
        app = typer.Typer()
        @app.command()
        @handles_errors
        def talk() -> None:
            for _ in range(100_000):
                print("line of output" * 10)
        app()
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as talker:
        assert talker.stdout is not None and talker.stderr is not None
        talker.stdout.readline()
        talker.stdout.close()  # like `| head -1`
        err = talker.stderr.read()
        assert talker.wait() == 141
    assert "Traceback" not in err
