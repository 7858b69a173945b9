"""The malformed-bundle corpus: small bundles cut from the sample localities, each with one fault.

    python -m tests.io.malformed.generate OUT_DIR

writes OUT_DIR/<case>/ (a bundle) for every case and OUT_DIR/cases.json listing, per case, its
category, what the fault is, the exit codes `rostering validate` and `rostering solve` must give, and
the locations (`file:line:column`, `file:line` or `file`) at which a message must start. Lines count
the header as line 1. tests/io/malformed/test_malformed_bundles.py runs the CLI on every case.

Two bases: `nb` (North Berwick, its first day, 8 clients, 6 carers) and `ott` (the OSM test town, same
cut); both keep only visits some carer can do, so the faultless base solves with every visit assigned.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rostering.domain import Problem
from rostering.io.bundle import read_bundle, write_bundle
from rostering.io.bundle_checks import can_fit
from tests.conftest import REPO
from tests.io.malformed.cases import CASES

SAMPLES = {"nb": "north-berwick", "ott": "osm-test-town"}


@dataclass(frozen=True)
class Expected:
    name: str
    category: str
    about: str
    validate_exit: int
    solve_exits: tuple[int, ...]
    where: list[str]
    must_print: tuple[str, ...] = ()
    max_lines: int | None = None
    needs_non_root: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def small_base(sample: str, n_clients: int = 8, n_carers: int = 6) -> Problem:
    """The sample's first day cut to a few clients and carers, keeping only visits a carer can do."""
    problem, _ = read_bundle(REPO / "data" / "sample_localities" / sample)
    day = problem.dates[0]
    problem = problem.for_dates({day})
    on_shift = [c for c in problem.carers if any(s.carer_id == c.carer_id for s in problem.shifts)]
    carers = tuple(on_shift[:n_carers])
    kept = {c.carer_id for c in carers}
    shifts = tuple(s for s in problem.shifts if s.carer_id in kept)
    visiting = [c for c in problem.clients if any(v.client_id == c.client_id for v in problem.visits)]
    clients = tuple(
        c.model_copy(
            update={
                "preferred_carers": tuple(k for k in c.preferred_carers if k in kept),
                "excluded_carers": tuple(k for k in c.excluded_carers if k in kept),
            }
        )
        for c in visiting[:n_clients]
    )
    cut = problem.model_copy(update={"carers": carers, "shifts": shifts, "clients": clients})
    client_ids = {c.client_id for c in clients}

    def doable(v: object) -> bool:
        able = {
            s.carer_id
            for s in shifts
            if can_fit(s, v) and cut.is_eligible(cut.carer_by_id[s.carer_id], v)  # type: ignore[arg-type]
        }
        return len(able) >= v.carers_required  # type: ignore[attr-defined]

    visits = tuple(v for v in problem.visits if v.client_id in client_ids and doable(v))
    history = tuple(h for h in problem.history if h.client_id in client_ids and h.carer_id in kept)
    return Problem(
        locality=problem.locality,
        providers=problem.providers,
        carers=carers,
        shifts=shifts,
        clients=clients,
        visits=visits,
        history=history,
    )


def write_bases(folder: Path) -> dict[str, Path]:
    bases = {}
    for key, sample in SAMPLES.items():
        bases[key] = folder / f"_base-{key}"
        write_bundle(small_base(sample), bases[key])
    return bases


def generate(out: Path) -> list[Expected]:
    """Write every case's bundle into `out` and return what each must produce."""
    out.mkdir(parents=True, exist_ok=True)
    bases = write_bases(out)
    expected = []
    for case in CASES:
        folder = out / case.name
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(bases[case.base], folder)
        where = case.fault(folder)
        expected.append(
            Expected(
                name=case.name,
                category=case.category,
                about=case.about,
                validate_exit=case.validate_exit,
                solve_exits=case.solve_exits,
                where=[w.replace("{bundle}", str(folder)) for w in where],
                must_print=case.must_print,
                max_lines=case.max_lines,
                needs_non_root=case.needs_non_root,
            )
        )
    manifest = [e.__dict__ for e in expected]
    (out / "cases.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return expected


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.io.malformed.generate OUT_DIR")
    cases = generate(Path(sys.argv[1]))
    print(f"{len(cases)} cases written to {sys.argv[1]}")
