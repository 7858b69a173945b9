"""Located issues read file:line:column."""

from __future__ import annotations

from rostering.errors import Issue, Position, issue_lines


def test_issue_reads_file_line_column() -> None:
    assert str(Issue(Position("visits.csv", 14, "window_end"), "bad")) == "visits.csv:14:window_end: bad"
    warning = Issue(Position("visits.csv", 3, "skills"), "no carer has it", severity="warning")
    assert str(warning) == "visits.csv:3:skills: warning: no carer has it"


def test_an_issue_never_prints_a_control_character() -> None:
    # Input echoed in a message must not recolour a terminal or split a log line.
    issue = Issue(Position("providers.csv", 2, "name"), "bad name Ev\x1b[31mil\u2028x")
    assert str(issue) == "providers.csv:2:name: bad name Ev\\x1b[31mil\\u2028x"
    assert str(issue).isprintable()


def test_issue_lines_cap_each_file_and_count_the_rest() -> None:
    issues = [Issue(Position("visits.csv", n), "bad") for n in range(2, 62)]
    issues += [Issue(Position("carers.csv", 2), "odd", severity="warning")] * 3
    lines = issue_lines(issues, {"visits.csv": 5}, limit=50)
    assert lines[50] == "... and 15 more problems in visits.csv"
    assert lines[51:] == ["carers.csv:2: warning: odd"] * 3
    assert issue_lines(issues[-3:], limit=1)[-1] == "... and 2 more warnings in carers.csv"
