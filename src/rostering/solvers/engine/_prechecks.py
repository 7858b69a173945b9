"""Before the search: which vehicles could take each visit, and why a visit cannot be placed at all.

A visit no carer could ever do is reported with a precise reason (no eligible carer, no shift in the
window, no pair for a double-up, its dependency partner cannot be placed) instead of being left to the
search, which could only say that it did not fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ...domain import Problem, Unassigned, Visit, carer_location_id, client_location_id
from ...domain.time import format_hhmm
from ...travel.matrix import TravelMatrix
from ._instance import location_rows
from ._vehicles import VehicleSpec, block_offsets


def screen_visits(
    problem: Problem,
    dates: tuple[dt.date, ...],
    vehicles: list[VehicleSpec],
    matrices: Mapping[str, TravelMatrix],
) -> tuple[dict[str, NDArray[np.bool_]], list[Unassigned]]:
    """Per placeable visit, a mask of the vehicles that could take it alone; the rest with reasons."""
    offsets = block_offsets(dates)
    visits = [v for v in problem.visits if v.date in offsets]
    fits = _time_fits(problem, visits, vehicles, matrices, offsets)
    allowed: dict[str, NDArray[np.bool_]] = {}
    out: dict[str, Unassigned] = {}
    # Eligibility is the carer's: one row per visit, one column per carer, spread to the carer's shifts.
    eligible = eligibility(problem, visits)
    column = {c.carer_id: k for k, c in enumerate(problem.carers)}
    carer_of = np.array([column[veh.carer.carer_id] for veh in vehicles], dtype=np.int64)
    for i, visit in enumerate(visits):
        ok_carer = eligible[i][carer_of]
        mask = ok_carer & fits[i]
        window = f"{format_hhmm(visit.window_start_min)}-{format_hhmm(visit.window_end_min)}"
        if not eligible[i].any():
            out[visit.visit_id] = _unassigned(visit, "no_eligible_carer", _why_nobody(problem, visit))
        elif not mask.any():
            n = len({veh.carer.carer_id for veh, ok in zip(vehicles, ok_carer, strict=True) if ok})
            out[visit.visit_id] = _unassigned(
                visit,
                "no_shift_in_window",
                f"{n} eligible carer(s) on shift on {visit.date}; none can reach the client in {window} "
                "and get back within the shift",
            )
        elif visit.carers_required == 2 and len({vehicles[v].carer_slot for v in np.flatnonzero(mask)}) < 2:
            out[visit.visit_id] = _unassigned(
                visit, "no_pair_for_double_up", f"only one eligible carer has a shift that fits {window}"
            )
        else:
            allowed[visit.visit_id] = mask
    _drop_orphaned_dependencies(problem, allowed, out)
    order = {v.visit_id: i for i, v in enumerate(problem.visits)}
    return allowed, sorted(out.values(), key=lambda u: order[u.visit_id])


def eligibility(problem: Problem, visits: list[Visit]) -> NDArray[np.bool_]:
    """(visits, problem.carers): Problem.is_eligible of every pair (skills, the client's exclusions, gender
    preference and provider policy), as arrays: a skill is a bit, a carer a column."""
    carers = problem.carers
    skills = sorted({s for c in carers for s in c.skills} | {s for v in visits for s in v.skills})
    bit = {s: 1 << k for k, s in enumerate(skills)}

    def mask(names: tuple[str, ...]) -> int:
        return sum(bit[s] for s in set(names))

    wide = len(skills) > 62  # beyond an int64's bits: compare as Python ints
    dtype = object if wide else np.int64
    has = np.array([mask(c.skills) for c in carers], dtype=dtype)
    gender = np.array([c.gender for c in carers], dtype=object)
    provider = np.array([c.provider_id for c in carers], dtype=object)
    column = {c.carer_id: k for k, c in enumerate(carers)}
    out = np.zeros((len(visits), len(carers)), dtype=bool)
    for i, visit in enumerate(visits):
        client = problem.client_by_id[visit.client_id]
        need = mask(visit.skills)
        row = (has & need) == need
        if client.gender_preference != "any":
            row &= gender == client.gender_preference
        if client.allowed_providers:
            row &= np.isin(provider, list(client.allowed_providers))
        for carer_id in client.excluded_carers:
            if carer_id in column:
                row[column[carer_id]] = False
        out[i] = row
    return out


def _unassigned(visit: Visit, reason: str, detail: str) -> Unassigned:
    return Unassigned(
        visit_id=visit.visit_id, client_id=visit.client_id, date=visit.date, reason=reason, detail=detail
    )


def _why_nobody(problem: Problem, visit: Visit) -> str:
    client = problem.client_by_id[visit.client_id]
    skilled = [c for c in problem.carers if set(visit.skills) <= set(c.skills)]
    if not skilled:
        return f"no carer has the skill(s) {', '.join(sorted(visit.skills))}"
    consenting = [c for c in skilled if c.carer_id not in client.excluded_carers]
    if not consenting:
        return f"client {client.client_id} excludes every carer with the skills"
    allowed = client.allowed_providers
    if allowed and not any(c.provider_id in allowed for c in consenting):
        return (
            f"the provider policy lets only {', '.join(allowed)} visit; none of their carers has the skills"
        )
    return f"client {client.client_id} asks for a {client.gender_preference!r} carer; none has the skills"


def _time_fits(
    problem: Problem,
    visits: list[Visit],
    vehicles: list[VehicleSpec],
    matrices: Mapping[str, TravelMatrix],
    offsets: dict[dt.date, int],
) -> NDArray[np.bool_]:
    """(visits, vehicles): could the vehicle leave base, do the visit in its window and get back in time?"""
    fits = np.zeros((len(visits), len(vehicles)), dtype=bool)
    if not visits or not vehicles:
        return fits
    client_ids = [client_location_id(v.client_id) for v in visits]
    ws = np.array([offsets[v.date] + v.window_start_min for v in visits])
    we = np.array([offsets[v.date] + v.window_end_min for v in visits])
    soft = np.array([v.late_penalty_per_min is not None for v in visits])
    dur = np.array([v.duration_min for v in visits])
    demand = np.array([v.demand for v in visits])
    dates = np.array([v.date.toordinal() for v in visits])
    rows_by_mode: dict[str, NDArray[np.int64]] = {}
    for k, veh in enumerate(vehicles):
        m = matrices.get(veh.mode)
        if m is None:
            continue  # submatrices() raises a MatrixError naming the missing mode
        if veh.mode not in rows_by_mode:
            rows_by_mode[veh.mode] = location_rows(m, client_ids)
        rows = rows_by_mode[veh.mode]
        base = m.index(carer_location_id(veh.carer.carer_id))
        t_in = m.minutes[base, rows]
        t_out = m.minutes[rows, base]
        earliest = np.maximum(ws, veh.start + t_in)
        latest = np.where(soft, veh.end - dur - t_out, we)
        # A shift serves visits of its own date (a block may span dates linked by a dependency).
        ok = (
            (earliest <= latest) & (earliest + dur + t_out <= veh.end) & (dates == veh.shift.date.toordinal())
        )
        limit = veh.day_limit
        if limit is not None:
            ok &= t_in + dur + t_out <= limit
        if veh.carer.capacity is not None:
            ok &= demand <= veh.carer.capacity
        fits[:, k] = ok
    return fits


def _drop_orphaned_dependencies(
    problem: Problem, allowed: dict[str, NDArray[np.bool_]], out: dict[str, Unassigned]
) -> None:
    """A dependency is both-or-neither: when one side cannot be placed, neither is (to a fixpoint)."""
    changed = True
    while changed:
        changed = False
        for d in problem.dependencies:
            a, b = d.first_visit_id, d.second_visit_id
            for lone, gone in ((a, b), (b, a)):
                if lone in allowed and gone in out:
                    visit = problem.visit_by_id[lone]
                    del allowed[lone]
                    out[lone] = _unassigned(
                        visit,
                        "dependency_partner_unassigned",
                        f"its dependency partner {gone} cannot be placed",
                    )
                    changed = True
