"""Overview analytics on the hand-computed campaign (today = Tuesday 31 March 2026)."""

import math
from datetime import date

import pandas as pd
import pytest

from tests.analytics.builders import (
    TODAY,
    apps_frame,
    campaign,
    empty_frames,
    events_frame,
    rounds_frame,
)
from tracker.analytics.overview import (
    follow_ups_due,
    ghosting_candidates,
    key_figures,
    last_activity,
    offer_deadlines,
    reflections_due,
    upcoming_rounds,
    week_bounds,
)
from tracker.analytics.pipeline import application_facts


@pytest.fixture
def data():
    return campaign()


def figures(data, today=TODAY):
    facts = application_facts(data["applications"], data["events"], data["rounds"])
    result = key_figures(facts, data["applications"], data["events"], data["rounds"], today)
    return {f.key: f for f in result}


def test_key_figures_and_deltas(data):
    got = figures(data)
    # open now: 3 (reopened) and 4; on 1 March also 6 (withdrew on 5 March); 2 closed 1 March
    assert (got["open"].value, got["open"].previous, got["open"].delta) == (2, 3, -1)
    # week of 30 Mar - 5 Apr: the coding round of 2 Apr; week of 23 Feb - 1 Mar: none
    assert (got["interviews_week"].value, got["interviews_week"].previous) == (1, 0)
    assert (got["offers"].value, got["offers"].previous) == (1, 1)  # offer on 20 Feb
    # responses now: 1, 2, 3 of 5; by 1 March: 1 and 2 of 5 (6 applied on 1 March)
    assert got["response_rate"].value == pytest.approx(0.6)
    assert got["response_rate"].previous == pytest.approx(0.4)
    assert got["response_rate"].delta == pytest.approx(0.2)
    assert (got["median_days"].value, got["median_days"].previous) == (7, 6)  # [5,7,49] / [5,7]
    assert got["median_days"].higher_is_better is False


def test_key_figures_on_no_data():
    got = figures(empty_frames())
    assert got["open"].value == 0 and got["offers"].value == 0
    assert math.isnan(got["response_rate"].value)  # 0 / 0
    assert math.isnan(got["median_days"].value)


def test_open_as_of_follows_closing_and_reopening(data):
    got = figures(data, today=date(2026, 3, 27))  # compared with 25 Feb
    # 27 Mar: 3 (reopened 1 Mar) and 4 are open; 6 withdrew on 5 Mar
    assert got["open"].value == 2
    # 25 Feb: 3 was closed as ghosted on 20 Feb, not reopened yet; 2 (accepted 1 Mar) and 4
    # were open; 6 was not applied yet
    assert got["open"].previous == 2


def test_upcoming_rounds(data):
    now = pd.Timestamp("2026-03-31T08:00Z")
    upcoming = upcoming_rounds(data["rounds"], now)
    assert list(upcoming["application_id"]) == [3]
    assert upcoming_rounds(data["rounds"], now, days=1).empty


def test_reflections_due(data):
    due = reflections_due(data["feedback"], data["rounds"], TODAY)
    assert list(due["round_id"]) == [1]  # 2 is reflected, 6 is due tomorrow, 3 has no date
    assert due.loc[0, "kind_label"] == "Recruiter screen"


def test_follow_ups_due(data):
    due = follow_ups_due(data["applications"], TODAY)
    assert list(due["id"]) == [4]  # 1 is closed, 3 is due 10 April
    assert due.loc[0, "days_overdue"] == 11


def test_offer_deadlines(data):
    deadlines = offer_deadlines(data["offers"], TODAY)
    assert list(deadlines["application_id"]) == [6, 3]  # passed first; accepted and far out not
    assert list(deadlines["days_left"]) == [-6, 5]


def test_ghosting_candidates(data):
    ghosts = ghosting_candidates(
        data["applications"], data["events"], data["rounds"], TODAY, ghosting_days=14
    )
    # 3 has a round booked on 2 Apr: not silent; 2 closed; 5 wishlist
    assert list(ghosts["id"]) == [4]
    assert ghosts.loc[0, "days_silent"] == 58  # 1 Feb -> 31 Mar
    assert ghosting_candidates(
        data["applications"], data["events"], data["rounds"], TODAY, ghosting_days=59
    ).empty


def test_a_round_counts_as_activity_and_offers_are_not_ghosted():
    apps = apps_frame(
        {"id": 1, "applied_on": "2026-01-01", "stage": "technical"},
        {"id": 2, "applied_on": "2026-01-01", "stage": "offer"},
    )
    events = events_frame(
        (1, "stage", "applied", "2026-01-01"),
        (1, "stage", "technical", "2026-01-10"),
        (2, "stage", "applied", "2026-01-01"),
        (2, "stage", "offer", "2026-01-10"),
    )
    rounds = rounds_frame(
        {"application_id": 1, "kind": "coding", "scheduled_at": "2026-03-25T10:00Z"}
    )
    latest = last_activity(apps, events, rounds)
    assert list(latest) == [pd.Timestamp("2026-03-25"), pd.Timestamp("2026-01-10")]
    assert ghosting_candidates(apps, events, rounds, TODAY, 14).empty


def test_no_data_attention_lists_are_empty():
    empty = empty_frames()
    assert reflections_due(empty["feedback"], empty["rounds"], TODAY).empty
    assert follow_ups_due(empty["applications"], TODAY).empty
    assert offer_deadlines(empty["offers"], TODAY).empty
    assert ghosting_candidates(
        empty["applications"], empty["events"], empty["rounds"], TODAY, 14
    ).empty
    assert upcoming_rounds(empty["rounds"], pd.Timestamp.now(tz="UTC")).empty


def test_week_bounds():
    assert week_bounds(TODAY) == (date(2026, 3, 30), date(2026, 4, 5))
