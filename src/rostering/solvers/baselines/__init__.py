"""Today's time-and-task practice, as baselines the engine is measured against (same Solver protocol)."""

from .params import BaselineParams as BaselineParams
from .silo_optimised import SiloOptimisedSolver as SiloOptimisedSolver
from .time_and_task import TimeAndTaskSolver as TimeAndTaskSolver
