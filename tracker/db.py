"""Engine, sessions and migrations: the only place that knows where the data lives.

- ``database_url()`` reads ``TRACKER_DATABASE_URL`` (any SQLAlchemy URL); the default is the
  SQLite file ``data/tracker.db`` beside the project.
- Every SQLite connection gets WAL, a busy timeout and foreign keys.
- ``session_scope()`` is one transaction: it commits at the end of the ``with`` block (and
  bumps the data version the cached loaders are keyed on), or rolls everything back.
- ``migrate()`` brings any database to the newest alembic revision; an existing SQLite file
  that is behind is first copied to a timestamped backup beside it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

PROJECT_DIR = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_DIR / "migrations"
DEFAULT_URL = f"sqlite:///{PROJECT_DIR / 'data' / 'tracker.db'}"
BUSY_TIMEOUT_MS = 15000

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.RLock()


def database_url() -> str:
    """The configured database URL (``TRACKER_DATABASE_URL`` or the SQLite default)."""
    return os.environ.get("TRACKER_DATABASE_URL") or DEFAULT_URL


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_writing: ContextVar[bool] = ContextVar("tracker_writing", default=False)


def _begin(conn) -> None:
    # A write transaction (session_scope) takes the write lock at BEGIN, so two writers queue
    # on busy_timeout instead of failing with "database is locked" when a read transaction
    # tries to upgrade to a write. Reads begin deferred: they never wait for a writer (WAL).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")


def create_engine_for(url: str) -> Engine:
    """A new engine for ``url`` with the tracker's connection settings."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )
        sa.event.listen(engine, "connect", _set_sqlite_pragmas)
        # let SQLAlchemy, not pysqlite, emit BEGIN (so BEGIN IMMEDIATE is possible)
        sa.event.listen(
            engine, "connect", lambda dbapi_conn, _r: setattr(dbapi_conn, "isolation_level", None)
        )
        sa.event.listen(engine, "begin", _begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def get_engine(url: str | None = None, *, migrate_schema: bool = True) -> Engine:
    """The shared engine for ``url`` (default: the configured one), migrated on first use."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_engine_for(url)
            _engines[url] = engine
        if migrate_schema and url not in _migrated:
            migrate(engine)
            _migrated.add(url)
    return engine


def dispose_engines() -> None:
    """Close every cached engine (tests and the CLI's restore use this)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One user action = one transaction: commit on success, roll back on any error."""
    engine = get_engine(url)
    writing = _writing.set(True)
    try:
        with Session(engine, expire_on_commit=False) as session:
            try:
                # first: the change log's triggers record this new version, and on PostgreSQL
                # the row lock makes concurrent writers commit in version order
                bump_data_version(session)
                yield session
                session.flush()
                prune_change_log(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        _writing.reset(writing)


@contextmanager
def read_session(url: str | None = None) -> Iterator[Session]:
    """A short session for reads; nothing it does is committed."""
    engine = get_engine(url)
    with Session(engine) as session:
        try:
            yield session
        finally:
            session.rollback()


def bump_data_version(session: Session) -> None:
    """Increment the version cached loaders are keyed on (inside the caller's transaction).

    Call it before the transaction's writes: the change log's triggers record the version
    they read from ``app_meta``, which must be the one this transaction commits.
    """
    session.execute(sa.text("UPDATE app_meta SET data_version = data_version + 1 WHERE id = 1"))


CHANGE_LOG_KEPT_VERSIONS = 500  # a cache older than this many writes reloads whole frames
CHANGE_LOG_PRUNE_EVERY = 100  # versions between two prunings


def prune_change_log(session: Session, *, keep: int | None = None) -> None:
    """Every ``CHANGE_LOG_PRUNE_EVERY`` versions, forget log entries older than ``keep``
    versions and raise the floor from which the log is complete."""
    version = session.execute(sa.text("SELECT data_version FROM app_meta WHERE id = 1")).scalar()
    if not version or version % CHANGE_LOG_PRUNE_EVERY:
        return
    clear_change_log(session, below=int(version) - (keep or CHANGE_LOG_KEPT_VERSIONS))


def clear_change_log(session: Session, *, below: int | None = None) -> None:
    """Drop the log up to version ``below`` (default: the current version, i.e. all of it):
    caches older than that then reload whole frames. For bulk loads, whose millions of
    entries no cache would patch from anyway."""
    if below is None:
        below = int(
            session.execute(sa.text("SELECT data_version FROM app_meta WHERE id = 1")).scalar() or 0
        )
    session.execute(sa.text("DELETE FROM change_log WHERE version <= :v"), {"v": below})
    session.execute(
        sa.text("UPDATE app_meta SET change_log_floor = :v WHERE id = 1 AND change_log_floor < :v"),
        {"v": below},
    )


def data_version(url: str | None = None) -> int:
    """The current data version: changes whenever any write commits."""
    engine = get_engine(url)
    with engine.connect() as conn:
        value = conn.execute(sa.text("SELECT data_version FROM app_meta WHERE id = 1")).scalar()
    return int(value or 0)


# --------------------------------------------------------------------------- migrations


def alembic_config(url: str):
    """An alembic Config pointing at ``migrations/`` and ``url``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(DEFAULT_URL)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite_file(path: Path) -> Path:
    """Copy a SQLite database to ``<name>.backup-<UTC timestamp>`` beside it, consistently.

    Uses SQLite's online backup API, so what is still in the WAL is included.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def migrate(engine: Engine, revision: str = "head") -> Path | None:
    """Upgrade the database to ``revision``; returns the backup made first, if any."""
    from alembic import command

    backup = None
    current = current_revision(engine)
    path = sqlite_path(str(engine.url.render_as_string(hide_password=False)))
    if current is None and path is not None and path.exists():
        with engine.connect() as conn:
            has_tables = bool(sa.inspect(conn).get_table_names())
        if has_tables:
            raise RuntimeError(
                f"{path} has tables but no migration history: it is not a tracker database"
            )
    if current is not None and current != head_revision() and path is not None:
        backup = backup_sqlite_file(path)
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return backup
