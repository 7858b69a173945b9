"""One .ics per carer: parses with icalendar, events equal the roster, UIDs stable, clock changes exact.

Golden bytes of the calendars are compared in tests/io/test_export.py with the rest of the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from rostering.domain import Problem, Roster
from rostering.io.ical import carer_calendars, carer_file_names, read_sequences, vtimezone
from rostering.io.ical_events import visit_uid
from rostering.io.roster_csv import roster_csv_text
from tests.conftest import DAY
from tests.golden.tiny_rosters import (
    checked_problem,
    long_day_problem,
    long_day_roster,
    valid_roster,
    with_visit_at,
)

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(data: bytes) -> list[icalendar.Component]:
    return list(parse(data).walk("VEVENT"))


def by_uid(data: bytes) -> dict[str, icalendar.Component]:
    return {str(e["uid"]): e for e in events(data)}


def seq(e: icalendar.Component) -> int:
    return int(e.decoded("sequence"))


def start_end(e: icalendar.Component) -> tuple[dt.datetime, dt.datetime]:
    return e.decoded("dtstart"), e.decoded("dtend")


def on_date(problem: Problem, roster: Roster, day: dt.date) -> tuple[Problem, Roster]:
    """The same problem and roster moved to `day`."""
    moved = problem.replace(
        visits=tuple(v.model_copy(update={"date": day}) for v in problem.visits),
        shifts=tuple(s.model_copy(update={"date": day}) for s in problem.shifts),
    )
    return moved, roster.model_copy(
        update={
            name: tuple(x.model_copy(update={"date": day}) for x in getattr(roster, name))
            for name in ("assignments", "breaks", "routes", "unassigned")
        }
    )


def test_every_calendar_parses_and_its_events_equal_the_carers_roster_rows() -> None:
    problem, roster = long_day_problem(), long_day_roster(with_break=True)
    calendars = carer_calendars(problem, roster)
    assert sorted(calendars) == ["K1.ics", "K2.ics", "K3.ics"]
    rows = list(csv.DictReader(io.StringIO(roster_csv_text(problem, roster))))
    for carer in ("K1", "K2", "K3"):
        got = events(calendars[f"{carer}.ics"])
        breaks = [b for b in roster.breaks if b.carer_id == carer]
        mine = [r for r in rows if r["carer_id"] == carer]
        assert len(got) == len(mine) + len(breaks)
        visits = sorted(
            (start_end(e) for e in got if "Care visit" in e.to_ical().decode()), key=lambda t: t[0]
        )
        expected = sorted(
            (
                dt.datetime.fromisoformat(r["start_with_offset"]),
                dt.datetime.fromisoformat(r["end_with_offset"]),
            )
            for r in mine
        )
        assert visits == expected
        for e in got:
            assert e["dtstart"].params["TZID"] == "Europe/London"
            assert e["dtend"].params["TZID"] == "Europe/London"
            assert e.decoded("dtstart").tzinfo == LONDON
    # K1's break 600-630 (10:00-10:30 GMT) is an event of its own.
    k1 = events(calendars["K1.ics"])
    assert [start_end(e) for e in k1 if str(e["summary"]).startswith("Break")] == [
        (dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON), dt.datetime(2026, 11, 24, 10, 30, tzinfo=LONDON))
    ]


def test_a_visit_says_what_a_carer_needs_to_know() -> None:
    k1 = by_uid(carer_calendars(checked_problem(), valid_roster())["K1.ics"])
    v3 = k1["visit-V3+K1@tiny"]
    # V3: client C3, moving and handling, 45 min, double-up with K2; C3 lives at 56.0, -2.725.
    assert str(v3["summary"]) == "Visit C3: moving and handling, 45 min, double-up with K2"
    text = str(v3["description"])
    for line in ("Client: C3", "Visit: V3", "Needs: moving and handling", "Double-up with: K2"):
        assert line in text
    assert "Travel before: 2 min, 620 m by car" in text
    assert v3.decoded("geo") == (56.0, -2.725)
    assert str(v3["location"]) == "56.0,-2.725"
    assert (str(v3["status"]), str(v3["class"]), seq(v3)) == ("CONFIRMED", "PRIVATE", 0)


def test_the_vtimezone_is_present_and_names_the_events_tzid() -> None:
    cal = parse(carer_calendars(checked_problem(), valid_roster())["K2.ics"])
    zones = cal.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
    assert str(cal["x-wr-timezone"]) == "Europe/London"


@pytest.mark.parametrize(
    "key", ["Europe/London", "Europe/Helsinki", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
)
def test_vtimezone_onsets_are_local_times_before_the_change(key: str) -> None:
    """RFC 5545 3.6.5: DTSTART - TZOFFSETFROM is the UTC instant of each change zoneinfo knows."""
    zone = ZoneInfo(key)
    tz = vtimezone(zone, dt.date(2026, 6, 1), dt.date(2027, 6, 1))
    observances = tz.walk("STANDARD") + tz.walk("DAYLIGHT")
    onsets = sorted(
        (o.decoded("dtstart") - o.decoded("tzoffsetfrom")).replace(tzinfo=UTC)
        for o in observances
        if o.decoded("tzoffsetfrom") != o.decoded("tzoffsetto")
    )
    expected = []
    t = dt.datetime(2026, 1, 1, tzinfo=UTC)
    while t < dt.datetime(2028, 1, 1, tzinfo=UTC):
        nxt = t + dt.timedelta(minutes=15)
        if t.astimezone(zone).utcoffset() != nxt.astimezone(zone).utcoffset():
            expected.append(nxt)
        t = nxt
    assert onsets == expected
    for o in observances:  # each observance's offset is zoneinfo's just after its onset
        at = (o.decoded("dtstart") - o.decoded("tzoffsetfrom")).replace(tzinfo=UTC)
        assert at.astimezone(zone).utcoffset() == o.decoded("tzoffsetto")


def test_the_night_the_clocks_go_back() -> None:
    """V1 at 01:30-02:00 wall clock on 25 Oct 2026: starts 01:30 BST, ends 30 minutes later at 01:00 GMT.

    01:30 with a TZID means the first 01:30 (BST), as RFC 5545 says; the end falls in the repeated hour's
    second pass, which a TZID cannot name, so it is written in UTC.
    """
    night = dt.date(2026, 10, 25)
    problem, roster = on_date(checked_problem(), valid_roster(), night)
    roster = with_visit_at(roster, "V1", 90, 120)
    data = carer_calendars(problem, roster)["K1.ics"]
    text = data.decode()
    assert "DTSTART;TZID=Europe/London:20261025T013000\r\n" in text
    assert "DTEND:20261025T010000Z\r\n" in text
    v1 = by_uid(data)["visit-V1+K1@tiny"]
    start, end = start_end(v1)
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    )
    # The VTIMEZONE says so too: BST -> GMT at 02:00 local BST on that date.
    assert "DTSTART:20261025T020000\r\nTZNAME:GMT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000" in text
    # A visit after the change is an ordinary GMT time.
    v4 = by_uid(data)["visit-V4+K1@tiny"]
    assert start_end(v4)[0].utcoffset() == dt.timedelta(0)


def test_the_night_the_clocks_go_forward_moves_a_missing_time_an_hour_on() -> None:
    problem, roster = on_date(checked_problem(), valid_roster(), dt.date(2026, 3, 29))
    roster = with_visit_at(roster, "V1", 90, 120)
    v1 = by_uid(carer_calendars(problem, roster)["K1.ics"])["visit-V1+K1@tiny"]
    start, end = start_end(v1)
    assert (start, end) == (
        dt.datetime(2026, 3, 29, 2, 30, tzinfo=LONDON),
        dt.datetime(2026, 3, 29, 3, 0, tzinfo=LONDON),
    )


def test_uids_are_stable_across_nights_and_unique_per_carer() -> None:
    problem = checked_problem()
    today = carer_calendars(problem, valid_roster())
    # Tomorrow's rebuild moves V5 by ten minutes: the same UID, so a calendar updates the event.
    roster = valid_roster()
    later = with_visit_at(roster, "V5", 670, 685)
    tomorrow = carer_calendars(problem, later)
    assert set(by_uid(today["K1.ics"])) == set(by_uid(tomorrow["K1.ics"]))
    all_uids = [uid for data in today.values() for uid in by_uid(data)]
    assert len(all_uids) == len(set(all_uids)) == len(roster.assignments)
    # The double-up is one event in each carer's calendar, each with its own UID.
    assert "visit-V3+K1@tiny" in by_uid(today["K1.ics"]) and "visit-V3+K2@tiny" in by_uid(today["K2.ics"])


def test_bytes_are_identical_for_identical_inputs_and_dtstamp_comes_from_the_roster() -> None:
    first = carer_calendars(checked_problem(), valid_roster())
    again = carer_calendars(checked_problem(), valid_roster())
    assert first == again
    assert all(e.decoded("dtstamp") == dt.datetime(2026, 11, 24, tzinfo=UTC) for e in events(first["K1.ics"]))
    stamped = carer_calendars(
        checked_problem(), valid_roster(), dtstamp=dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    )
    assert b"DTSTAMP:20261123T180000Z" in stamped["K1.ics"]


def changed_roster() -> Roster:
    """valid_roster after a re-plan: V5 ten minutes later (changed), V2 moved from K3 to... nobody else
    can walk it, so V2 is dropped from K3's day and left unassigned (cancelled in K3's calendar)."""
    roster = valid_roster()
    return roster.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"start_min": 670, "end_min": 685}) if a.visit_id == "V5" else a
                for a in roster.assignments
                if a.visit_id != "V2"
            ),
            "routes": tuple(r for r in roster.routes if r.carer_id != "K3"),
        }
    )


def test_a_baseline_counts_changes_up_and_cancels_dropped_visits() -> None:
    problem = checked_problem()
    calendars = carer_calendars(problem, changed_roster(), baseline=valid_roster())
    k1, k3 = by_uid(calendars["K1.ics"]), by_uid(calendars["K3.ics"])
    assert seq(k1["visit-V5+K1@tiny"]) == 1  # moved: a higher SEQUENCE
    assert seq(k1["visit-V1+K1@tiny"]) == 0  # unchanged
    v2 = k3["visit-V2+K3@tiny"]
    assert (str(v2["status"]), seq(v2)) == ("CANCELLED", 1)
    assert start_end(v2)[0] == dt.datetime(2026, 11, 24, 8, 30, tzinfo=LONDON)  # as it was published


def test_sequences_of_the_previous_export_keep_counting(tmp_path: Path) -> None:
    problem = checked_problem()
    published = carer_calendars(problem, changed_roster(), baseline=valid_roster())
    (tmp_path / "ics").mkdir()
    for name, data in published.items():
        (tmp_path / "ics" / name).write_bytes(data)
    sequences = read_sequences(tmp_path)
    assert sequences["visit-V5+K1@tiny"] == 1
    # Next re-plan: V5 moves again (SEQUENCE 2); V2 comes back to K3 after its cancellation (SEQUENCE 2).
    roster = valid_roster()
    again = with_visit_at(roster, "V5", 680, 695)
    calendars = carer_calendars(problem, again, baseline=changed_roster(), sequences=sequences)
    assert seq(by_uid(calendars["K1.ics"])["visit-V5+K1@tiny"]) == 2
    v2 = by_uid(calendars["K3.ics"])["visit-V2+K3@tiny"]
    assert (str(v2["status"]), seq(v2)) == ("CONFIRMED", 2)


def test_a_baseline_of_another_date_cancels_nothing() -> None:
    problem = checked_problem()
    _, yesterday = on_date(checked_problem(), valid_roster(), DAY - dt.timedelta(days=1))
    calendars = carer_calendars(problem, valid_roster(), baseline=yesterday)
    assert calendars == carer_calendars(problem, valid_roster())


def test_a_carer_with_nothing_gets_an_empty_calendar_that_parses() -> None:
    roster = valid_roster()
    idle = roster.model_copy(
        update={
            "assignments": tuple(a for a in roster.assignments if a.carer_id != "K3"),
            "routes": tuple(r for r in roster.routes if r.carer_id != "K3"),
        }
    )
    data = carer_calendars(checked_problem(), idle)["K3.ics"]
    assert events(data) == []
    assert str(parse(data)["x-wr-calname"]) == "Visits: K3 (tiny)"


def test_file_names_are_safe_and_do_not_clash_on_case_insensitive_disks() -> None:
    names = carer_file_names(["K1", "a/b c", "Ann", "ann"])
    assert names["K1"] == "K1.ics"
    assert names["a/b c"] == "a%2Fb%20c.ics"
    assert names["Ann"] != names["ann"]
    assert len({n.lower() for n in names.values()}) == 4
    assert all("/" not in n for n in names.values())


def test_uids_of_different_visit_carer_pairs_never_coincide() -> None:
    pairs = [("A-B", "C"), ("A", "B-C"), ("A+B", "C"), ("A", "B+C"), ("A@x", "C"), ("A", "C@x")]
    uids = {visit_uid("tiny", v, k) for v, k in pairs}
    assert len(uids) == len(pairs)
    assert all(u.count("@") == 1 and u.count("+") == 1 for u in uids)
