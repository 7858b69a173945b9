"""A scenario applied to its base bundle: a new problem, the zones, and what changed, in words.

`materialise` is a pure function of (scenario file, base bundle, seed): the same inputs give the same
problem, and `Materialised.write` the same bytes. The sections apply in a fixed order:

1. `dates`: the base bundle restricted to them (history kept whole);
2. `[zones]`: every client in exactly one zone (zones.py);
3. provider inference: an empty clients.csv `provider_id` is inferred (solvers/baselines/ownership.py)
   and written into the new clients.csv, so the status quo is explicit;
4. `[workforce]`: carers moved between employers (packages follow their regular carer), carers added;
5. `[providers]`: the provider policy, as clients.csv `allowed_providers` (a hard rule);
6. `[rates]`: provider rates / mileage / payment model; the rural uplift on zones marked rural;
7. `[windows]`: the window policy.

Every reference to the bundle (provider, carer, skill, date, zone) is checked first and reported at its
line in the scenario file, all at once, before anything is computed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_directory
from ..domain import Locality, Problem, Zone
from ..errors import InputError, Issue
from ..io.bundle import BUNDLE_FILES, LOCALITY_FILE, write_bundle
from ..pipeline import Bundle, load_bundle
from ..solvers.baselines.ownership import infer_ownership
from ..travel.matrix import TravelMatrix
from ..travel.store import MATRICES_DIR, load_matrix, save_matrix
from .parse import Scenario
from .policies import apply_policy
from .windows import apply_rates, apply_windows
from .workforce import change_workforce
from .zones import ZoneMap, zones_by_kmeans, zones_from_file, zones_geojson

ZONES_FILE = "zones.geojson"
RECORD_FILE = "scenario.json"
SUMMARY_FILE = "scenario.md"


@dataclass(frozen=True)
class Change:
    """One change a scenario made, in words: `section` (zones, workforce, ...) and a sentence."""

    section: str
    text: str

    def __str__(self) -> str:
        return f"{self.section}: {self.text}"


@dataclass(frozen=True)
class Materialised:
    """The scenario's problem, its zones (None without [zones]) and the changes made to the base bundle."""

    scenario: Scenario
    base: Bundle
    problem: Problem
    zones: ZoneMap | None
    changes: tuple[Change, ...]
    seed: int
    # New location id -> the existing location it sits on (added carers), for the stored matrices.
    aliases: dict[str, str]

    @property
    def name(self) -> str:
        return self.scenario.spec.name

    def describe(self) -> str:
        """The changes in words, one per line, under a heading naming the scenario and its base."""
        spec = self.scenario.spec
        head = f"Scenario {spec.name}" + (f": {spec.title}" if spec.title else "")
        lines = [head, f"base: {spec.base} (seed {self.seed})"]
        if spec.description:
            lines.append(f"about: {spec.description}")
        lines += [str(c) for c in self.changes]
        return "\n".join(lines) + "\n"

    def write(self, out: Path | str) -> Path:
        """The bundle (it passes `rostering validate`) with zones.geojson, scenario.json and scenario.md,
        plus the base bundle's stored travel matrices (extended for added carers); all or nothing."""
        out = Path(out)
        problem = self.problem.replace(
            locality=_relocated(self.problem.locality, self.scenario.base_dir, out)
        )
        matrices = self._matrices()
        with atomic_directory(out) as staging:
            write_bundle(problem, staging)
            if self.zones is not None:
                (staging / ZONES_FILE).write_text(zones_geojson(self.zones), encoding="utf-8", newline="\n")
            (staging / RECORD_FILE).write_text(self._record(out), encoding="utf-8", newline="\n")
            (staging / SUMMARY_FILE).write_text(self._summary(), encoding="utf-8", newline="\n")
            for profile, matrix in matrices.items():
                save_matrix(staging / MATRICES_DIR / f"{profile}.npz", matrix)
        # What a previous materialisation left that this one does not have.
        if self.zones is None:
            (out / ZONES_FILE).unlink(missing_ok=True)
        for stale in sorted((out / MATRICES_DIR).glob("*.npz")) if (out / MATRICES_DIR).is_dir() else []:
            if stale.stem not in matrices:
                stale.unlink()
        return out

    def _matrices(self) -> dict[str, TravelMatrix]:
        """The base bundle's stored matrices over this problem's locations (added carers copy a row)."""
        folder = self.scenario.base_dir / MATRICES_DIR
        ids = [loc.location_id for loc in self.problem.locations()]
        out = {}
        for path in sorted(folder.glob("*.npz")) if folder.is_dir() else []:
            stored = load_matrix(path)
            sources = [self.aliases.get(i, i) for i in ids]
            if not all(stored.has(s) for s in sources):
                continue  # stale in the base too: the solve falls back to approximate travel and says so
            picked = stored.subset(list(dict.fromkeys(sources)))
            index = [picked.index(s) for s in sources]
            out[path.stem] = TravelMatrix(
                profile=stored.profile,
                ids=tuple(ids),
                seconds=picked.seconds[index][:, index],
                metres=picked.metres[index][:, index],
                source=stored.source,
                approximate=stored.approximate,
            )
        return out

    def _record(self, out: Path) -> str:
        spec = self.scenario.spec
        record = {
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "scenario_file": self.scenario.path.name,
            "scenario_sha256": self.scenario.digest,
            "base": os.path.relpath(self.scenario.base_dir, out.resolve()),
            "seed": self.seed,
            "zones": None
            if self.zones is None
            else {
                "source": self.zones.source,
                "names": list(self.zones.names),
                "rural": sorted(self.zones.rural),
            },
            "changes": [{"section": c.section, "text": c.text} for c in self.changes],
        }
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"

    def _summary(self) -> str:
        head, *rest = self.describe().splitlines()
        return f"# {head}\n\n" + "".join(f"- {line}\n" for line in rest)


