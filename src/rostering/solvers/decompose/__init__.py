"""Council scale: a large problem cut into parts by geography, solved in parallel on Dask, stitched and
repaired across the borders (see solver.py)."""

from .solver import DecomposedSolver as DecomposedSolver
from .solver import Decomposition as Decomposition
from .solver import decompose as decompose
