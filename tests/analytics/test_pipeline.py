"""Pipeline analytics against the hand-computed campaign of ``builders.campaign``.

Every expected number below was worked out by hand from the six applications described in
``campaign()``'s docstring (not by running the code).
"""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.analytics.builders import (
    APP_COLUMNS,
    EVENT_COLUMNS,
    ROUND_COLUMNS,
    apps_frame,
    campaign,
    empty_frames,
    events_frame,
    rounds_frame,
)
from tracker import charts, db
from tracker.analytics.pipeline import (
    FUNNEL_STAGES,
    application_facts,
    chosen_frames,
    filter_applications,
    filter_bounds,
    funnel,
    funnel_split,
    node_label,
    of_applications,
    outcome_flows,
    ratio,
    response_summary,
    split_table,
    time_in_stage,
    weekly_activity,
)
from tracker.services import frames


@pytest.fixture
def data():
    return campaign()


@pytest.fixture
def facts(data):
    return application_facts(data["applications"], data["events"], data["rounds"])


def test_builders_match_frames(db_url):
    with db.session_scope(db_url) as s:
        assert list(frames.applications_frame(s).columns) == APP_COLUMNS
        assert list(frames.stage_events_frame(s).columns) == EVENT_COLUMNS
        assert list(frames.rounds_frame(s).columns) == ROUND_COLUMNS


def test_facts_furthest_stage_outcome_and_response(facts):
    by_id = facts.set_index("application_id")
    assert list(by_id.index) == [1, 2, 3, 4, 6]  # the wishlist item (5) is not applied
    assert by_id["furthest_stage"].to_dict() == {
        1: "hiring_manager",  # rejected after the HM round still counts at HM
        2: "offer",
        3: "recruiter_screen",  # reopened after a ghosting, then reached the screen
        4: "applied",
        6: "applied",
    }
    assert by_id["outcome"].to_dict() == {
        1: "rejected",
        2: "offer",
        3: "open",  # reopened: open again
        4: "open",
        6: "withdrew",  # withdrawing is not a response
    }
    assert by_id.loc[1, "days_to_response"] == 7  # 05 Jan -> screen 12 Jan
    assert by_id.loc[2, "days_to_response"] == 5  # 10 Jan -> HM 15 Jan (skipped the screen)
    assert by_id.loc[3, "days_to_response"] == 49  # 20 Jan -> screen 10 Mar (ghosting: none)
    assert by_id[["response_on"]].loc[[4, 6]].isna().all().all()
    assert by_id.loc[2, "offer_on"] == pd.Timestamp("2026-02-20")


def test_funnel_counts_reached_and_conversions(facts):
    result = funnel(facts)
    assert list(result["stage"]) == FUNNEL_STAGES
    assert list(result["reached"]) == [5, 3, 2, 1, 1, 1]
    assert math.isnan(result.loc[0, "from_previous"])
    assert list(result["from_previous"][1:]) == pytest.approx([3 / 5, 2 / 3, 1 / 2, 1, 1])
    assert list(result["from_applied"]) == pytest.approx([1, 0.6, 0.4, 0.2, 0.2, 0.2])


def test_referral_that_skipped_the_screen_counts_as_past_it():
    apps = apps_frame(
        {"id": 1, "source": "referral", "applied_on": "2026-01-01", "stage": "technical"}
    )
    events = events_frame(
        (1, "stage", "applied", "2026-01-01"),
        (1, "stage", "hiring_manager", "2026-01-05"),
        (1, "stage", "technical", "2026-01-10"),
    )
    result = funnel(application_facts(apps, events, rounds_frame()))
    assert list(result["reached"]) == [1, 1, 1, 1, 0, 0]


def test_one_application_without_history_uses_its_current_stage():
    apps = apps_frame({"id": 7, "applied_on": "2026-02-01", "stage": "recruiter_screen"})
    facts = application_facts(apps, events_frame(), rounds_frame())
    result = funnel(facts)
    assert list(result["reached"]) == [1, 1, 0, 0, 0, 0]
    assert result.loc[2, "from_previous"] == 0  # 0 of 1
    assert math.isnan(result.loc[3, "from_previous"])  # 0 of 0: no division by zero
    assert facts.loc[0, "outcome"] == "open"


def test_offer_close_reason_counts_as_reaching_the_offer():
    apps = apps_frame(
        {"id": 1, "applied_on": "2026-01-01", "stage": "final", "closed_on": "2026-02-01",
         "close_reason": "offer_declined"}
    )  # fmt: skip
    facts = application_facts(apps, events_frame(), rounds_frame())
    assert facts.loc[0, "outcome"] == "offer"
    assert facts.loc[0, "offer_on"] == pd.Timestamp("2026-02-01")


