"""The .ics export, parsed back with the icalendar library and checked field by field."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from tests.analytics.test_planner import rounds_frame
from tracker.io.calendar import exportable_count, round_uid, rounds_to_ics

NOW = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


def schedule():
    return rounds_frame(
        [
            {"application_id": 1, "kind_label": "ML system design", "company": "Dream, Inc.",
             "role_title": "Senior MLE", "duration_minutes": 45, "tier": 1,
             "interviewers": "Priya S.", "at": "2026-03-20T14:00Z",
             "updated_at": "2026-03-01T09:00Z"},
            {"application_id": 2, "kind_label": "Coding (DS&A)", "company": "Practice Co",
             "duration_minutes": 60, "tier": 3, "format": "phone", "status": "cancelled",
             "at": "2026-03-10T09:30Z"},
            {"application_id": 3, "status": "done", "at": "2026-02-10T09:30Z"},  # history: out
            {"application_id": 4, "at": None},  # no date: out
        ]
    )  # fmt: skip


def events(payload: bytes):
    cal = Calendar.from_ical(payload)
    return cal, [c for c in cal.walk() if c.name == "VEVENT"]


def test_each_dated_scheduled_or_cancelled_round_is_one_event_field_by_field():
    cal, found = events(rounds_to_ics(schedule(), now=NOW))
    assert str(cal["version"]) == "2.0"
    assert "Job Search Tracker" in str(cal["prodid"])
    assert [str(e["uid"]) for e in found] == [round_uid(2), round_uid(1)]  # soonest first
    cancelled, dream = found
    assert str(dream["summary"]) == "ML system design: Dream, Inc. (Senior MLE)"
    assert dream.decoded("dtstart") == datetime(2026, 3, 20, 14, 0, tzinfo=UTC)
    assert dream.decoded("dtend") == datetime(2026, 3, 20, 14, 45, tzinfo=UTC)
    assert dream.decoded("dtstamp") == NOW
    assert str(dream["status"]) == "CONFIRMED"
    assert str(dream["location"]) == "Video"
    description = str(dream["description"])
    for line in (
        "Company: Dream, Inc.",
        "Role: Senior MLE",
        "Round: ML system design",
        "Duration: 45 min",
        "Interest: tier 1 (dream)",
        "Interviewers: Priya S.",
    ):
        assert line in description.splitlines()
    assert dream.decoded("last-modified") == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled.decoded("dtend") - cancelled.decoded("dtstart") == (
        datetime(2026, 3, 10, 10, 30) - datetime(2026, 3, 10, 9, 30)
    )
    assert str(cancelled["location"]) == "Phone"
    assert exportable_count(schedule()) == len(found) == 2  # the count the page shows


def test_re_export_keeps_uids_and_a_later_edit_raises_the_sequence():
    first = rounds_to_ics(schedule(), now=NOW)
    edited = schedule()
    edited.loc[0, "updated_at"] = edited.loc[0, "updated_at"] + (
        datetime(2026, 3, 2, tzinfo=UTC) - datetime(2026, 3, 1, tzinfo=UTC)
    )
    second = rounds_to_ics(edited, now=NOW)
    _, before = events(first)
    _, after = events(second)
    assert [str(e["uid"]) for e in before] == [str(e["uid"]) for e in after]
    assert int(after[1]["sequence"]) > int(before[1]["sequence"])
    assert int(after[0]["sequence"]) == int(before[0]["sequence"])


def test_no_rounds_still_gives_a_valid_empty_calendar():
    assert exportable_count(schedule().iloc[0:0]) == 0
    cal, found = events(rounds_to_ics(schedule().iloc[0:0], now=NOW))
    assert found == [] and str(cal["version"]) == "2.0"
