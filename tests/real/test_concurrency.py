"""Concurrency and faults: parallel writers lose nothing; a killed writer corrupts nothing."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import date

import sqlalchemy as sa

from tracker import db
from tracker.models import ApplicationCreate, FeedbackCreate, RoundCreate
from tracker.services import applications, companies, rounds

WRITERS = 4
WRITES_PER_WRITER = 252  # 1,008 mixed writes in all (63 of each kind per writer)


def _mixed_writes(url: str, writer: int, errors: list[BaseException]) -> None:
    """Each step is one user action: company+application, stage move, round, feedback."""
    try:
        app_id = round_id = None
        for step in range(WRITES_PER_WRITER):
            with db.session_scope(url) as session:
                kind = step % 4
                if kind == 0 or app_id is None:
                    company = companies.get_or_create_company(
                        session=session, name=f"Writer {writer} Co {step}"
                    )
                    app_id = applications.create_application(
                        session=session,
                        data=ApplicationCreate(
                            company_id=company.id,
                            role_title=f"Role {step}",
                            applied_on=date(2026, 1, 1),
                        ),
                    ).id
                elif kind == 1:
                    applications.move_stage(
                        session=session, application_id=app_id, stage="recruiter_screen"
                    )
                elif kind == 2:
                    round_id = rounds.create_round(
                        session=session, data=RoundCreate(application_id=app_id, kind="coding")
                    ).id
                else:
                    rounds.save_feedback(
                        session=session,
                        data=FeedbackCreate(round_id=round_id, questions_asked=f"q{step}"),
                    )
    except BaseException as exc:  # reported by the main thread
        errors.append(exc)


def test_parallel_writers_lose_no_write_and_never_see_locked(db_url):
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_mixed_writes, args=(db_url, n, errors)) for n in range(WRITERS)
    ]
    version_before = db.data_version(db_url)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors[:3]
    per_writer = WRITES_PER_WRITER // 4
    with db.read_session(db_url) as session:

        def count(table: str) -> int:
            return session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()

        assert count("company") == WRITERS * per_writer
        assert count("application") == WRITERS * per_writer
        assert count("interview_round") == WRITERS * per_writer
        assert count("feedback") == WRITERS * per_writer
        moved = session.execute(
            sa.text("SELECT count(*) FROM application WHERE stage = 'recruiter_screen'")
        ).scalar()
        assert moved == WRITERS * per_writer
    assert db.data_version(db_url) == version_before + WRITERS * WRITES_PER_WRITER


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import date
    from tracker import db
    from tracker.models import ApplicationCreate
    from tracker.services import applications, companies

    url = sys.argv[1]
    n = 0
    while True:
        with db.session_scope(url) as session:
            company = companies.get_or_create_company(session=session, name=f"Killed Co {n}")
            app = applications.create_application(
                session=session,
                data=ApplicationCreate(
                    company_id=company.id, role_title="R", applied_on=date(2026, 1, 1)
                ),
            )
            app_id = app.id
        print(f"ack {app_id}", flush=True)  # acknowledged only after the commit returned
        n += 1
    """
)


def test_killing_a_writer_mid_write_keeps_the_file_sound_and_acknowledged_writes(
    sqlite_url, tmp_path
):
    db.get_engine(sqlite_url)  # create and migrate first
    db.dispose_engines()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, sqlite_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=db.PROJECT_DIR,
    )
    acknowledged = []
    try:
        for line in proc.stdout:
            acknowledged.append(int(line.split()[1]))
            if len(acknowledged) >= 150:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert len(acknowledged) >= 150, proc.stderr.read()

    path = db.sqlite_path(sqlite_url)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {row[0] for row in con.execute("SELECT id FROM application")}
    finally:
        con.close()
    assert set(acknowledged) <= stored
    # every company written has its application: no half-written action survived
    with db.read_session(sqlite_url) as session:
        orphans = session.execute(
            sa.text(
                "SELECT count(*) FROM company c WHERE NOT EXISTS "
                "(SELECT 1 FROM application a WHERE a.company_id = c.id)"
            )
        ).scalar()
    assert orphans == 0
