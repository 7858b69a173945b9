"""Hypothesis strategies: random small valid problems for property tests of solvers and validators.

Random problems have 2-4 carers (any travel mode, some skills, genders, split shifts, day limits,
capacities), 3-10 visits (windows, durations, double-ups, soft windows, demands) and sometimes a
dependency.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rostering.domain import Carer, Client, Problem, Shift, Visit, VisitDependency
from tests.care_day import problem

DAYS = (dt.date(2026, 11, 24), dt.date(2026, 11, 25))
SKILLS = ("medication", "moving_and_handling")
# Settings of the engine's property tests over small_problems: each example runs a search.
SEARCH_EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_problems(draw: st.DrawFn) -> Problem:
    two_days = draw(st.booleans())
    dates = DAYS if two_days else DAYS[:1]
    n_carers = draw(st.integers(2, 4))
    carers = []
    shifts = []
    for k in range(n_carers):
        carers.append(
            Carer(
                carer_id=f"K{k}",
                provider_id=draw(st.sampled_from(["P1", "P2"])),
                lat=56.0,
                lon=draw(st.floats(-2.76, -2.66)),
                travel_mode=draw(st.sampled_from(["drive", "drive", "walk", "bike"])),
                skills=tuple(s for s in SKILLS if draw(st.booleans())),
                gender=draw(st.sampled_from(["f", "m"])),
                max_minutes_per_day=draw(st.one_of(st.none(), st.integers(120, 600))),
                capacity=draw(st.one_of(st.none(), st.none(), st.integers(1, 4))),
            )
        )
        for day in dates:
            start = draw(st.integers(6 * 60, 10 * 60))
            if draw(st.booleans()):  # a split shift
                mid = start + draw(st.integers(120, 240))
                shifts.append(Shift(carer_id=f"K{k}", date=day, start_min=start, end_min=mid))
                shifts.append(Shift(carer_id=f"K{k}", date=day, start_min=mid + 120, end_min=mid + 360))
            else:
                shifts.append(
                    Shift(
                        carer_id=f"K{k}",
                        date=day,
                        start_min=start,
                        end_min=start + draw(st.integers(240, 600)),
                    )
                )
    n_clients = draw(st.integers(1, 4))
    clients = [
        Client(
            client_id=f"C{c}",
            lat=56.0,
            lon=draw(st.floats(-2.76, -2.66)),
            gender_preference=draw(st.sampled_from(["any", "any", "f"])),
            excluded_carers=("K0",) if draw(st.integers(0, 4)) == 0 else (),
            preferred_carers=("K1",) if draw(st.booleans()) else (),
        )
        for c in range(n_clients)
    ]
    visits = []
    for i in range(draw(st.integers(3, 10))):
        start = draw(st.integers(7 * 60, 18 * 60))
        width = draw(st.integers(0, 120))
        visits.append(
            Visit(
                visit_id=f"V{i}",
                client_id=f"C{draw(st.integers(0, n_clients - 1))}",
                date=draw(st.sampled_from(dates)),
                window_start_min=start,
                window_end_min=start + width,
                duration_min=draw(st.sampled_from([15, 30, 45, 60])),
                carers_required=draw(st.sampled_from([1, 1, 1, 2])),
                skills=tuple(s for s in SKILLS if draw(st.integers(0, 3)) == 0),
                priority=draw(st.sampled_from([1, 2, 3])),
                requested_start_min=start + width // 2,
                late_penalty_per_min=draw(st.one_of(st.none(), st.none(), st.just(1.0))),
                demand=draw(st.integers(0, 2)),
            )
        )
    dependencies: tuple[VisitDependency, ...] = ()
    if len(visits) >= 2 and draw(st.booleans()):
        lo = draw(st.integers(0, 90))
        dependencies = (
            VisitDependency(
                first_visit_id="V0",
                second_visit_id="V1",
                min_gap_min=lo,
                max_gap_min=lo + draw(st.integers(0, 60)),
            ),
        )
    return problem(carers, shifts, clients, visits, dependencies=dependencies)
