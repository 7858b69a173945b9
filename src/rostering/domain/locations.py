"""Points on the map the travel matrices join: clients' homes and carers' bases, with their location ids.

(`errors.Position` is the other kind of place: a position in an input file.)
"""

from __future__ import annotations

from ._base import DomainModel


class MapPoint(DomainModel):
    """A client's home or a carer's base: the matrices index travel by `location_id`."""

    location_id: str
    lat: float
    lon: float


def client_location_id(client_id: str) -> str:
    return f"client:{client_id}"


def carer_location_id(carer_id: str) -> str:
    return f"carer:{carer_id}"
