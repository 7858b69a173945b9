"""Hypothesis strategies: random small valid problems for property tests of solvers and validators.

Random problems cover 1-3 dates with 2-4 carers (any travel mode, some skills, genders, early, late and
split shifts, day limits, capacities, 48-hour opt-outs), 3-10 visits (windows, durations, double-ups,
soft windows, demands), sometimes a dependency, and working-time rules tight enough to bind: a weekly
maximum of a few hours, daily rest up to 11 hours (some providers on compensatory rest) and at most 1-3
days in a row.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rostering.domain import Carer, Client, Problem, Shift, Visit, VisitDependency, WorkingTime
from tests.care_day import PROVIDERS, problem
from tests.conftest import LOCALITY

DAYS = (dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 26))
SKILLS = ("medication", "moving_and_handling")
# Settings of the engine's property tests over small_problems: each example runs a search.
SEARCH_EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_problems(draw: st.DrawFn) -> Problem:
    dates = DAYS[: draw(st.integers(1, 3))]
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
                opt_out_48h=draw(st.integers(0, 3)) == 0,
            )
        )
        for day in dates:
            start = draw(st.sampled_from([6 * 60, 7 * 60, 8 * 60, 9 * 60, 10 * 60, 14 * 60]))
            if draw(st.booleans()):  # a split shift
                mid = start + draw(st.integers(120, 240))
                shifts.append(Shift(carer_id=f"K{k}", date=day, start_min=start, end_min=mid))
                # The second part may run late (as 07:00-13:00 + 16:30-22:00 does), so the next early start
                # can come too soon for the daily rest.
                end = min(24 * 60, mid + 120 + draw(st.integers(240, 660)))
                shifts.append(Shift(carer_id=f"K{k}", date=day, start_min=mid + 120, end_min=end))
            else:
                shifts.append(
                    Shift(
                        carer_id=f"K{k}",
                        date=day,
                        start_min=start,
                        end_min=min(24 * 60, start + draw(st.integers(240, 600))),
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
        start = draw(st.integers(7 * 60, 21 * 60))
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
    if len(dates) > 1 and draw(st.booleans()):
        # A bed call and the next morning's call for one client: one carer doing both rests too little.
        client_id = f"C{draw(st.integers(0, n_clients - 1))}"
        for day, start in ((dates[0], 21 * 60 + 30), (dates[1], 7 * 60)):
            visits.append(
                Visit(
                    visit_id=f"V{len(visits)}",
                    client_id=client_id,
                    date=day,
                    window_start_min=start,
                    window_end_min=start + 30,
                    duration_min=30,
                    requested_start_min=start,
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
    working_time = WorkingTime(
        weekly_max_hours=draw(st.sampled_from([2.0, 4.0, 8.0, 48.0])),
        daily_rest_hours=draw(st.sampled_from([0.0, 9.0, 11.0])),
        max_consecutive_days=draw(st.integers(1, 3)),
    )
    providers = tuple(p.replace(compensatory_rest=draw(st.booleans())) for p in PROVIDERS)
    return problem(carers, shifts, clients, visits, dependencies=dependencies).replace(
        locality=LOCALITY.replace(working_time=working_time), providers=providers
    )
