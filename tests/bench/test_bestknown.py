"""Best-known lookups (which column per set), gaps, and the RESULTS.md block rewriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.bench.bestknown import BestKnown, gap_pct, hhc_best_known, vrptw_best_known
from rostering.bench.tables import instance_class, replace_block
from tests.bench.test_instances import A1, BENCHMARKS, C101, needs_shared


@needs_shared
def test_solomon_gaps_use_the_dimacs_distance_only_column() -> None:
    # bks.csv row C101: hierarchical 828.94, DIMACS distance-only 827.3.
    assert vrptw_best_known(C101) == BestKnown(827.3, "dimacs_distance")


@needs_shared
def test_homberger_200_falls_back_to_the_hierarchical_column() -> None:
    assert vrptw_best_known(BENCHMARKS / "homberger" / "200" / "c1_2_1.txt") == BestKnown(
        2704.5678, "hierarchical_distance"
    )


@needs_shared
def test_mankowska_uses_the_derived_best_known_row() -> None:
    assert hhc_best_known(A1) == BestKnown(218.199, "hhc_best_known")


def test_a_missing_table_leaves_the_best_known_empty(tmp_path: Path) -> None:
    instance = tmp_path / "instances" / "X1.txt"
    assert vrptw_best_known(instance) is None
    assert hhc_best_known(instance) is None
    assert gap_pct(100.0, None) is None


def test_gap_is_relative_to_the_best_known() -> None:
    assert gap_pct(101.0, BestKnown(100.0, "dimacs_distance")) == pytest.approx(1.0)
    assert gap_pct(99.0, BestKnown(100.0, "dimacs_distance")) == pytest.approx(-1.0)


def test_replace_block_keeps_the_text_around_it() -> None:
    text = "intro\n<!-- a:begin -->\nold\n<!-- a:end -->\nnotes\n"
    assert replace_block(text, "a", "new") == "intro\n<!-- a:begin -->\nnew\n<!-- a:end -->\nnotes\n"
    assert replace_block("intro\n", "b", "x").endswith("<!-- b:begin -->\nx\n<!-- b:end -->\n")


def test_instance_class_from_solomon_and_homberger_names() -> None:
    assert [instance_class(n) for n in ("C101", "RC208", "rc2_2_4", "r1_2_10")] == ["C1", "RC2", "RC2", "R1"]
