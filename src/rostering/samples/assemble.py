"""Put a sample locality together from its plan: clients, visits, a sized workforce, shifts, history.

Each locality module describes its geography and providers as a LocalityPlan; `assemble` does the rest
in a fixed order from one numpy Generator, so a seed fixes every byte of the bundle. The tight variant
is the same week with about a quarter of the carer-days dropped afterwards, so the standard variant's
draws are unchanged by it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..domain import Carer, Client, Locality, Problem, Provider, Shift, TravelMode, Visit
from ..io.bundle_summary import minutes_per_metre
from .care_week import Package, visits_for
from .continuity import Regulars, choose_regulars, past_visits
from .cover import CoverChanges, ensure_cover
from .runs import schedule_runs
from .workforce import PATTERNS, WorkPlan, band_demand, contracted_hours, rota, shifts_for, size_team

TIGHT_DROP_SHARE = 0.25
PREFERS_ONE, PREFERS_TWO, EXCLUDES_ONE = 0.22, 0.08, 0.03


@dataclass(frozen=True)
class TeamPlan:
    """A provider's team: carer id prefix, expected travel-mode mix (for sizing) and skill shares."""

    provider_id: str
    prefix: str
    mode_share: Mapping[str, float]
    skill_share: Mapping[str, float]


@dataclass(frozen=True)
class LocalityPlan:
    name: str
    dates: tuple[dt.date, ...]
    history_days: int
    providers: tuple[Provider, ...]
    teams: tuple[TeamPlan, ...]
    # rng -> clients (with provider_id), their packages, and the area each client lives in.
    clients_and_packages: Callable[[np.random.Generator], tuple[list[Client], list[Package], list[str]]]
    # rng, provider_id, index in team -> base lat, lon and travel mode.
    carer_base: Callable[[np.random.Generator, str, int], tuple[float, float, TravelMode]]
    locality: Callable[[bool], Locality]
    target_slack: float
    base_leg_m: float = 2000.0  # typical road distance from a carer's home to the first visit
    gender_share: tuple[float, float, float] = (0.82, 0.16, 0.02)  # f, m, x


@dataclass(frozen=True)
class Sample:
    problem: Problem
    packages: tuple[Package, ...]
    areas: tuple[str, ...]  # per client
    plans: tuple[WorkPlan, ...]
    cover_changes: CoverChanges
    seed: int
    tight: bool


def assemble(plan: LocalityPlan, seed: int, tight: bool = False) -> Sample:
    rng = np.random.Generator(np.random.PCG64(seed))
    clients, packages, areas = plan.clients_and_packages(rng)
    # Provisional times (drawn slots) size the workforce; the teams' runs then fix the requested times.
    visits = visits_for(packages, list(plan.dates))
    by_id = {c.client_id: c for c in clients}
    locality = plan.locality(tight)
    work_plans: list[WorkPlan] = []
    carers: list[Carer] = []
    teams: dict[str, list[tuple[Carer, WorkPlan]]] = {}
    for team, team_plans in plan_teams(plan, by_id, visits, locality):
        team_carers = [
            _draw_carer(rng, plan, team, wp, i, locality.skills) for i, wp in enumerate(team_plans)
        ]
        teams[team.provider_id] = list(zip(team_carers, team_plans, strict=True))
        work_plans += team_plans
        carers += team_carers
    shifts = shifts_for(work_plans, list(plan.dates))
    packages = schedule_runs(packages, by_id, teams, locality.approximate_travel)
    visits = visits_for(packages, list(plan.dates))
    regulars = {
        c.client_id: choose_regulars(rng, c, p, teams[c.provider_id or ""])
        for c, p in zip(clients, packages, strict=True)
    }
    first = plan.dates[0]
    past = [first - dt.timedelta(days=d) for d in range(plan.history_days, 0, -1)]
    history = past_visits(rng, past, packages, by_id, regulars, teams)
    clients = [_preferences(rng, c, regulars[c.client_id], teams[c.provider_id or ""]) for c in clients]
    carers, clients, changes = ensure_cover(carers, clients, shifts, visits, locality.skills)
    if tight:
        shifts = _drop_carer_days(rng, shifts)
    carers, providers = _working_time_basis(carers, plan.providers, work_plans, locality)
    clients = _commissioned(clients, visits, len(plan.dates))
    problem = Problem(
        locality=locality,
        providers=providers,
        carers=tuple(carers),
        shifts=shifts,
        clients=tuple(clients),
        visits=visits,
        history=history,
    )
    return Sample(problem, tuple(packages), tuple(areas), tuple(work_plans), changes, seed, tight)


@dataclass(frozen=True)
class TeamDemand:
    """What a team's commissioned visits ask of it: shift minutes per band, and its base leg."""

    team: TeamPlan
    demand: dict[str, float]
    base_leg_min: int

    def plans(self, target_slack: float) -> list[WorkPlan]:
        """Work plans for a team sized to keep `target_slack` of its shift minutes free."""
        daily = size_team(self.demand, target_slack, PATTERNS, self.base_leg_min)
        return rota(self.team.prefix, daily, PATTERNS)


