"""The council sample: a whole council's care at home for a day or a week, at the size asked for.

`rostering sample generate council --clients N --carers M --towns K --days D --seed S` (or
`--visits-per-day V` instead of `--clients`). The council's towns, villages and farms come from
council_map.py; each town's patch is then put together by the same machinery as every sample
(assemble.py: packages, a workforce sized to its visits, runs that set the commissioned times, history,
preferences, cover), with the council's in-house team and the patch's two agencies, and the patches are
joined into one bundle. Ids carry the patch: client `T03-C017`, carer `T03-AG02-05`, visit
`V1124-T03-C017-M`.

`--carers M` gives exactly M carers: the workforce is sized (by the patches' target slack, one number
for the whole council) to the largest that does not exceed M, then relief ("bank") carers of the
in-house team make up the rest, spread over the patches by their visits. Couples (two clients at one
address, about 3%) have their morning calls booked together: two carers arrive at once, a visit
dependency with no gap. Every draw comes from the seed, so the same arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from ..domain import (
    Carer,
    Client,
    Locality,
    Problem,
    Provider,
    TravelMode,
    Visit,
    VisitDependency,
)
from ..errors import InputError, Issue, Position
from .assemble import LocalityPlan, Sample, TeamPlan, assemble, workforce_demands
from .care_week import AFTERNOON, CALL_PATTERNS, Package
from .clients import clients_at
from .council_map import MIN_PATCH_CLIENTS, CouncilMap, Patch, agency_id, draw_map, shares
from .cover import CoverChanges
from .north_berwick import SKILLS, Place, scatter
from .workforce import PATTERNS, WorkPlan, contracted_hours, shifts_for

START = dt.date(2026, 11, 24)  # a Tuesday, the same as the other samples
DEFAULT_CLIENTS = 3000  # about 10,000 visits a day
CLIENTS_PER_TOWN = 150  # the default number of towns is clients / this
MAX_DAYS = 7
IN_HOUSE = "CHC"
COUPLE_SHARE = 0.03
DEFAULT_SLACK = 0.22
SLACK_RANGE = (-1.0, 0.6)  # the workforce asked for may be half what the visits need, or a lot more
BANK = next(p for p in PATTERNS if p.name == "early-long")  # relief staff cover the morning peak

IN_HOUSE_SKILLS = {"medication": 1.0, "moving_and_handling": 1.0, "dementia": 0.7, "peg_feeding": 0.35}
AGENCY_SKILLS = {"medication": 0.95, "moving_and_handling": 0.5, "dementia": 0.6}
GENDER_SHARE = (0.82, 0.16, 0.02)


@dataclass(frozen=True)
class CouncilSize:
    """What `sample generate council` was asked for; None means the default (see `resolved`)."""

    clients: int | None = None
    visits_per_day: int | None = None
    carers: int | None = None
    towns: int | None = None
    days: int = 1

    def issues(self) -> list[Issue]:
        """Every option that cannot make a council, located at the option."""
        out = []
        if self.clients is not None and self.visits_per_day is not None:
            out.append(Issue(Position("--visits-per-day"), "give --clients or --visits-per-day, not both"))
        for name, value in (("--clients", self.clients), ("--visits-per-day", self.visits_per_day),
                            ("--carers", self.carers), ("--towns", self.towns)):  # fmt: skip
            if value is not None and value < 1:
                out.append(Issue(Position(name), f"must be at least 1, got {value}"))
        if not 1 <= self.days <= MAX_DAYS:
            out.append(Issue(Position("--days"), f"must be 1 to {MAX_DAYS}, got {self.days}"))
        if out:
            return out
        clients, towns = self.resolved()
        if clients < MIN_PATCH_CLIENTS * towns:
            where = "--towns" if self.towns is not None else "--clients"
            out.append(
                Issue(
                    Position(where), f"{clients} clients cannot fill {towns} towns ({MIN_PATCH_CLIENTS} each)"
                )
            )
        return out

    def resolved(self) -> tuple[int, int]:
        """(clients, towns): --visits-per-day becomes clients at the mean calls a client has a day."""
        if self.clients is not None:
            clients = self.clients
        elif self.visits_per_day is not None:
            clients = max(1, round(self.visits_per_day / calls_per_client()))
        else:
            clients = DEFAULT_CLIENTS
        towns = self.towns if self.towns is not None else max(1, round(clients / CLIENTS_PER_TOWN))
        return clients, towns

    def command_options(self) -> str:
        parts = []
        for flag, value in (("--clients", self.clients), ("--visits-per-day", self.visits_per_day),
                            ("--carers", self.carers), ("--towns", self.towns)):  # fmt: skip
            if value is not None:
                parts.append(f"{flag} {value}")
        if self.days != 1:
            parts.append(f"--days {self.days}")
        return " ".join(parts)


def calls_per_client() -> float:
    """The mean calls a client has on a day (a lone afternoon call runs three days a week)."""
    total = 0.0
    for weight, options in CALL_PATTERNS:
        per_option = [
            sum(3 / 7 if slot is AFTERNOON and len(slots) == 1 else 1.0 for slot in slots)
            for slots in options
        ]
        total += weight * sum(per_option) / len(per_option)
    return total / sum(w for w, _ in CALL_PATTERNS)


def providers(council: CouncilMap) -> tuple[Provider, ...]:
    agencies = tuple(
        Provider(
            provider_id=agency_id(j),
            name=f"{town} Home Care Partners ({agency_id(j)})",
            kind="external",
            payment="time_and_task",
            rate_per_hour=14.0 + 0.25 * (j % 3),
        )
        for j, town in enumerate(council.agency_towns)
    )
    in_house = Provider(
        provider_id=IN_HOUSE,
        name="Council Home Care",
        kind="in_house",
        payment="salaried",
        rate_per_hour=28.0,
    )
    return (in_house, *agencies)


def council_locality(council: CouncilMap, clients: int, tight: bool) -> Locality:
    suffix = " (tight variant: about a quarter of the shifts dropped)" if tight else ""
    return Locality(
        name="council-tight" if tight else "council",
        title=f"A generated council: {len(council.patches)} towns and villages, {clients} clients{suffix}",
        timezone="Europe/London",
        bounds=council.bounds,
        skills=SKILLS,
        attribution="Every place, person and provider is invented; no map data is bundled.",
        notes=(
            "Synthetic council generated by `rostering sample generate council`. Travel is approximate "
            "(great-circle distance x circuity at each mode's speed)."
        ),
    )


# ------------------------------------------------------------------------------------------ a patch
def _commissioned(patch: Patch, rng: np.random.Generator, place: str, complex_care: bool) -> str:
    """In-house holds complex packages; the first agency most of the town, the second the villages."""
    if complex_care:
        return IN_HOUSE
    if place == patch.town.name:
        weights = (0.22, 0.58, 0.20)
    elif any(v.name == place for v in patch.villages):
        weights = (0.22, 0.20, 0.58)
    else:
        weights = (0.60, 0.20, 0.20)
    return (IN_HOUSE, *patch.agencies)[int(rng.choice(3, p=np.array(weights)))]


def _patch_clients(patch: Patch, rng: np.random.Generator) -> tuple[list[Client], list[Package], list[str]]:
    """The patch's clients at homes scattered round its places; couples share a home."""
    homes = [(p.name, *scatter(rng, p)) for p in patch.places for _ in range(p.clients)]
    for i in range(1, len(homes)):
        if (
            homes[i][0] == homes[i - 1][0]
            and homes[i - 1][1:] != homes[i - 2][1:]
            and rng.random() < COUPLE_SHARE
        ):
            homes[i] = homes[i - 1]
    clients, packages, _ = clients_at(rng, homes, partial(_commissioned, patch))
    renamed = {c.client_id: f"{patch.code}-{c.client_id}" for c in clients}
    clients = [c.replace(client_id=renamed[c.client_id]) for c in clients]
    packages = [replace(p, client_id=renamed[p.client_id]) for p in packages]
    # The README counts clients by patch: every client is named by the town of their patch.
    return clients, packages, [patch.town.name] * len(clients)


