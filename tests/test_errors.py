"""Located issues read file:line:column."""

from __future__ import annotations

from rostering.errors import Issue, Position


def test_issue_reads_file_line_column() -> None:
    assert str(Issue(Position("visits.csv", 14, "window_end"), "bad")) == "visits.csv:14:window_end: bad"
    warning = Issue(Position("visits.csv", 3, "skills"), "no carer has it", severity="warning")
    assert str(warning) == "visits.csv:3:skills: warning: no carer has it"
