"""Solver-independent judges of a roster: the validator and the KPIs. They know nothing of any solver."""

from .kpis import KpiRow as KpiRow
from .kpis import Kpis as Kpis
from .kpis import compute_kpis as compute_kpis
from .validate import validate as validate
from .violation import UNASSIGNED_REASONS as UNASSIGNED_REASONS
from .violation import VIOLATION_CODES as VIOLATION_CODES
from .violation import Violation as Violation
