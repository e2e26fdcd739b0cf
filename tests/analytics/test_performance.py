"""Interview performance analytics on the hand-computed campaign and small edge cases."""

import math

import pandas as pd
import pytest

from tests.analytics.builders import campaign, empty_frames, rounds_frame
from tracker import charts
from tracker.analytics.performance import (
    calibration,
    career_lens,
    lens_reading,
    pass_rate_trend,
    pass_rates,
    search_midpoint,
    self_rating_vs_outcome,
    trend_table,
)
from tracker.analytics.pipeline import application_facts


@pytest.fixture
def rounds():
    return campaign()["rounds"]


def test_pass_rates_leave_pending_and_unknown_out(rounds):
    rates = pass_rates(rounds).set_index("kind")
    assert list(rates.index) == ["hiring_manager", "coding", "ml_system_design", "recruiter_screen"]
    assert rates.loc["hiring_manager", ["passed", "failed", "decided"]].tolist() == [1, 1, 2]
    assert rates.loc["hiring_manager", "pass_rate"] == 0.5
    # recruiter screen: one passed, one unknown -> 1 of 1; coding: one passed, one pending
    assert rates.loc["recruiter_screen", ["decided", "undecided", "pass_rate"]].tolist() == [
        1,
        1,
        1,
    ]
    assert rates.loc["coding", "undecided"] == 1


def test_pass_rate_division_by_zero_when_nothing_decided():
    pending = rounds_frame(
        {"application_id": 1, "kind": "statistics", "scheduled_at": "2026-01-01T10:00Z"}
    )
    rates = pass_rates(pending)
    assert rates.loc[0, "decided"] == 0
    assert math.isnan(rates.loc[0, "pass_rate"])
    assert pass_rate_trend(pending).empty
    assert search_midpoint(pending) is None
    assert self_rating_vs_outcome(pending).empty
    assert calibration(pending).empty


def test_no_rounds():
    empty = empty_frames()["rounds"]
    assert pass_rates(empty).empty
    assert pass_rate_trend(empty).empty
    assert trend_table(pass_rate_trend(empty)).empty


def test_trend_first_vs_second_half(rounds):
    # decided rounds on 12, 15, 20, 25 Jan and 10 Feb: middle of 12 Jan - 10 Feb is 26 Jan
    assert search_midpoint(rounds) == pd.Timestamp("2026-01-26")
    trend = pass_rate_trend(rounds).set_index(["kind", "half"])
    assert trend.loc[("hiring_manager", "First half"), "pass_rate"] == 0.5
    assert trend.loc[("hiring_manager", "Second half"), "decided"] == 0
    assert math.isnan(trend.loc[("hiring_manager", "Second half"), "pass_rate"])
    assert trend.loc[("ml_system_design", "Second half"), "pass_rate"] == 1
    assert len(trend) == 8  # 4 kinds x 2 halves
    table = trend_table(pass_rate_trend(rounds)).set_index("kind_label")
    assert table.loc["Hiring manager", ["first_n", "second_n"]].tolist() == [2, 0]
    assert math.isnan(table.loc["Hiring manager", "change"])


def test_trend_change_in_points():
    rounds = rounds_frame(
        *(
            {"application_id": app, "kind": "coding", "scheduled_at": when, "outcome": outcome}
            for app, when, outcome in [
                (1, "2026-01-01T10:00Z", "failed"),
                (1, "2026-01-02T10:00Z", "passed"),
                (2, "2026-03-01T10:00Z", "passed"),
                (3, "2026-03-02T10:00Z", "passed"),
            ]
        )
    )
    table = trend_table(pass_rate_trend(rounds))
    assert table.loc[0, ["first_rate", "second_rate"]].tolist() == [0.5, 1.0]
    assert table.loc[0, "change"] == pytest.approx(0.5)


def test_self_rating_vs_outcome(rounds):
    grid = self_rating_vs_outcome(rounds).set_index(["kind", "self_rating"])
    assert grid.loc[("hiring_manager", 4), ["passed", "failed"]].tolist() == [0, 1]
    assert grid.loc[("hiring_manager", 5), "pass_rate"] == 1
    assert len(grid) == 5  # unrated / undecided rounds are left out


