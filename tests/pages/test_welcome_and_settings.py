"""The first-run welcome and the Settings page, driven through their widgets."""

from __future__ import annotations

from tests.pages.conftest import no_exception
from tracker import db
from tracker.services import frames
from tracker.services.settings import get_settings


def _app_count(url: str) -> int:
    with db.read_session(url) as session:
        return len(frames.applications_frame(session))


def test_welcome_explains_the_strategy_and_offers_two_ways_in(open_page):
    at = open_page()
    no_exception(at)
    assert "Welcome" in at.title[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "interest you least" in text
    assert [b.label for b in at.button] == ["Load demo data"]
    links = [el.proto.label for el in at.get("page_link")]
    assert "Add your first application" in links


def test_load_demo_from_the_welcome_shows_the_overview(open_page, sqlite_url):
    at = open_page()
    at.button[0].click().run()
    no_exception(at)
    assert _app_count(sqlite_url) == 60
    assert "Welcome" not in at.title[0].value


def test_settings_are_saved_in_the_database(open_page, sqlite_url):
    at = open_page("pages/settings.py")
    at.number_input[0].set_value(21)
    at.selectbox[0].select("EUR")
    next(b for b in at.button if b.label == "Save settings").click().run()
    no_exception(at)
    assert any("Settings saved" in s.value for s in at.success)
    with db.read_session(sqlite_url) as session:
        stored = get_settings(session=session)
    assert (stored.ghosting_days, stored.default_currency) == (21, "EUR")


def test_hiding_demo_data_empties_the_pages_without_deleting(open_page, sqlite_url):
    at = open_page("pages/settings.py", demo=True)
    at.toggle[0].set_value(False).run()
    no_exception(at)
    at.switch_page("pages/applications.py").run()
    assert any("No application yet" in i.value for i in at.info)
    assert _app_count(sqlite_url) == 60


def test_removing_demo_data_asks_first(open_page, sqlite_url):
    at = open_page("pages/settings.py", demo=True)
    next(b for b in at.button if b.label == "Remove demo data").click().run()
    assert at.warning, "no confirmation asked"
    next(b for b in at.button if b.label == "Cancel").click().run()
    assert _app_count(sqlite_url) == 60
    next(b for b in at.button if b.label == "Remove demo data").click().run()
    next(b for b in at.button if b.label == "Yes, remove demo data").click().run()
    no_exception(at)
    assert _app_count(sqlite_url) == 0
