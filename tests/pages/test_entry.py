"""Every page is entered through app.py, even as the very first request of a fresh server.

Streamlit starts a server process in its ``pages/`` folder mode (app.py is a sibling of
``pages/``) and leaves it only when a run calls ``st.navigation``. A first request for a page
URL then runs the page file alone: no page config, no access gate. AppTest reproduces that
first request: a new AppTest resets the mode, and ``switch_page`` before the first ``run``
is a request for that page's URL. tests/browser/test_deep_link.py checks the same in Chromium.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP, PAGES, PROJECT, no_exception

PASSWORD = "correct horse"


def first_statement_after_imports(path: Path) -> ast.stmt:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    rest = (
        [node for node in body[1:] if not isinstance(node, ast.Import | ast.ImportFrom)]
        if isinstance(body[0], ast.Expr)
        else body
    )
    return next(node for node in rest if not isinstance(node, ast.Import | ast.ImportFrom))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_starts_by_requiring_app_entry(page):
    node = first_statement_after_imports(PROJECT / page)
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call), ast.dump(node)
    assert getattr(node.value.func, "id", None) == "require_app_entry", ast.unparse(node)


@pytest.fixture
def exposed(sqlite_url, monkeypatch):
    """The app served on every interface with an access password, run from the project."""
    monkeypatch.chdir(PROJECT)
    monkeypatch.setenv("TRACKER_PASSWORD", PASSWORD)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def first_request(page: str) -> AppTest:
    """A fresh app whose first run is a request for ``page``'s URL (a bookmark, a shared link)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_a_deep_link_as_first_request_meets_the_access_gate(exposed, page):
    at = first_request(page)
    no_exception(at)
    assert [t.value for t in at.title] == ["Job Search Tracker"]
    assert [i.label for i in at.text_input] == ["Access password"]
    assert not at.metric and not at.dataframe and not at.selectbox  # nothing of the page

    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    no_exception(at)
    print("DBG", [t.value for t in at.title], "access_granted" in at.session_state)
    assert "Access password" not in [i.label for i in at.text_input]


@pytest.mark.parametrize(
    ("page", "title"), [("pages/settings.py", "Settings"), ("pages/board.py", "Board")]
)
def test_a_deep_link_as_first_request_on_localhost_opens_that_page(
    sqlite_url, monkeypatch, page, title
):
    monkeypatch.chdir(PROJECT)
    at = first_request(page)
    no_exception(at)
    assert [t.value for t in at.title] == [title]
