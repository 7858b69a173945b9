"""The bundle's semantic rules beyond single cells and cross-references, each a located Issue.

Errors make a bundle unusable (overlapping shifts, a visit no shift can hold, a client outside the
locality). Warnings flag visits that no roster could cover but do not stop a run: a coordinator may
still add a shift or agency cover before the night's build.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence

from ..domain import Absence, Carer, Client, Locality, Problem, Shift, Visit
from ..domain.quoting import shown
from ..domain.time import format_hhmm, format_local_datetime
from ..errors import Issue
from .csv_rows import error, warning

Lines = dict[str, list[int]]


def row_errors(
    locality: Locality | None,
    carers: Sequence[Carer],
    shifts: Sequence[Shift],
    clients: Sequence[Client],
    visits: Sequence[Visit],
    lines: Lines,
) -> list[Issue]:
    """Errors found on well-formed rows: bounds, shift overlaps, impossible visits, contradictions."""
    out: list[Issue] = []
    if locality is not None:
        out += _outside_bounds(locality, "carers.csv", carers, lines["carers"])
        out += _outside_bounds(locality, "clients.csv", clients, lines["clients"])
    out += _overlapping_shifts(shifts, lines["shifts"])
    out += _visits_longer_than_shifts(shifts, visits, lines["visits"])
    for i, c in enumerate(clients):
        for k in c.preferred_carers:
            if k in c.excluded_carers:
                out.append(
                    error(
                        "clients.csv",
                        lines["clients"][i],
                        "excluded_carers",
                        f"carer {shown(k, 60)} is both preferred and excluded",
                    )
                )
    return out


def _outside_bounds(
    locality: Locality, file: str, items: Sequence[Carer | Client], lines: list[int]
) -> list[Issue]:
    """Each coordinate outside the bounds, located; the coordinates themselves are personal data and are
    not repeated (a home address in a log), only the bounds they should lie in."""
    b = locality.bounds
    out = []
    for i, item in enumerate(items):
        if not b.min_lat <= item.lat <= b.max_lat:
            out.append(
                error(file, lines[i], "lat", f"latitude outside the locality bounds {b.min_lat}..{b.max_lat}")
            )
        if not b.min_lon <= item.lon <= b.max_lon:
            out.append(
                error(
                    file, lines[i], "lon", f"longitude outside the locality bounds {b.min_lon}..{b.max_lon}"
                )
            )
    return out


def emptiness_issues(row_counts: dict[str, int]) -> list[Issue]:
    """What a bundle with no rows in some file lacks: no visits is "nothing to roster" (a warning, the
    roster is empty); visits with no clients, carers or shifts, or carers with no providers, are errors.

    `row_counts` holds the data lines of each file that could be read (a missing optional file: 0).
    """
    count = row_counts.get
    out = []
    if count("visits") == 0:
        out.append(warning("visits.csv", None, None, "no visits: nothing to roster"))
    needs = (
        ("clients", "clients.csv", "visits", "no clients: every visit in visits.csv is to a client"),
        ("carers", "carers.csv", "visits", "no carers: nobody can do the visits in visits.csv"),
        ("carers", "carers.csv", "shifts", "no carers: the shifts in shifts.csv name carers"),
        ("shifts", "shifts.csv", "visits", "no shifts: no carer is available for the visits in visits.csv"),
        ("providers", "providers.csv", "carers", "no providers: every carer needs a provider_id"),
    )
    reported: set[str] = set()
    for empty, file, user, message in needs:
        if count(empty) == 0 and (count(user) or 0) > 0 and file not in reported:
            reported.add(file)
            out.append(error(file, None, None, message))
    return out


def _overlapping_shifts(shifts: Sequence[Shift], lines: list[int]) -> list[Issue]:
    by_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, s in enumerate(shifts):
        by_day[(s.carer_id, s.date)].append(i)
    out = []
    for (carer_id, date), indices in sorted(by_day.items()):
        ordered = sorted(indices, key=lambda i: (shifts[i].start_min, lines[i]))
        for prev, cur in itertools.pairwise(ordered):
            a, b = shifts[prev], shifts[cur]
            if b.start_min < a.end_min:
                out.append(
                    error(
                        "shifts.csv",
                        lines[cur],
                        "start",
                        f"shift {format_hhmm(b.start_min)}-{format_hhmm(b.end_min)} overlaps shift "
                        f"{format_hhmm(a.start_min)}-{format_hhmm(a.end_min)} of carer {shown(carer_id, 60)} "
                        f"on {date} (line {lines[prev]})",
                    )
                )
    return out


def _visits_longer_than_shifts(
    shifts: Sequence[Shift], visits: Sequence[Visit], lines: list[int]
) -> list[Issue]:
    longest_on: dict[dt.date, int] = {}
    for s in shifts:
        longest_on[s.date] = max(longest_on.get(s.date, 0), s.length_min)
    longest = max(longest_on.values(), default=0)
    out = []
    for i, v in enumerate(visits):
        if not shifts:
            continue
        if v.duration_min > longest:
            message = f"visit lasts {v.duration_min} min, longer than any shift (longest {longest} min)"
        elif v.date in longest_on and v.duration_min > longest_on[v.date]:
            message = (
                f"visit lasts {v.duration_min} min, longer than every shift on {v.date} "
                f"(longest {longest_on[v.date]} min)"
            )
        else:
            continue
        out.append(error("visits.csv", lines[i], "duration_min", message))
    return out


def requested_start_warnings(visits: Sequence[Visit], lines: list[int]) -> list[Issue]:
    return [
        warning(
            "visits.csv",
            lines[i],
            "requested_start",
            f"requested_start {format_hhmm(v.requested_start_min)} is outside the window "
            f"{format_hhmm(v.window_start_min)}-{format_hhmm(v.window_end_min)}",
        )
        for i, v in enumerate(visits)
        if not v.window_start_min <= v.requested_start_min <= v.window_end_min
    ]


def feasibility_warnings(problem: Problem, lines: list[int]) -> list[Issue]:
    """Visits no roster could cover with this workforce: run on a valid Problem only."""
    all_skills: list[set[str]] = [set(c.skills) for c in problem.carers]
    on_shift: dict[dt.date, list[Shift]] = defaultdict(list)
    for s in problem.available_shifts:
        on_shift[s.date].append(s)
    out: list[Issue] = []
    for i, v in enumerate(problem.visits):
        needed = set(v.skills)
        if not any(needed <= held for held in all_skills):
            out.append(
                warning(
                    "visits.csv",
                    lines[i],
                    "skills",
                    f"no carer has all the skills {';'.join(v.skills)}",
                )
            )
            continue
        # Eligibility is checked carer by carer along the day's shifts, stopping at two: a council's
        # every-client-by-every-carer table would be millions of entries.
        able = _able_carers(on_shift[v.date], _eligible_for(problem, v), v, enough=2)
        if not able:
            out.append(
                warning(
                    "visits.csv",
                    lines[i],
                    "date",
                    f"no eligible carer has a shift on {v.date} that can hold this visit "
                    f"(window {format_hhmm(v.window_start_min)}-{format_hhmm(v.window_end_min)}, "
                    f"{v.duration_min} min)",
                )
            )
        elif v.carers_required == 2 and len(able) < 2:
            out.append(
                warning(
                    "visits.csv",
                    lines[i],
                    "carers_required",
                    f"double-up, but only one eligible carer ({able[0]}) is on shift for it on {v.date}",
                )
            )
    return out


def _eligible_for(problem: Problem, visit: Visit) -> Callable[[str], bool]:
    return lambda carer_id: problem.is_eligible(problem.carer_by_id[carer_id], visit)


def _able_carers(
    shifts: list[Shift], eligible: Callable[[str], bool], visit: Visit, enough: int
) -> list[str]:
    """Eligible carers with a shift that can hold the visit, stopping once `enough` are found (sorted)."""
    able: set[str] = set()
    for s in shifts:
        if s.carer_id not in able and can_fit(s, visit) and eligible(s.carer_id):
            able.add(s.carer_id)
            if len(able) >= enough:
                break
    return sorted(able)


def can_fit(shift: Shift, visit: Visit) -> bool:
    """Could the visit start inside its window (or late, when lateness is allowed) and end in the shift?"""
    start = max(shift.start_min, visit.window_start_min)
    if visit.late_penalty_per_min is None and start > visit.window_end_min:
        return False
    return start + visit.duration_min <= shift.end_min


def merge_overlapping_absences(
    absences: Sequence[Absence], lines: list[int]
) -> tuple[list[Absence], list[int], list[Issue]]:
    """One absence per run of a carer's overlapping absences, with a warning at each row merged in.

    Returns the absences (each run in place of its earliest row) with their lines, and the warnings.
    The merged absence keeps the reason of the run's first absence.
    """
    by_carer: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(absences):
        by_carer[a.carer_id].append(i)
    kept: dict[int, Absence] = {}
    warnings: list[Issue] = []
    for indices in by_carer.values():
        first = -1
        for i in sorted(indices, key=lambda i: (absences[i].start, lines[i])):
            if first >= 0 and absences[i].start < kept[first].end:
                kept[first] = kept[first].model_copy(update={"end": max(kept[first].end, absences[i].end)})
                warnings.append(_merged_warning(absences[i], lines[i], lines[first]))
            else:
                first, kept[i] = i, absences[i]
    order = sorted(kept, key=lambda i: lines[i])
    return [kept[i] for i in order], [lines[i] for i in order], warnings


def _merged_warning(absence: Absence, line: int, first_line: int) -> Issue:
    return warning(
        "absences.csv",
        line,
        "start",
        f"absence {_when(absence)} of carer {shown(absence.carer_id, 60)} overlaps the absence at line "
        f"{first_line}; "
        "merged into one (with that row's reason)",
    )


def _when(absence: Absence) -> str:
    return f"{format_local_datetime(absence.start)} to {format_local_datetime(absence.end)}"
