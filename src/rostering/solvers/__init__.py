"""Roster builders behind one Solver protocol: the OR-Tools engine and the time-and-task baselines."""
