"""What the working-time rules leave each carer on a block's dates, given the days already rostered.

The week is rostered block by block (_week.py). Before a block, the routes of earlier blocks say how
long each carer has worked this week, when they finished last and how many days in a row they have
worked; the locality's rules (`Locality.working_time`, judged by evaluation/working_time.py) then give:

- a day off when working it would make a run of more than `max_consecutive_days` dates in a row;
- the earliest start: the end of their last working day plus `daily_rest_hours` (unless their provider
  uses compensatory rest);
- the most working minutes: what the weekly maximum leaves (unless they opted out), shared equally among
  the block's dates in the same week, and never above `max_minutes_per_day`.

Blocks go in order of their first date, so an earlier block may already hold a later date: a dependency
linking day 1 and day 3 rosters both before day 2. Each rule therefore counts the working days on both
sides of a date: day 2 is off when days 1 and 3 make the run too long with it, its minutes are what the
week leaves after days 1 and 3, and it ends early enough to rest before day 3 starts (the latest end).

A block of several dates (visits linked by a dependency across midnight) is held to the rules as if the
carer worked every earlier date of the block on which they have a shift, to the end of that shift: a
little capacity is given up so that the roster keeps the rules whatever the search does inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...domain import Carer, Problem
from ...domain.time import MINUTES_PER_DAY
from ...evaluation.working_time import WorkedDay, week_of


@dataclass(frozen=True)
class DayLimits:
    """Per (carer_id, date): a day off, the earliest start and the latest end (minutes after midnight),
    the most minutes."""

    off: frozenset[tuple[str, dt.date]] = frozenset()
    earliest: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)
    minutes: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)
    # Only before a later working day already rostered (a block out of date order; module docstring).
    latest: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)


def day_limits(
    problem: Problem, dates: Sequence[dt.date], worked: Mapping[str, Sequence[WorkedDay]]
) -> DayLimits:
    """The limits of every carer with a shift on `dates` (see the module docstring)."""
    rules = problem.locality.working_time
    if rules is None or not problem.dates:
        return DayLimits()
    first = problem.dates[0]
    off: set[tuple[str, dt.date]] = set()
    earliest: dict[tuple[str, dt.date], int] = {}
    latest: dict[tuple[str, dt.date], int] = {}
    minutes: dict[tuple[str, dt.date], int] = {}
    for carer in problem.carers:
        on = [d for d in dates if problem.shifts_by_carer_date.get((carer.carer_id, d))]
        if not on:
            continue
        before = {w.date: w for w in worked.get(carer.carer_id, ())}
        exempt_rest = problem.provider_by_id[carer.provider_id].compensatory_rest
        for d in on:
            key = (carer.carer_id, d)
            # Earlier dates of this block count as worked to the end of their shifts (module docstring).
            assumed = {
                e: _whole_shifts(problem, carer, e) for e in on if e < d and (carer.carer_id, e) not in off
            }
            days = {**before, **assumed}
            if _run_through(d, days) > rules.max_consecutive_days:
                off.add(key)
                continue
            if rules.daily_rest_min > 0 and not exempt_rest:
                last = max((w for w in days.values() if w.date < d), key=lambda w: w.date, default=None)
                if last is not None:
                    start = last.end_min + rules.daily_rest_min - (d - last.date).days * MINUTES_PER_DAY
                    if start > 0:
                        earliest[key] = start
                after = min((w for w in days.values() if w.date > d), key=lambda w: w.date, default=None)
                if after is not None:
                    end = after.start_min - rules.daily_rest_min + (after.date - d).days * MINUTES_PER_DAY
                    if end < MINUTES_PER_DAY:
                        latest[key] = end
            if not carer.opt_out_48h:
                week = week_of(first, d)
                # Every other working day of the week: earlier ones, and later ones already rostered.
                used = sum(w.minutes for w in days.values() if w.date != d and week_of(first, w.date) == week)
                sharing = sum(1 for e in on if e >= d and week_of(first, e) == week)
                left = (rules.weekly_max_min - used) // sharing
                if left <= 0:
                    off.add(key)
                    continue
                minutes[key] = left
            if carer.max_minutes_per_day is not None:
                minutes[key] = min(minutes.get(key, carer.max_minutes_per_day), carer.max_minutes_per_day)
    return DayLimits(frozenset(off), earliest, minutes, latest)


def _whole_shifts(problem: Problem, carer: Carer, day: dt.date) -> WorkedDay:
    shifts = problem.shifts_by_carer_date[(carer.carer_id, day)]
    return WorkedDay(
        date=day,
        start_min=min(s.start_min for s in shifts),
        end_min=max(s.end_min for s in shifts),
        minutes=sum(s.length_min for s in shifts),
    )


def _run_through(day: dt.date, worked: Mapping[dt.date, WorkedDay]) -> int:
    """How many dates in a row would be working days with `day` one of them: `day`, the working days
    just before it and those just after it."""
    before = 1
    while day - dt.timedelta(days=before) in worked:
        before += 1
    after = 1
    while day + dt.timedelta(days=after) in worked:
        after += 1
    return before + after - 1


@dataclass(frozen=True)
class DayTargets:
    """Per (carer_id, date): the minutes of the weekly contract the other rostered days of the week leave
    unworked (overtime beyond them), and how far the carer's share of their contract worked on those days
    runs ahead of the mean share of their provider's contracted carers (0 for a carer at or behind it)."""

    contract_left: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)
    ahead: Mapping[tuple[str, dt.date], float] = field(default_factory=dict)


def day_targets(
    problem: Problem, dates: Sequence[dt.date], worked: Mapping[str, Sequence[WorkedDay]]
) -> DayTargets:
    """Contract minutes left and the lead over the provider's mean share, for carers with a contract."""
    if not problem.dates:
        return DayTargets()
    first = problem.dates[0]
    week = week_of(first, dates[0])
    share: dict[str, float] = {}
    used: dict[str, int] = {}
    for carer in problem.carers:
        if carer.contracted_hours_week:
            used[carer.carer_id] = sum(
                w.minutes
                for w in worked.get(carer.carer_id, ())
                if w.date not in dates and week_of(first, w.date) == week
            )
            share[carer.carer_id] = used[carer.carer_id] / (carer.contracted_hours_week * 60)
    by_provider: dict[str, list[float]] = {}
    for carer in problem.carers:
        if carer.carer_id in share:
            by_provider.setdefault(carer.provider_id, []).append(share[carer.carer_id])
    mean = {p: sum(v) / len(v) for p, v in by_provider.items()}
    contract_left: dict[tuple[str, dt.date], int] = {}
    ahead: dict[tuple[str, dt.date], float] = {}
    for carer in problem.carers:
        k = carer.carer_id
        if k not in share or carer.contracted_hours_week is None:
            continue
        for d in dates:
            contract_left[(k, d)] = round(carer.contracted_hours_week * 60) - used[k]
            lead = share[k] - mean[carer.provider_id]
            if lead > 0:
                ahead[(k, d)] = lead
    return DayTargets(contract_left, ahead)
