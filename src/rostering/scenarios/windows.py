"""Window policies: when a visit may start, and what money and providers are paid (the [rates] section).

- `outcome`: the commissioned windows as the bundle has them (outcome-based commissioning: the visit
  happens within the agreed window, the provider organises the rest).
- `time-and-task`: the booked slot, requested_start +/- `tolerance_min`, never outside the commissioned
  window; lateness is no longer allowed (the same rule as the time-and-task baselines).
- `width`: a window of `width_min` minutes centred on requested_start (within 00:00-24:00), whatever was
  commissioned.

`priorities` limits the change to visits of those priorities (e.g. keep medication calls, priority 1, on
their commissioned windows).
"""

from __future__ import annotations

from ..domain import Provider, Visit
from ..domain.time import MINUTES_PER_DAY
from ..solvers.baselines.silos import fixed_time_visit
from .spec import RatesSpec, WindowsSpec


def apply_windows(visits: tuple[Visit, ...], spec: WindowsSpec) -> tuple[tuple[Visit, ...], str]:
    """The visits with the policy applied, and a sentence saying what changed."""
    if spec.policy == "outcome":
        return visits, f"outcome: the commissioned windows, unchanged ({len(visits)} visits)"
    out = tuple(_changed(v, spec) if v.priority in spec.priorities else v for v in visits)
    wider = [_width(b) - _width(a) for a, b in zip(visits, out, strict=True) if _width(b) > _width(a)]
    narrower = [_width(a) - _width(b) for a, b in zip(visits, out, strict=True) if _width(b) < _width(a)]
    what = (
        f"time-and-task: requested_start +/- {spec.tolerance_min} min within the commissioned window"
        if spec.policy == "time-and-task"
        else f"width: {spec.width_min} min around requested_start"
    )
    scope = (
        "" if set(spec.priorities) == {1, 2, 3} else f" (priorities {', '.join(map(str, spec.priorities))})"
    )
    parts = []
    if wider:
        parts.append(f"widened by {sum(wider) / len(wider):.0f} min on average on {len(wider)} visit(s)")
    if narrower:
        parts.append(
            f"narrowed by {sum(narrower) / len(narrower):.0f} min on average on {len(narrower)} visit(s)"
        )
    kept = len(visits) - len(wider) - len(narrower)
    parts.append(f"{kept} unchanged")
    return out, f"{what}{scope}: " + ", ".join(parts)


def _width(v: Visit) -> int:
    return v.window_end_min - v.window_start_min


def _changed(v: Visit, spec: WindowsSpec) -> Visit:
    if spec.policy == "time-and-task":
        return fixed_time_visit(v, spec.tolerance_min)
    assert spec.width_min is not None
    lo = max(0, v.requested_start_min - spec.width_min // 2)
    hi = min(MINUTES_PER_DAY, lo + spec.width_min)
    lo = max(0, hi - spec.width_min)
    return v.replace(window_start_min=lo, window_end_min=hi)


def apply_rates(providers: tuple[Provider, ...], spec: RatesSpec) -> tuple[tuple[Provider, ...], list[str]]:
    """Providers with the [rates] overrides (rate, mileage, payment model), and a sentence per change."""
    out, said = [], []
    for p in providers:
        update: dict[str, object] = {}
        if p.provider_id in spec.rate_per_hour:
            update["rate_per_hour"] = spec.rate_per_hour[p.provider_id]
        if p.provider_id in spec.mileage_per_km:
            update["mileage_per_km"] = spec.mileage_per_km[p.provider_id]
        if p.provider_id in spec.payment:
            update["payment"] = spec.payment[p.provider_id]
        if update:
            said.append(
                f"{p.provider_id}: "
                + ", ".join(f"{k} {getattr(p, k)} -> {v}" for k, v in update.items() if getattr(p, k) != v)
            )
            p = p.replace(**update)
        out.append(p)
    return tuple(out), said
