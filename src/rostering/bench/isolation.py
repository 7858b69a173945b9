"""Run one benchmark solve in a child process with a hard wall-clock limit.

A solver that overruns its own time limit (e.g. stuck building a first solution) must not stall a run
over 70 instances: the child is stopped at the hard limit and the instance is recorded with no routes,
which the evaluator reports as every customer unserved. Uses fork, so closures need no pickling; the
parent never imports the solver's native libraries itself.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ..errors import SolverError

I = TypeVar("I")  # noqa: E741 - the instance type
R = TypeVar("R")

Solve = Callable[[I, float, int], tuple[R, float | None]]


def _child(solve: Callable[..., Any], args: tuple[Any, ...], conn: Connection) -> None:
    try:
        conn.send(("ok", solve(*args)))
    except BaseException as exc:  # reported to the parent, which raises it as a SolverError
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def isolated(solve: Solve[I, R], empty: R, grace_s: float = 60.0, factor: float = 2.0) -> Solve[I, R]:
    """`solve` run in a forked child, stopped after factor x time limit + grace_s; then (empty, None)."""

    def run(inst: I, time_limit_s: float, seed: int) -> tuple[R, float | None]:
        ctx = mp.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(solve, (inst, time_limit_s, seed), send), daemon=True)
        child.start()
        send.close()
        try:
            if receive.poll(factor * time_limit_s + grace_s):
                status, payload = receive.recv()
            else:
                status, payload = "timeout", None
        except EOFError:
            status, payload = "error", f"the solver process died (exit code {child.exitcode})"
        finally:
            if child.is_alive():
                child.terminate()
            child.join(5)
            receive.close()
        if status == "error":
            raise SolverError(str(payload))
        if status == "timeout":
            return empty, None
        result: tuple[R, float | None] = payload
        return result

    return run
