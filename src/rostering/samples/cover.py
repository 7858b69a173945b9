"""Make every visit coverable by its own provider, the way a coordinator would before go-live.

Random skills and genders can leave a visit with no eligible carer of the commissioned provider on
shift (or only one for a double-up). The generator then does what a service would: trains a carer who
is on shift and whom the client accepts in the missing skill, and only when nobody of the preferred
gender is on shift at all, records that the family agreed to relax the gender preference. Both steps
only widen eligibility, so one pass in visit order is enough; the counts are stated in the README.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..domain import Carer, Client, Shift, Visit
from ..io.bundle_checks import can_fit


@dataclass(frozen=True)
class CoverChanges:
    trained: tuple[tuple[str, str], ...]  # (carer_id, skill)
    relaxed: tuple[str, ...]  # client ids whose gender preference was relaxed


def ensure_cover(
    carers: list[Carer],
    clients: list[Client],
    shifts: tuple[Shift, ...],
    visits: tuple[Visit, ...],
    vocabulary: tuple[str, ...],
) -> tuple[list[Carer], list[Client], CoverChanges]:
    carer = {c.carer_id: c for c in carers}
    client = {c.client_id: c for c in clients}
    on_shift: dict[dt.date, list[Shift]] = defaultdict(list)
    for s in shifts:
        on_shift[s.date].append(s)
    trained: list[tuple[str, str]] = []
    relaxed: list[str] = []
    for v in visits:
        cl = client[v.client_id]
        fits = sorted(
            {
                s.carer_id
                for s in on_shift[v.date]
                if carer[s.carer_id].provider_id == cl.provider_id
                and s.carer_id not in cl.excluded_carers
                and can_fit(s, v)
            }
        )
        able = [k for k in fits if _accepts(cl, carer[k]) and set(v.skills) <= set(carer[k].skills)]
        if len(able) >= v.carers_required:
            continue
        candidates = [k for k in fits if k not in able and _accepts(cl, carer[k])]
        if len(able) + len(candidates) < v.carers_required and cl.gender_preference != "any":
            cl = client[cl.client_id] = cl.replace(gender_preference="any")
            relaxed.append(cl.client_id)
            candidates = [k for k in fits if k not in able]
        for k in candidates[: v.carers_required - len(able)]:
            missing = [s for s in v.skills if s not in carer[k].skills]
            held = set(carer[k].skills) | set(missing)
            carer[k] = carer[k].replace(skills=tuple(s for s in vocabulary if s in held))
            trained += [(k, s) for s in missing]
    return (
        [carer[c.carer_id] for c in carers],
        [client[c.client_id] for c in clients],
        CoverChanges(tuple(trained), tuple(relaxed)),
    )


def _accepts(client: Client, carer: Carer) -> bool:
    return client.gender_preference == "any" or carer.gender == client.gender_preference
