"""Window policies and rates on the tiny base: every visit's window is 09:00-10:00, requested 09:30."""

from __future__ import annotations

from pathlib import Path

from rostering.scenarios import Materialised, load_scenario, materialise
from tests.conftest import hm
from tests.scenario_day import write_scenario


def made(folder: Path, body: str) -> Materialised:
    return materialise(load_scenario(write_scenario(folder, body)))


def windows(folder: Path, body: str) -> set[tuple[int, int]]:
    return {(v.window_start_min, v.window_end_min) for v in made(folder, body).problem.visits}


def test_outcome_keeps_the_commissioned_windows(folder: Path) -> None:
    assert windows(folder, "") == {(hm("09:00"), hm("10:00"))}
    assert "windows: outcome: the commissioned windows, unchanged (4 visits)" in made(folder, "").describe()


def test_time_and_task_is_the_booked_slot_plus_or_minus_the_tolerance(folder: Path) -> None:
    body = '[windows]\npolicy = "time-and-task"\ntolerance_min = 15\n'
    assert windows(folder, body) == {(hm("09:15"), hm("09:45"))}
    assert "narrowed by 30 min on average on 4 visit(s), 0 unchanged" in made(folder, body).describe()


def test_width_centres_a_window_on_the_requested_start(folder: Path) -> None:
    body = '[windows]\npolicy = "width"\nwidth_min = 120\n'
    assert windows(folder, body) == {(hm("08:30"), hm("10:30"))}
    assert "widened by 60 min on average on 4 visit(s)" in made(folder, body).describe()


def test_priorities_limit_the_change(folder: Path) -> None:
    # The tiny visits are priority 2: a policy for priority 1 only leaves them alone.
    body = '[windows]\npolicy = "width"\nwidth_min = 120\npriorities = [1]\n'
    assert windows(folder, body) == {(hm("09:00"), hm("10:00"))}
    assert "(priorities 1): 4 unchanged" in made(folder, body).describe()


def test_rates_payment_and_the_rural_uplift(folder: Path) -> None:
    body = (
        '[zones]\nfile = "zones.geojson"\n'
        '[rates]\nrural_uplift = 0.2\nrate_per_hour = { A = 20 }\npayment = { B = "salaried" }\n'
    )
    m = made(folder, body)
    assert {(p.provider_id, p.rate_per_hour, p.payment) for p in m.problem.providers} == {
        ("A", 20.0, "salaried"),
        ("B", 15.0, "salaried"),
    }
    assert [(z.zone_id, z.rural, z.rate_uplift) for z in m.problem.zones] == [
        ("west", False, 0.0),
        ("east", True, 0.2),
    ]
    text = m.describe()
    assert "rates: A: rate_per_hour 30.0 -> 20.0" in text
    assert "rates: B: payment time_and_task -> salaried" in text
    assert "rates: rural uplift 20% on external rates in east" in text