def bundle_digest(folder: Path) -> str:
    """SHA-256 over a bundle's problem files, zones and stored matrices: what a roster depends on."""
    h = hashlib.sha256()
    names = [LOCALITY_FILE, *(f.name for f in BUNDLE_FILES), ZONES_FILE]
    paths = [folder / n for n in names] + sorted((folder / MATRICES_DIR).glob("*.npz"))
    for path in paths:
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def materialise(scenario: Scenario, seed: int | None = None, base: Bundle | None = None) -> Materialised:
    """Apply the scenario to its base bundle; InputError (located in the scenario file) for bad references.

    `seed` overrides the file's `seed`; `base` is the base bundle already read (scenarios of one base
    share it), else it is read from the scenario's `base` folder.
    """
    from .checks import reference_issues, zone_reference_issues

    spec = scenario.spec
    seed = spec.seed if seed is None else seed
    base = base if base is not None else load_bundle(scenario.base_dir)
    problem = base.problem
    _raise(reference_issues(scenario, problem))
    if spec.dates:
        problem = problem.for_dates(set(spec.dates))
    changes: list[Change] = [Change("dates", _dates_text(problem, base.problem))]
    zones = _zones(scenario, problem, seed)
    _raise(zone_reference_issues(scenario, zones))
    zone_of = zones.zone_of if zones else {}
    if zones is not None:
        changes.append(Change("zones", _zones_text(zones)))
    ownership = infer_ownership(problem)
    changes.append(
        Change("providers", ownership.summary() or "every client has a provider_id in clients.csv")
    )
    workforce = change_workforce(problem, spec.workforce, ownership.provider_by_client, zone_of, seed)
    changes += [Change("workforce", s) for s in workforce.sentences]
    problem = workforce.problem
    policy = apply_policy(problem, spec.providers, workforce.holder, zone_of, zones.names if zones else ())
    changes += [Change("policy", s) for s in policy.sentences]
    providers, rate_text = apply_rates(problem.providers, spec.rates)
    changes += [Change("rates", s) for s in rate_text]
    zone_rows = _zone_rows(zones, spec.rates.rural_uplift)
    if spec.rates.rural_uplift and zones is not None:
        rural = [z.zone_id for z in zone_rows if z.rural] or ["none"]
        changes.append(
            Change(
                "rates", f"rural uplift {spec.rates.rural_uplift:.0%} on external rates in {', '.join(rural)}"
            )
        )
    visits, window_text = apply_windows(problem.visits, spec.windows)
    changes.append(Change("windows", window_text))
    clients = tuple(
        c.replace(
            provider_id=policy.holder[c.client_id],
            allowed_providers=policy.allowed[c.client_id],
            zone=zone_of.get(c.client_id),
        )
        for c in problem.clients
    )
    problem = problem.replace(providers=providers, clients=clients, visits=visits, zones=zone_rows)
    return Materialised(scenario, base, problem, zones, tuple(changes), seed, workforce.aliases)


def _raise(issues: list[Issue]) -> None:
    if issues:
        raise InputError(issues)


def _zones(scenario: Scenario, problem: Problem, seed: int) -> ZoneMap | None:
    spec = scenario.spec.zones
    if spec is None:
        return None
    if spec.file is not None:
        return zones_from_file(
            scenario.resolve(spec.file), spec.file, spec.property, problem.clients, spec.rural
        )
    assert spec.count is not None
    homes = {(c.lat, c.lon) for c in problem.clients}
    if spec.count > len(homes):
        _raise(
            [
                scenario.issue(
                    f"{spec.count} zones but only {len(homes)} distinct client homes", "zones", "count"
                )
            ]
        )
    return zones_by_kmeans(problem.clients, spec.count, seed, problem.locality.bounds, spec.rural)


def _zone_rows(zones: ZoneMap | None, uplift: float) -> tuple[Zone, ...]:
    if zones is None:
        return ()
    return tuple(
        Zone(zone_id=n, rural=n in zones.rural, rate_uplift=uplift if n in zones.rural else 0.0)
        for n in zones.names
    )


def _dates_text(problem: Problem, base: Problem) -> str:
    dates = problem.dates
    if not dates:
        return "no dates"
    span = str(dates[0]) if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    return f"{span}: {len(dates)} of the base bundle's {len(base.dates)} day(s), {len(problem.visits)} visits"


def _zones_text(zones: ZoneMap) -> str:
    counts = Counter(zones.zone_of.values())
    listed = ", ".join(
        f"{n} {counts.get(n, 0)} clients" + (" (rural)" if n in zones.rural else "") for n in zones.names
    )
    return f"{len(zones.names)} from {zones.source}: {listed}"


def _relocated(locality: Locality, base_dir: Path, out: Path) -> Locality:
    """The locality with its relative file paths (boundary, OSM extract) pointing from `out` to the base's."""
    update = {}
    for key in ("boundary", "osm_extract"):
        value = getattr(locality, key)
        if value and not value.startswith("pyrosm:") and not Path(value).is_absolute():
            update[key] = os.path.relpath((base_dir / value).resolve(), out.resolve())
    return locality.replace(**update) if update else locality