def _carer_home(patch: Patch, rng: np.random.Generator, provider_id: str) -> Place:
    town_share = {IN_HOUSE: 0.5, patch.agencies[0]: 0.7}.get(provider_id, 0.4)
    if not patch.villages or rng.random() < town_share:
        return patch.town
    weights = np.array([v.clients + 1.0 for v in patch.villages])
    return patch.villages[int(rng.choice(len(weights), p=weights / weights.sum()))]


def _carer_base(
    patch: Patch, rng: np.random.Generator, provider_id: str, index: int
) -> tuple[float, float, TravelMode]:
    """A carer lives in the town or a village; some agency carers living in a larger town walk."""
    del index
    home = _carer_home(patch, rng, provider_id)
    lat, lon = scatter(rng, home)
    walks = provider_id != IN_HOUSE and home is patch.town and home.radius_e_m > 700 and rng.random() < 0.3
    return lat, lon, "walk" if walks else "drive"


def patch_plan(
    patch: Patch, dates: tuple[dt.date, ...], locality: Locality, council: CouncilMap
) -> LocalityPlan:
    teams = (
        TeamPlan(IN_HOUSE, f"{patch.code}-{IN_HOUSE}-", {"drive": 1.0}, IN_HOUSE_SKILLS),
        *(
            TeamPlan(a, f"{patch.code}-{a}-", {"drive": 0.8, "walk": 0.2}, AGENCY_SKILLS)
            for a in patch.agencies
        ),
    )
    return LocalityPlan(
        name=patch.code,
        dates=dates,
        history_days=21,
        providers=providers(council),
        teams=teams,
        clients_and_packages=partial(_patch_clients, patch),
        carer_base=partial(_carer_base, patch),
        locality=lambda tight: locality,
        target_slack=DEFAULT_SLACK,
        base_leg_m=3000.0,
        gender_share=GENDER_SHARE,
    )


