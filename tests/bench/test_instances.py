"""Benchmark instance adapters: Solomon/Homberger and Mankowska files become the engine's own problem."""

from __future__ import annotations

import pytest

from rostering.bench.mankowska import TIME_SCALE as HHC_SCALE
from rostering.bench.mankowska import hhc_problem, parse_mankowska, read_mankowska
from rostering.bench.solomon import TIME_SCALE, dimacs_tenths, parse_solomon, read_solomon, vrptw_problem
from rostering.domain import client_location_id
from rostering.errors import InputError
from tests.conftest import SHARED

BENCHMARKS = SHARED / "benchmarks"
C101 = BENCHMARKS / "solomon" / "instances" / "C101.txt"
A1 = BENCHMARKS / "hhc" / "mankowska2014" / "InstanzCPLEX_HCSRP_10_1.txt"
needs_shared = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="../shared/benchmarks is not present")

# The first three customers of C101, in Solomon's layout (CRLF as distributed).
TINY_SOLOMON = "\r\n".join(
    [
        "TINY3",
        "",
        "VEHICLE",
        "NUMBER     CAPACITY",
        "  25         200",
        "",
        "CUSTOMER",
        "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME",
        " ",
        "    0      40         50          0          0       1236          0",
        "    1      45         68         10        912        967         90",
        "    2      45         70         30        825        870         90",
        "    3      42         66         10         65        146         90",
    ]
)


def test_solomon_text_is_parsed_row_by_row() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    assert (inst.name, inst.vehicles, inst.capacity, inst.customers) == ("TINY3", 25, 200, 3)
    assert (inst.x[1], inst.y[1], inst.demand[1], inst.ready[1], inst.due[1], inst.service[1]) == (
        45,
        68,
        10,
        912,
        967,
        90,
    )
    assert inst.due[0] == 1236


def test_a_short_customer_row_is_reported_with_its_line() -> None:
    broken = TINY_SOLOMON.replace(
        "    2      45         70         30        825        870         90", "    2  45 70 30"
    )
    with pytest.raises(InputError) as err:
        parse_solomon(broken, file="tiny.txt")
    assert str(err.value.issues[0]).startswith("tiny.txt:12: expected 7 numbers")


def test_dimacs_distances_are_truncated_to_one_decimal() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    tenths = dimacs_tenths(inst.x, inst.y)
    # depot (40,50) -> 3 (42,66): sqrt(4 + 256) = 16.1245 -> 16.1; 1 -> depot: sqrt(25 + 324) = 18.681 -> 18.6
    assert tenths[0, 3] == 161
    assert tenths[1, 0] == 186
    assert tenths[2, 3] == 50  # (45,70) -> (42,66): exactly 5.0


def test_vrptw_problem_keeps_windows_capacity_and_truncated_travel_exactly() -> None:
    inst = parse_solomon(TINY_SOLOMON)
    problem, matrices = vrptw_problem(inst)
    drive = matrices["drive"]
    assert len(problem.carers) == 3  # unlimited fleet: one vehicle per customer
    assert {c.capacity for c in problem.carers} == {200}
    v3 = problem.visit_by_id["c3"]
    assert (v3.window_start_min, v3.window_end_min, v3.duration_min, v3.demand) == (650, 1460, 900, 10)
    assert v3.late_penalty_per_min is None  # hard windows
    assert {(s.start_min, s.end_min) for s in problem.shifts} == {(0, 12360)}  # the depot's due time
    # Engine minutes are tenths: the solver sees exactly the DIMACS time 16.1 as 161 minutes.
    base = f"carer:{problem.carers[0].carer_id}"
    assert drive.travel_min(base, client_location_id("c3")) == 161
    assert drive.travel_m(client_location_id("c1"), base) == 186


def test_file_fleet_uses_the_vehicle_number_of_the_file() -> None:
    problem, _ = vrptw_problem(parse_solomon(TINY_SOLOMON), fleet="file")
    assert len(problem.carers) == 25


