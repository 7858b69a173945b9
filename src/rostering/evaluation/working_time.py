"""Validator rules across a carer's days: weekly maximum hours, daily rest and consecutive working days.

The rules and their settings are the locality's (`Locality.working_time`, UK Working Time Regulations);
the exemptions are the carer's opt-out (`Carer.opt_out_48h`) and the provider's compensatory rest
(`Provider.compensatory_rest`). Working time is route spans, base to base; weeks are 7-day blocks from the
problem's first date (docs/formats.md, locality.toml). The week planning (solvers/engine/_working_time.py)
reads the same definitions to keep the rules while it rosters.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import Problem, Roster, ShiftRoute, WorkingTime
from ..domain.time import MINUTES_PER_DAY
from ..domain.time import format_hhmm as hhmm
from .violation import Violation

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class WorkedDay:
    """A carer's routes on one date: when the working day starts and ends, and its working minutes."""

    date: dt.date
    start_min: int
    end_min: int
    minutes: int


def worked_days(routes: Iterable[ShiftRoute]) -> dict[str, list[WorkedDay]]:
    """Each carer's working days in date order (a date with at least one well-formed route)."""
    spans: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
    for r in routes:
        if r.end_min >= r.start_min:
            spans[(r.carer_id, r.date)].append((r.start_min, r.end_min))
    out: dict[str, list[WorkedDay]] = defaultdict(list)
    for (carer_id, day), parts in sorted(spans.items()):
        out[carer_id].append(
            WorkedDay(
                date=day,
                start_min=min(s for s, _ in parts),
                end_min=max(e for _, e in parts),
                minutes=sum(e - s for s, e in parts),
            )
        )
    return dict(out)


def week_of(first: dt.date, day: dt.date) -> int:
    """The index of `day`'s 7-day block counted from `first` (block 0 holds `first`)."""
    return (day - first).days // DAYS_PER_WEEK


def check_working_time(problem: Problem, roster: Roster) -> list[Violation]:
    """Weekly maximum, daily rest and consecutive days, for every carer the problem knows."""
    rules = problem.locality.working_time
    if rules is None:
        return []
    days = worked_days(roster.routes)
    first = min([*problem.dates, *(d.date for ds in days.values() for d in ds)], default=None)
    out: list[Violation] = []
    for carer_id, worked in sorted(days.items()):
        carer = problem.carer_by_id.get(carer_id)
        if carer is None:
            continue
        provider = problem.provider_by_id.get(carer.provider_id)
        if not carer.opt_out_48h and first is not None:
            out.extend(_weekly_max(carer_id, worked, first, rules))
        if rules.daily_rest_min > 0 and not (provider is not None and provider.compensatory_rest):
            out.extend(_daily_rest(carer_id, worked, rules))
        out.extend(_consecutive_days(carer_id, worked, rules))
    return out


def _weekly_max(
    carer_id: str, worked: list[WorkedDay], first: dt.date, rules: WorkingTime
) -> list[Violation]:
    minutes: dict[int, int] = defaultdict(int)
    last_day: dict[int, dt.date] = {}
    for d in worked:
        week = week_of(first, d.date)
        minutes[week] += d.minutes
        last_day[week] = d.date
    return [
        Violation(
            "over_weekly_max",
            f"works {total} min in the week from {first + dt.timedelta(days=DAYS_PER_WEEK * week)}, "
            f"limit {rules.weekly_max_min} ({rules.weekly_max_hours:g} h; no opt-out)",
            None,
            carer_id,
            last_day[week],
        )
        for week, total in sorted(minutes.items())
        if total > rules.weekly_max_min
    ]


def _daily_rest(carer_id: str, worked: list[WorkedDay], rules: WorkingTime) -> list[Violation]:
    out: list[Violation] = []
    for before, after in itertools.pairwise(worked):
        rest = (after.date - before.date).days * MINUTES_PER_DAY + after.start_min - before.end_min
        if rest < rules.daily_rest_min:
            out.append(
                Violation(
                    "short_daily_rest",
                    f"rests {rest} min between {before.date} {hhmm(before.end_min % MINUTES_PER_DAY)} and "
                    f"{hhmm(after.start_min % MINUTES_PER_DAY)}, needs {rules.daily_rest_min}",
                    None,
                    carer_id,
                    after.date,
                )
            )
    return out


def _consecutive_days(carer_id: str, worked: list[WorkedDay], rules: WorkingTime) -> list[Violation]:
    out: list[Violation] = []
    run: list[dt.date] = []
    for d in [*worked, None]:
        if d is not None and run and (d.date - run[-1]).days == 1:
            run.append(d.date)
            continue
        if len(run) > rules.max_consecutive_days:
            out.append(
                Violation(
                    "too_many_consecutive_days",
                    f"works {len(run)} days in a row ({run[0]}..{run[-1]}), "
                    f"at most {rules.max_consecutive_days}",
                    None,
                    carer_id,
                    run[rules.max_consecutive_days],
                )
            )
        run = [d.date] if d is not None else []
    return out
