"""Analysts' scenarios: scenario files -> new problems (zones, provider policies, workforce, rates, windows),
and sweeps of scenarios x seeds on Dask distributed, with results tables, a summary and plots.

    >>> from rostering.scenarios import load_scenario, materialise, run_sweep
    >>> made = materialise(load_scenario("configs/scenarios/north-berwick/pooled.toml"))
    >>> print(made.describe())
    >>> made.write("out/pooled")           # a bundle: `rostering validate out/pooled` passes
"""

from .materialise import Change as Change
from .materialise import Materialised as Materialised
from .materialise import materialise as materialise
from .parse import Scenario as Scenario
from .parse import load_scenario as load_scenario
from .spec import ScenarioSpec as ScenarioSpec
from .sweep import SweepOptions as SweepOptions
from .sweep import SweepResult as SweepResult
from .sweep import run_sweep as run_sweep
