"""Location ids shared by the travel matrices and the solvers: clients and carer bases."""

from __future__ import annotations

from ._base import DomainModel


class Location(DomainModel):
    location_id: str
    lat: float
    lon: float


def client_location_id(client_id: str) -> str:
    return f"client:{client_id}"


def carer_location_id(carer_id: str) -> str:
    return f"carer:{carer_id}"
