"""Rich tables of a roster diff: visits per status, and the carers to phone with their changes."""

from __future__ import annotations

from rich.table import Table

from ..domain.time import format_hhmm
from ..io.diff import VISIT_STATUSES, RosterDiff


def diff_counts_table(diff: RosterDiff, title: str = "Roster changes") -> Table:
    """Visits per status (every status, zeros included), then who must be told."""
    table = Table(title=title)
    table.add_column("visits")
    table.add_column("count", justify="right")
    table.add_column("meaning")
    for status, n in diff.counts().items():
        table.add_row(status, f"{n:,}", VISIT_STATUSES[status])
    carers = {call.carer_id for call in diff.carer_calls()}
    table.add_section()
    table.add_row("carers to call", f"{len(carers):,}", "carers whose visits changed (calls.csv)")
    table.add_row("clients to tell", f"{len(diff.clients_to_tell()):,}", "clients with a changed visit")
    return table


def carer_calls_table(diff: RosterDiff) -> Table:
    """One row per carer to call: their changed visits in time order."""
    table = Table(title="Carers to call")
    table.add_column("carer")
    table.add_column("changes", justify="right")
    table.add_column("visits (+ gained, - lost, ~ moved old->new)")
    by_carer: dict[str, list[str]] = {}
    marks = {"gained": "+", "lost": "-", "moved": "~"}
    for call in diff.carer_calls():
        c = call.change
        plan = c.old if call.kind == "lost" else c.new
        when = format_hhmm(plan.start_min) if plan and plan.start_min is not None else "?"
        if call.kind == "moved" and c.old and c.old.start_min is not None:
            when = f"{format_hhmm(c.old.start_min)}->{when}"
        by_carer.setdefault(call.carer_id, []).append(f"{marks[call.kind]}{c.visit_id} {c.date:%a} {when}")
    for carer_id, items in by_carer.items():
        table.add_row(carer_id, str(len(items)), ", ".join(items))
    return table
