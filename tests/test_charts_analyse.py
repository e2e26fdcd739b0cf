"""Chart builders of the Pipeline and Interview performance pages, checked on figure data."""

import pytest

from tests.analytics.builders import campaign, empty_frames
from tracker import charts
from tracker.analytics.performance import (
    career_lens,
    pass_rate_trend,
    pass_rates,
    self_rating_vs_outcome,
)
from tracker.analytics.pipeline import (
    application_facts,
    funnel,
    funnel_split,
    outcome_flows,
    time_in_stage,
    weekly_activity,
)


@pytest.fixture
def data():
    return campaign()


@pytest.fixture
def facts(data):
    return application_facts(data["applications"], data["events"], data["rounds"])


def test_funnel_chart(facts):
    fig = charts.funnel_chart(funnel(facts))
    trace = fig.data[0]
    assert trace.type == "funnel"
    assert list(trace.x) == [5, 3, 2, 1, 1, 1]
    assert trace.y[0] == "Applied" and trace.y[-1] == "Offer"
    assert trace.text[0] == "5 applied"
    assert trace.text[1] == "3 · 60 %"
    assert "67 % of the previous stage" in trace.hovertext[2]
    assert fig.layout.title.text


def test_funnel_chart_no_data():
    empty = empty_frames()
    facts = application_facts(empty["applications"], empty["events"], empty["rounds"])
    fig = charts.funnel_chart(funnel(facts))
    assert list(fig.data[0].x) == [0] * 6
    assert fig.data[0].text[1] == "0 · —"


def test_funnel_split_chart_flags_small_groups(facts):
    fig = charts.funnel_split_chart(funnel_split(facts, "tier"), "By tier", tier_colors=True)
    names = [t.name for t in fig.data]
    assert names == [
        "Tier 1 · dream (n=1, too few to judge)",
        "Tier 2 · good (n=2, too few to judge)",
        "Tier 3 · practice (n=2, too few to judge)",
    ]
    assert fig.data[0].marker.color == charts.TIER_COLORS[1]
    assert fig.data[0].marker.opacity == 0.45
    assert list(fig.data[0].x)[0] == "Recruiter screen"  # applied (always 100 %) left out
    assert list(fig.data[2].y) == [50, 50, 0, 0, 0]  # tier 3: 1 and 4; 1 got to the HM


def test_sankey_chart(facts):
    flows = outcome_flows(facts)
    fig = charts.sankey_chart(flows)
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    assert "Applied (5)" in labels
    assert "Rejected (1)" in labels and "Offer (1)" in labels and "Still open (2)" in labels
    assert sum(sankey.link.value) == flows["value"].sum()
    first = labels[sankey.link.source[0]], labels[sankey.link.target[0]]
    assert first == ("Applied (5)", "Recruiter screen (3)")


def test_time_in_stage_chart(data):
    fig = charts.time_in_stage_chart(time_in_stage(data["events"]))
    by_name = {t.name: sorted(t.x) for t in fig.data}
    assert by_name["Applied (n=5)"] == [4, 5, 7, 9, 31]
    assert by_name["Final / onsite (n=1)"] == [10]


def test_response_time_chart(facts):
    fig = charts.response_time_chart(facts)
    assert sorted(fig.data[0].x) == [5, 7, 49]
    assert fig.layout.shapes[0].x0 == 7  # the median line
    assert "median 7 days" in fig.layout.annotations[0].text


def test_weekly_activity_chart(facts, data):
    fig = charts.weekly_activity_chart(weekly_activity(facts, data["rounds"]))
    assert [t.name for t in fig.data] == ["Applications sent", "Rounds done"]
    assert sum(fig.data[0].y) == 5 and sum(fig.data[1].y) == 6


def test_pass_rate_chart(data):
    fig = charts.pass_rate_chart(pass_rates(data["rounds"]))
    bar = fig.data[0]
    assert list(bar.y)[0] == "Hiring manager"  # lowest rate first (drawn at the bottom)
    assert list(bar.x)[0] == 50
    assert bar.text[0] == "50 % (1 of 2)"


def test_pass_trend_chart(data):
    fig = charts.pass_trend_chart(pass_rate_trend(data["rounds"]))
    assert [t.name for t in fig.data] == ["First half", "Second half"]
    second = dict(zip(fig.data[1].y, fig.data[1].x, strict=True))
    assert second["ML system design"] == 100
    assert second["Hiring manager"] is None  # no decided round: no bar, not 0 %


def test_self_rating_chart(data):
    fig = charts.self_rating_chart(self_rating_vs_outcome(data["rounds"]))
    points = set(zip(fig.data[0].x, fig.data[0].y, fig.data[0].text, strict=True))
    assert (4, "Hiring manager", "0/1") in points
    assert (2, "ML system design", "1/1") in points


def test_career_lens_chart(facts):
    fig = charts.career_lens_chart(career_lens(facts, "company_type"), "By type")
    assert [t.name for t in fig.data] == ["Offer", "Rejected", "Withdrew", "Ghosted", "Still open"]
    rejected = dict(zip(fig.data[1].y, fig.data[1].x, strict=True))
    assert rejected["Startup (n=3, too few to judge)"] == pytest.approx(100 / 3)
    assert fig.data[0].marker.color == charts.OUTCOME_COLORS["offer"]


def test_time_in_stage_chart_of_many_values_sends_statistics_not_points():
    import pandas as pd

    days = pd.Series(range(1001), dtype="int64")  # 0..1000: quartiles 250 / 500 / 750
    stays = pd.DataFrame({"stage": "applied", "days": days})
    [box] = charts.time_in_stage_chart(stays).data
    assert box.name == "Applied (n=1001)"
    assert box.x is None and box.boxpoints is False
    assert (box.q1[0], box.median[0], box.q3[0]) == (250, 500, 750)
    assert (box.lowerfence[0], box.upperfence[0]) == (0, 1000)


def test_charts_encode_the_same_with_orjson_as_with_json(data):
    """Streamlit encodes every chart with ``plotly.io.to_json``, which takes orjson (a
    dependency, several times faster) when it is installed: same figure either way."""
    import json

    import plotly.io as pio

    assert pio.json.config.default_engine in ("auto", "orjson")
    figures = charts.pipeline_view(data["applications"], data["events"], data["rounds"])
    specs = [charts.FrozenFigure(s) for s in figures["figures"].values() if s is not None]
    assert specs
    for figure in specs:
        fast = pio.to_json(figure, validate=False, engine="orjson")
        assert json.loads(fast) == json.loads(pio.to_json(figure, validate=False, engine="json"))
