"""The council sample at the size asked for: seeded bytes, the sizes, towns and patches, couples."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.cli import app
from rostering.domain import Problem
from rostering.io.bundle import read_bundle
from rostering.samples.catalogue import write_council_sample
from rostering.samples.council import CouncilSize, calls_per_client, town_of

runner = CliRunner()
SMALL = CouncilSize(clients=90, carers=60, towns=3)
# About 3% of clients live as couples: with this seed the small council has three couples, two of whom
# have calls that can start together on its day (the others are double-ups or never overlap).
SEED = 6


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Problem, list[str]]:
    folder = tmp_path_factory.mktemp("council")
    write_council_sample(folder, SMALL, seed=SEED)
    problem, warnings = read_bundle(folder)
    return folder, problem, [str(w) for w in warnings]


@pytest.mark.slow
def test_the_same_seed_and_size_give_the_same_bytes(
    small: tuple[Path, Problem, list[str]], tmp_path: Path
) -> None:
    folder, _, _ = small
    write_council_sample(tmp_path, SMALL, seed=SEED)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


@pytest.mark.slow
def test_it_has_the_clients_carers_and_towns_asked_for(small: tuple[Path, Problem, list[str]]) -> None:
    _, problem, warnings = small
    assert len(problem.clients) == 90 and len(problem.carers) == 60
    towns = town_of(problem)
    assert len({towns[c.client_id] for c in problem.clients}) == 3
    # Every town has the council's in-house team and two agencies; the patches share no carer.
    for town in {towns[k.carer_id] for k in problem.carers}:
        providers = {k.provider_id for k in problem.carers if towns[k.carer_id] == town}
        assert "CHC" in providers and len(providers) == 3
    assert warnings == []


@pytest.mark.slow
def test_it_has_the_constraints_of_the_sample(small: tuple[Path, Problem, list[str]]) -> None:
    _, problem, _ = small
    assert any(v.carers_required == 2 for v in problem.visits)
    assert {s for v in problem.visits for s in v.skills} >= {"medication", "dementia", "moving_and_handling"}
    assert {c.gender_preference for c in problem.clients} >= {"any", "f"}
    split = Counter((s.carer_id, s.date) for s in problem.shifts)
    assert max(split.values()) == 2  # split shifts
    assert problem.history and problem.dependencies
    for d in problem.dependencies:  # couples: one home, morning calls that can start together
        first, second = problem.visit_by_id[d.first_visit_id], problem.visit_by_id[d.second_visit_id]
        a, b = problem.client_by_id[first.client_id], problem.client_by_id[second.client_id]
        assert (a.lat, a.lon) == (b.lat, b.lon) and a.client_id != b.client_id
        assert max(first.window_start_min, second.window_start_min) <= min(
            first.window_end_min, second.window_end_min
        )


def test_visits_per_day_and_days_set_the_size(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["sample", "generate", "council", "--visits-per-day", "400", "--days", "2", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    problem, _ = read_bundle(tmp_path)
    assert len(problem.dates) == 2
    assert len(problem.clients) == round(400 / calls_per_client())
    per_day = Counter(v.date for v in problem.visits)
    assert all(abs(n - 400) <= 0.06 * 400 for n in per_day.values())
    assert "--visits-per-day 400 --days 2" in (tmp_path / "README.md").read_text()


def test_sizes_are_checked_and_only_the_council_takes_them(tmp_path: Path) -> None:
    cases = [
        (["council", "--clients", "10", "--towns", "5"], "--towns: 10 clients cannot fill 5 towns"),
        (["council", "--clients", "50", "--carers", "3"], "--carers: these clients need at least"),
        (["council", "--clients", "50", "--visits-per-day", "200"], "give --clients or --visits-per-day"),
        (["council", "--days", "9"], "--days: must be 1 to 7"),
        (["north-berwick", "--clients", "50"], "--clients: only the council sample takes a size"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["sample", "generate", *args, "--out", str(tmp_path / "x")])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
