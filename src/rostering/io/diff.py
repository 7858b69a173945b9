"""What changed between two rosters of a locality: per visit, per carer (who to phone) and per client.

A pure comparison of two sets of `VisitPlan`s (who does each visit when, or why it is unassigned), so it
serves `rostering diff` on two roster folders and any in-memory comparison (re-planning, benchmarks)
alike. Double-ups compare as the pair of carers: {K1, K2} -> {K1, K3} is a new carer for the visit, a
lost visit for K2 and a gained one for K3.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..domain import Roster
from ..domain.time import to_datetime

# status -> what it means, in the order counts are shown (documented in docs/formats.md).
VISIT_STATUSES: dict[str, str] = {
    "unchanged": "the same carer(s) at the same start (or unassigned in both)",
    "new_carer": "covered in both, by another carer or pair (the start may have moved too)",
    "time_moved": "the same carer(s), another start",
    "newly_unassigned": "covered in the old roster, unassigned in the new one",
    "newly_covered": "unassigned in the old roster, covered in the new one",
    "added": "only in the new roster (a visit added since)",
    "cancelled": "only in the old roster (a visit cancelled since)",
}
CallKind = Literal["gained", "lost", "moved"]


@dataclass(frozen=True)
class VisitPlan:
    """A visit as one roster has it: who does it and when, or that it is unassigned and why."""

    visit_id: str
    client_id: str
    date: dt.date
    carer_ids: tuple[str, ...] = ()  # sorted; empty when unassigned
    start_min: int | None = None
    end_min: int | None = None
    reason: str = ""  # the unassigned reason code

    @property
    def covered(self) -> bool:
        return bool(self.carer_ids)

    @property
    def starts_at(self) -> dt.datetime | None:
        return None if self.start_min is None else to_datetime(self.date, self.start_min)


@dataclass(frozen=True)
class VisitChange:
    """One visit of either roster with its status; `old` / `new` are None where the visit is absent."""

    visit_id: str
    client_id: str
    date: dt.date
    status: str
    old: VisitPlan | None
    new: VisitPlan | None

    @property
    def moved_min(self) -> int | None:
        """New start minus old start in minutes, when the visit is covered in both rosters."""
        if self.old is None or self.new is None or self.old.starts_at is None or self.new.starts_at is None:
            return None
        return int((self.new.starts_at - self.old.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class CarerCall:
    """One line of a carer's phone list: a visit they gained, lost, or keep at another time."""

    carer_id: str
    change: VisitChange
    kind: CallKind


@dataclass(frozen=True)
class RosterDiff:
    """Every visit of the two rosters with its status, in date, start and visit order."""

    changes: tuple[VisitChange, ...]

    def counts(self) -> dict[str, int]:
        """Visits per status, every status listed (zeros included), in the documented order."""
        out = dict.fromkeys(VISIT_STATUSES, 0)
        for c in self.changes:
            out[c.status] += 1
        return out

    def changed(self) -> tuple[VisitChange, ...]:
        return tuple(c for c in self.changes if c.status != "unchanged")

    def carer_calls(self) -> tuple[CarerCall, ...]:
        """What each carer must be told, by carer, then date and time."""
        calls = []
        for c in self.changed():
            old = set(c.old.carer_ids) if c.old else set()
            new = set(c.new.carer_ids) if c.new else set()
            calls += [CarerCall(k, c, "lost") for k in old - new]
            calls += [CarerCall(k, c, "gained") for k in new - old]
            if c.moved_min:
                calls += [CarerCall(k, c, "moved") for k in old & new]
        return tuple(sorted(calls, key=lambda call: (call.carer_id, *_when(call.change))))

    def clients_to_tell(self) -> dict[str, tuple[VisitChange, ...]]:
        """Each client with a changed visit, and those visits, by client id."""
        grouped: dict[str, list[VisitChange]] = defaultdict(list)
        for c in self.changed():
            grouped[c.client_id].append(c)
        return {k: tuple(grouped[k]) for k in sorted(grouped)}


def visit_plans(roster: Roster, client_of: Mapping[str, str]) -> dict[str, VisitPlan]:
    """Each visit of `roster` as a VisitPlan. `client_of` maps visit ids to clients for the assigned
    visits (roster.json does not carry them; unassigned entries do); a visit it lacks gets client ""."""
    plans: dict[str, VisitPlan] = {}
    for visit_id, group in roster.by_visit.items():
        first = min(group, key=lambda a: (a.start_min, a.carer_id))
        plans[visit_id] = VisitPlan(
            visit_id=visit_id,
            client_id=client_of.get(visit_id, ""),
            date=first.date,
            carer_ids=tuple(sorted(a.carer_id for a in group)),
            start_min=first.start_min,
            end_min=max(a.end_min for a in group),
        )
    for u in roster.unassigned:
        plans.setdefault(u.visit_id, VisitPlan(u.visit_id, u.client_id, u.date, reason=u.reason))
    return plans


def diff_rosters(old: Mapping[str, VisitPlan], new: Mapping[str, VisitPlan]) -> RosterDiff:
    """Every visit of `old` and `new` with what happened to it (see VISIT_STATUSES)."""
    changes = []
    for visit_id in set(old) | set(new):
        before, after = old.get(visit_id), new.get(visit_id)
        either = after or before
        assert either is not None
        changes.append(
            VisitChange(
                visit_id,
                either.client_id or _client(before),
                either.date,
                _status(before, after),
                before,
                after,
            )
        )
    return RosterDiff(tuple(sorted(changes, key=_when)))


def _status(old: VisitPlan | None, new: VisitPlan | None) -> str:
    if old is None:
        return "added"
    if new is None:
        return "cancelled"
    if not old.covered:
        return "newly_covered" if new.covered else "unchanged"
    if not new.covered:
        return "newly_unassigned"
    if old.carer_ids != new.carer_ids:
        return "new_carer"
    return "time_moved" if old.starts_at != new.starts_at else "unchanged"


def _client(plan: VisitPlan | None) -> str:
    return plan.client_id if plan else ""


def _when(change: VisitChange) -> tuple[dt.date, int, str]:
    """Sort key: date, then the start the visit has now (else had), unassigned visits last, then id."""
    plan = next((p for p in (change.new, change.old) if p is not None and p.start_min is not None), None)
    return (change.date, plan.start_min if plan and plan.start_min is not None else 10**6, change.visit_id)
