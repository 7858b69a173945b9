"""Care providers: the council's in-house team and the external agencies it commissions."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import DomainModel
from .limits import MAX_GBP_RATE

ProviderKind = Literal["in_house", "external"]
# salaried: paid per hour on shift; time_and_task: paid per contact minute only.
PaymentModel = Literal["salaried", "time_and_task"]


class Provider(DomainModel):
    provider_id: str = Field(min_length=1)
    name: str
    kind: ProviderKind
    payment: PaymentModel
    rate_per_hour: float = Field(
        ge=0, le=MAX_GBP_RATE, description="GBP per paid hour (salaried) or per contact hour"
    )
    # Mileage paid per km driven or cycled (HMRC's 45p a mile is about 0.28 GBP/km).
    mileage_per_km: float = Field(default=0.28, ge=0, le=MAX_GBP_RATE)
    # Uses the care sector's exception to daily rest (Working Time Regulations reg. 21, compensatory rest
    # given instead): the locality's daily rest rule does not apply to this provider's carers.
    compensatory_rest: bool = False
