"""The typer application. Commands live in their own modules and are registered here, one line each."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="rostering",
    help="Care-visit rostering for care-at-home localities: validate bundles, build rosters, measure them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Care-visit rostering for care-at-home localities."""


def _register() -> None:
    # One import per command module; each module adds its commands to `app`.
    from . import (  # noqa: F401
        bench_cmd,
        check_cmd,
        compare_cmd,
        diff_cmd,
        export_cmd,
        map_cmd,
        matrix_cmd,
        sample_cmd,
        scenario_cmd,
        schema_cmd,
        solve_cmd,
        sweep_cmd,
        tradeoff_cmd,
        validate_cmd,
    )


_register()
