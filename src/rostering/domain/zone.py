"""Zones: the parts of a locality a commissioner divides it into (an area per provider, a rural east).

A client lives in at most one zone (clients.csv `zone`). A zone may be rural, and may carry a rate uplift:
the extra external providers are paid per contact hour there (rural supplements, as Leicestershire pays in
Melton and Harborough). Zones are defined by analysts' scenarios (`rostering scenario materialise`) or by
hand in zones.csv; the roster reports its KPIs per zone.
"""

from __future__ import annotations

from pydantic import Field

from ._base import DomainModel


class Zone(DomainModel):
    zone_id: str = Field(min_length=1)
    name: str = ""
    rural: bool = False
    # Extra paid on external providers' rates for contact time with this zone's clients (0.15 = +15%).
    rate_uplift: float = Field(default=0.0, ge=0, le=5)
