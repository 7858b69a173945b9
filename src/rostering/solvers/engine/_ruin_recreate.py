"""Ruin-and-recreate rounds with simulated-annealing acceptance (ours, in Python).

Each round removes visits (_ruin.py), re-inserts them and every unassigned visit with the insertion
(_insertion.py), and keeps the result when it costs no more, or now and then when it costs a little more.
This is what moves double-ups between carers and fits in visits left out, which OR-Tools' one-node moves
cannot; a round evaluates a route in microseconds where an OR-Tools move on a 600-visit day takes tens
of milliseconds.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from ._exchange import Exchanges
from ._insertion import Insertion
from ._progress import ProgressReport
from ._ruin import closeness, ruin


@dataclass(frozen=True)
class Focus:
    """Where re-planning searches: ruins seeded at `seeds` (the nodes the changes displaced), `keep`
    (frozen nodes) never ruined, and a stop after `stall_rounds` rounds without an improvement."""

    seeds: list[int]
    keep: frozenset[int]
    stall_rounds: int


def ruin_and_recreate(
    insertion: Insertion,
    ruin_visits: int,
    rng: random.Random,
    deadline: float | None,
    rounds_allowed: int | None,
    progress: ProgressReport | None = None,
    temperature: float = 0.0,
    string_share: float = 0.0,
    max_string: int = 10,
    focus: Focus | None = None,
    starts: int = 1,
    exchange_neighbours: int = 0,
    sorts: bool = False,
    takers_share: float = 0.0,
) -> tuple[int, int]:
    """Rounds until the deadline or the round limit; the roster ends in its best state.
    (rounds, improvements).

    A round's result replaces the current roster when it costs no more, or, with `temperature` > 0, with
    the simulated-annealing probability exp(-increase / T): T starts at `temperature` x the average route
    cost per routed visit and falls a hundredfold over the budget (time or rounds). Accepting slightly
    worse rosters is what lets a long run leave a local optimum; an unassigned visit's penalty is far
    above any T, so a roster that loses a visit is never accepted. With `starts` > 1 the budget is
    split into that many annealing runs, each from the roster the rounds began with (not the best so
    far: a run stuck in a poor basin must not hand it on). A share `string_share` of the rounds
    ruins strings of consecutive visits instead of a cluster (_ruin.py). A `focus` (re-planning) seeds
    every ruin at one of its nodes, never ruins its kept nodes, and stops after its stall rounds without
    an improvement. With `exchange_neighbours` > 0 each round ends with the exchanges between carers'
    days (_exchange.py) among that many nearest visits, from where the round changed the roster.
    With `sorts`, a round that re-inserts in shuffled order draws that order among several
    (Insertion.insert_all). A share `takers_share` of the ruins around a visit only some carers may do
    takes visits from those carers' days only (_ruin.py).
    """
    state = insertion.state
    near = closeness(state.inst)
    exchanges = Exchanges(state, near, exchange_neighbours)
    exchanges.improve()
    best_cost = current_cost = state.total_cost()
    best = current = first = state.snapshot()
    first_cost = best_cost
    t_start = time.monotonic()
    t0 = temperature * state.routes_cost() / max(1, state.routed_count())
    rounds = better = last_better = run = 0
    seeds, keep = (focus.seeds, focus.keep) if focus is not None else (None, frozenset[int]())
    while (deadline is None or time.monotonic() < deadline) and (
        rounds_allowed is None or rounds < rounds_allowed
    ):
        if focus is not None and rounds - last_better >= focus.stall_rounds:
            break
        rounds += 1
        mark = int(state.clock[0])
        strings = max_string if string_share and rng.random() < string_share else None
        if not state.remove(ruin(state, near, ruin_visits, rng, strings, seeds, keep, takers_share)):
            state.restore(current)
            continue
        insertion.insert_all(shuffle=rng.random() < 0.5, sorts=sorts)
        exchanges.improve(mark)
        cost = state.total_cost()
        if cost < best_cost:
            better, last_better = better + 1, rounds
            if progress is not None:
                progress.emit(assigned_visits(state.inst.node_copy, state.routes), cost)
        spent = _spent(rounds, rounds_allowed, t_start, deadline) * starts  # runs' budgets spent
        if cost <= current_cost or _accept_worse(cost - current_cost, t0, spent - run, rng):
            current_cost, current = cost, state.snapshot()
            if cost <= best_cost:
                best_cost, best = cost, current
        else:
            state.restore(current)
        if run < starts - 1 and spent >= run + 1:
            run += 1
            current_cost, current = first_cost, first
            state.restore(first)
    state.restore(best)
    return rounds, better


def assigned_visits(node_copy: list[int], routes: list[list[int]]) -> int:
    """Visits routed (a double-up counts once)."""
    return sum(1 for nodes in routes for j in nodes if node_copy[j] == 0)


def _spent(rounds: int, rounds_allowed: int | None, t_start: float, deadline: float | None) -> float:
    """How much of the ruin-and-recreate budget is spent, 0..1 (rounds when work-limited: deterministic)."""
    if rounds_allowed is not None:
        return min(1.0, rounds / max(1, rounds_allowed))
    if deadline is None or deadline <= t_start:
        return 1.0
    return min(1.0, (time.monotonic() - t_start) / (deadline - t_start))


def _accept_worse(increase: int, t0: float, spent: float, rng: random.Random) -> bool:
    if t0 <= 0:
        return False
    temp = t0 * 0.01**spent
    return rng.random() < math.exp(-increase / temp)
