"""Our rostering engine: the search we wrote, with OR-Tools' local search as its final polish.

The entry point is `solver.EngineSolver` (the Solver protocol). Everything else is internal:

- _week.py: a bundle's dates block by block, continuity of care carried from each block into the next,
  then a second pass over the blocks, each knowing the rest of the week (_second_pass.py)
- _prechecks.py: visits no carer could do, with reasons, and which shifts could take each visit
- _vehicles.py, _synchronised.py, _instance.py: one block as plain arrays (shifts as vehicles, linked
  visits, travel and time windows)
- _objective.py: every cost term, defined once
- _schedule.py: timing a route (windows, shift, rest break, day limit, capacity)
- _routes.py: the roster under construction, with snapshot and restore
- _positions.py, _insertion.py, _sync_insertion.py: cheapest feasible insertion (synchronised groups
  together)
- _ruin.py, _ruin_recreate.py: ruin (cluster and string) and recreate with annealing
- _driver.py: construction -> ruin-and-recreate -> OR-Tools polish (solvers/ortools/)
- _warm_start.py: a roster's routes loaded back into a block's search (re-planning, the second pass);
  _replan.py, _ejection.py: re-planning against a published roster
- _extract.py: routes back into roster parts (assignments, breaks, shift routes, unassigned)
"""
