"""The one pipeline behind the CLI and the Python API: load, travel, solve, validate, KPIs, write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rostering as rs
from rostering import pipeline
from rostering.cli import _options
from rostering.domain import Problem
from rostering.io.bundle import write_bundle
from rostering.io.roster_files import read_roster_dir
from rostering.travel.matrix import TravelMatrix
from rostering.travel.store import matrix_path, save_matrix
from tests.conftest import DAY, line_matrices


@pytest.fixture()
def bundle_dir(tmp_path: Path, tiny_problem: Problem) -> Path:
    folder = tmp_path / "bundle"
    write_bundle(tiny_problem, folder)
    for profile, matrix in line_matrices(tiny_problem).items():
        save_matrix(matrix_path(folder, profile), matrix)
    return folder


def test_solve_from_a_bundle_gives_a_checked_measured_roster(bundle_dir: Path, tmp_path: Path) -> None:
    bundle = rs.load_bundle(bundle_dir)
    result = rs.solve(bundle, date=DAY.isoformat(), work_limit=40, seed=3)
    assert result.violations == () and result.valid
    # The tiny bundle's double-up has one eligible carer: it is reported with its reason.
    assert [(u.visit_id, u.reason) for u in result.unassigned] == [("V3", "no_pair_for_double_up")]
    assert result.kpis["visits_unmet"] == 1
    assert result.kpis["visits_assigned"] == len(result.roster.by_visit)
    out = result.write(tmp_path / "out")
    assert json.loads((out / "kpis.json").read_text()) == result.kpis
    assert read_roster_dir(out) == result.roster
    # The stored matrices were used, and the notes say so.
    assert any("matrices/drive.npz" in line for line in result.travel_notes)


def test_the_same_seed_and_work_limit_give_the_same_roster(bundle_dir: Path) -> None:
    first = rs.solve(bundle_dir, work_limit=40, seed=5)
    again = rs.solve(rs.load_bundle(bundle_dir), work_limit=40, seed=5)
    assert first.roster == again.roster


def test_a_problem_built_in_code_is_solved_with_the_matrices_given(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix]
) -> None:
    result = rs.solve(tiny_problem, matrices=tiny_matrices, solver="time-and-task", work_limit=10)
    assert result.roster.solver == "time-and-task"
    assert result.valid
    assert result.matrices is tiny_matrices


def test_each_solver_name_goes_through_the_same_checks(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix]
) -> None:
    for name in rs.SOLVER_NAMES:
        result = rs.solve(tiny_problem, matrices=tiny_matrices, solver=name, work_limit=20)
        assert list(result.violations) == rs.validate(tiny_problem, tiny_matrices, result.roster)
        assert result.valid
        assert result.kpis == json.loads(
            rs.compute_kpis(tiny_problem, tiny_matrices, result.roster).to_json()
        )


def test_bad_choices_are_located_input_errors(tiny_problem: Problem) -> None:
    with pytest.raises(rs.InputError, match="--date: the bundle has no visits or shifts on 2030-01-01"):
        rs.solve(tiny_problem, date="2030-01-01", work_limit=5)
    with pytest.raises(rs.InputError, match="--date: malformed date"):
        rs.solve(tiny_problem, date="tomorrow", work_limit=5)
    with pytest.raises(rs.InputError, match="unknown solver 'magic'"):
        rs.solve(tiny_problem, solver="magic", work_limit=5)


def test_a_replan_takes_the_published_roster_as_a_folder_or_a_roster(
    bundle_dir: Path, tmp_path: Path
) -> None:
    published = rs.solve(bundle_dir, work_limit=30, seed=1)
    folder = published.write(tmp_path / "published")
    from_folder = rs.solve(
        bundle_dir, work_limit=30, seed=2, baseline=folder, freeze_before="2026-11-24T10:00"
    )
    from_roster = rs.solve(bundle_dir, work_limit=30, seed=2, baseline=published.roster)
    # Nothing changed since publishing: both re-plans give the published roster back.
    assert from_folder.roster.assignments == from_roster.roster.assignments == published.roster.assignments
    assert from_folder.valid


def test_bad_replan_requests_are_located_input_errors(tiny_problem: Problem) -> None:
    published = rs.solve(tiny_problem, work_limit=10).roster
    with pytest.raises(rs.InputError, match="--freeze-before: needs --baseline"):
        rs.solve(tiny_problem, work_limit=5, freeze_before="2026-11-24T10:00")
    with pytest.raises(rs.InputError, match="--baseline: re-planning needs the engine"):
        rs.solve(tiny_problem, work_limit=5, solver="time-and-task", baseline=published)
    with pytest.raises(rs.InputError, match="--freeze-before: malformed date-time '10:00'"):
        rs.solve(tiny_problem, work_limit=5, baseline=published, freeze_before="10:00")
    elsewhere = published.model_copy(update={"locality": "elsewhere"})
    with pytest.raises(rs.InputError, match="--baseline: the published roster is of locality 'elsewhere'"):
        rs.solve(tiny_problem, work_limit=5, baseline=elsewhere)


def test_params_may_be_an_object_a_mapping_or_a_toml_file(tmp_path: Path) -> None:
    toml = tmp_path / "p.toml"
    toml.write_text("[continuity]\nnew_carer_in_week_gbp = 9.5\n")
    from_file = pipeline.solve_params(toml)
    from_mapping = pipeline.solve_params({"continuity": {"new_carer_in_week_gbp": 9.5}})
    assert from_file == from_mapping != rs.SolveParams()
    assert pipeline.solve_params(None) == rs.SolveParams()


def test_one_default_time_limit_for_every_entry_point() -> None:
    assert _options.DEFAULT_TIME_LIMIT_S == pipeline.DEFAULT_TIME_LIMIT_S == rs.DEFAULT_TIME_LIMIT_S
    assert pipeline.make_budget(None, None).time_limit_s == pipeline.DEFAULT_TIME_LIMIT_S
    # A work limit alone is reproducible: no clock involved.
    assert pipeline.make_budget(None, 7) == rs.Budget(time_limit_s=None, work_limit=7)


def test_time_already_spent_comes_off_the_limit() -> None:
    import time

    started = time.monotonic() - 4.0  # the user began waiting four seconds ago
    budget = pipeline.make_budget(10.0, None, started=started, visits=1000)
    assert budget.time_limit_s is not None and budget.time_limit_s < 6.0


def test_to_geodataframe_has_a_row_per_assignment_at_the_client(
    tiny_problem: Problem, tiny_matrices: dict[str, TravelMatrix]
) -> None:
    result = rs.solve(tiny_problem, matrices=tiny_matrices, work_limit=40, seed=1)
    gdf = result.to_geodataframe()
    assert len(gdf) == len(result.roster.assignments)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    first = gdf.iloc[0]
    client = tiny_problem.client_by_id[first["client_id"]]
    assert (first.geometry.x, first.geometry.y) == (client.lon, client.lat)
    assert first["provider_id"] == tiny_problem.carer_by_id[first["carer_id"]].provider_id


def test_a_council_sized_day_is_decomposed_and_a_small_one_is_not(tiny_problem: Problem) -> None:
    params = rs.SolveParams.model_validate({"decompose": {"auto_above_visits_per_day": 4}})
    assert pipeline.decomposes(tiny_problem, params, "locality", "auto")  # 5 visits on its day
    assert not pipeline.decomposes(tiny_problem, rs.SolveParams(), "locality", "auto")
    assert pipeline.decomposes(tiny_problem, rs.SolveParams(), "locality", "on")
    assert not pipeline.decomposes(tiny_problem, params, "locality", "off")
    assert not pipeline.decomposes(tiny_problem, params, "time-and-task", "auto")
    with pytest.raises(rs.InputError, match="--decompose: only the locality solver"):
        pipeline.decomposes(tiny_problem, params, "time-and-task", "on")
    with pytest.raises(rs.InputError, match="--decompose: unknown choice 'sometimes'"):
        rs.solve(tiny_problem, decompose="sometimes", work_limit=5)


@pytest.mark.slow
def test_a_decomposed_solve_is_checked_and_measured_like_any_other() -> None:
    from tests.two_towns import two_part_params, two_towns

    problem = two_towns()
    matrices = line_matrices(problem)
    result = rs.solve(
        problem, matrices=matrices, params=two_part_params(), decompose="on", workers=1, work_limit=20
    )
    assert result.valid and not result.unassigned
    assert len(result.roster.stats["decomposition"]["parts"]) == 2
    assert result.kpis == json.loads(rs.compute_kpis(problem, matrices, result.roster).to_json())