def test_no_data_gives_empty_results():
    empty = empty_frames()
    facts = application_facts(empty["applications"], empty["events"], empty["rounds"])
    assert facts.empty
    result = funnel(facts)
    assert list(result["reached"]) == [0] * 6
    assert result["from_applied"].isna().all()
    assert funnel_split(facts, "tier").empty
    assert split_table(funnel_split(facts, "tier")).empty
    assert outcome_flows(facts).empty
    assert time_in_stage(empty["events"]).empty
    assert weekly_activity(facts, empty["rounds"]).empty
    summary = response_summary(facts)
    assert summary["applied"] == 0 and summary["responded"] == 0
    assert math.isnan(summary["response_rate"]) and math.isnan(summary["median_days"])


def test_split_by_source(facts):
    split = funnel_split(facts, "source")
    cold = split.loc[split["group"] == "cold_application"].set_index("stage")
    assert cold["n"].iloc[0] == 3
    assert list(cold["reached"]) == [3, 2, 1, 0, 0, 0]
    assert cold.loc["hiring_manager", "from_previous"] == pytest.approx(1 / 2)
    assert math.isnan(cold.loc["final", "from_previous"])  # 0 / 0
    assert cold["too_few"].all()  # 3 < MIN_GROUP
    referral = split.loc[split["group"] == "referral"]
    assert list(referral["reached"]) == [1, 1, 1, 1, 1, 1]
    assert list(split["group"].unique()) == ["referral", "recruiter_inbound", "cold_application"]


def test_split_by_level_puts_missing_level_last(facts):
    table = split_table(funnel_split(facts, "level"))
    assert list(table["group"]) == ["Senior", "Staff", "Not set"]
    assert list(table["n"]) == [3, 1, 1]
    assert table.loc[0, "Recruiter screen"] == pytest.approx(2 / 3)


def test_split_by_tier_labels(facts):
    table = split_table(funnel_split(facts, "tier"))
    assert list(table["group"]) == ["Tier 1 · dream", "Tier 2 · good", "Tier 3 · practice"]
    assert list(table["n"]) == [1, 2, 2]


def test_outcome_flows(facts):
    flows = outcome_flows(facts)
    links = {(s, t): v for s, t, v in flows.itertuples(index=False)}
    assert links == {
        ("stage:applied", "stage:recruiter_screen"): 3,
        ("stage:applied", "outcome:open"): 1,
        ("stage:applied", "outcome:withdrew"): 1,
        ("stage:recruiter_screen", "stage:hiring_manager"): 2,
        ("stage:recruiter_screen", "outcome:open"): 1,
        ("stage:hiring_manager", "stage:technical"): 1,
        ("stage:hiring_manager", "outcome:rejected"): 1,
        ("stage:technical", "stage:final"): 1,
        ("stage:final", "stage:offer"): 1,
    }
    # flows are conserved: what enters a stage leaves it
    into = flows.groupby("target")["value"].sum()
    out = flows.groupby("source")["value"].sum()
    for stage in ["recruiter_screen", "hiring_manager", "technical"]:
        assert into[f"stage:{stage}"] == out[f"stage:{stage}"]
    assert node_label("outcome:open") == "Still open"
    assert node_label("stage:final") == "Final / onsite"


def test_time_in_stage(data):
    stays = time_in_stage(data["events"])
    per_stage = stays.groupby("stage")["days"].apply(sorted).to_dict()
    assert per_stage == {
        "applied": [4, 5, 7, 9, 31],  # 3: 31 days until ghosted, then 9 after reopening
        "recruiter_screen": [8],  # 3 is still at the screen: not counted
        "hiring_manager": [5, 10],
        "technical": [16],
        "final": [10],
    }


def test_response_summary(facts):
    summary = response_summary(facts)
    assert summary == {"applied": 5, "responded": 3, "response_rate": 0.6, "median_days": 7.0}


def test_response_from_a_round_booked_before_the_stage_moved():
    apps = apps_frame({"id": 1, "applied_on": "2026-01-01"})
    rounds = rounds_frame(
        {"application_id": 1, "kind": "recruiter_screen", "status": "scheduled",
         "scheduled_at": "2026-01-20T10:00Z", "created_at": "2026-01-08T10:00Z"}
    )  # fmt: skip
    facts = application_facts(apps, events_frame((1, "stage", "applied", "2026-01-01")), rounds)
    assert facts.loc[0, "days_to_response"] == 7  # booked on the 8th


