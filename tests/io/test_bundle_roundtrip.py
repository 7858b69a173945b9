"""Property: any valid Problem written as a bundle reads back unchanged (and writes the same bytes)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.domain import (
    Absence,
    ApproximateTravel,
    Bounds,
    Carer,
    Client,
    HistoryRecord,
    Locality,
    Problem,
    Provider,
    Shift,
    Visit,
    VisitDependency,
    WorkingTime,
    Zone,
)
from rostering.io.bundle import BUNDLE_FILES, read_bundle, write_bundle

SKILLS = ("medication", "moving_and_handling", "dementia")
DAY0 = dt.date(2026, 11, 24)
BOUNDS = Bounds(min_lat=55.9, min_lon=-2.9, max_lat=56.1, max_lon=-2.5)

ids = st.from_regex(r"[A-Za-z0-9_.-]{1,5}", fullmatch=True)
# Free text: any printable characters (commas, quotes, accents), but cells are stripped on reading.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12).filter(
    lambda s: s == s.strip()
)
lat = st.floats(BOUNDS.min_lat, BOUNDS.max_lat)
lon = st.floats(BOUNDS.min_lon, BOUNDS.max_lon)
money = st.floats(0, 1000, allow_nan=False)
skills = st.lists(st.sampled_from(SKILLS), unique=True).map(tuple)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    locality = Locality(
        name=draw(ids),
        title=draw(text),
        timezone="Europe/London",
        bounds=BOUNDS,
        skills=SKILLS,
        osm_extract=draw(st.none() | st.just("pyrosm:test_pbf")),
        attribution=draw(text),
        notes=draw(text),
        approximate_travel=ApproximateTravel(
            circuity=draw(st.floats(1.0, 2.0)), walk_kmh=draw(st.floats(1, 9))
        ),
        rest_breaks=draw(st.booleans()),
        working_time=draw(
            st.just(WorkingTime())
            | st.builds(
                WorkingTime,
                weekly_max_hours=st.floats(1, 168),
                daily_rest_hours=st.floats(0, 24),
                max_consecutive_days=st.integers(1, 14),
            )
        ),
    )
    provider_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    providers = tuple(
        Provider(
            provider_id=p,
            name=draw(text),
            kind=draw(st.sampled_from(["in_house", "external"])),
            payment=draw(st.sampled_from(["salaried", "time_and_task"])),
            rate_per_hour=draw(money),
            mileage_per_km=draw(st.floats(0, 100)),
            compensatory_rest=draw(st.booleans()),
        )
        for p in provider_ids
    )
    carer_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    carers = tuple(
        Carer(
            carer_id=k,
            provider_id=draw(st.sampled_from(provider_ids)),
            lat=draw(lat),
            lon=draw(lon),
            travel_mode=draw(st.sampled_from(["drive", "walk", "bike"])),
            skills=draw(skills),
            gender=draw(st.sampled_from(["f", "m", "x"])),
            max_minutes_per_day=draw(st.none() | st.integers(1, 1440)),
            contracted_hours_week=draw(st.none() | st.floats(0, 168)),
            opt_out_48h=draw(st.booleans()),
            capacity=draw(st.none() | st.integers(0, 50)),
        )
        for k in carer_ids
    )
    dates = [DAY0 + dt.timedelta(days=d) for d in range(draw(st.integers(1, 3)))]
    shifts = []
    for k in carer_ids:
        for date in dates:
            # Non-overlapping parts of at least an hour (a visit never outlasts every shift).
            cuts = sorted(draw(st.lists(st.integers(0, 1440), min_size=2, max_size=4, unique=True)))
            for start, end in zip(cuts[::2], cuts[1::2], strict=False):
                if end - start >= 60:
                    shifts.append(Shift(carer_id=k, date=date, start_min=start, end_min=end))
    if not shifts:
        shifts.append(Shift(carer_id=carer_ids[0], date=dates[0], start_min=480, end_min=840))
    zones = tuple(
        Zone(zone_id=z, name=draw(text), rural=draw(st.booleans()), rate_uplift=draw(st.floats(0, 1)))
        for z in draw(st.lists(ids, max_size=2, unique=True))
    )
    client_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    clients = []
    for c in client_ids:
        chosen = draw(st.lists(st.sampled_from(carer_ids), unique=True, max_size=3))
        cut = draw(st.integers(0, len(chosen)))
        clients.append(
            Client(
                client_id=c,
                lat=draw(lat),
                lon=draw(lon),
                gender_preference=draw(st.sampled_from(["any", "f", "m"])),
                preferred_carers=tuple(chosen[:cut]),
                excluded_carers=tuple(chosen[cut:]),
                provider_id=draw(st.none() | st.sampled_from(provider_ids)),
                commissioned_hours_week=draw(st.none() | st.floats(0, 168)),
                zone=draw(st.none() | st.sampled_from([z.zone_id for z in zones])) if zones else None,
                allowed_providers=tuple(draw(st.lists(st.sampled_from(provider_ids), unique=True))),
            )
        )
    visits = []
    for i in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, 1380))
        visits.append(
            Visit(
                visit_id=f"V{i}",
                client_id=draw(st.sampled_from(client_ids)),
                date=draw(st.sampled_from([s.date for s in shifts])),
                window_start_min=start,
                window_end_min=draw(st.integers(start, 1440)),
                duration_min=draw(st.integers(1, 60)),
                carers_required=draw(st.sampled_from([1, 2])),
                skills=draw(skills),
                priority=draw(st.sampled_from([1, 2, 3])),
                requested_start_min=draw(st.integers(0, 1440)),
                late_penalty_per_min=draw(st.none() | money),
                demand=draw(st.integers(0, 9)),
            )
        )
    history = tuple(
        HistoryRecord(
            client_id=draw(st.sampled_from(client_ids)), carer_id=draw(st.sampled_from(carer_ids)), date=d
        )
        for d in draw(st.lists(st.dates(dt.date(2026, 10, 1), dt.date(2026, 11, 23)), max_size=3))
    )
    dependencies: tuple[VisitDependency, ...] = ()
    if len(visits) >= 2 and draw(st.booleans()):
        low = draw(st.integers(-60, 120))
        dependencies = (
            VisitDependency(
                first_visit_id="V0",
                second_visit_id="V1",
                min_gap_min=low,
                max_gap_min=draw(st.integers(low, 240)),
            ),
        )
    # Absences of a carer do not overlap (the reader merges overlapping ones); they may span days.
    absences = []
    for k in draw(st.lists(st.sampled_from(carer_ids), unique=True, max_size=2)):
        cuts = sorted(draw(st.lists(st.integers(-1440, 4 * 1440), min_size=2, max_size=4, unique=True)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            absences.append(
                Absence(
                    carer_id=k,
                    start=dt.datetime.combine(DAY0, dt.time()) + dt.timedelta(minutes=start),
                    end=dt.datetime.combine(DAY0, dt.time()) + dt.timedelta(minutes=end),
                    reason=draw(st.sampled_from(["sickness", "annual_leave", "training", "other"])),
                )
            )
    return Problem(
        locality=locality,
        providers=providers,
        carers=carers,
        shifts=tuple(shifts),
        clients=tuple(clients),
        visits=tuple(visits),
        history=history,
        dependencies=dependencies,
        absences=tuple(absences),
        zones=zones,
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_a_valid_problem_round_trips_through_a_bundle(problem: Problem) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a", Path(tmp) / "b"
        write_bundle(problem, first)
        again, _ = read_bundle(first)
        assert again == problem
        write_bundle(again, second)
        for spec in BUNDLE_FILES:
            assert (first / spec.name).read_bytes() == (second / spec.name).read_bytes()
