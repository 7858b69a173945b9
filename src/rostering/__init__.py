"""rostering: care-visit scheduling and rostering optimisation for care-at-home localities."""

from .domain import Problem as Problem
from .domain import Roster as Roster
from .errors import InputError as InputError
from .errors import RosteringError as RosteringError

__version__ = "0.1.0"
