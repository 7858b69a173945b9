"""Solver parameter presets that make the engine's objective equal the benchmark's.

Built on `SolveParams.distance_only`, which also switches the UK rest-break rule off (benchmark times
are not clock minutes). Both adapters store distance in the matrix's `metres` in scaled instance units
(tenths for VRPTW, hundredths for HHC), so a weight of 1 GBP per "km" prices every scaled unit of
distance at 1/1000 GBP. Care terms (wages, travel time, punctuality, continuity) are switched off.

HHC: one engine minute is 1/100 of an instance time unit, the same scale as the distance, and the
published objective counts a unit of tardiness like a unit of distance; lateness per engine minute
is therefore priced like one scaled distance unit (1/1000 GBP), and the max-tardiness term alike.
The common factor 1/3 of the published objective does not change which schedule is best.

Search. `engine` keeps the engine's own default search (the care-day settings of configs/default.toml);
`bench` is what measured best here (benchmarks/RESULTS.md), one setting per problem type and none chosen
by an instance's size or class, so that the figures carry over to sizes not measured. Both types use
the same search: our construction, then our ruin-and-recreate rounds with smaller ruins than the
care-day default (RUIN_VISITS), annealing acceptance whose temperature follows the instance's own cost
per visit (TEMPERATURE; HHC_TEMPERATURE for home health care, cooler) and half of the rounds ruining
strings of consecutive visits (STRING_SHARE), for HHC in two independent runs of half the rounds'
budget each from the first roster (HHC_STARTS) and shuffled rounds drawing their insertion order among
several sorts (HHC_SORTS) and half of the ruins around a scarce-skill service kept to the nurses
qualified for it (HHC_TAKERS_SHARE), for VRPTW with exchanges between routes after every
round (EXCHANGE_NEIGHBOURS), then the OR-Tools polish. Since the compiled core
(issue 20) makes ten times the rounds, this beats the OR-Tools iterated local search the VRPTW preset
used before, on 100 and on 200 customers alike (RESULTS.md).
"""

from __future__ import annotations

from typing import Literal

from ..solvers.params import SolveParams

SearchPreset = Literal["bench", "engine"]

# GBP per scaled distance unit when distance_per_km_gbp = 1 (metres hold scaled units).
_PER_UNIT_GBP = 1.0 / 1000.0
# Starting temperature of the ruin-and-recreate acceptance (fraction of the cost per visit) and visits
# per ruin. HHC, 12 C-G instances at 60 s (2026-11-30): 30 services at 0.3 9.33% mean gap, 15 at 0.3
# 6.98%, 15 at 4.8 3.94%, 15 at 9.6 4.98%. A smaller ruin doubles the rounds; a hotter start lets them
# leave the first local optimum. VRPTW (2026-12-02, Solomon R101 RC105 R205 RC208 at 10 s): the same
# setting 1.09% mean gap against 1.77% for OR-Tools' iterated local search; 10 visits in strings only
# 1.43%.
TEMPERATURE = 4.8
RUIN_VISITS = 15
# HHC since the compiled core (ten times the rounds in the minute): a cooler start, 3.0, gave 2.65% mean
# gap on 12 C-G instances at 60 s against 3.63% at 4.8 (2026-12-02; C3 C6 D1 D10 E2 E5 F5 F8 F10 G1 G6
# G10, seed 0), and on all 70 a median of 0.21% (0.72%), a max of 4.77% (8.12%) and a mean of 1.16%
# (1.10%): the largest (G) did worse, the middle sizes better; single-seed figures, noisy per instance.
HHC_TEMPERATURE = 3.0
# Share of rounds that ruin strings of consecutive visits rather than a cluster: 0.5 gave 9.37% mean gap
# against 10.14% with clusters only (HHC, 8 C-G instances, 20 s, two seeds; strings only 11.0%).
STRING_SHARE = 0.5
# Exchanges between routes after every round (relocate next to, swap with, or exchange tails at one of
# the 10 nearest visits; solvers/engine/_exchange.py). VRPTW, the 12 Gehring-Homberger 200 instances
# furthest behind PyVRP, 60 s (2026-12-03): 0.23% mean gap to PyVRP against 0.89% without.
EXCHANGE_NEIGHBOURS = 10


# HHC: two independent annealing runs of half the rounds' budget each, the better kept. 12 C-G instances
# at 60 s (2026-12-03, the list above): 2.06% and 1.65% mean gap with seeds 0 and 1 against 2.41%,
# 2.65% and 2.34% for one run in three runs of the same setting (a run's result on one instance moves by
# several percent with its course: D10 0.7% to 14%); restarting from the best so far instead: 2.63%.
# All 70 at 60 s, seed 0: mean 0.70% (one run 1.16%), max 4.76%; F (200 patients) alone no better.
HHC_STARTS = 2
# HHC: the shuffled half of the rounds draws its insertion order among random, furthest from the base
# first and window-start orders (SearchParams.recreate_sorts). The F family (200 patients) at 60 s
# (2026-12-03): mean gap 2.02%, 1.83% and 2.53% (seeds 0-2) against 2.43%, 2.31% and 2.39% with random
# orders only; all 70, seed 0: mean 0.72% (0.70%, 0.83% before).
HHC_SORTS = True
# HHC: half of the ruins around a service few nurses are qualified for take services from those nurses'
# days only (SearchParams.ruin_takers_share). The F family (200 patients) at 60 s, mean and max gap
# (2026-12-03): 2.27% / 4.71% and 1.60% / 4.29% (seeds 0, 1), against 2.02% / 6.21%, 1.83% / 4.42% and
# 2.53% / 5.31% without (seeds 0-2), and 2.43% / 4.76%, 2.31% / 6.65% and 2.39% / 5.93% with neither.
HHC_TAKERS_SHARE = 0.5


def bench_search(
    params: SolveParams,
    temperature: float = TEMPERATURE,
    starts: int = 1,
    exchanges: int = EXCHANGE_NEIGHBOURS,
    sorts: bool = False,
    takers_share: float = 0.0,
) -> SolveParams:
    """`params` with the benchmark search (see the module docstring)."""
    tuned = params.search.model_copy(
        update={
            "ruin_visits": RUIN_VISITS,
            "ruin_recreate_temperature": temperature,
            "ruin_string_share": STRING_SHARE,
            "ruin_recreate_starts": starts,
            "exchange_neighbours": exchanges,
            "recreate_sorts": sorts,
            "ruin_takers_share": takers_share,
        }
    )
    return params.model_copy(update={"search": tuned})


def vrptw_params(search: SearchPreset = "bench") -> SolveParams:
    """Distance only (DIMACS tenths), every customer served (the unassigned penalties dwarf any route)."""
    params = SolveParams.distance_only(distance_per_km_gbp=1.0)
    return params if search == "engine" else bench_search(params)


def hhc_params(search: SearchPreset = "bench") -> SolveParams:
    """Distance + total tardiness + max tardiness, each scaled unit weighted alike."""
    params = SolveParams.distance_only(
        distance_per_km_gbp=1.0, lateness_per_minute_gbp=_PER_UNIT_GBP, max_lateness_gbp=_PER_UNIT_GBP
    )
    return (
        params
        if search == "engine"
        else bench_search(
            params, HHC_TEMPERATURE, HHC_STARTS, exchanges=0, sorts=HHC_SORTS, takers_share=HHC_TAKERS_SHARE
        )
    )
