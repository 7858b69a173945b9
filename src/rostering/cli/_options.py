"""Options shared by the commands that build rosters: one name, one help text and one default each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, Issue, Position

# The same value as pipeline.DEFAULT_TIME_LIMIT_S (kept here so `--help` need not import the engine;
# tests/cli/test_options.py checks they agree).
DEFAULT_TIME_LIMIT_S = 30.0

Bundle = Annotated[Path, typer.Argument(help="bundle folder (locality.toml + CSV files)")]
Out = Annotated[Path, typer.Option("--out", help="output folder (replaced as a whole, atomically)")]
Date = Annotated[str | None, typer.Option("--date", help="roster one day, YYYY-MM-DD (default: every day)")]
TimeLimit = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        help=f"seconds each roster build may take, start-up included (default {DEFAULT_TIME_LIMIT_S:g} "
        "unless --work-limit is given)",
        min=0.5,
    ),
]
WorkLimit = Annotated[
    int | None,
    typer.Option(
        "--work-limit",
        min=1,
        help="stop each roster build after this much work (search rounds + OR-Tools solutions) instead "
        "of a time limit: the same seed then gives a byte-identical roster",
    ),
]
Seed = Annotated[int, typer.Option("--seed", help="random seed of the search")]
Params = Annotated[
    Path | None,
    typer.Option("--params", help="engine parameters TOML (default: the configs/default.toml values)"),
]
Scheduler = Annotated[
    str | None, typer.Option("--scheduler", help="an existing Dask scheduler, e.g. tcp://host:8786")
]
Workers = Annotated[
    int | None, typer.Option("--workers", min=1, help="local Dask worker processes (default: one per core)")
]
Decompose = Annotated[
    str,
    typer.Option(
        "--decompose",
        help="auto: split a council-sized problem into parts solved in parallel (busiest day over "
        "decompose.auto_above_visits_per_day visits, 1500 by default); on: always; off: never",
    ),
]
BaselineParams = Annotated[
    Path | None,
    typer.Option(
        "--baseline-params", help="time-and-task baseline rules TOML (default: configs/baselines.toml values)"
    ),
]


def comma_choices(text: str, choices: Sequence[str], option: str, what: str) -> list[str]:
    """The distinct names of a comma-separated option value, in the order given, each one of `choices`.

    An unknown name, or none at all, is an InputError located at `option` that lists the choices.
    """
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in choices]
    if unknown or not names:
        raise InputError(
            [
                Issue(
                    Position(option),
                    f"unknown {what}(s) {', '.join(unknown) or '(none given)'}; "
                    f"choose from {', '.join(choices)}",
                )
            ]
        )
    return list(dict.fromkeys(names))
