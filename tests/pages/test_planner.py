"""The Planner page on empty and demo data, and the planned-week edit driven by its widgets."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlmodel import select

from tests.pages.conftest import no_exception
from tracker import db, demo
from tracker.models import Application

PAGE = "pages/planner.py"


def load_demo_today(url: str) -> None:
    with db.session_scope(url) as session:
        demo.load_demo(session=session, today=date.today())


def test_empty_database_guides_the_user(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert at.title[0].value == "Planner"
    assert any("Nothing to plan yet" in i.value for i in at.info)


def test_demo_shows_order_warnings_timeline_and_export(open_page, sqlite_url):
    load_demo_today(sqlite_url)
    at = open_page(PAGE)
    no_exception(at)
    headers = [h.value for h in at.subheader]
    for section in ("Interest tiers at a glance", "Warnings", "Recommended order", "Timeline"):
        assert section in headers
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes
    # the demo shows each kind of warning, each with its fix
    assert warnings.count("Fix:") == len(at.warning)
    assert "tier-1 round before practice rounds" in warnings  # an inversion
    assert "interviews" in warnings  # an overloaded week
    # clustering: the applied-scientist track opened two weeks ago booked its dream rounds
    assert "Applied / research scientist track: every tier-1 round is in the first" in warnings
    editor = at.data_editor[0].value
    tiers = editor["Tier"].str.slice(0, 6).tolist()
    assert tiers == sorted(tiers, reverse=True)  # tier 3 rows first, tier 1 last
    assert at.get("download_button")


def test_a_long_timeline_says_which_lines_it_draws(open_page, sqlite_url, monkeypatch):
    from tracker.analytics import planner as plan

    load_demo_today(sqlite_url)
    monkeypatch.setattr(plan, "TIMELINE_LINES", 3)  # as a cohort's thousands of lines
    at = open_page(PAGE)
    no_exception(at)
    note = next(c.value for c in at.caption if "with the soonest rounds" in c.value)
    assert note.startswith("The 3 lines (company · role)") and "calendar download" in note
    timeline = next(
        json.loads(c.proto.spec) for c in at.get("plotly_chart") if "Timeline" in c.proto.spec
    )
    assert len(timeline["layout"]["yaxis"]["categoryarray"]) == 3


def test_planned_week_edit_is_saved_as_a_monday(open_page, sqlite_url):
    load_demo_today(sqlite_url)
    at = open_page(PAGE)
    first_company = at.data_editor[0].value.iloc[0]["Company"]
    target = date.today() + timedelta(days=9)
    key = "plan_editor_0"
    at.session_state[key] = {
        "edited_rows": {0: {"Planned week": target.isoformat()}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_plan").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as session:
        planned = session.exec(
            select(Application.planned_week).where(Application.planned_week.is_not(None))
        ).all()
    monday = target - timedelta(days=target.weekday())
    assert planned == [monday]
    # the saved plan shows in the table, on the same (first) row
    row = at.data_editor[0].value.iloc[0]
    assert row["Company"] == first_company
    assert row["Planned week"] == monday


def test_a_cohort_sees_the_first_rows_of_each_editor_and_their_count(
    open_page, sqlite_url, monkeypatch
):
    from tracker.ui import planner as planner_view

    load_demo_today(sqlite_url)
    full = open_page(PAGE).data_editor[0].value
    monkeypatch.setattr(planner_view, "EDITOR_ROWS", 3)
    with db.session_scope(sqlite_url):  # a new data version: the cached view is rebuilt
        pass
    at = open_page(PAGE)
    no_exception(at)
    editor = at.data_editor[0].value
    assert editor["Company"].tolist() == full["Company"].head(3).tolist()
    assert any(f"The first 3 of {len(full):,} open applications" in c.value for c in at.caption)


def test_a_week_already_over_is_refused_next_to_the_table(open_page, sqlite_url):
    load_demo_today(sqlite_url)
    at = open_page(PAGE)
    at.session_state["plan_editor_0"] = {
        "edited_rows": {0: {"Planned week": "2020-01-06"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="save_plan").click().run()
    no_exception(at)
    assert any("is over" in e.value for e in at.error)
    with db.read_session(sqlite_url) as session:
        assert (
            session.exec(select(Application).where(Application.planned_week.is_not(None))).first()
            is None
        )


def test_a_cohort_of_warnings_shows_the_first_as_boxes_and_the_rest_in_one_table(
    open_page, sqlite_url
):
    """Hundreds of warnings (a coach's cohort) would be hundreds of boxes: the first few
    are boxes, every other one is a row of one table, in the same order."""
    from benchmarks.generate import generate
    from tracker.analytics.planner import all_warnings
    from tracker.services import frames
    from tracker.services.settings import get_settings

    generate(sqlite_url, 3000, today=date.today())
    with db.read_session(sqlite_url) as s:
        settings = get_settings(session=s)
        expected = all_warnings(
            frames.applications_frame(s),
            frames.rounds_frame(s),
            today=date.today(),
            min_rounds=settings.inversion_min_rounds,
            per_week=settings.overload_per_week,
            tz=datetime.now().astimezone().tzinfo,
        )
    at = open_page(PAGE)
    no_exception(at)
    shown = len(at.warning)
    assert len(expected) > shown  # enough warnings for a table
    table = next(d.value for d in at.dataframe if "Warning" in d.value.columns)
    assert shown + len(table) == len(expected)
    assert list(table["Warning"]) == list(expected["title"].iloc[shown:])
