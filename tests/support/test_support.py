"""Self-test of the ring-3 support code: a real PostgreSQL, a real Streamlit server, Chromium."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from .postgres import (
    PostgresUnavailable,
    create_database,
    postgres_available,
    postgres_server,
    require_postgres,
)
from .server import (
    StreamlitServerError,
    app_exceptions,
    launch_chromium,
    save_failure_screenshot,
    streamlit_server,
    wait_for_app,
)


@pytest.fixture(scope="module")
def pg_base_url() -> str:
    require_postgres()
    started = time.monotonic()
    with postgres_server() as url:
        print(f"\nPostgreSQL ready in {time.monotonic() - started:.2f} s at {url}")
        yield url


@pytest.mark.postgres
def test_postgres_fresh_databases(pg_base_url: str) -> None:
    started = time.monotonic()
    first = create_database(pg_base_url, "support_first")
    second = create_database(pg_base_url)
    print(f"two databases created in {time.monotonic() - started:.2f} s")
    assert sa.engine.make_url(first).database == "support_first"
    assert sa.engine.make_url(first).port == sa.engine.make_url(pg_base_url).port

    engine = sa.create_engine(first)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
            assert conn.execute(sa.text("SELECT current_database()")).scalar_one() == (
                "support_first"
            )
            assert conn.execute(sa.text("SHOW listen_addresses")).scalar_one() == "127.0.0.1"
            conn.execute(sa.text("CREATE TABLE t (id integer primary key)"))
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
    finally:
        engine.dispose()

    engine = sa.create_engine(second)
    try:
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []  # databases do not share tables
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_create_database_rejects_odd_names(pg_base_url: str) -> None:
    with pytest.raises(ValueError):
        create_database(pg_base_url, 'x"; DROP DATABASE postgres; --')


def test_postgres_missing_binaries_is_a_clear_error(tmp_path: Path) -> None:
    assert not postgres_available(tmp_path)
    missing = pytest.raises(PostgresUnavailable, match="PostgreSQL server binaries not found")
    with missing, postgres_server(pg_bin=tmp_path):
        pass


def test_streamlit_server_failure_carries_stderr(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("import streamlit as st\nst.write('never served')\n")
    started = time.monotonic()
    bad_option = ["--server.no_such_option", "1"]
    dies = pytest.raises(StreamlitServerError, match="no_such_option")
    with dies, streamlit_server("sqlite://", app=app, extra_args=bad_option):
        pass
    assert time.monotonic() - started < 30  # a dead server is noticed at once, not at timeout


APP = """
import os

import streamlit as st

st.title("hello")
st.caption("db=" + os.environ["TRACKER_DATABASE_URL"])
if st.button("Greet"):
    st.write("greeted by the button")
if st.button("Boom"):
    raise RuntimeError("boom from the test app")
"""


@pytest.mark.browser
def test_streamlit_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    app = tmp_path / "tiny_app.py"
    app.write_text(textwrap.dedent(APP))
    db_url = f"sqlite:///{tmp_path / 'tiny.db'}"

    started = time.monotonic()
    with streamlit_server(db_url, app=str(app)) as base_url, sync_playwright() as playwright:
        served = time.monotonic()
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        try:
            page.goto(base_url)
            wait_for_app(page)
            expect(page.get_by_role("heading", name="hello")).to_be_visible()
            expect(page.get_by_text(f"db={db_url}")).to_be_visible()
            assert app_exceptions(page) == []

            page.get_by_role("button", name="Greet").click()
            expect(page.get_by_text("greeted by the button")).to_be_visible()
            wait_for_app(page)
            assert app_exceptions(page) == []

            page.get_by_role("button", name="Boom").click()
            expect(page.locator("[data-testid='stException']")).to_be_visible()
            wait_for_app(page)
            errors = app_exceptions(page)
            assert len(errors) == 1 and "boom from the test app" in errors[0]
        except BaseException:
            save_failure_screenshot(page, "support_streamlit_in_chromium")
            raise
        finally:
            browser.close()
    print(
        f"\nStreamlit healthy in {served - started:.2f} s; "
        f"browser test {time.monotonic() - served:.2f} s"
    )
