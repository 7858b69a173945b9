"""The base every domain model shares: immutable, no unknown fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class DomainModel(BaseModel):
    # No NaN or infinity anywhere: either would poison every comparison and cost downstream.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Copy without carrying over `cached_property` lookups, which would be stale after `update`."""
        copied = super().model_copy(update=update, deep=deep)
        for key in [k for k in copied.__dict__ if k not in type(self).model_fields]:
            del copied.__dict__[key]
        return copied

    def replace(self, **update: Any) -> Self:
        """A validated copy with some fields changed (model_copy does not re-run validators)."""
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self)(**{**fields, **update})
