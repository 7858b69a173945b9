"""`rostering sample generate NAME --seed N`: write a seeded sample bundle (same seed, same bytes)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ._boundary import handles_errors
from .app import app

sample_app = typer.Typer(help="Seeded sample localities.", no_args_is_help=True)
app.add_typer(sample_app, name="sample")


@sample_app.command("generate")
@handles_errors
def generate(
    name: Annotated[str, typer.Argument(help="sample locality (an unknown name lists them)")],
    seed: Annotated[
        int | None, typer.Option(help="random seed (default: the committed sample's seed)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="output folder (default: data/sample_localities/NAME[-tight])")
    ] = None,
    variant: Annotated[
        str, typer.Option(help="standard, or tight (a quarter of shifts dropped)")
    ] = "standard",
) -> None:
    """Generate a sample locality bundle and its README.md."""
    from ..samples.catalogue import SAMPLES, VARIANTS, default_out, write_sample

    if name not in SAMPLES:
        raise InputError(f"unknown sample {name!r}: choose one of {', '.join(SAMPLES)}")
    if variant not in VARIANTS:
        raise InputError(f"unknown variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    target = out or default_out(name, variant)
    sample = write_sample(name, target, seed, variant)
    p = sample.problem
    typer.echo(
        f"wrote {target}: {len(p.clients)} clients, {len(p.visits)} visits over {len(p.dates)} day(s), "
        f"{len(p.carers)} carers, {len(p.shifts)} shifts, {len(p.history)} history records "
        f"(seed {sample.seed})"
    )
