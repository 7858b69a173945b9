"""rostering: care-visit scheduling and rostering optimisation for care-at-home localities.

The public face, for notebooks and services::

    import rostering as rs
    bundle = rs.load_bundle("data/sample_localities/north-berwick")
    result = rs.solve(bundle, date="2026-11-24", time_limit=30, seed=1)
    result.roster, result.kpis, result.violations, result.unassigned
    result.write("out/nb")
    gdf = result.to_geodataframe()

Names are loaded on first use, so `import rostering` (and the CLI's `--help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    "load_bundle": "rostering.pipeline",
    "solve": "rostering.pipeline",
    "Bundle": "rostering.pipeline",
    "Result": "rostering.pipeline",
    "DEFAULT_TIME_LIMIT_S": "rostering.pipeline",
    "validate": "rostering.evaluation.validate",
    "Violation": "rostering.evaluation.validate",
    "compute_kpis": "rostering.evaluation.kpis",
    "Problem": "rostering.domain",
    "Absence": "rostering.domain",
    "Roster": "rostering.domain",
    "SolveParams": "rostering.solvers.params",
    "Budget": "rostering.solvers.base",
    "SOLVER_NAMES": "rostering.solvers.registry",
    "RosteringError": "rostering.errors",
    "InputError": "rostering.errors",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .domain import Absence as Absence
    from .domain import Problem as Problem
    from .domain import Roster as Roster
    from .errors import InputError as InputError
    from .errors import RosteringError as RosteringError
    from .evaluation.kpis import compute_kpis as compute_kpis
    from .evaluation.validate import Violation as Violation
    from .evaluation.validate import validate as validate
    from .pipeline import DEFAULT_TIME_LIMIT_S as DEFAULT_TIME_LIMIT_S
    from .pipeline import Bundle as Bundle
    from .pipeline import Result as Result
    from .pipeline import load_bundle as load_bundle
    from .pipeline import solve as solve
    from .solvers.base import Budget as Budget
    from .solvers.params import SolveParams as SolveParams
    from .solvers.registry import SOLVER_NAMES as SOLVER_NAMES


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rostering' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