@needs_shared
def test_c101_is_read_from_the_shared_benchmarks() -> None:
    inst = read_solomon(C101)
    assert (inst.name, inst.vehicles, inst.capacity, inst.customers) == ("C101", 25, 200, 100)
    # Line 11 of the file: customer 1 at (45, 68), demand 10, window 912-967, service 90.
    assert (inst.x[1], inst.y[1], inst.demand[1], inst.ready[1], inst.due[1], inst.service[1]) == (
        45,
        68,
        10,
        912,
        967,
        90,
    )
    problem, _ = vrptw_problem(inst)
    assert len(problem.visits) == 100
    assert problem.visit_by_id["c100"].window_end_min == 726 * TIME_SCALE


def _tiny_mankowska(mind: str = "0 0 0 0", maxd: str = "0 0 0 0") -> str:
    """Two patients; patient 2 needs services 0 and 1 together. Caregiver 0 does service 0 only."""
    return f"""nbNodes
4
nbVehi
2
nbServi
2
r
1 1
1 0
1 1
1 1
DS
3
a
1 0
1 1
x
0 3 0 0
y
0 4 8 0
d
0 5 8 0
5 0 5 5
8 5 0 8
0 5 8 0
p
0 0
0 0
10.0 10.0
10.0 10.0
20.0 20.0
20.0 20.0
0 0
0 0
mind
{mind}
maxd
{maxd}
e
0 0 10 0
l
100 20 12 200
"""


def test_mankowska_text_is_parsed_into_its_sections() -> None:
    inst = parse_mankowska(_tiny_mankowska(), name="tiny")
    assert (inst.nodes, inst.caregivers, inst.services) == (4, 2, 2)
    assert inst.patients == (1, 2)
    assert inst.double_service == (2,)
    assert inst.services_of(2) == (0, 1)
    assert inst.duration[2] == (20.0, 20.0)
    assert inst.is_simultaneous(2)
    assert not inst.can_do(0, 1)


def test_a_double_service_patient_with_one_service_is_rejected() -> None:
    text = _tiny_mankowska().replace("r\n1 1\n1 0\n1 1\n", "r\n1 1\n1 0\n1 0\n")
    with pytest.raises(InputError, match="patient 2 needs 1 services, expected 2"):
        parse_mankowska(text, file="bad.txt")


def test_hhc_problem_has_one_visit_per_service_and_a_dependency_per_double() -> None:
    problem, matrices = hhc_problem(
        parse_mankowska(_tiny_mankowska(mind="0 0 15 0", maxd="0 0 30 0"), name="t")
    )
    assert [v.visit_id for v in problem.visits] == ["p1-s0", "p2-s0", "p2-s1"]
    assert problem.visit_by_id["p2-s1"].skills == ("s1",)
    assert problem.visit_by_id["p2-s1"].late_penalty_per_min == 1.0  # soft window
    assert problem.visit_by_id["p2-s1"].window_end_min == 12 * HHC_SCALE
    dep = problem.dependencies[0]
    assert (dep.first_visit_id, dep.second_visit_id, dep.min_gap_min, dep.max_gap_min) == (
        "p2-s0",
        "p2-s1",
        1500,
        3000,
    )
    assert [c.skills for c in problem.carers] == [("s0",), ("s0", "s1")]
    assert matrices["drive"].travel_min(client_location_id("p1"), client_location_id("p2")) == 5 * HHC_SCALE


@needs_shared
def test_mankowska_a1_sizes() -> None:
    inst = read_mankowska(A1)
    assert len(inst.patients) == 10
    assert inst.caregivers == 3
    assert len(inst.double_service) == 3
    problem, _ = hhc_problem(inst)
    assert len(problem.visits) == 13
    assert len(problem.dependencies) == 3
    # DS lists nodes 11 10 9 (1-based); node 9 (0-based 8) has mind = maxd = 0: simultaneous.
    simultaneous = [d for d in problem.dependencies if d.max_gap_min == 0]
    assert [d.first_visit_id.split("-")[0] for d in simultaneous] == ["p8"]


@needs_shared
def test_every_mankowska_instance_becomes_a_problem() -> None:
    # The longest horizons (75-patient instances and up) reach 5.2 million engine minutes: the domain's
    # limits must hold the benchmark sets, not just the care bundles.
    files = sorted((BENCHMARKS / "hhc" / "mankowska2014").glob("*.txt"))
    assert len(files) == 70
    for path in files:
        problem, _ = hhc_problem(read_mankowska(path))
        assert problem.visits
