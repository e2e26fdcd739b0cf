"""The server is killed (SIGKILL, as a crash or a power cut would end it) while a person adds
applications in the browser; a new server on the same SQLite file loses nothing.

Each "Add application" with a new company is one transaction that writes three rows (the
company, the application and its "applied" stage event). The person adds some, each
acknowledged on screen ("Added … at …."), then submits one more and the server is killed
while that submit is on its way. After a restart: ``PRAGMA integrity_check`` is ``ok``, every
acknowledged application is there with its company and stage event, the interrupted one is
there whole or not at all, and the Applications page opens on it with no exception.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    VIEWPORT,
    assert_no_exception,
    choose,
    choose_new,
    main,
    open_page,
    settle,
)
from tests.support.server import running_server, wait_for_app

ROLE = "Ranking ML Engineer"
ACKNOWLEDGED = 4


def add_application(page: Page, company: str, *, wait: bool = True) -> None:
    # by text, not role: an open selectbox hides the rest of the page from the ARIA tree
    form = (
        main(page)
        .locator("[data-testid='stForm']")
        .filter(has=page.locator("button", has_text="Add application"))
    )
    if not form.is_visible():  # the expander opens by itself only on an empty table
        main(page).locator("[data-testid='stExpander'] summary").filter(
            has_text="Add an application"
        ).click()
    expect(form.get_by_role("button", name="Add application")).to_be_visible()
    choose_new(page, "Company", company, scope=form)
    form.get_by_role("textbox", name="Role title", exact=True).fill(ROLE)
    choose(page, "Track", "ML engineer", scope=form)
    form.get_by_role("button", name="Add application").click()
    if wait:
        expect(page.get_by_text(f"Added {ROLE} at {company}.")).to_be_visible()
        settle(page)


def rows_of(db_file: Path, company: str) -> tuple[int, int, int]:
    """(companies, applications, stage events) stored for ``company``."""
    with sqlite3.connect(db_file) as con:
        companies = con.execute("SELECT count(*) FROM company WHERE name = ?", (company,))
        apps = con.execute(
            "SELECT count(*) FROM application a JOIN company c ON c.id = a.company_id "
            "WHERE c.name = ?",
            (company,),
        )
        events = con.execute(
            "SELECT count(*) FROM stage_event e JOIN application a ON a.id = e.application_id "
            "JOIN company c ON c.id = a.company_id WHERE c.name = ?",
            (company,),
        )
        return companies.fetchone()[0], apps.fetchone()[0], events.fetchone()[0]


def test_killed_server_loses_no_acknowledged_write(browser, tmp_path):
    db_file = tmp_path / "tracker.db"
    url = f"sqlite:///{db_file}"
    names = [f"Killtest Company {i}" for i in range(1, ACKNOWLEDGED + 2)]
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.set_default_timeout(30000)
    try:
        with running_server(url) as server:
            open_page(tab, server.url, "applications")
            for name in names[:ACKNOWLEDGED]:
                add_application(tab, name)
            add_application(tab, names[-1], wait=False)
            time.sleep(0.05)  # the submit is on its way to, or inside, the server
            server.kill()
        assert server.process.returncode is not None

        with sqlite3.connect(db_file) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for name in names[:ACKNOWLEDGED]:
            assert rows_of(db_file, name) == (1, 1, 1), name
        interrupted = rows_of(db_file, names[-1])
        assert interrupted in {(0, 0, 0), (1, 1, 1)}, interrupted
        stored = ACKNOWLEDGED + interrupted[1]

        with running_server(url) as restarted:
            tab.goto(f"{restarted.url}/applications")
            wait_for_app(tab)
            expect(main(tab).get_by_text(f"{stored} of {stored} applications")).to_be_visible()
            assert_no_exception(tab)
    finally:
        context.close()
