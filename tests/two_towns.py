"""Two towns 15 km apart on one east-west line, a client between them and a carer living between them.

Built from tests/care_day.py's builders (latitude 56.0; `line_matrices` distances). Town A (west, lon
-2.85..-2.835) has carers KA1 and KA2; town B (east, lon -2.60..-2.585) has KB1..KB3, of whom only KB3
may do PEG feeds; the border client X and the border carer KX live at lon -2.72. A1's PEG feed (priority
1) has no able carer in town A, so a split by town leaves it unmet unless a carer crosses the border.
"""

from __future__ import annotations

from rostering.domain import Problem, Visit
from rostering.solvers.params import SolveParams
from tests.care_day import carer, client, problem, shift, visit

WEST = (-2.85, -2.845, -2.84, -2.835)
EAST = (-2.60, -2.595, -2.59, -2.585)
BORDER = -2.72
PEG_VISIT = "VA1-peg"
BORDER_VISIT = "VX-am"


def two_towns() -> Problem:
    clients = [client(f"A{i + 1}", lon) for i, lon in enumerate(WEST)]
    clients += [client(f"B{i + 1}", lon) for i, lon in enumerate(EAST)]
    clients.append(client("X", BORDER))
    visits: list[Visit] = []
    for c in clients[:-1]:
        visits.append(visit(f"V{c.client_id}-am", c.client_id, "08:00", "10:00"))
        visits.append(visit(f"V{c.client_id}-lunch", c.client_id, "12:00", "13:00"))
    visits.append(visit(BORDER_VISIT, "X", "09:00", "11:00"))
    visits.append(visit(PEG_VISIT, "A1", "10:00", "11:30", skills=("peg_feeding",), priority=1))
    carers = [carer("KA1", -2.84), carer("KA2", -2.84)]
    carers += [carer("KB1", -2.60), carer("KB2", -2.60), carer("KB3", -2.60, skills=("peg_feeding",))]
    carers.append(carer("KX", BORDER))
    return problem(carers, [shift(k.carer_id) for k in carers], clients, visits)


def town_of(p: Problem) -> dict[str, str]:
    """The split by hand: west of the border client is town A, the rest town B."""
    places = {c.client_id: c.lon for c in p.clients} | {k.carer_id: k.lon for k in p.carers}
    return {i: "A" if lon < BORDER - 0.01 else "B" for i, lon in places.items()}


def two_part_params(**repair: int) -> SolveParams:
    """Parts of about ten visits (so the towns split in two), border carers within 8 km."""
    settings = {"part_visits_per_day": 10, "border_km": 8.0, "repair_carers": 2, **repair}
    return SolveParams.model_validate({"decompose": settings})