def _seed(seed: int, part: int) -> int:
    """An independent seed for each part of the council (0: the map, k: patch k, last: bank carers)."""
    return int(np.random.SeedSequence([seed, part]).generate_state(1)[0])


# ------------------------------------------------------------------------------------------ the council
def generate_council(size: CouncilSize, seed: int, tight: bool = False) -> Sample:
    """The council's Problem (with how it was built): see the module docstring."""
    clients, towns = size.resolved()
    council = draw_map(np.random.Generator(np.random.PCG64(_seed(seed, 0))), clients, towns)
    locality = council_locality(council, clients, tight)
    dates = tuple(START + dt.timedelta(days=d) for d in range(size.days))
    plans = [patch_plan(p, dates, locality, council) for p in council.patches]
    seeds = [_seed(seed, k + 1) for k in range(len(plans))]
    if size.carers is not None:
        slack = fitting_slack(plans, seeds, size.carers)
        plans = [replace(p, target_slack=slack) for p in plans]
    samples = [assemble(plan, s, tight) for plan, s in zip(plans, seeds, strict=True)]
    bank: list[tuple[Carer, WorkPlan]] = []
    if size.carers is not None:
        drawn = sum(len(s.problem.carers) for s in samples)
        bank_rng = np.random.Generator(np.random.PCG64(_seed(seed, len(plans) + 1)))
        bank = bank_carers(bank_rng, council, samples, size.carers - drawn)
    return join(council, locality, samples, bank, seed, tight)


def fitting_slack(plans: list[LocalityPlan], seeds: list[int], carers: int) -> float:
    """The largest target slack (to 0.001) whose workforce has at most `carers` carers.

    Raises InputError (at --carers) when even the smallest slack (half the workforce the visits need)
    has more.
    """
    demands = [d for plan, s in zip(plans, seeds, strict=True) for d in workforce_demands(plan, s)]

    def size(slack: float) -> int:
        return sum(len(d.plans(slack)) for d in demands)

    lo, hi = SLACK_RANGE
    if size(lo) > carers:
        message = f"these clients need at least {size(lo)} carers (half the workforce their visits need)"
        raise InputError([Issue(Position("--carers"), message)])
    if size(hi) <= carers:
        return hi
    while hi - lo > 0.001:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if size(mid) <= carers else (lo, mid)
    return round(lo, 6)


def bank_carers(
    rng: np.random.Generator, council: CouncilMap, samples: list[Sample], count: int
) -> list[tuple[Carer, WorkPlan]]:
    """`count` relief carers of the in-house team, spread over the patches by their visits."""
    if count <= 0:
        return []
    per_patch = shares(count, [len(s.problem.visits) + 1.0 for s in samples])
    out: list[tuple[Carer, WorkPlan]] = []
    for patch, n in zip(council.patches, per_patch, strict=True):
        for j in range(n):
            carer_id = f"{patch.code}-{IN_HOUSE}-B{j + 1:02d}"
            off = {(2 * j + len(out)) % 7, (2 * j + len(out) + 1) % 7}
            plan = WorkPlan(carer_id, BANK, tuple(d for d in range(7) if d not in off))
            lat, lon = scatter(rng, patch.town)
            skills = tuple(s for s in SKILLS if rng.random() < IN_HOUSE_SKILLS.get(s, 0.0))
            gender = ("f", "m", "x")[int(rng.choice(3, p=np.array(GENDER_SHARE)))]
            hours = round(contracted_hours(plan), 2)
            carer = Carer(
                carer_id=carer_id,
                provider_id=IN_HOUSE,
                lat=lat,
                lon=lon,
                skills=skills,
                gender=gender,
                contracted_hours_week=hours,
            )
            out.append((carer, plan))
    return out


