"""Hand-made rosters on the conftest tiny problem, every number worked out in a comment.

Drive travel (line_matrices: metres = |delta lon| x 62 000, 30 km/h, minutes rounded up):
    K1 base (-2.720) <-> C1 (-2.715): 310 m, 1 min     K1 base <-> C3 (-2.725): 310 m, 1 min
    C1 <-> C3: 620 m, 2 min     C3 <-> C2 (-2.705): 1240 m, 3 min     C2 <-> C1: 620 m, 2 min
    K2 base (-2.700) <-> C3: 1550 m, 4 min
Walk travel (5 km/h): K3 base (-2.710) <-> C2: 310 m, 4 min; C2 <-> C1: 620 m, 8 min; C1 <-> K3: 310 m, 4 min.
"""

from __future__ import annotations

import datetime as dt

from rostering.domain import (
    Assignment,
    Break,
    Problem,
    Roster,
    Shift,
    ShiftRoute,
    TeamMember,
    Unassigned,
    Visit,
    WorkingTime,
)
from tests.conftest import DAY, make_tiny_problem


def assignment(
    visit_id: str,
    carer_id: str,
    start: int,
    end: int,
    travel_min: int,
    travel_m: float,
    seq: int,
    day: dt.date = DAY,
) -> Assignment:
    return Assignment(
        visit_id=visit_id,
        carer_id=carer_id,
        date=day,
        start_min=start,
        end_min=end,
        travel_min=travel_min,
        travel_m=travel_m,
        seq=seq,
    )


def route(
    carer_id: str,
    start: int,
    end: int,
    home_min: int,
    home_m: float,
    shift_start: int = 480,
    day: dt.date = DAY,
) -> ShiftRoute:
    return ShiftRoute(
        carer_id=carer_id,
        date=day,
        shift_start_min=shift_start,
        start_min=start,
        end_min=end,
        travel_home_min=home_min,
        travel_home_m=home_m,
    )


def checked_problem() -> Problem:
    """The tiny problem with C3 accepting K2 (so the V3 double-up can be done by K1 + K2) and a sixth
    visit V6 at C3 needing peg_feeding, which no carer has (so it is always unassigned)."""
    tiny = make_tiny_problem()
    clients = tuple(c.replace(excluded_carers=()) if c.client_id == "C3" else c for c in tiny.clients)
    v6 = Visit(
        visit_id="V6",
        client_id="C3",
        date=DAY,
        window_start_min=780,
        window_end_min=810,
        duration_min=30,
        requested_start_min=780,
        skills=("peg_feeding",),
        priority=3,
    )
    return tiny.replace(clients=clients, visits=(*tiny.visits, v6))


def valid_roster() -> Roster:
    """A roster of `checked_problem` that keeps every hard rule.

    K1 (drive, shift 08:00-14:00): leaves base 08:00 (480)
        V1 @C1 490-520 (travel 1 min / 310 m from base, window 08:00-09:00)
        V3 @C3 540-585 (2 min / 620 m; 520 + 2 <= 540)     double-up with K2, both start 540
        V5 @C2 660-675 (3 min / 1240 m)
        V4 @C1 720-750 (2 min / 620 m), home 1 min / 310 m: back 751. Span 271 <= 360, so no break needed.
    K2 (drive): leaves 530, V3 @C3 540-585 (4 min / 1550 m; 530 + 4 <= 540), home 4 min / 1550 m: back 589.
    K3 (walk, agency): leaves 500, V2 @C2 510-540 (4 min / 310 m), home 4 min / 310 m: back 544.
    V6 needs peg_feeding: unassigned, no_eligible_carer.
    """
    return Roster(
        locality="tiny",
        solver="hand",
        seed=0,
        assignments=(
            assignment("V1", "K1", 490, 520, 1, 310.0, 1),
            assignment("V3", "K1", 540, 585, 2, 620.0, 2),
            assignment("V5", "K1", 660, 675, 3, 1240.0, 3),
            assignment("V4", "K1", 720, 750, 2, 620.0, 4),
            assignment("V3", "K2", 540, 585, 4, 1550.0, 1),
            assignment("V2", "K3", 510, 540, 4, 310.0, 1),
        ),
        routes=(
            route("K1", 480, 751, 1, 310.0),
            route("K2", 530, 589, 4, 1550.0),
            route("K3", 500, 544, 4, 310.0),
        ),
        unassigned=(
            Unassigned(
                visit_id="V6",
                client_id="C3",
                date=DAY,
                reason="no_eligible_carer",
                detail="nobody has peg_feeding",
            ),
        ),
        travel_sources={"drive": "line", "walk": "line"},
    )


