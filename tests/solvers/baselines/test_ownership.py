"""Who holds a package when clients.csv leaves provider_id empty: each rule on a hand-checkable day."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.domain import HistoryRecord
from rostering.errors import InputError
from rostering.solvers.baselines.ownership import infer_ownership
from rostering.solvers.baselines.params import BaselineParams
from rostering.solvers.baselines.silos import commissioned_provider, silo_problems
from tests.conftest import DAY
from tests.siloed_day import bundle, carer, client, visit

# A1 (in-house A) lives at -2.70, B1 (agency B) at -2.60.
CARERS = [carer("A1", "A", -2.70), carer("B1", "B", -2.60)]


def seen(client_id: str, carer_id: str, days_ago: int) -> HistoryRecord:
    return HistoryRecord(client_id=client_id, carer_id=carer_id, date=DAY - dt.timedelta(days=days_ago))


def test_a_provider_in_clients_csv_is_kept_and_nothing_is_inferred() -> None:
    problem = bundle(CARERS, [client("C1", "B", -2.70)], [visit("V1", "C1", "09:00")])
    ownership = infer_ownership(problem)
    assert ownership.provider_by_client == {"C1": "B"}
    assert ownership.summary() is None


def test_history_gives_the_provider_whose_carers_visited_most() -> None:
    # C1 lives next to A1, but B1 visited twice and A1 once: B holds the package.
    history = (seen("C1", "B1", 3), seen("C1", "B1", 2), seen("C1", "A1", 1))
    problem = bundle(CARERS, [client("C1", None, -2.70)], [visit("V1", "C1", "09:00")], history=history)
    ownership = infer_ownership(problem)
    assert (ownership.provider_by_client["C1"], ownership.rule_by_client["C1"]) == ("B", "history")


def test_a_history_tie_goes_to_the_provider_seen_most_recently() -> None:
    history = (seen("C1", "A1", 5), seen("C1", "B1", 1))
    problem = bundle(CARERS, [client("C1", None, -2.70)], [visit("V1", "C1", "09:00")], history=history)
    assert infer_ownership(problem).provider_by_client["C1"] == "B"


def test_without_history_the_preferred_carers_decide() -> None:
    c1 = client("C1", None, -2.70, preferred_carers=("B1",))
    problem = bundle(CARERS, [c1], [visit("V1", "C1", "09:00")])
    ownership = infer_ownership(problem)
    assert (ownership.provider_by_client["C1"], ownership.rule_by_client["C1"]) == ("B", "preferred_carers")


def test_otherwise_the_nearest_carer_base_decides_and_the_summary_counts_each_rule() -> None:
    # C1 at -2.69 is 0.01 from A1 and 0.09 from B1; C2 at -2.61 is nearest B1; C3 was visited by A1.
    clients = [client("C1", None, -2.69), client("C2", None, -2.61), client("C3", None, -2.61)]
    visits = [visit(f"V{i}", f"C{i}", "09:00") for i in (1, 2, 3)]
    problem = bundle(CARERS, clients, visits, history=(seen("C3", "A1", 1),))
    ownership = infer_ownership(problem)
    assert ownership.provider_by_client == {"C1": "A", "C2": "B", "C3": "A"}
    assert ownership.rule_by_client == {"C1": "nearest_carer", "C2": "nearest_carer", "C3": "history"}
    assert ownership.summary() == (
        "3 client(s) have no provider_id in clients.csv; their packages were given "
        "1 by history (A 1); 2 by nearest_carer (A 1, B 1)"
    )


def test_unowned_clients_provider_overrides_the_inference() -> None:
    problem = bundle(CARERS, [client("C1", None, -2.61)], [visit("V1", "C1", "09:00")])
    ownership = infer_ownership(problem, "A")
    assert (ownership.provider_by_client["C1"], ownership.rule_by_client["C1"]) == (
        "A",
        "unowned_clients_provider",
    )
    with pytest.raises(InputError, match="unknown provider 'Z'"):
        infer_ownership(problem, "Z")


def test_a_provider_policy_moves_the_package_to_a_provider_it_allows() -> None:
    # C1's package is with A, but the policy lets only B visit: the baselines give it to B.
    c1 = client("C1", "A", -2.70, allowed_providers=("B",))
    problem = bundle(CARERS, [c1], [visit("V1", "C1", "09:00")])
    assert commissioned_provider(problem, BaselineParams()) == {"C1": "B"}
    silos = silo_problems(problem, BaselineParams())
    assert [c.client_id for c in silos["B"].clients] == ["C1"]
    assert silos["B"].clients[0].allowed_providers == ("B",)
    assert silos["A"].clients == ()