def join(
    council: CouncilMap,
    locality: Locality,
    samples: list[Sample],
    bank: list[tuple[Carer, WorkPlan]],
    seed: int,
    tight: bool,
) -> Sample:
    """One council of the patches (and the bank carers), with the couples' morning calls booked together."""
    dates = sorted({d for s in samples for d in s.problem.dates})
    bank_shifts = shifts_for([p for _, p in bank], dates)
    shifts = [x for s in samples for x in s.problem.shifts] + list(bank_shifts)
    clients = tuple(c for s in samples for c in s.problem.clients)
    visits = tuple(sorted((v for s in samples for v in s.problem.visits), key=lambda v: v.date))
    problem = Problem(
        locality=locality,
        providers=providers(council),
        carers=tuple(c for s in samples for c in s.problem.carers) + tuple(c for c, _ in bank),
        shifts=tuple(sorted(shifts, key=lambda x: x.date)),
        clients=clients,
        visits=visits,
        history=tuple(
            sorted(
                (h for s in samples for h in s.problem.history),
                key=lambda h: (h.date, h.client_id, h.carer_id),
            )
        ),
        dependencies=couples_together(clients, visits),
    )
    changes = CoverChanges(
        tuple(t for s in samples for t in s.cover_changes.trained),
        tuple(r for s in samples for r in s.cover_changes.relaxed),
    )
    return Sample(
        problem,
        tuple(p for s in samples for p in s.packages),
        tuple(a for s in samples for a in s.areas),
        tuple(w for s in samples for w in s.plans) + tuple(p for _, p in bank),
        changes,
        seed,
        tight,
    )


def couples_together(clients: tuple[Client, ...], visits: tuple[Visit, ...]) -> tuple[VisitDependency, ...]:
    """Two clients at one address: each day, their first calls that can start together are booked for
    two carers arriving at once (a dependency with no gap). Double-ups are left as they are."""
    at: dict[tuple[str, float, float], list[str]] = defaultdict(list)
    for c in clients:
        at[(c.client_id.split("-")[0], c.lat, c.lon)].append(c.client_id)
    couples = [ids for ids in at.values() if len(ids) == 2]
    calls: dict[tuple[str, dt.date], list[Visit]] = defaultdict(list)
    for v in visits:
        if v.carers_required == 1:
            calls[(v.client_id, v.date)].append(v)
    out = []
    for first_id, second_id in couples:
        for date in sorted({v.date for v in visits}):
            pairs = (
                (a, b)
                for a in calls.get((first_id, date), [])
                for b in calls.get((second_id, date), [])
                if max(a.window_start_min, b.window_start_min) <= min(a.window_end_min, b.window_end_min)
            )
            pair = next(pairs, None)
            if pair is not None:
                out.append(VisitDependency(first_visit_id=pair[0].visit_id, second_visit_id=pair[1].visit_id))
    return tuple(sorted(out, key=lambda d: d.first_visit_id))


def town_of(problem: Problem) -> dict[str, str]:
    """Every client's and carer's patch code (the `T03` of `T03-C017`): how a coordinator splits by town."""
    return {i: i.split("-")[0] for i in [*problem.client_by_id, *problem.carer_by_id]}


INTRO = """
A whole council's care at home, generated at the size asked for: {towns} towns, each with its
villages and farms, and open country between them (neighbouring towns sit about 9 km apart). Town
sizes fall off by rank, so the county town is several times the smallest. Each town anchors a care
patch, served by the council's in-house team (salaried, drives, holds the complex packages) and the
two external time-and-task agencies based nearest to it ({agencies} agencies in all). Every patch is
put together like the other samples (packages, windows, double-ups, skills, gender preferences, split
shifts, runs that set the commissioned times, three weeks of history). Couples living together
({couples} pairs) have their morning calls booked at the same time for two carers (dependencies.csv).
Every place, person and provider is invented.
"""
BANK_NOTE = """
{bank} relief (bank) carers of the in-house team, on 07:00-14:00 shifts five days a week, make the
workforce up to the size asked for.
"""


def intro(sample: Sample, towns: int, bank: int) -> str:
    """The README's opening paragraphs for a generated council."""
    p = sample.problem
    couples = {(d.first_visit_id.split("-", 1)[1].rsplit("-", 1)[0]) for d in p.dependencies}
    text = INTRO.format(
        towns=towns, agencies=sum(1 for x in p.providers if x.kind == "external"), couples=len(couples)
    )
    return text + (BANK_NOTE.format(bank=bank) if bank else "")


def bank_count(sample: Sample) -> int:
    """How many relief carers `generate_council` added to reach the workforce asked for."""
    return sum(1 for c in sample.problem.carers if f"-{IN_HOUSE}-B" in c.carer_id)
