"""The store: connection settings, transactions, the data version, migrations and backups."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap

import pytest
import sqlalchemy as sa

from tracker import db
from tracker.models import Company, CompanyCreate
from tracker.services.companies import create_company


def test_default_url_is_sqlite_file_in_data(monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    assert db.database_url() == db.DEFAULT_URL
    assert db.sqlite_path(db.database_url()) == db.PROJECT_DIR / "data" / "tracker.db"


def test_env_var_selects_database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    assert db.database_url() == url


def test_sqlite_connections_get_wal_busy_timeout_and_foreign_keys(sqlite_url):
    engine = db.get_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_new_database_is_created_and_migrated_to_head(db_url):
    engine = db.get_engine(db_url)
    assert db.current_revision(engine) == db.head_revision()
    with engine.connect() as conn:
        kinds = conn.execute(sa.text("SELECT count(*) FROM round_kind")).scalar()
    assert kinds == 13


def test_session_scope_commits_and_bumps_data_version(db_url):
    before = db.data_version(db_url)
    with db.session_scope(db_url) as session:
        create_company(session=session, data=CompanyCreate(name="Acme"))
    assert db.data_version(db_url) == before + 1
    with db.read_session(db_url) as session:
        assert session.exec(sa.select(Company.name)).all()[0][0] == "Acme"


def test_failure_inside_the_transaction_writes_nothing(db_url):
    before = db.data_version(db_url)
    with pytest.raises(RuntimeError), db.session_scope(db_url) as session:
        create_company(session=session, data=CompanyCreate(name="Half"))
        create_company(session=session, data=CompanyCreate(name="Way"))
        raise RuntimeError("boom")
    with db.read_session(db_url) as session:
        assert session.exec(sa.select(sa.func.count()).select_from(Company)).one()[0] == 0
    assert db.data_version(db_url) == before


def test_a_foreign_sqlite_file_is_refused_not_overwritten(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.commit()
    con.close()
    with pytest.raises(RuntimeError, match="not a tracker database"):
        db.get_engine(f"sqlite:///{path}")
    db.dispose_engines()


EXTRA_REVISION = textwrap.dedent(
    '''
    """test-only: a later revision that adds a column"""
    import sqlalchemy as sa
    from alembic import op

    revision = "9999"
    down_revision = "{head}"
    branch_labels = None
    depends_on = None


    def upgrade():
        with op.batch_alter_table("company") as batch:
            batch.add_column(sa.Column("extra", sa.Text(), nullable=True))


    def downgrade():
        with op.batch_alter_table("company") as batch:
            batch.drop_column("extra")
    '''
)


def test_older_database_is_backed_up_then_migrated_with_data_preserved(tmp_path, monkeypatch):
    # a database at today's head, with data ...
    path = tmp_path / "tracker.db"
    url = f"sqlite:///{path}"
    with db.session_scope(url) as session:
        create_company(session=session, data=CompanyCreate(name="Kept Ltd"))
    db.dispose_engines()
    # ... opened by a newer version of the app whose migrations have one more revision
    migrations = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9999_extra.py").write_text(
        EXTRA_REVISION.format(head=db.head_revision())
    )
    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)

    engine = db.create_engine_for(url)
    backup = db.migrate(engine)

    assert backup is not None and backup.exists()
    assert backup.name.startswith("tracker.db.backup-")
    assert db.current_revision(engine) == "9999"
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name, extra FROM company")).all() == [
            ("Kept Ltd", None)
        ]
    old = sqlite3.connect(backup)
    assert old.execute("SELECT name FROM company").fetchall() == [("Kept Ltd",)]
    assert old.execute("SELECT version_num FROM alembic_version").fetchall() != [("9999",)]
    old.close()
    engine.dispose()


def test_database_at_first_revision_upgrades_to_head_keeping_rows(tmp_path):
    engine = db.create_engine_for(f"sqlite:///{tmp_path / 'first.db'}")
    first = "0001"
    assert db.migrate(engine, first) is None  # a brand-new database needs no backup
    assert db.current_revision(engine) == first
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO company (name, name_key, company_type, industry, website, "
                "sponsors_visa, research_notes, questions_to_ask, is_demo, created_at, "
                "updated_at) VALUES ('Old Co', 'old co', 'startup', '', '', 'unknown', '', '', "
                "false, '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM company")).scalars().all() == ["Old Co"]
    engine.dispose()
