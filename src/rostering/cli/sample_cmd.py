"""`rostering sample generate NAME --seed N`: write a seeded sample bundle (same seed, same bytes).

`council` is generated at the size asked for: `--clients N` (or `--visits-per-day V`), `--carers M`,
`--towns K`, `--days D`; the other samples have a fixed size and refuse those options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, Issue, Position
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
    clients: Annotated[
        int | None, typer.Option(help="council only: clients (default 3000, about 10,000 visits a day)")
    ] = None,
    visits_per_day: Annotated[
        int | None, typer.Option(help="council only: about this many visits a day (instead of --clients)")
    ] = None,
    carers: Annotated[
        int | None, typer.Option(help="council only: exactly this many carers (default: sized to the visits)")
    ] = None,
    towns: Annotated[
        int | None, typer.Option(help="council only: towns (default: one per 150 clients)")
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="council only: days from 2026-11-24, 1-7 (default 1)")
    ] = None,
) -> None:
    """Generate a sample locality bundle and its README.md."""
    from ..samples.catalogue import (
        COUNCIL,
        VARIANTS,
        default_out,
        sample_names,
        write_council_sample,
        write_sample,
    )
    from ..samples.council import CouncilSize

    if name not in sample_names():
        raise InputError(f"unknown sample {name!r}: choose one of {', '.join(sample_names())}")
    if variant not in VARIANTS:
        raise InputError(f"unknown variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    sizes = {"--clients": clients, "--visits-per-day": visits_per_day, "--carers": carers, "--towns": towns,
             "--days": days}  # fmt: skip
    target = out or default_out(name, variant)
    if name == COUNCIL:
        size = CouncilSize(clients, visits_per_day, carers, towns, 1 if days is None else days)
        if issues := size.issues():
            raise InputError(issues)
        sample = write_council_sample(target, size, seed, variant)
    else:
        given = [flag for flag, value in sizes.items() if value is not None]
        if given:
            raise InputError(
                [
                    Issue(Position(flag), f"only the {COUNCIL} sample takes a size; {name} has a fixed one")
                    for flag in given
                ]
            )
        sample = write_sample(name, target, seed, variant)
    p = sample.problem
    typer.echo(
        f"wrote {target}: {len(p.clients)} clients, {len(p.visits)} visits over {len(p.dates)} day(s), "
        f"{len(p.carers)} carers, {len(p.shifts)} shifts, {len(p.history)} history records "
        f"(seed {sample.seed})"
    )
