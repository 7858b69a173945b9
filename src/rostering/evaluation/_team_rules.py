"""Validator rules about the care teams a week roster names (teams.csv): they must agree with the roster.

A team entry names a client and a carer the problem knows, each (client, carer) appears once, and its
planned_visits is the number of the client's visits the carer does in the roster.
"""

from __future__ import annotations

from collections import Counter

from ..domain import Problem, Roster
from .violation import Violation


def check_teams(problem: Problem, roster: Roster) -> list[Violation]:
    """Team entries refer to known clients and carers and count the carer's visits to the client."""
    done: Counter[tuple[str, str]] = Counter()
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is not None:
            done[(visit.client_id, a.carer_id)] += 1
    listed = Counter((t.client_id, t.carer_id) for t in roster.teams)
    out: list[Violation] = []
    for t in roster.teams:
        key = (t.client_id, t.carer_id)
        team = f"team of client {t.client_id!r}"
        if t.carer_id not in problem.carer_by_id:
            out.append(Violation("unknown_carer", f"{team} names an unknown carer", None, t.carer_id))
        elif t.client_id not in problem.client_by_id:
            out.append(Violation("team_mismatch", f"{team}: no such client", None, t.carer_id))
        elif listed[key] > 1:
            out.append(
                Violation("team_mismatch", f"{team} lists the carer {listed[key]} times", None, t.carer_id)
            )
        elif t.planned_visits != done[key]:
            message = f"{team} says {t.planned_visits} visits; the roster has {done[key]}"
            out.append(Violation("team_mismatch", message, None, t.carer_id))
    return out