def test_calibration(rounds):
    calib = calibration(rounds).set_index("kind_label")
    assert list(calib.index[:2]) == ["Hiring manager", "ML system design"]  # misjudged first
    hm = calib.loc["Hiring manager"]
    assert (hm["rated"], hm["mean_passed"], hm["mean_failed"]) == (2, 5, 4)
    assert (hm["overconfident"], hm["underconfident"]) == (1, 0)  # rated 4, failed
    assert calib.loc["ML system design", "underconfident"] == 1  # rated 2, passed
    assert math.isnan(calib.loc["Coding (DS&A)", "mean_failed"])


def test_career_lens_counts_outcomes_per_company_type():
    data = campaign()
    facts = application_facts(data["applications"], data["events"], data["rounds"])
    lens = career_lens(facts, "company_type").set_index("group")
    assert list(lens.index) == ["startup", "public", "big_tech"]
    assert lens.loc["startup", ["n", "rejected", "open", "offer"]].tolist() == [3, 1, 2, 0]
    assert lens.loc["startup", "rejected_share"] == pytest.approx(1 / 3)
    assert lens.loc["public", "offer_share"] == 1
    assert lens["too_few"].all()
    by_level = career_lens(facts, "level")
    assert list(by_level["group_label"]) == ["Senior", "Staff", "Not set"]
    assert "Not enough to compare" in lens_reading({"company type": lens.reset_index()})


def _facts(rows):
    """Minimal facts: (company_type, level, outcome) per application."""
    return pd.DataFrame(rows, columns=["company_type", "level", "outcome"])


def test_lens_reading_names_the_widest_gap():
    facts = _facts(
        [("startup", "senior", "rejected")] * 5
        + [("startup", "senior", "open")]
        + [("public", "senior", "offer")] * 2
        + [("public", "staff", "rejected")]
        + [("public", "staff", "open")] * 3
        + [("other", "mid", "offer")]  # too few to judge: ignored
    )
    lenses = {
        "company type": career_lens(facts, "company_type"),
        "level targeted": career_lens(facts, "level"),
    }
    reading = lens_reading(lenses)
    # rejections: startup 5/6 = 83 % vs public 1/6 = 17 % (gap 67 pts) beats offers 33 pts
    assert reading == (
        "Rejected: 83 % of Startup applications (5 of 6) vs 17 % of Public company "
        "applications (1 of 6): the strongest difference, by company type."
    )


def test_career_lens_no_data():
    empty = empty_frames()
    facts = application_facts(empty["applications"], empty["events"], empty["rounds"])
    assert career_lens(facts, "company_type").empty
    assert "Not enough" in lens_reading({"company type": career_lens(facts, "company_type")})


def test_performance_view_holds_the_page_tables_and_frozen_figures():
    data = campaign()
    rounds, apps, events = data["rounds"], data["applications"], data["events"]
    view = charts.performance_view(rounds, apps, events)
    rates = pass_rates(rounds)
    pd.testing.assert_frame_equal(view["rates"], rates)
    assert view["decided"] == int(rates["decided"].sum())
    assert view["middle"] == search_midpoint(rounds)
    pd.testing.assert_frame_equal(view["changes"], trend_table(pass_rate_trend(rounds)))
    facts = application_facts(apps, events, rounds)
    lens = career_lens(facts, "company_type")
    pd.testing.assert_frame_equal(view["lenses"]["company type"], lens)
    assert view["reading"] == lens_reading(view["lenses"])
    assert view["figures"]["rates"] == charts.pass_rate_chart(rates).to_dict()
    assert set(view["figures"]["lenses"]) == {"company type", "level targeted"}
    held = charts.performance_view(rounds, apps, events, facts)  # the facts a page holds
    assert held["figures"] == view["figures"] and held["reading"] == view["reading"]


def test_performance_view_without_rounds_or_applications():
    frames = empty_frames()
    view = charts.performance_view(frames["rounds"], frames["applications"], frames["events"])
    assert view["decided"] == 0 and not view["has_facts"]
    assert view["figures"] == {}
