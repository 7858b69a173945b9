"""SolveParams: every weight and search setting of the optimisation core, loadable from TOML.

An empty TOML file means the defaults (configs/default.toml lists each one with a comment). Weights are
given in GBP so a coordinator can read them; the model turns them into integers in COST_UNITS_PER_GBP
(1 unit = 1/100 penny), because OR-Tools costs are integers.

The roster minimises unmet need first: the unassigned penalties are set far above what serving a visit
can cost, then continuity, punctuality, wages, mileage and travel trade off against each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..params_toml import load_params_toml

# One cost unit is 1/100 of a penny: GBP 1 = 10,000 units. Small enough that a 1 p/km mileage rate
# over 10 m still counts, large enough that a week's cost stays far inside int64.
COST_UNITS_PER_GBP = 10_000

FIRST_SOLUTION_STRATEGIES = (
    "ours",
    "AUTOMATIC",
    "PATH_CHEAPEST_ARC",
    "PATH_MOST_CONSTRAINED_ARC",
    "SAVINGS",
    "PARALLEL_SAVINGS",
    "CHRISTOFIDES",
    "ALL_UNPERFORMED",
    "BEST_INSERTION",
    "PARALLEL_CHEAPEST_INSERTION",
    "SEQUENTIAL_CHEAPEST_INSERTION",
    "LOCAL_CHEAPEST_INSERTION",
    "LOCAL_CHEAPEST_COST_INSERTION",
    "GLOBAL_CHEAPEST_ARC",
    "LOCAL_CHEAPEST_ARC",
    "FIRST_UNBOUND_MIN_VALUE",
)
Metaheuristic = Literal[
    "GUIDED_LOCAL_SEARCH", "GREEDY_DESCENT", "SIMULATED_ANNEALING", "TABU_SEARCH", "GENERIC_TABU_SEARCH"
]
# OR-Tools local search operators that can be switched off (the `use_<name>` search parameters).
LOCAL_SEARCH_OPERATORS = (
    "relocate",
    "relocate_pair",
    "relocate_neighbors",
    "exchange",
    "cross",
    "cross_exchange",
    "two_opt",
    "or_opt",
    "lin_kernighan",
    "tsp_opt",
    "make_active",
    "make_inactive",
    "make_chain_inactive",
    "swap_active",
    "extended_swap_active",
    "path_lns",
    "full_path_lns",
    "tsp_lns",
    "inactive_lns",
    "exchange_pair",
    "relocate_expensive_chain",
    "light_relocate_pair",
    "relocate_subtrip",
    "exchange_subtrip",
    "global_cheapest_insertion_path_lns",
    "local_cheapest_insertion_path_lns",
    "relocate_path_global_cheapest_insertion_insert_unperformed",
    "shortest_path_swap_active",
    "swap_active_chain",
    "shortest_path_two_opt",
    "global_cheapest_insertion_visit_types_lns",
    "local_cheapest_insertion_visit_types_lns",
)


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnassignedWeights(_Section):
    """What leaving a visit uncovered costs: per visit plus per minute of its duration, by priority.

    Index 0 is priority 1 (very high, e.g. medication), index 2 priority 3 (lower). A double-up left
    uncovered costs this twice (two carers' worth of unmet need).
    """

    # Several times what the dearest visit can cost to serve: a rural round trip of two hours at the travel
    # price (GBP 90) plus a stranger's and a new carer's charges (GBP 80) and wages; at a quarter of
    # these a priority-3 visit far out was cheaper to leave out than to serve.
    per_visit_gbp: tuple[float, float, float] = (1200.0, 600.0, 300.0)
    per_minute_gbp: tuple[float, float, float] = (48.0, 24.0, 12.0)

    @field_validator("per_visit_gbp", "per_minute_gbp")
    @classmethod
    def _non_negative(cls, v: tuple[float, float, float]) -> tuple[float, float, float]:
        if any(x < 0 for x in v):
            raise ValueError("penalties must be >= 0")
        return v


class ContinuityWeights(_Section):
    """Continuity of care: clients should see carers they know, and few different ones in a week."""

    # Per visit by a carer the client does not know: not in history, preferred_carers or earlier days
    # (the familiar-carer share KPI counts visits too).
    unfamiliar_visit_gbp: float = Field(default=32.0, ge=0)
    # Once per carer new to the client this week: per (client, carer) pair, however many of the client's
    # visits that carer does (the distinct-carers-per-client KPI counts these pairs). See
    # configs/README.md for how the OR-Tools polish approximates it.
    new_carer_in_week_gbp: float = Field(default=25.0, ge=0)
    # Per visit of a recurring visit (a client's visits with one requested_start) by a carer who has not
    # done it on an earlier day this week: the same carer for the same call, day after day.
    new_carer_for_call_gbp: float = Field(default=25.0, ge=0)
    # Per visit, times the share of the call's remaining days this week the carer is not on shift for
    # it: a call goes to a carer who can keep doing it, so the week needs fewer carers.
    absent_days_gbp: float = Field(default=10.0, ge=0)
    # teams.csv: a client's primary carers are the fewest who do this share of the client's carer-visits;
    # the other carers who visit are backups.
    team_primary_share: float = Field(default=0.8, gt=0, le=1)


class PunctualityWeights(_Section):
    """Start close to requested_start (the commissioned slot) and at the same time every day."""

    # Per minute early or late.
    per_minute_gbp: float = Field(default=0.05, ge=0)
    # Per minute beyond `tolerance_min` early or late, on top of per_minute_gbp: a visit within the
    # tolerance counts as on time (the within-15-minutes KPI).
    tolerance_min: int = Field(default=15, ge=0)
    beyond_tolerance_per_minute_gbp: float = Field(default=2.5, ge=0)
    # Per minute a recurring visit (a client's visits with one requested_start) starts away from its start
    # on the first day it was rostered this week: the same time every day.
    consistency_per_minute_gbp: float = Field(default=0.2, ge=0)


class CostWeights(_Section):
    """Money and travel. Multipliers of 1.0 count the providers' own rates exactly."""

    # Salaried: rate x route span; time-and-task: rate x contact minutes.
    wages: float = Field(default=1.0, ge=0)
    # Provider mileage_per_km x km for drive and bike carers.
    mileage: float = Field(default=1.0, ge=0)
    # A carer's time on the road, whoever pays for it.
    travel_per_minute_gbp: float = Field(default=0.75, ge=0)
    # A plain distance weight for every mode (benchmarks' pure-distance objective); 0 for care.
    distance_per_km_gbp: float = Field(default=0.0, ge=0)


class LatenessWeights(_Section):
    """Soft windows (visit.late_penalty_per_min set): lateness past window_end."""

    # Per minute late, multiplied by the visit's own late_penalty_per_min.
    per_minute_gbp: float = Field(default=1.0, ge=0)
    # Per minute of the largest lateness of the day (Mankowska's max-tardiness term); 0 switches it off.
    max_per_minute_gbp: float = Field(default=0.0, ge=0)


class WorkingTimeWeights(_Section):
    """What going beyond a carer's contract costs, and how evenly work is shared within a provider.

    The rules themselves (weekly maximum, daily rest, consecutive days) are the bundle's (locality.toml
    [working_time]) and always hard; these are preferences.
    """

    # Per hour a carer works beyond contracted_hours_week in the week (charged as the week is rostered).
    overtime_per_hour_gbp: float = Field(default=20.0, ge=0)
    # Per hour of a carer's route, times how far the carer's share of their contract worked so far this
    # week runs ahead of the mean of their provider's carers: work goes to those behind.
    fairness_per_hour_gbp: float = Field(default=10.0, ge=0)


class StabilityWeights(_Section):
    """Re-planning against a published roster (`solve --baseline`): what each change costs.

    Every change is a phone call to a carer and to a client who expected someone they know at a time
    they were told, so a re-plan trades these against travel and wages, never against unmet need.
    """

    # Per visit (per carer of a double-up) done by a carer it was not published to.
    new_carer_gbp: float = Field(default=30.0, ge=0)
    # Per visit whose start moves by more than move_tolerance_min from the published start.
    moved_gbp: float = Field(default=15.0, ge=0)
    move_tolerance_min: int = Field(default=15, ge=0)
    # Per carer whose visits change (one call each), and per client with a changed visit.
    carer_told_gbp: float = Field(default=10.0, ge=0)
    client_told_gbp: float = Field(default=10.0, ge=0)


class RulesParams(_Section):
    """Care rules that benchmark instances (which are not care rosters) may switch off."""

    # The 20-minute rest break in any route longer than six hours (UK Working Time Regulations), as the
    # validator requires. Off only for VRPTW / HHC benchmark instances, whose times are not clock minutes.
    rest_breaks: bool = True


class SearchParams(_Section):
    """How the roster is searched for."""

    # "ours": the synchronisation-aware greedy insertion handed to OR-Tools as its first solution;
    # otherwise an OR-Tools first solution strategy by name (the textbook model uses PATH_CHEAPEST_ARC).
    first_solution: str = "ours"
    metaheuristic: Metaheuristic = "GUIDED_LOCAL_SEARCH"
    guided_local_search_lambda: float = Field(default=0.1, gt=0)
    lns_time_limit_s: float = Field(default=0.1, gt=0)
    # Our ruin-and-recreate rounds: remove a cluster of visits (both halves of a double-up together),
    # re-insert them with the construction, keep the result when it costs no more.
    ruin_recreate: bool = True
    ruin_visits: int = Field(default=30, ge=1)
    # Share of the time limit (or of the work limit, counted in rounds) spent in ruin-and-recreate; the
    # rest goes to OR-Tools' local search from the best roster found.
    ruin_recreate_share: float = Field(default=0.85, ge=0, le=1)
    # Simulated-annealing acceptance of ruin-and-recreate rounds: the starting temperature as a fraction
    # of the average route cost per visit, falling a hundredfold over the budget; 0 keeps only rounds
    # that cost no more.
    ruin_recreate_temperature: float = Field(default=0.0, ge=0)
    # Independent annealing runs, each from the first roster for an equal share of the rounds' budget;
    # the best roster of any is kept. Where a run's result depends on its course by several percent (the
    # home-health-care benchmark), the better of two halves beats one whole.
    ruin_recreate_starts: int = Field(default=1, ge=1)
    # Share of rounds whose ruin removes strings of consecutive visits (up to ruin_max_string each) from
    # the routes nearest the seed instead of the seed's nearest visits (SISR, Christiaens and Vanden
    # Berghe 2020): a string frees a stretch of one carer's day, which single visits rarely do.
    ruin_string_share: float = Field(default=0.0, ge=0, le=1)
    ruin_max_string: int = Field(default=10, ge=1)
    # Half of the rounds re-insert in random order; with this on, those rounds draw instead among random,
    # furthest-from-base-first and window-start orders (SISR's sort step). Off: care days are as before.
    recreate_sorts: bool = False
    # Share of the ruins around a visit only some carers may do (skills, exclusions) that take visits
    # from those carers' days only, so that their visits change places among them. 0: care days as before.
    ruin_takers_share: float = Field(default=0.0, ge=0, le=1)
    # After each round, exchanges between carers' days (a visit moved next to or swapped with a near one
    # on another day, two days' tails swapped) among this many nearest visits, until none lowers the
    # cost; 0: none. Not where a carer new to a client is charged or a re-plan prices its changes.
    exchange_neighbours: int = Field(default=0, ge=0)
    # Per-size tuning: days with more visits than this switch off the operators listed below.
    large_day_visits: int = Field(default=300, ge=0)
    large_day_disable_operators: tuple[str, ...] = ()
    # Operators switched off on every day.
    disable_operators: tuple[str, ...] = ()
    # OR-Tools' iterated local search (9.15): SISR ruin (strings of about ils_max_sequence visits, about
    # ils_removed_visits in all), cheapest-insertion recreate, greedy descent, simulated-annealing
    # acceptance with automatic temperatures. Needs an OR-Tools first_solution (it builds its own start).
    # Measured best for distance-only VRPTW (benchmarks/RESULTS.md); off for care days.
    iterated_local_search: bool = False
    ils_removed_visits: int = Field(default=15, ge=1)
    ils_max_sequence: int = Field(default=10, ge=1)
    # A roster of several days: the share of the time limit (and, with a work limit, of each day's work)
    # spent on a second pass over the days, each searched again from its first-pass roster knowing the
    # carers, times and hours of every other day of the week (solvers/engine/_week.py); 0: one pass.
    week_second_pass_share: float = Field(default=0.3, ge=0, lt=1)
    # Re-planning (`solve --baseline`): ruin-and-recreate stops after this many rounds without an
    # improvement (rounds are seeded at the visits the changes displaced, so few are needed).
    replan_stall_rounds: int = Field(default=100, ge=1)
    # OR-Tools' own search log on stderr.
    log_search: bool = False

    @field_validator("first_solution")
    @classmethod
    def _known_strategy(cls, v: str) -> str:
        if v not in FIRST_SOLUTION_STRATEGIES:
            raise ValueError(f"unknown first_solution {v!r}; one of {', '.join(FIRST_SOLUTION_STRATEGIES)}")
        return v

    @model_validator(mode="after")
    def _ils_needs_ortools_start(self) -> SearchParams:
        if self.iterated_local_search and self.first_solution == "ours":
            raise ValueError(
                "iterated_local_search builds its own first solution: set first_solution to an OR-Tools "
                "strategy (e.g. PARALLEL_SAVINGS) or switch iterated_local_search off"
            )
        return self

    @field_validator("disable_operators", "large_day_disable_operators")
    @classmethod
    def _known_operators(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [op for op in v if op not in LOCAL_SEARCH_OPERATORS]
        if unknown:
            raise ValueError(
                f"unknown operator(s) {', '.join(unknown)}; one of {', '.join(LOCAL_SEARCH_OPERATORS)}"
            )
        return v


class DecomposeParams(_Section):
    """Council scale: a large problem split into parts solved in parallel (solvers/decompose/)."""

    # `--decompose auto` (the default) splits a problem whose busiest day has more visits than this. The
    # engine alone holds dense arrays over every visit and carer of a day: measured 1.6 GB of memory at
    # 1,174 visits and 6.4 GB at 2,437 (benchmarks/RESULTS.md, council scale), growing with the square.
    auto_above_visits_per_day: int = Field(default=1500, ge=1)
    # Visits a day each part aims at: parts are regions cut along the widest gaps between settlements.
    part_visits_per_day: int = Field(default=800, ge=1)
    # A carer based at most this much further from another part's nearest client than from their own
    # part's is a border carer: they may be lent to that part when it is short of cover.
    border_km: float = Field(default=4.0, ge=0)
    # Share of the time limit kept for the repair pass: unmet visits re-rostered with nearby carers of
    # any part (their whole day's work re-planned with the unmet visits, kept only if less need is unmet).
    repair_share: float = Field(default=0.2, ge=0, lt=1)
    # Carers in each repair neighbourhood, in the first round; each later round doubles it.
    repair_carers: int = Field(default=16, ge=2)
    repair_rounds: int = Field(default=3, ge=0)


class SolveParams(_Section):
    """Every weight and search setting of the OR-Tools engine (see configs/default.toml)."""

    unassigned: UnassignedWeights = UnassignedWeights()
    continuity: ContinuityWeights = ContinuityWeights()
    punctuality: PunctualityWeights = PunctualityWeights()
    cost: CostWeights = CostWeights()
    lateness: LatenessWeights = LatenessWeights()
    working_time: WorkingTimeWeights = WorkingTimeWeights()
    rules: RulesParams = RulesParams()
    search: SearchParams = SearchParams()
    stability: StabilityWeights = StabilityWeights()
    decompose: DecomposeParams = DecomposeParams()

    @classmethod
    def from_toml(cls, path: Path | str | None) -> SolveParams:
        """The defaults (path None) or a TOML file's settings; InputError naming the file and key if wrong."""
        if path is None:
            return cls()
        return load_params_toml(cls, path, "solver parameters")

    @classmethod
    def textbook(cls) -> SolveParams:
        """The textbook OR-Tools model: PATH_CHEAPEST_ARC + guided local search, no warm start, no R&R."""
        return cls(search=SearchParams(first_solution="PATH_CHEAPEST_ARC", ruin_recreate=False))

    @classmethod
    def distance_only(
        cls,
        distance_per_km_gbp: float = 1.0,
        lateness_per_minute_gbp: float = 0.0,
        max_lateness_gbp: float = 0.0,
    ) -> SolveParams:
        """Benchmark objective: distance (and optionally lateness); no care terms, wages, travel time or
        rest breaks (benchmark times are not clock minutes)."""
        return cls(
            continuity=ContinuityWeights(
                unfamiliar_visit_gbp=0.0,
                new_carer_in_week_gbp=0.0,
                new_carer_for_call_gbp=0.0,
                absent_days_gbp=0.0,
            ),
            punctuality=PunctualityWeights(
                per_minute_gbp=0.0, beyond_tolerance_per_minute_gbp=0.0, consistency_per_minute_gbp=0.0
            ),
            working_time=WorkingTimeWeights(overtime_per_hour_gbp=0.0, fairness_per_hour_gbp=0.0),
            cost=CostWeights(
                wages=0.0, mileage=0.0, travel_per_minute_gbp=0.0, distance_per_km_gbp=distance_per_km_gbp
            ),
            lateness=LatenessWeights(
                per_minute_gbp=lateness_per_minute_gbp, max_per_minute_gbp=max_lateness_gbp
            ),
            rules=RulesParams(rest_breaks=False),
        )


def cost_units(gbp: float) -> int:
    """GBP to the model's integer cost units (1/100 penny), rounded to the nearest unit."""
    return round(gbp * COST_UNITS_PER_GBP)
