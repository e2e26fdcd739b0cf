"""Shared fixtures: a fresh database per test, on SQLite and on a real PostgreSQL.

``db_url`` is parametrised: every test that uses it runs once on a temporary SQLite file and
once on a fresh database of a PostgreSQL 15 server started by the tests (marked
``postgres``, so ``pytest -m "not postgres"`` runs the fast half alone). The fixture points
``TRACKER_DATABASE_URL`` at it and migrates it, like the app does on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.support.postgres import create_database, postgres_server, require_postgres
from tracker import db

DEMO_TODAY = date(2026, 3, 2)  # fixed anchor: the demo campaign is the same on every run


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    require_postgres()
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_base_url"))
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    db.get_engine(url)
    yield url
    db.dispose_engines()


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> Iterator[str]:
    """A temporary SQLite database only (for SQLite-specific behaviour and page tests)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    yield url
    db.dispose_engines()


@pytest.fixture
def session(db_url):
    """One transaction on the test database, committed at the end of the test."""
    with db.session_scope(db_url) as s:
        yield s
