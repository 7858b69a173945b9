"""Each client's care team for the week (teams.csv): the few carers who do the client's visits.

The week planning keeps the team small while it rosters (_objective.py: a carer new to the client, new
to a recurring visit, or often off on its days to come costs more), so the team is read off the roster:
the primaries are the fewest carers who together do `primary_share` of the client's carer-visits (most
visits first), the other carers who visit the client are backups (covering days off and double-ups).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ...domain import Problem, Roster, TeamMember


def care_teams(problem: Problem, roster: Roster, primary_share: float) -> tuple[TeamMember, ...]:
    """Every client's team in `roster`, primaries first, with the visits each member does."""
    did: dict[str, Counter[str]] = defaultdict(Counter)
    for a in roster.assignments:
        visit = problem.visit_by_id.get(a.visit_id)
        if visit is not None:
            did[visit.client_id][a.carer_id] += 1
    out: list[TeamMember] = []
    for client_id, counts in sorted(did.items()):
        total = sum(counts.values())
        done = 0
        for carer_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            role = "primary" if done < primary_share * total else "backup"
            done += n
            out.append(TeamMember(client_id=client_id, carer_id=carer_id, role=role, planned_visits=n))
    return tuple(out)