def test_weekly_activity(facts, data):
    weekly = weekly_activity(facts, data["rounds"]).set_index("week")
    assert weekly.index[0] == pd.Timestamp("2026-01-05")  # a Monday
    assert weekly.index[-1] == pd.Timestamp("2026-03-09")  # last done round, 10 Mar
    assert (weekly.index.day_of_week == 0).all()
    assert len(weekly) == 10  # every week of the span, empty ones included
    assert weekly.loc["2026-01-05", "applications"] == 2  # 5 and 10 Jan
    assert weekly.loc["2026-01-19", "rounds"] == 2  # 20 Jan and Sunday 25 Jan
    assert weekly.loc["2026-02-16", "applications"] == 0
    assert weekly["applications"].sum() == 5
    assert weekly["rounds"].sum() == 6  # the scheduled round is not done


def test_filters(data):
    apps = data["applications"]
    assert list(filter_applications(apps)["id"]) == [1, 2, 3, 4, 5, 6]
    in_jan = filter_applications(apps, start=pd.Timestamp("2026-01-01").date(),
                                 end=pd.Timestamp("2026-01-31").date())  # fmt: skip
    assert list(in_jan["id"]) == [1, 2, 3]
    assert list(filter_applications(apps, tiers=[3])["id"]) == [1, 4]
    assert list(filter_applications(apps, tracks=["data_scientist"])["id"]) == []
    assert list(filter_applications(apps, include_closed=False)["id"]) == [3, 4, 5]
    rounds = of_applications(data["rounds"], filter_applications(apps, tiers=[1]))
    assert set(rounds["application_id"]) == {2}


def test_ratio_division_by_zero():
    assert math.isnan(ratio(1, 0))
    assert ratio(1, 4) == 0.25
    assert list(ratio([1, 0], [2, 0])[:1]) == [0.5]


def test_facts_of_a_subset_equal_the_subset_of_facts(data, facts):
    """The Pipeline page filters the cached facts instead of recomputing them."""
    chosen = filter_applications(data["applications"], tiers=[3])
    recomputed = application_facts(
        chosen, of_applications(data["events"], chosen), of_applications(data["rounds"], chosen)
    )
    subset = facts.loc[facts["application_id"].isin(chosen["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(recomputed, subset)


def test_filter_bounds(data):
    apps = data["applications"]
    bounds = filter_bounds(apps)
    applied = apps["applied_on"].dropna()
    assert bounds["first"] == applied.min().date()
    assert bounds["last"] == applied.max().date()
    assert bounds["tracks"] == set(apps["track"].dropna())
    assert filter_bounds(apps.iloc[:0])["first"] is None


def test_chosen_frames_equal_filtering_the_facts_of_all(data, facts):
    tier_one = data["applications"].loc[data["applications"]["tier"] == 1]
    chosen, events, rounds = chosen_frames(
        data["applications"], data["events"], data["rounds"], tiers=(1,)
    )
    expected = facts.loc[facts["application_id"].isin(tier_one["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(chosen, expected, check_dtype=False)  # int days if no NaN
    assert set(events["application_id"]) <= set(tier_one["id"])
    assert set(rounds["application_id"]) <= set(tier_one["id"])


def test_pipeline_view_holds_the_page_tables_and_frozen_figures(data, facts):
    view = charts.pipeline_view(data["applications"], data["events"], data["rounds"], by="tier")
    assert view["n"] == len(facts)
    assert view["summary"] == response_summary(facts)
    pd.testing.assert_frame_equal(view["funnel"], funnel(facts))
    pd.testing.assert_frame_equal(view["split_table"], split_table(funnel_split(facts, "tier")))
    assert set(view["figures"]) == {"funnel", "split", "sankey", "stays", "response", "weekly"}
    built = charts.funnel_chart(funnel(facts)).to_dict()
    assert view["figures"]["funnel"] == built
    shown = charts.FrozenFigure(view["figures"]["funnel"])
    assert isinstance(shown, go.Figure) and shown.to_dict() == built  # what st.plotly_chart reads
    assert charts.thawed(view["figures"]["funnel"]).to_dict() == built


def test_pipeline_view_of_no_match(data):
    view = charts.pipeline_view(
        data["applications"], data["events"], data["rounds"], tracks=("nobody",)
    )
    assert view == {"n": 0}
