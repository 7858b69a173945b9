"""Options shared by the commands that build rosters: one name, one help text and one default each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
BaselineParams = Annotated[
    Path | None,
    typer.Option(
        "--baseline-params", help="time-and-task baseline rules TOML (default: configs/baselines.toml values)"
    ),
]
