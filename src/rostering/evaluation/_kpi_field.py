"""The field helper every KPI model uses: a title, a unit and a definition on each field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def kpi_field(title: str, unit: str, definition: str, **kw: Any) -> Any:
    """A pydantic Field carrying the KPI's title, unit and definition (tables and docs read them)."""
    return Field(title=title, description=definition, json_schema_extra={"unit": unit}, **kw)


class FrozenKpis(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
