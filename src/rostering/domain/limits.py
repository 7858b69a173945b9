"""Limits every domain value keeps, whoever builds it (bundle reader, benchmark converters, the API).

The solver's costs and times are 64-bit integers (costs in 1/100 penny): a rate of 1e308 GBP or a
window at minute 1e20 would overflow it. These bounds sit far beyond any real care value yet far
inside what the engine can add up over a large week. Bundles are held to tighter, documented ranges
by their reader (docs/formats.md).
"""

from __future__ import annotations

# Minutes after a date's midnight. Care bundles stay within 0-1440; benchmark instances use a scaled
# horizon (Homberger at 0.1, Mankowska at 0.01 of a time unit) that stays below this: the longest
# Mankowska horizon is 51,784 time units, 5.2 million engine minutes.
MAX_MINUTES = 10_000_000
# GBP per hour, per km, or per minute late.
MAX_GBP_RATE = 100_000.0
# Demand and capacity of capacitated benchmark instances.
MAX_LOAD = 10**12
# Metres of one travel leg (a million km).
MAX_METRES = 1e9
