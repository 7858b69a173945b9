"""Solver parameter presets that make the engine's objective equal the benchmark's.

Built on `SolveParams.distance_only`, which also switches the UK rest-break rule off (benchmark times
are not clock minutes). Both adapters store distance in the matrix's `metres` in scaled instance units
(tenths for VRPTW, hundredths for HHC), so a weight of 1 GBP per "km" prices every scaled unit of
distance at 1/1000 GBP. Care terms (wages, travel time, punctuality, continuity) are switched off.

HHC: one engine minute is 1/100 of an instance time unit, the same scale as the distance, and the
published objective counts a unit of tardiness like a unit of distance; lateness per engine minute
is therefore priced like one scaled distance unit (1/1000 GBP), and the max-tardiness term alike.
The common factor 1/3 of the published objective does not change which schedule is best.

Search. `engine` keeps the engine's own default search (our construction, ruin-and-recreate, guided
local search); `bench` is what measured best here (benchmarks/RESULTS.md). VRPTW: OR-Tools'
PARALLEL_SAVINGS first solution, then OR-Tools' iterated local search (SISR ruin-and-recreate with
annealing acceptance, larger ruins than the engine default, and above VRPTW_LARGE customers greedy descent
without the path LNS operators); our ruin-and-recreate restarts from a construction built for care
days and lost 3 points of mean gap at 10 s, guided local search alone stalls after a few seconds.
HHC: the engine's search (our ruin-and-recreate is what moves the synchronised double services at
all) with smaller ruins than the engine default (HHC_RUIN_VISITS), annealing acceptance of its rounds
(HHC_TEMPERATURE) and half of them ruining strings (HHC_STRING_SHARE).
"""

from __future__ import annotations

from typing import Literal

from ..solvers.params import SolveParams

SearchPreset = Literal["bench", "engine"]

# GBP per scaled distance unit when distance_per_km_gbp = 1 (metres hold scaled units).
_PER_UNIT_GBP = 1.0 / 1000.0
# Starting temperature of the ruin-and-recreate acceptance for HHC (fraction of the cost per visit) and
# services per ruin. 12 C-G instances at 60 s: 30 services at 0.3 9.33% mean gap, 15 at 0.3 6.98%,
# 15 at 4.8 3.94%, 15 at 9.6 4.98%; the ruin-only runs behind the choice are in benchmarks/RESULTS.md.
# A smaller ruin doubles the rounds; a hotter start lets them leave the first local optimum.
HHC_TEMPERATURE = 4.8
HHC_RUIN_VISITS = 15
# Share of HHC rounds that ruin strings of consecutive services rather than a cluster: 0.5 gave 9.37%
# mean gap against 10.14% with clusters only (8 C-G instances, 20 s, two seeds; strings only 11.0%).
HHC_STRING_SHARE = 0.5
# OR-Tools ILS ruin size for VRPTW: about 25 customers in strings of up to 15. The engine's 15 / 10
# (measured on another machine) and a larger 40 / 20 did worse on the subsets (benchmarks/RESULTS.md).
VRPTW_ILS_REMOVED = 25
VRPTW_ILS_MAX_SEQUENCE = 15
# Operators left out of the greedy descent that follows each ILS ruin on instances of more than
# VRPTW_LARGE customers. The path LNS operators re-insert whole routes by cheapest insertion; each
# descent waits for them, so on 200 customers the ILS made far fewer rounds (Homberger R1/RC1, 8
# instances at 60 s: 3.08% behind PyVRP with them, 1.97% without). On 100 customers (Solomon subset,
# 30 s) leaving them out did not help (0.93% against 0.67-0.78%), hence the size threshold, between
# the two measured sizes. The unperformed and visit-type operators have nothing to work on in a VRPTW.
VRPTW_LARGE = 150
VRPTW_LARGE_DISABLED_OPERATORS = (
    "global_cheapest_insertion_path_lns",
    "local_cheapest_insertion_path_lns",
    "relocate_path_global_cheapest_insertion_insert_unperformed",
    "global_cheapest_insertion_visit_types_lns",
    "local_cheapest_insertion_visit_types_lns",
)


def vrptw_params(search: SearchPreset = "bench") -> SolveParams:
    """Distance only (DIMACS tenths), every customer served (the unassigned penalties dwarf any route)."""
    params = SolveParams.distance_only(distance_per_km_gbp=1.0)
    if search == "engine":
        return params
    tuned = params.search.model_copy(
        update={
            "first_solution": "PARALLEL_SAVINGS",
            "ruin_recreate": False,
            "iterated_local_search": True,
            "ils_removed_visits": VRPTW_ILS_REMOVED,
            "ils_max_sequence": VRPTW_ILS_MAX_SEQUENCE,
            "large_day_visits": VRPTW_LARGE,
            "large_day_disable_operators": VRPTW_LARGE_DISABLED_OPERATORS,
        }
    )
    return params.model_copy(update={"search": tuned})


def hhc_params(search: SearchPreset = "bench") -> SolveParams:
    """Distance + total tardiness + max tardiness, each scaled unit weighted alike."""
    params = SolveParams.distance_only(
        distance_per_km_gbp=1.0, lateness_per_minute_gbp=_PER_UNIT_GBP, max_lateness_gbp=_PER_UNIT_GBP
    )
    if search == "engine":
        return params
    tuned = params.search.model_copy(
        update={
            "ruin_visits": HHC_RUIN_VISITS,
            "ruin_recreate_temperature": HHC_TEMPERATURE,
            "ruin_string_share": HHC_STRING_SHARE,
        }
    )
    return params.model_copy(update={"search": tuned})
