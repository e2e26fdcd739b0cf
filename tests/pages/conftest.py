"""AppTest plumbing: open any page of the real app on a temporary database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_TODAY
from tracker import db, demo

PROJECT = Path(__file__).resolve().parents[2]
APP = str(PROJECT / "app.py")
PAGES = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "pages").glob("*.py"))


def load_demo_into(url: str) -> None:
    with db.session_scope(url) as session:
        demo.load_demo(session=session, today=DEMO_TODAY)


@pytest.fixture
def open_page(sqlite_url, monkeypatch) -> Callable[..., AppTest]:
    """``open_page("pages/board.py", demo=True)`` -> an AppTest that has run that page.

    Runs from the project root, so ``.streamlit/config.toml`` applies as under ``tracker run``.
    """
    monkeypatch.chdir(PROJECT)

    def _open(page: str | None = None, *, demo: bool = False) -> AppTest:
        if demo:
            load_demo_into(sqlite_url)
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page is not None:
            at.switch_page(page)
            at.run()
        return at

    return _open


def no_exception(at: AppTest) -> None:
    """Assert the run showed no exception (with its message if it did)."""
    assert not at.exception, [e.value for e in at.exception]
