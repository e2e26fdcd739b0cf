"""A fresh server whose very first request is a deep link (a bookmark of /board).

Streamlit discovers a ``pages/`` folder next to the main script on its own ("legacy"
multipage mode) until a run of app.py calls ``st.navigation``. So on a just-started server,
a first visit to ``/board`` would run pages/board.py alone: no page config (narrow layout),
Streamlit's file-name navigation ("app", "comp ranges"...) and no access gate. Every page
starts with ``tracker.ui.entry.require_app_entry()``, which routes such a run through app.py.
The other browser tests always open "/" first and cannot see this; tests/pages/test_entry.py
checks the access gate for a first request to every page.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORT, assert_no_exception
from tests.support.server import wait_for_app


def test_first_visit_by_deep_link_gets_the_apps_navigation(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.set_default_timeout(30000)
        tab.goto(f"{server}/board")  # nothing has visited "/" on this server yet
        wait_for_app(tab)
        assert_no_exception(tab)
        nav = tab.locator("[data-testid='stSidebarNavLink']")
        # a link's text is its icon's ligature name, then its title
        names = [nav.nth(i).inner_text().split("\n")[-1].strip() for i in range(nav.count())]
        assert "Log a round" in names and "app" not in names, names
        expect(tab.get_by_role("heading", name="Board")).to_be_visible()
        # app.py's page config ran: the wide layout, not Streamlit's centred column
        block = tab.locator("[data-testid='stMainBlockContainer']").bounding_box()
        assert block and block["width"] > 1000, block
    finally:
        context.close()
