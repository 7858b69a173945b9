"""`rostering scenario show FILE` / `rostering scenario materialise FILE --out DIR`: one scenario file.

`show` prints what the scenario changes in its base bundle, in words (zones, packages inferred, carers
moved, the provider policy, rates, windows widened or narrowed); `materialise` writes the resulting
bundle (it passes `rostering validate`, and `rostering check` against it enforces the provider policy).
A bad scenario exits 2 with every problem located (`file:line:key`, GeoJSON `features[i]`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._boundary import handles_errors
from ._console import say
from .app import app

scenario_app = typer.Typer(
    help="Analysts' scenario files (TOML): what one changes, the bundle it makes.", no_args_is_help=True
)
app.add_typer(scenario_app, name="scenario")

ScenarioFile = Annotated[Path, typer.Argument(help="scenario file (TOML; docs/formats.md, scenario files)")]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", help="seed of k-means zones and workforce changes (default: the file's)"),
]


@scenario_app.command("show")
@handles_errors
def show(file: ScenarioFile, seed: SeedOption = None) -> None:
    """Print what the scenario changes in its base bundle, in words."""
    from ..scenarios import load_scenario, materialise

    typer.echo(materialise(load_scenario(file), seed).describe(), nl=False)


@scenario_app.command("materialise")
@handles_errors
def materialise_bundle(
    file: ScenarioFile,
    out: Annotated[Path, typer.Option("--out", help="bundle folder to write (files replaced atomically)")],
    seed: SeedOption = None,
) -> None:
    """Write the bundle the scenario makes (plus zones.geojson, scenario.json and scenario.md)."""
    from ..scenarios import load_scenario, materialise

    made = materialise(load_scenario(file), seed)
    made.write(out)
    typer.echo(made.describe(), nl=False)
    say(f"Bundle written to {out} (check it with `rostering validate {out}`)")