def team_demands(
    plan: LocalityPlan, clients: Mapping[str, Client], visits: tuple[Visit, ...], locality: Locality
) -> list[TeamDemand]:
    """Each team's demand, from the visits of the clients commissioned to it (no random draws)."""
    out = []
    for team in plan.teams:
        theirs = [v for v in visits if clients[v.client_id].provider_id == team.provider_id]
        demand = band_demand(clients, theirs, team.mode_share, locality.approximate_travel)
        base_leg_min = math.ceil(
            plan.base_leg_m * minutes_per_metre(team.mode_share, locality.approximate_travel)
        )
        out.append(TeamDemand(team, demand, base_leg_min))
    return out


def plan_teams(
    plan: LocalityPlan, clients: Mapping[str, Client], visits: tuple[Visit, ...], locality: Locality
) -> list[tuple[TeamPlan, list[WorkPlan]]]:
    """Each team's work plans, sized to its commissioned visits with the plan's target slack."""
    return [(d.team, d.plans(plan.target_slack)) for d in team_demands(plan, clients, visits, locality)]


def workforce_demands(plan: LocalityPlan, seed: int) -> list[TeamDemand]:
    """The team demands `assemble(plan, seed)` sizes its teams to (the same draws), for sizing elsewhere."""
    rng = np.random.Generator(np.random.PCG64(seed))
    clients, packages, _ = plan.clients_and_packages(rng)
    by_id = {c.client_id: c for c in clients}
    return team_demands(plan, by_id, visits_for(packages, list(plan.dates)), plan.locality(False))


def _draw_carer(
    rng: np.random.Generator,
    plan: LocalityPlan,
    team: TeamPlan,
    work: WorkPlan,
    index: int,
    vocabulary: tuple[str, ...],
) -> Carer:
    lat, lon, mode = plan.carer_base(rng, team.provider_id, index)
    skills = tuple(s for s in vocabulary if rng.random() < team.skill_share.get(s, 0.0))
    gender = ("f", "m", "x")[int(rng.choice(3, p=np.array(plan.gender_share)))]
    return Carer(
        carer_id=work.carer_id,
        provider_id=team.provider_id,
        lat=lat,
        lon=lon,
        travel_mode=mode,
        skills=skills,
        gender=gender,
        contracted_hours_week=round(contracted_hours(work), 2),
    )


def _working_time_basis(
    carers: list[Carer], providers: tuple[Provider, ...], plans: list[WorkPlan], locality: Locality
) -> tuple[list[Carer], tuple[Provider, ...]]:
    """The exemptions the rota itself relies on, derived from it (no random draws).

    A carer contracted beyond the weekly maximum has signed the 48-hour opt-out; a provider with a shift
    pattern that leaves less than the daily rest between two working days (07:00-13:00 + 16:30-22:00
    leaves 9 hours) uses the care sector's compensatory-rest exception.
    """
    rules = locality.working_time
    if rules is None:
        return carers, providers
    pattern = {w.carer_id: w.pattern for w in plans}
    short_rest = {
        c.provider_id
        for c in carers
        if 24 * 60 - (pattern[c.carer_id].parts[-1][1] - pattern[c.carer_id].parts[0][0])
        < rules.daily_rest_min
    }
    return (
        [
            c.replace(opt_out_48h=True) if (c.contracted_hours_week or 0.0) > rules.weekly_max_hours else c
            for c in carers
        ],
        tuple(p.replace(compensatory_rest=True) if p.provider_id in short_rest else p for p in providers),
    )


def _commissioned(clients: list[Client], visits: tuple[Visit, ...], days: int) -> list[Client]:
    """Each client's commissioned hours a week: their package's visit hours, scaled to seven days."""
    minutes: dict[str, int] = defaultdict(int)
    for v in visits:
        minutes[v.client_id] += v.duration_min
    return [
        c.replace(commissioned_hours_week=round(minutes[c.client_id] / 60.0 * 7 / days, 2)) for c in clients
    ]


def _preferences(
    rng: np.random.Generator, client: Client, regulars: Regulars, team: list[tuple[Carer, WorkPlan]]
) -> Client:
    """Some clients name their favourite regular(s); a few have asked never to see one carer again."""
    draw = rng.random()
    preferred: tuple[str, ...] = ()
    if draw < PREFERS_TWO:
        preferred = regulars.carer_ids[:2]
    elif draw < PREFERS_TWO + PREFERS_ONE:
        preferred = regulars.carer_ids[:1]
    excluded: tuple[str, ...] = ()
    strangers = sorted(c.carer_id for c, _ in team if c.carer_id not in regulars.carer_ids)
    if rng.random() < EXCLUDES_ONE and strangers:
        excluded = (strangers[int(rng.integers(len(strangers)))],)
    return client.replace(preferred_carers=preferred, excluded_carers=excluded)


def _drop_carer_days(rng: np.random.Generator, shifts: tuple[Shift, ...]) -> tuple[Shift, ...]:
    """Drop a quarter of each date's carer-days (both halves of a split shift go together)."""
    dropped: set[tuple[str, dt.date]] = set()
    for date in sorted({s.date for s in shifts}):
        days = sorted({(s.carer_id, s.date) for s in shifts if s.date == date})
        drawn = rng.choice(len(days), size=round(TIGHT_DROP_SHARE * len(days)), replace=False)
        dropped |= {days[int(i)] for i in drawn}
    return tuple(s for s in shifts if (s.carer_id, s.date) not in dropped)
