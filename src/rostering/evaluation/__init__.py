"""Solver-independent judges of a roster: the validator and the KPIs. They know nothing of any solver."""
