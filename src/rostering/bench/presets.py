"""Solver parameter presets that make the engine's objective equal the benchmark's.

Both adapters store distance in the matrix's `metres` in scaled instance units (tenths for VRPTW,
hundredths for HHC), so a weight of 1 GBP per "km" prices every scaled unit of distance at
1/1000 GBP. Care terms (wages, travel time, punctuality, continuity) are switched off.

HHC: one engine minute is 1/100 of an instance time unit, the same scale as the distance, and the
published objective counts a unit of tardiness like a unit of distance; lateness per engine minute
is therefore priced like one scaled distance unit (1/1000 GBP), and the max-tardiness term alike.
The common factor 1/3 of the published objective does not change which schedule is best.
"""

from __future__ import annotations

from ..solvers.params import SolveParams

# GBP per scaled distance unit when distance_per_km_gbp = 1 (metres hold scaled units).
_PER_UNIT_GBP = 1.0 / 1000.0


def vrptw_params() -> SolveParams:
    """Distance only (DIMACS tenths), every customer served (the unassigned penalties dwarf any route)."""
    return SolveParams.distance_only(distance_per_km_gbp=1.0)


def hhc_params() -> SolveParams:
    """Distance + total tardiness + max tardiness, each scaled unit weighted alike."""
    return SolveParams.distance_only(
        distance_per_km_gbp=1.0, lateness_per_minute_gbp=_PER_UNIT_GBP, max_lateness_gbp=_PER_UNIT_GBP
    )
