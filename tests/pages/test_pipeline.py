"""Pipeline page: empty state, every chart on demo data, and the filters."""

from datetime import date

import pytest

from tests.pages.conftest import no_exception
from tracker import db
from tracker.services import frames


def charts_shown(at) -> int:
    return len(at.get("plotly_chart"))


def applied_count(at) -> int:
    caption = next(c.value for c in at.caption if "applications applied between" in c.value)
    return int(caption.split()[0])


@pytest.fixture
def demo_apps(open_page, sqlite_url):
    at = open_page("pages/pipeline.py", demo=True)
    with db.session_scope(sqlite_url) as s:
        apps = frames.applications_frame(s)
    return at, apps.loc[apps["applied_on"].notna()]


def test_empty_database_guides_the_user(open_page):
    at = open_page("pages/pipeline.py")
    no_exception(at)
    assert at.title[0].value == "Pipeline"
    assert "applied somewhere" in at.info[0].value
    assert charts_shown(at) == 0


def test_demo_shows_every_chart(demo_apps):
    at, apps = demo_apps
    no_exception(at)
    assert charts_shown(at) == 6  # funnel, split, Sankey, time in stage, response, weekly
    assert applied_count(at) == len(apps)
    assert [s.value for s in at.subheader] == [
        "Funnel",
        "Funnel by group",
        "From applied to outcome",
        "Timing",
        "Weekly activity",
    ]


def test_tier_filter(demo_apps):
    at, apps = demo_apps
    at.button_group(key="pipeline_tiers").set_value([1]).run()
    no_exception(at)
    assert applied_count(at) == int((apps["tier"] == 1).sum())


def test_track_filter_and_open_only(demo_apps):
    at, apps = demo_apps
    at.multiselect(key="pipeline_tracks").set_value(["data_scientist"]).run()
    at.toggle(key="pipeline_closed").set_value(False).run()
    no_exception(at)
    expected = (apps["track"] == "data_scientist") & apps["closed_on"].isna()
    assert applied_count(at) == int(expected.sum())
    assert "open only" in next(c.value for c in at.caption if "applied between" in c.value)


def test_date_filter_and_no_match(demo_apps):
    at, apps = demo_apps
    first = apps["applied_on"].min().date()
    at.date_input(key="pipeline_dates").set_value((first, first)).run()
    no_exception(at)
    assert applied_count(at) == int((apps["applied_on"].dt.date == first).sum())
    at.button_group(key="pipeline_tiers").set_value([1, 2]).run()
    at.multiselect(key="pipeline_tracks").set_value(["other"]).run()
    at.date_input(key="pipeline_dates").set_value((date(2025, 12, 1), date(2025, 12, 1))).run()
    no_exception(at)
    assert any("No application matches" in i.value for i in at.info)


def test_split_control_changes_the_groups(demo_apps):
    at, _ = demo_apps
    at.segmented_control(key="pipeline_split").set_value("tier").run()
    no_exception(at)
    table = at.dataframe[1].value
    assert list(table["Interest tier"]) == ["Tier 1 · dream", "Tier 2 · good", "Tier 3 · practice"]