def valid_roster_with_teams() -> Roster:
    """`valid_roster` as a week plan would name its care teams: C1 K1 (primary, V1 + V4) with K2 as
    backup (no visit); C2 K3 (primary, V2) and K1 (backup, V5); C3 K1 and K2 (primaries, the V3 double-up).
    """
    return valid_roster().model_copy(
        update={
            "teams": (
                TeamMember(client_id="C1", carer_id="K1", role="primary", planned_visits=2),
                TeamMember(client_id="C1", carer_id="K2", role="backup", planned_visits=0),
                TeamMember(client_id="C2", carer_id="K3", role="primary", planned_visits=1),
                TeamMember(client_id="C2", carer_id="K1", role="backup", planned_visits=1),
                TeamMember(client_id="C3", carer_id="K1", role="primary", planned_visits=1),
                TeamMember(client_id="C3", carer_id="K2", role="primary", planned_visits=1),
            )
        }
    )


def long_day_problem() -> Problem:
    """`checked_problem` with K1 on a long 08:00-17:00 shift, so a route can exceed 6 hours."""
    base = checked_problem()
    shifts = tuple(s.replace(end_min=1020) if s.carer_id == "K1" else s for s in base.shifts)
    return base.replace(shifts=shifts)


def long_day_roster(with_break: bool) -> Roster:
    """`valid_roster` with K1 staying out until 16:00 (480-960, span 480 > 360 minutes).

    V4 @C1 720-750, then K1 goes home at 959 (1 min): route 480-960. A 30-minute break at 600-630 sits in
    the V3 -> V5 gap: 660 - 585 = 75 >= 3 min travel + 30 min break.
    """
    roster = valid_roster()
    routes = tuple(route("K1", 480, 960, 1, 310.0) if r.carer_id == "K1" else r for r in roster.routes)
    breaks = (Break(carer_id="K1", date=DAY, start_min=600, duration_min=30),) if with_break else ()
    return roster.model_copy(update={"routes": routes, "breaks": breaks})


def working_days_problem(days: int, duration: int, **working_time: object) -> Problem:
    """K1 (the only carer on shift) on 00:00-24:00 shifts on `days` dates from DAY, visiting C1 once a
    date for `duration` minutes (window the whole day). `working_time` overrides the locality's
    WorkingTime settings."""
    tiny = make_tiny_problem()
    dates = [DAY + dt.timedelta(days=d) for d in range(days)]
    visits = tuple(
        Visit(
            visit_id=f"W{d}",
            client_id="C1",
            date=day,
            window_start_min=0,
            window_end_min=1440 - duration,
            duration_min=duration,
            requested_start_min=480,
        )
        for d, day in enumerate(dates)
    )
    locality = tiny.locality.replace(working_time=WorkingTime(**working_time))
    return tiny.replace(
        locality=locality,
        shifts=tuple(Shift(carer_id="K1", date=day, start_min=0, end_min=1440) for day in dates),
        visits=visits,
    )


def working_days_roster(leaves: list[int], duration: int) -> Roster:
    """K1 leaves base at leaves[d] on date DAY + d, drives 1 min / 310 m to C1, visits for `duration`
    minutes and drives 1 min home: the route spans duration + 2 minutes."""
    dates = [DAY + dt.timedelta(days=d) for d in range(len(leaves))]
    return Roster(
        locality="tiny",
        solver="hand",
        seed=0,
        assignments=tuple(
            assignment(f"W{d}", "K1", s + 1, s + 1 + duration, 1, 310.0, 1, day=day)
            for d, (s, day) in enumerate(zip(leaves, dates, strict=True))
        ),
        routes=tuple(
            route("K1", s, s + duration + 2, 1, 310.0, shift_start=0, day=day)
            for s, day in zip(leaves, dates, strict=True)
        ),
    )


def with_visit_at(roster: Roster, visit_id: str, start: int, end: int) -> Roster:
    """`roster` with every assignment of `visit_id` moved to start..end (other fields as they were)."""
    return roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"start_min": start, "end_min": end}) if a.visit_id == visit_id else a
                for a in roster.assignments
            )
        }
    )
