"""Overview page: the welcome on an empty database, the figures and "mark ghosted" on demo."""

from sqlmodel import select

from tests.pages.conftest import no_exception
from tracker import db
from tracker.models import Application, StageEvent


def test_empty_database_shows_the_welcome(open_page):
    at = open_page()
    no_exception(at)
    assert at.title[0].value == "Welcome to your job search tracker"
    assert [b.label for b in at.button] == ["Load demo data"]
    assert "Add your first application" in [link.label for link in at.get("page_link")]


def test_load_demo_from_the_welcome_shows_the_overview(open_page):
    at = open_page()
    at.button[0].click().run()
    no_exception(at)
    assert at.title[0].value == "Overview"
    assert len(at.metric) == 5


def test_demo_shows_key_figures_and_attention(open_page):
    at = open_page(demo=True)
    no_exception(at)
    assert at.title[0].value == "Overview"
    assert [m.label for m in at.metric] == [
        "Open applications",
        "Interviews this week",
        "Offers",
        "Response rate",
        "Days to response",
    ]
    offers = next(m for m in at.metric if m.label == "Offers")
    assert offers.value == "4"  # the demo campaign ends four processes with an offer
    assert any("No news for 14+ days" in md.value for md in at.markdown)


def test_mark_ghosted_closes_the_application(open_page, sqlite_url):
    at = open_page(demo=True)
    ghost_buttons = [b for b in at.button if (b.key or "").startswith("ghost_")]
    assert ghost_buttons, "the demo (months old) must have silent applications"
    app_id = int(ghost_buttons[0].key.removeprefix("ghost_"))
    ghost_buttons[0].click().run()
    no_exception(at)
    with db.session_scope(sqlite_url) as s:
        app = s.get(Application, app_id)
        assert app.close_reason == "ghosted" and app.closed_on is not None
        closing = s.exec(
            select(StageEvent).where(
                StageEvent.application_id == app_id, StageEvent.event_type == "closed"
            )
        ).all()
        assert [e.close_reason for e in closing] == ["ghosted"]
    assert f"ghost_{app_id}" not in [b.key for b in at.button]


def test_a_cohorts_week_lists_the_soonest_rounds_and_counts_the_rest(open_page, sqlite_url):
    from datetime import UTC, date, datetime, timedelta

    from benchmarks.generate import generate
    from tracker.models import Round

    generate(sqlite_url, 3000, today=date.today())
    now = datetime.now(UTC)
    with db.read_session(sqlite_url) as s:
        week = [
            r
            for r in s.exec(select(Round.scheduled_at).where(Round.status == "scheduled")).all()
            if now <= r.replace(tzinfo=r.tzinfo or UTC) < now + timedelta(days=7)
        ]
    assert len(week) > 100  # a cohort's week
    at = open_page()
    no_exception(at)
    table = at.dataframe[0].value
    assert len(table) == 100 and list(table.columns[:2]) == ["Tier", "When"]
    note = f"The 100 soonest of {len(week):,} rounds in the next 7 days."
    assert note in [c.value for c in at.caption]
