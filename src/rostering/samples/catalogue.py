"""The sample localities the project ships, their default seeds, and writing one out as a bundle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes_atomic, write_text_atomic
from ..io.bundle import write_bundle
from . import council, north_berwick, osm_town, rutland
from .assemble import LocalityPlan, Sample, assemble
from .readme import render_readme

VARIANTS = ("standard", "tight")
SAMPLES_DIR = Path("data") / "sample_localities"

_NORTH_BERWICK = """
One week of care at home in the North Berwick coastal locality of East Lothian: North Berwick,
Gullane, Dirleton, Aberlady, Athelstaneford, Whitekirk and the farms between (approximate real
settlement coordinates; client homes are scattered around them, a few on farms). Four calls a day
(morning, lunch, tea, bed) for most clients, fewer for some; medication calls have narrower windows
and priority 1; hoist double-ups need moving-and-handling. The council's in-house team is salaried
and drives, at about twice the agencies' hourly rate, and holds the complex packages; two external
time-and-task agencies hold the rest, and some of their town carers walk.
"""

_OSM_TOWN = """
A small town for the OSM travel pipeline: clients live at real residential buildings and carers at
real buildings of the OpenStreetMap extract that ships inside pyrosm (`pyrosm.get_data("test_pbf")`,
a small Finnish area around 60.53 N, 26.95 E). `locality.toml` names the extract as
`osm_extract = "pyrosm:test_pbf"`, which `rostering matrix` resolves to the file inside pyrosm.
Map data © OpenStreetMap contributors, available under the Open Database Licence (ODbL) 1.0.
"""

_RUTLAND = """
One week of care at home in Rutland, a rural English county beside the rural east of Leicestershire:
the market towns of Oakham and Uppingham and some forty villages, on real OpenStreetMap roads. Clients
live at real residential buildings of the extract (tagged houses, house-sized untagged buildings and
address points; where the extract maps too few buildings in a village, at points on its residential
streets); carers' bases are other homes in the towns and villages. The county council's in-house team
(salaried, drives, about twice the agencies' hourly rate) holds the complex packages and most of the
east of the county; Oakham & Vale Homecare holds most of Oakham and the north, Welland Homecare
Partners most of Uppingham and the south; some of the agencies' town carers walk and one cycles.
Provider names are invented.

Files beside the bundle: `rutland-latest.osm.pbf` is Geofabrik's extract of Rutland
(https://download.geofabrik.de/europe/united-kingdom/england/rutland.html; its latest edit is dated
2022-07-20), copied unchanged; `boundary.geojson` is the county boundary from it, simplified to about
20 m. Map data © OpenStreetMap contributors, available under the Open Database Licence (ODbL) 1.0:
https://www.openstreetmap.org/copyright.
"""

_RUTLAND_TRAVEL = """
**Travel is on real roads**: `locality.toml` names the shipped extract (`osm_extract`), so
`rostering matrix data/sample_localities/rutland` builds drive, walk and bike matrices on its roads in a
few seconds (into `matrices/`, not committed); `solve`, `check`, `compare` and `map` then use them, and
maps draw every leg along the roads.
"""

_TIGHT = """
## Tight variant

About a quarter of the carer-days of the standard week are dropped (both halves of a split shift go
together), so the slack above is small or negative in places and a good roster still leaves real unmet
need: a scenario for analysts, not for the "nearly every visit covered" benchmark.
"""


@dataclass(frozen=True)
class SampleSpec:
    name: str
    default_seed: int
    plan: Callable[[], LocalityPlan]
    intro: str
    travel: str | None = None  # the README's travel paragraph (default: approximate until `matrix`)
    # Files written beside the bundle (name -> bytes), e.g. a shipped OSM extract and its boundary.
    extra_files: Callable[[], dict[str, bytes]] | None = None


SAMPLES: dict[str, SampleSpec] = {
    "north-berwick": SampleSpec("north-berwick", 20261124, lambda: north_berwick.PLAN, _NORTH_BERWICK),
    "osm-test-town": SampleSpec("osm-test-town", 60530, osm_town.plan, _OSM_TOWN),
    "rutland": SampleSpec(
        "rutland", 20261125, rutland.plan, _RUTLAND, _RUTLAND_TRAVEL, extra_files=rutland.extra_files
    ),
}


# The council sample is generated at the size asked for (council.py), so it is not one LocalityPlan.
COUNCIL = "council"
COUNCIL_SEED = 20261126


def sample_names() -> tuple[str, ...]:
    """Every sample `rostering sample generate` knows, the council included."""
    return (*SAMPLES, COUNCIL)


def sample_command(name: str, seed: int, variant: str, options: str = "") -> str:
    suffix = " --variant tight" if variant == "tight" else ""
    sized = f" {options}" if options else ""
    return f"rostering sample generate {name} --seed {seed}{sized}{suffix}"


def generate_sample(name: str, seed: int | None = None, variant: str = "standard") -> tuple[Sample, str]:
    """The sample's Problem (with how it was built) and its README text."""
    if name not in SAMPLES:
        raise KeyError(name)
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: expected one of {', '.join(VARIANTS)}")
    spec = SAMPLES[name]
    used_seed = spec.default_seed if seed is None else seed
    sample = assemble(spec.plan(), used_seed, tight=variant == "tight")
    readme = render_readme(
        sample,
        sample_command(name, used_seed, variant),
        spec.intro,
        _TIGHT if variant == "tight" else "",
        travel=spec.travel,
    )
    return sample, readme


def generate_council_sample(
    size: council.CouncilSize, seed: int | None = None, variant: str = "standard"
) -> tuple[Sample, str]:
    """The council at `size` (see samples/council.py) and its README text."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}: expected one of {', '.join(VARIANTS)}")
    used_seed = COUNCIL_SEED if seed is None else seed
    sample = council.generate_council(size, used_seed, tight=variant == "tight")
    towns = len({a for a in sample.areas})
    readme = render_readme(
        sample,
        sample_command(COUNCIL, used_seed, variant, size.command_options()),
        council.intro(sample, towns, council.bank_count(sample)),
        _TIGHT if variant == "tight" else "",
    )
    return sample, readme


def write_council_sample(
    out: Path, size: council.CouncilSize, seed: int | None = None, variant: str = "standard"
) -> Sample:
    """Generate the council at `size` and write its bundle and README.md into `out` (each file atomically)."""
    sample, readme = generate_council_sample(size, seed, variant)
    write_bundle(sample.problem, out)
    write_text_atomic(Path(out) / "README.md", readme)
    return sample


def default_out(name: str, variant: str = "standard", root: Path | None = None) -> Path:
    folder = name + ("-tight" if variant == "tight" else "")
    return (root or Path.cwd()) / SAMPLES_DIR / folder


def write_sample(name: str, out: Path, seed: int | None = None, variant: str = "standard") -> Sample:
    """Generate the sample and write its bundle, README.md and any files beside it (each atomically)."""
    sample, readme = generate_sample(name, seed, variant)
    write_bundle(sample.problem, out)
    write_text_atomic(Path(out) / "README.md", readme)
    extra = SAMPLES[name].extra_files
    for file_name, data in (extra() if extra else {}).items():
        write_bytes_atomic(Path(out) / file_name, data)
    return sample
