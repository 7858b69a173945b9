"""The per-carer and per-client parts of kpis.json: workload against contract, care against commission.

They are lists in kpis.json (`by_carer`, `by_client`) and are left out of the flat KPI rows, which hold
one value per roster for side-by-side tables.
"""

from __future__ import annotations

from ._kpi_field import FrozenKpis
from ._kpi_field import kpi_field as _kpi


class CarerKpis(FrozenKpis):
    carer_id: str = _kpi("Carer", "", "carer_id")
    provider_id: str = _kpi("Provider", "", "the carer's provider_id")
    contracted_min: float | None = _kpi(
        "Contracted", "min", "contracted_hours_week x 60 x the roster's span in weeks; null without one"
    )
    contact_min: int = _kpi("Contact", "min", "minutes with clients")
    working_min: int = _kpi("Working", "min", "route minutes, base to base")
    travel_min: int = _kpi("Travel", "min", "travel minutes from the matrices, legs home included")
    days_worked: int = _kpi("Days worked", "days", "dates with at least one route")
    contract_share: float | None = _kpi("Contact / contract", "share", "contact_min / contracted_min")
    utilisation: float | None = _kpi("Utilisation", "share", "contact_min / working_min")
    travel_share: float | None = _kpi("Travel share", "share", "travel_min / working_min")
    overtime_min: float = _kpi(
        "Overtime over contract", "min", "working minutes over contracted_hours_week in complete weeks"
    )


class ClientKpis(FrozenKpis):
    client_id: str = _kpi("Client", "", "client_id")
    planned_hours: float = _kpi("Planned", "h", "summed duration of the client's visits in scope")
    delivered_hours: float = _kpi("Delivered", "h", "summed duration of the client's assigned visits")
    commissioned_hours: float | None = _kpi(
        "Commissioned", "h", "commissioned_hours_week x the roster's span in weeks; null without one"
    )
    delivered_share: float | None = _kpi(
        "Delivered / commissioned", "share", "delivered / commissioned hours"
    )
    distinct_carers: int = _kpi("Distinct carers", "carers", "carers who visit the client over the dates")
    time_spread_max_min: int | None = _kpi(
        "Largest time spread", "min", "the largest spread of the client's recurring visits; null if none"
    )
