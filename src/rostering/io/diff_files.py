"""The files of `rostering diff`: a roster folder read as visit plans, and diff.csv, calls.csv, diff.md.

Rosters are read from roster.json (the schedule, as `check` and `--baseline` read it); the client of each
assigned visit comes from roster.csv's contract columns, since roster.json does not carry it. The three
outputs are written together into one folder, atomically (other files there are kept).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..atomic import atomic_directory
from ..domain import Roster
from ..domain.time import format_hhmm, iso_datetime
from ..errors import InputError, Issue, Position
from .csv_rows import render_csv
from .diff import CarerCall, RosterDiff, VisitChange, VisitPlan, visit_plans
from .roster_files import ROSTER_CSV, read_roster_dir

DIFF_CSV = "diff.csv"
CALLS_CSV = "calls.csv"
DIFF_MD = "diff.md"
DIFF_COLUMNS = (
    "visit_id",
    "client_id",
    "date",
    "status",
    "old_carer_ids",
    "new_carer_ids",
    "old_start",
    "new_start",
    "moved_min",
    "unassigned_reason",
)
CALLS_COLUMNS = ("carer_id", "date", "visit_id", "client_id", "change", "old_start", "new_start", "moved_min")
CALL_WORDS = {"gained": "now does", "lost": "no longer does", "moved": "moved"}


def read_roster_plans(roster_dir: Path) -> tuple[Roster, dict[str, VisitPlan]]:
    """The roster in `roster_dir` and its visits; located InputErrors for a missing or malformed folder."""
    roster = read_roster_dir(roster_dir)
    return roster, visit_plans(roster, _clients_of(Path(roster_dir) / ROSTER_CSV))


def _clients_of(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise InputError([Issue(Position(str(path)), "missing: the diff needs its client_id column")])
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("visit_id", "client_id") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                [Issue(Position(str(path), 1, c), f"missing required column {c!r}") for c in missing]
            )
        return {row["visit_id"]: row["client_id"] for row in reader}


def write_diff_dir(out_dir: Path, diff: RosterDiff) -> None:
    """Write diff.csv, calls.csv and diff.md into `out_dir`, all together or not at all."""
    texts = {DIFF_CSV: diff_csv_text(diff), CALLS_CSV: calls_csv_text(diff), DIFF_MD: diff_markdown(diff)}
    with atomic_directory(Path(out_dir)) as staging:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")


def _start(plan: VisitPlan | None) -> str:
    return "" if plan is None or plan.start_min is None else iso_datetime(plan.date, plan.start_min)


def diff_csv_text(diff: RosterDiff) -> str:
    """One row per visit of either roster, unchanged ones included, by date, start and visit."""
    rows = []
    for c in diff.changes:
        rows.append(
            [
                c.visit_id,
                c.client_id,
                c.date.isoformat(),
                c.status,
                ";".join(c.old.carer_ids) if c.old else "",
                ";".join(c.new.carer_ids) if c.new else "",
                _start(c.old),
                _start(c.new),
                "" if c.moved_min is None else str(c.moved_min),
                c.new.reason if c.new and not c.new.covered else "",
            ]
        )
    return render_csv(list(DIFF_COLUMNS), rows)


def calls_csv_text(diff: RosterDiff) -> str:
    """The carers' phone list: one row per carer per changed visit of theirs."""
    rows = [
        [
            call.carer_id,
            call.change.date.isoformat(),
            call.change.visit_id,
            call.change.client_id,
            call.kind,
            _start(call.change.old) if call.kind != "gained" else "",
            _start(call.change.new) if call.kind != "lost" else "",
            str(call.change.moved_min) if call.kind == "moved" else "",
        ]
        for call in diff.carer_calls()
    ]
    return render_csv(list(CALLS_COLUMNS), rows)


def diff_markdown(diff: RosterDiff) -> str:
    """A readable summary: counts, then each carer's calls, then each client to tell."""
    lines = ["# Roster changes", "", "| visits | count |", "|---|---:|"]
    lines += [f"| {status} | {n} |" for status, n in diff.counts().items()]
    calls = diff.carer_calls()
    carers = sorted({call.carer_id for call in calls})
    lines += ["", f"## Carers to call ({len(carers)})", ""]
    for carer_id in carers:
        lines.append(f"- **{carer_id}**")
        lines += [f"  - {_call_line(call)}" for call in calls if call.carer_id == carer_id]
    if not carers:
        lines.append("Nobody: no carer's visits changed.")
    clients = diff.clients_to_tell()
    lines += ["", f"## Clients to tell ({len(clients)})", ""]
    for client_id, changes in clients.items():
        lines.append(f"- **{client_id}**")
        lines += [f"  - {_client_line(c)}" for c in changes]
    if not clients:
        lines.append("Nobody: no client's visits changed.")
    return "\n".join(lines) + "\n"


def _at(plan: VisitPlan | None) -> str:
    if plan is None:
        return "-"
    if plan.start_min is None:
        return "unassigned"
    return f"{'+'.join(plan.carer_ids)} at {format_hhmm(plan.start_min)}"


def _time(plan: VisitPlan | None) -> str:
    return "-" if plan is None or plan.start_min is None else format_hhmm(plan.start_min)


def _call_line(call: CarerCall) -> str:
    c = call.change
    head = f"{c.date} visit {c.visit_id} (client {c.client_id}): {CALL_WORDS[call.kind]}"
    if call.kind == "gained":
        return f"{head} it at {_time(c.new)}"
    if call.kind == "lost":
        now = "cancelled" if c.new is None else f"now {_at(c.new)}"
        return f"{head} it (was {_time(c.old)}; {now})"
    return f"{head} {_time(c.old)} -> {_time(c.new)}"


def _client_line(c: VisitChange) -> str:
    head = f"{c.date} visit {c.visit_id}: "
    if c.status == "added":
        return head + f"new visit, {_at(c.new)}"
    if c.status == "cancelled":
        return head + f"cancelled (was {_at(c.old)})"
    reason = f" ({c.new.reason})" if c.new and not c.new.covered and c.new.reason else ""
    return head + f"{c.status.replace('_', ' ')}: {_at(c.old)} -> {_at(c.new)}{reason}"
