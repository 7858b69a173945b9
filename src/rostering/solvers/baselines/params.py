"""Parameters of the time-and-task baselines, loadable from TOML (configs/baselines.toml).

An empty TOML file means the defaults. Both baselines read the same object, so the hand-rostered and the
optimised silos are held to the same fixed times.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ...params_toml import load_params_toml


class BaselineParams(BaseModel):
    """How today's time-and-task practice is modelled.

    Attributes
    ----------
    tolerance_min
        A visit starts within this many minutes of its requested_start (the booked slot), and never outside
        the commissioned window. Coordinators and agencies usually work to about a quarter of an hour.
    unowned_clients_provider
        The provider that holds the package of every client with no `provider_id`. None means each such
        package is inferred (ownership.py: history.csv, preferred carers, nearest carer base), and the
        commands running a baseline say how many clients each rule gave to each provider.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tolerance_min: int = Field(default=15, ge=0, le=240)
    unowned_clients_provider: str | None = Field(default=None, min_length=1)

    @classmethod
    def from_toml(cls, path: Path) -> BaselineParams:
        """Read parameters from a TOML file; raise InputError naming the file on any problem."""
        return load_params_toml(cls, path, "baseline parameters")
