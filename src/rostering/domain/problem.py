"""The Problem aggregate: one locality's providers, carers, shifts, clients, visits and history.

Cross-reference checks live here as `reference_issues()`, returning structured findings so that the
bundle reader can turn each into a `file:line:column` message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pydantic import model_validator

from ._base import DomainModel
from .absence import Absence, available_shifts
from .carer import Carer, Shift
from .client import Client, HistoryRecord, Visit, VisitDependency
from .locality import Locality
from .locations import MapPoint, carer_location_id, client_location_id
from .provider import Provider
from .quoting import shown
from .zone import Zone


@dataclass(frozen=True)
class ReferenceIssue:
    """A cross-reference problem: `collection[index].field` is wrong."""

    # providers | carers | shifts | clients | visits | history | dependencies | absences | zones
    collection: str
    index: int
    field: str
    message: str


class Problem(DomainModel):
    locality: Locality
    providers: tuple[Provider, ...]
    carers: tuple[Carer, ...]
    shifts: tuple[Shift, ...]
    clients: tuple[Client, ...]
    visits: tuple[Visit, ...]
    history: tuple[HistoryRecord, ...] = ()
    dependencies: tuple[VisitDependency, ...] = ()
    # Times carers cannot work; `available_shifts` is what is left of their shifts.
    absences: tuple[Absence, ...] = ()
    # The zones clients live in (scenario areas, a rural east): per-zone KPIs and rate uplifts.
    zones: tuple[Zone, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> Problem:
        issues = self.reference_issues()
        if issues:
            lines = [f"{i.collection}[{i.index}].{i.field}: {i.message}" for i in issues[:20]]
            raise ValueError("; ".join(lines))
        return self

    def reference_issues(self) -> list[ReferenceIssue]:
        """Every duplicate id and dangling reference, in input order."""
        out: list[ReferenceIssue] = []

        def unique(collection: str, ids: list[str], field: str) -> set[str]:
            seen: set[str] = set()
            for i, key in enumerate(ids):
                if key in seen:
                    out.append(ReferenceIssue(collection, i, field, f"duplicate {field} {shown(key, 60)}"))
                seen.add(key)
            return seen

        provider_ids = unique("providers", [p.provider_id for p in self.providers], "provider_id")
        carer_ids = unique("carers", [c.carer_id for c in self.carers], "carer_id")
        client_ids = unique("clients", [c.client_id for c in self.clients], "client_id")
        visit_ids = unique("visits", [v.visit_id for v in self.visits], "visit_id")
        zone_ids = unique("zones", [z.zone_id for z in self.zones], "zone_id")

        def known(collection: str, index: int, field: str, value: str, valid: set[str], kind: str) -> None:
            if value not in valid:
                out.append(ReferenceIssue(collection, index, field, f"unknown {kind} {shown(value, 60)}"))

        for i, c in enumerate(self.carers):
            known("carers", i, "provider_id", c.provider_id, provider_ids, "provider")
        for i, s in enumerate(self.shifts):
            known("shifts", i, "carer_id", s.carer_id, carer_ids, "carer")
        for i, cl in enumerate(self.clients):
            for k in cl.preferred_carers:
                known("clients", i, "preferred_carers", k, carer_ids, "carer")
            for k in cl.excluded_carers:
                known("clients", i, "excluded_carers", k, carer_ids, "carer")
            if cl.provider_id is not None:
                known("clients", i, "provider_id", cl.provider_id, provider_ids, "provider")
            if cl.zone is not None:
                known("clients", i, "zone", cl.zone, zone_ids, "zone")
            for p in cl.allowed_providers:
                known("clients", i, "allowed_providers", p, provider_ids, "provider")
        for i, v in enumerate(self.visits):
            known("visits", i, "client_id", v.client_id, client_ids, "client")
        for i, h in enumerate(self.history):
            known("history", i, "client_id", h.client_id, client_ids, "client")
            known("history", i, "carer_id", h.carer_id, carer_ids, "carer")
        for i, d in enumerate(self.dependencies):
            known("dependencies", i, "first_visit_id", d.first_visit_id, visit_ids, "visit")
            known("dependencies", i, "second_visit_id", d.second_visit_id, visit_ids, "visit")
        for i, a in enumerate(self.absences):
            known("absences", i, "carer_id", a.carer_id, carer_ids, "carer")
        if self.locality.skills:
            vocabulary = set(self.locality.skills)
            for i, c in enumerate(self.carers):
                for skill in c.skills:
                    if skill not in vocabulary:
                        out.append(ReferenceIssue("carers", i, "skills", f"unknown skill {shown(skill, 60)}"))
            for i, v in enumerate(self.visits):
                for skill in v.skills:
                    if skill not in vocabulary:
                        out.append(ReferenceIssue("visits", i, "skills", f"unknown skill {shown(skill, 60)}"))
        return out

    # Lookups. Cached: the model is frozen, so they never go stale.
    @cached_property
    def provider_by_id(self) -> dict[str, Provider]:
        return {p.provider_id: p for p in self.providers}

    @cached_property
    def zone_by_id(self) -> dict[str, Zone]:
        return {z.zone_id: z for z in self.zones}

    @cached_property
    def carer_by_id(self) -> dict[str, Carer]:
        return {c.carer_id: c for c in self.carers}

    @cached_property
    def client_by_id(self) -> dict[str, Client]:
        return {c.client_id: c for c in self.clients}

    @cached_property
    def visit_by_id(self) -> dict[str, Visit]:
        return {v.visit_id: v for v in self.visits}

    @cached_property
    def visit_order(self) -> dict[str, int]:
        """Each visit's position in the bundle (the order rosters list unassigned visits in)."""
        return {v.visit_id: i for i, v in enumerate(self.visits)}

    @cached_property
    def shifts_by_carer_date(self) -> dict[tuple[str, dt.date], tuple[Shift, ...]]:
        grouped: dict[tuple[str, dt.date], list[Shift]] = defaultdict(list)
        for s in self.shifts:
            grouped[(s.carer_id, s.date)].append(s)
        return {k: tuple(sorted(v, key=lambda s: s.start_min)) for k, v in grouped.items()}

    @cached_property
    def available_shifts(self) -> tuple[Shift, ...]:
        """The shifts with every absence taken out: kept whole, cut into parts, or removed."""
        return available_shifts(self.shifts, self.absences)

    @cached_property
    def available_shifts_by_carer_date(self) -> dict[tuple[str, dt.date], tuple[Shift, ...]]:
        grouped: dict[tuple[str, dt.date], list[Shift]] = defaultdict(list)
        for s in self.available_shifts:
            grouped[(s.carer_id, s.date)].append(s)
        return {k: tuple(sorted(v, key=lambda s: s.start_min)) for k, v in grouped.items()}

    @cached_property
    def absences_by_carer(self) -> dict[str, tuple[Absence, ...]]:
        grouped: dict[str, list[Absence]] = defaultdict(list)
        for a in self.absences:
            grouped[a.carer_id].append(a)
        return {k: tuple(sorted(v, key=lambda a: a.start)) for k, v in grouped.items()}

    def named_shift(self, carer_id: str, date: dt.date, shift_start_min: int) -> Shift | None:
        """The shift a route names by its start: a declared shift, else the part of one an absence left."""
        for shifts in (self.shifts_by_carer_date, self.available_shifts_by_carer_date):
            found = next(
                (s for s in shifts.get((carer_id, date), ()) if s.start_min == shift_start_min), None
            )
            if found is not None:
                return found
        return None

    def absence_at(self, carer_id: str, date: dt.date, start_min: int, end_min: int) -> Absence | None:
        """The first absence of the carer that [start_min, end_min) on `date` falls in, if any."""
        return next(
            (a for a in self.absences_by_carer.get(carer_id, ()) if a.overlaps(date, start_min, end_min)),
            None,
        )

    def absences_applied(self) -> Problem:
        """The problem a solver works on: shifts cut to what carers can work, and no absences left."""
        if not self.absences:
            return self
        return self.model_copy(update={"shifts": self.available_shifts, "absences": ()})

    @cached_property
    def dates(self) -> tuple[dt.date, ...]:
        """Every date with a visit or a shift, in order."""
        return tuple(sorted({v.date for v in self.visits} | {s.date for s in self.shifts}))

    def locations(self) -> tuple[MapPoint, ...]:
        """Every client and carer base, clients first, in input order (the travel matrices' rows)."""
        return tuple(
            [
                MapPoint(location_id=client_location_id(c.client_id), lat=c.lat, lon=c.lon)
                for c in self.clients
            ]
            + [MapPoint(location_id=carer_location_id(k.carer_id), lat=k.lat, lon=k.lon) for k in self.carers]
        )

    def for_dates(self, dates: set[dt.date]) -> Problem:
        """The same locality restricted to the visits and shifts on `dates` (history kept whole)."""
        visits = tuple(v for v in self.visits if v.date in dates)
        kept = {v.visit_id for v in visits}
        return self.model_copy(
            update={
                "visits": visits,
                "shifts": tuple(s for s in self.shifts if s.date in dates),
                "dependencies": tuple(
                    d for d in self.dependencies if d.first_visit_id in kept and d.second_visit_id in kept
                ),
            }
        )

    def is_eligible(self, carer: Carer, visit: Visit) -> bool:
        """Skills, exclusions, gender preference and provider policy: may this carer take this visit?"""
        client = self.client_by_id[visit.client_id]
        if carer.carer_id in client.excluded_carers:
            return False
        if client.allowed_providers and carer.provider_id not in client.allowed_providers:
            return False
        if client.gender_preference != "any" and carer.gender != client.gender_preference:
            return False
        return set(visit.skills) <= set(carer.skills)
