"""The optimisation core: OR-Tools routing with care rules, our construction and ruin-and-recreate.

Only `_api.py` imports OR-Tools; construction, prechecks and extraction are plain Python and numpy.
"""

from .solver import OrToolsSolver as OrToolsSolver
from .solver import solve_dates as solve_dates
