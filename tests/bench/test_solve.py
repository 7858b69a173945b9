"""The engine on truncated benchmark instances: feasible per the benchmark's evaluator and the validator."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rostering.bench.evaluate import evaluate_hhc, evaluate_vrptw
from rostering.bench.mankowska import hhc_problem, parse_mankowska
from rostering.bench.parallel import usable_cores
from rostering.bench.presets import hhc_params, vrptw_params
from rostering.bench.runner import hhc_schedule, vrptw_routes
from rostering.bench.solomon import SolomonInstance, parse_solomon, read_solomon, vrptw_problem
from rostering.cli.app import app
from rostering.domain import Problem, Roster
from rostering.evaluation.validate import validate
from rostering.solvers.base import Budget
from rostering.solvers.engine.solver import EngineSolver
from rostering.travel.matrix import TravelMatrix
from tests.bench.test_instances import C101, TINY_SOLOMON, _tiny_mankowska, needs_shared

# A work limit (solutions examined) bounds the search; the short time limit ends it where guided local
# search stops finding new solutions on a tiny instance before the work limit is reached.
STOP = Budget(time_limit_s=3.0, work_limit=300)


def hard_rule_violations(problem: Problem, matrices: dict[str, TravelMatrix], roster: Roster) -> list[str]:
    """The validator's findings. Bench localities switch the UK rest-break rule off (rest_breaks=False),
    as the bench presets do in the solver, so the validator and the solver judge the same rules; their
    times are not clock minutes, so the working-time rules are off too (working_time=None)."""
    assert not problem.locality.rest_breaks and problem.locality.working_time is None
    assert not vrptw_params().rules.rest_breaks and not hhc_params().rules.rest_breaks
    return [str(v) for v in validate(problem, matrices, roster)]


def first_customers(inst: SolomonInstance, n: int) -> SolomonInstance:
    """The depot and the first n customers of an instance (a small, still realistic problem)."""
    fields = ("number", "x", "y", "demand", "ready", "due", "service")
    return dataclasses.replace(
        inst, name=f"{inst.name}-{n}", **{f: getattr(inst, f)[: n + 1] for f in fields}
    )


@needs_shared
def test_first_ten_customers_of_c101_are_routed_feasibly() -> None:
    inst = first_customers(read_solomon(C101), 10)
    problem, matrices = vrptw_problem(inst)
    roster = EngineSolver().solve(problem, matrices, vrptw_params(), STOP, 0)
    assert hard_rule_violations(problem, matrices, roster) == []
    ev = evaluate_vrptw(inst, vrptw_routes(roster))
    assert ev.violations == ()
    # The engine's distance objective is the DIMACS total in tenths x 10 cost units (1 GBP per "km").
    assert sum(len(r) for r in vrptw_routes(roster)) == 10


def test_tiny_vrptw_instance_is_solved_to_its_single_feasible_order() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    problem, matrices = vrptw_problem(inst)
    roster = EngineSolver().solve(problem, matrices, vrptw_params(), STOP, 0)
    routes = vrptw_routes(roster)
    # One vehicle doing 3, 2, 1 (41.7) beats any split: each extra route adds two depot legs.
    assert routes == [[3, 2, 1]]
    assert evaluate_vrptw(inst, routes).cost == pytest.approx(41.7)


@needs_shared
def test_iterated_local_search_with_a_work_limit_repeats_its_routes() -> None:
    """OR-Tools' iterated local search (the VRPTW preset until 2026-12) is as reproducible as our search."""
    inst = first_customers(read_solomon(C101), 25)
    base = vrptw_params()
    search = base.search.model_copy(
        update={"first_solution": "PARALLEL_SAVINGS", "iterated_local_search": True}
    )
    params = base.model_copy(update={"search": search})
    problem, matrices = vrptw_problem(inst)
    runs = [
        vrptw_routes(
            EngineSolver().solve(problem, matrices, params, Budget(time_limit_s=None, work_limit=60), 5)
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert sorted(c for r in runs[0] for c in r) == list(range(1, 26))


def random_vrptw(customers: int, seed: int) -> SolomonInstance:
    """A Solomon-style instance of any size: customers on a 100 x 100 grid, one-hour windows in a
    ten-hour day, capacity for about a dozen customers per vehicle."""
    rng = random.Random(seed)
    rows = [(0, 50.0, 50.0, 0, 0, 1000, 0)]
    for c in range(1, customers + 1):
        ready = rng.randrange(100, 800)
        rows.append((c, rng.uniform(0, 100), rng.uniform(0, 100), rng.randint(5, 20), ready, ready + 60, 10))
    columns = list(zip(*rows, strict=True))
    return SolomonInstance(f"RANDOM{customers}", customers // 4, 150, *columns)


@pytest.mark.slow
def test_bench_preset_serves_every_customer_of_a_large_instance_within_the_rules() -> None:
    """One preset for every size: a 310-customer instance is searched exactly as a 100-customer one,
    and its routes cover every customer once, within windows, capacity and the validator."""
    params = vrptw_params()
    assert params.search.large_day_disable_operators == () and params.search.disable_operators == ()
    inst = random_vrptw(310, seed=3)
    problem, matrices = vrptw_problem(inst)
    roster = EngineSolver().solve(problem, matrices, params, Budget(time_limit_s=None, work_limit=40), 0)
    assert hard_rule_violations(problem, matrices, roster) == []
    routes = vrptw_routes(roster)
    assert sorted(c for r in routes for c in r) == list(range(1, inst.customers + 1))
    assert evaluate_vrptw(inst, routes).violations == ()


def test_tiny_hhc_instance_is_scheduled_with_its_double_service_synchronised() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    problem, matrices = hhc_problem(inst)
    roster = EngineSolver().solve(problem, matrices, hhc_params(), STOP, 0)
    assert hard_rule_violations(problem, matrices, roster) == []
    schedule = hhc_schedule(inst, roster)
    ev = evaluate_hhc(inst, schedule)
    assert ev.violations == ()
    # The hand-checked optimum (tests/test_bench_evaluate.py): cg0 does p1 then p2, cg1 joins at p2.
    assert ev.objective == pytest.approx(58 / 3)


def test_bench_vrptw_command_writes_json_and_results(tmp_path: Path) -> None:
    instance = tmp_path / "TINY3.txt"
    instance.write_text(TINY_SOLOMON, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["bench", "vrptw", str(instance), "--out", str(out), "--work-limit", "100", "--time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "TINY3.json").read_text(encoding="utf-8"))
    assert list(payload) == ["instance", "routes", "cost"]
    assert payload["cost"] == evaluate_vrptw(parse_solomon(TINY_SOLOMON), payload["routes"]).cost
    with (out / "results.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["instance"] == "TINY3"
    assert rows[0]["feasible"] == "yes"
    assert rows[0]["best_known"] == ""  # no bks.csv beside a temporary file


def test_bench_hhc_command_writes_the_published_objective_parts(tmp_path: Path) -> None:
    instance = tmp_path / "tiny_hhc.txt"
    instance.write_text(_tiny_mankowska(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["bench", "hhc", str(instance), "--out", str(out), "--work-limit", "100", "--time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "tiny_hhc.json").read_text(encoding="utf-8"))
    assert list(payload) == [
        "instance",
        "routes",
        "distance",
        "total_tardiness",
        "max_tardiness",
        "objective",
    ]
    assert len(payload["routes"]) == 2  # one per caregiver, in file order
    assert payload["objective"] == pytest.approx(
        (payload["distance"] + payload["total_tardiness"] + payload["max_tardiness"]) / 3
    )


@pytest.mark.skipif(usable_cores() < 2, reason="needs two cores")
def test_bench_jobs_solve_side_by_side_and_keep_the_file_order(tmp_path: Path) -> None:
    files = []
    for name in ("TINY_B", "TINY_A", "TINY_C"):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(TINY_SOLOMON, encoding="utf-8")
    out = tmp_path / "out"
    args = ["bench", "vrptw", *map(str, files), "--out", str(out), "--work-limit", "100", "--jobs", "2"]
    result = CliRunner().invoke(app, [*args, "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    with (out / "results.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["instance"] for r in rows] == ["TINY_B", "TINY_A", "TINY_C"]
    costs = {json.loads((out / f"{r['instance']}.json").read_text(encoding="utf-8"))["cost"] for r in rows}
    # The same instance and work limit: the same routes whichever worker solved it.
    assert len(costs) == 1 and all(r["feasible"] == "yes" for r in rows)


def test_bench_refuses_more_jobs_than_cores(tmp_path: Path) -> None:
    instance = tmp_path / "TINY3.txt"
    instance.write_text(TINY_SOLOMON, encoding="utf-8")
    jobs = str(usable_cores() + 1)
    result = CliRunner().invoke(app, ["bench", "hhc", str(instance), "--out", str(tmp_path), "--jobs", jobs])
    assert result.exit_code == 2
    assert "usable cores" in result.output
    assert not (tmp_path / "results.csv").exists()


def test_a_missing_instance_file_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "vrptw", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 2
