"""The read side: frames come back typed the same way on SQLite and PostgreSQL.

``tracker.services.frames`` fetches rows with the driver's own cursor and converts a column
at a time; these tests pin what the analytics rely on: dates as ``datetime64[s]``, timestamps
as UTC ``datetime64[us, UTC]``, booleans as bool, JSON columns decoded, missing values as
NaT / NaN, and the demo filter.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pandas as pd
import sqlalchemy as sa

from tests.conftest import DEMO_TODAY
from tracker import db, demo
from tracker.models import ApplicationCreate, OfferCreate, RoundCreate
from tracker.services import applications as app_service
from tracker.services import companies as company_service
from tracker.services import frames
from tracker.services import offers as offer_service
from tracker.services import rounds as round_service


def _one_of_each(url: str) -> tuple[int, int]:
    with db.session_scope(url) as s:
        company = company_service.get_or_create_company(session=s, name="Acme AI")
        app = app_service.create_application(
            session=s,
            data=ApplicationCreate(
                company_id=company.id,
                role_title="ML Engineer",
                tier=1,
                applied_on=date(2026, 2, 3),
            ),
        )
        rnd = round_service.schedule_round(
            session=s,
            data=RoundCreate(
                application_id=app.id,
                kind="coding",
                scheduled_at=datetime(2026, 2, 10, 14, 30, tzinfo=UTC),
            ),
            now=datetime(2026, 2, 4, tzinfo=UTC),
        )
        offer_service.create_offer(
            session=s,
            data=OfferCreate(
                application_id=app.id,
                base_salary=100_000,
                currency="EUR",
                sign_on_by_year=[20_000, 10_000],
            ),
        )
        return app.id, rnd.id


def test_columns_are_typed_alike_on_every_backend(db_url):
    app_id, round_id = _one_of_each(db_url)
    with db.read_session(db_url) as s:
        apps = frames.applications_frame(s)
        rounds = frames.rounds_frame(s)
        offers = frames.offers_frame(s)
        events = frames.stage_events_frame(s)
    assert str(apps["applied_on"].dtype) == "datetime64[s]"
    assert apps.loc[0, "applied_on"] == pd.Timestamp("2026-02-03")
    assert pd.isna(apps.loc[0, "closed_on"])  # a missing date is NaT
    assert str(apps["created_at"].dtype) == "datetime64[us, UTC]"
    assert apps["archived"].dtype == bool and apps["is_demo"].dtype == bool
    assert apps.loc[0, "company"] == "Acme AI" and int(apps.loc[0, "tier"]) == 1
    assert str(rounds["scheduled_at"].dtype) == "datetime64[us, UTC]"
    assert rounds.loc[0, "scheduled_at"] == pd.Timestamp("2026-02-10 14:30", tz="UTC")
    assert int(rounds.loc[0, "id"]) == round_id and rounds.loc[0, "company"] == "Acme AI"
    assert offers.loc[0, "sign_on_by_year"] == [20_000, 10_000]  # JSON decoded
    assert list(offers.loc[0, "vesting_bp_by_year"]) == [2500, 2500, 2500, 2500]
    assert set(events["application_id"]) == {app_id}
    assert str(events["occurred_on"].dtype) == "datetime64[s]"


def test_empty_tables_give_empty_frames_with_their_columns(db_url):
    with db.read_session(db_url) as s:
        apps = frames.applications_frame(s)
        rounds = frames.rounds_frame(s)
    assert apps.empty and {"id", "applied_on", "company", "tier"} <= set(apps.columns)
    assert rounds.empty and str(rounds["scheduled_at"].dtype) == "datetime64[us, UTC]"


def test_the_demo_filter_drops_demo_rows(db_url):
    with db.session_scope(db_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    _one_of_each(db_url)
    with db.read_session(db_url) as s:
        every = frames.applications_frame(s, include_demo=True)
        mine = frames.applications_frame(s, include_demo=False)
    assert len(every) == 61 and list(mine["company"]) == ["Acme AI"]
    assert not mine["is_demo"].any()


def test_unreadable_stored_dates_become_missing(sqlite_url):
    """A date column holding text that is no date (an old import, a hand edit) is NaT, not
    an exception on every page."""
    app_id, _round = _one_of_each(sqlite_url)
    engine = db.get_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE application SET next_follow_up = 'soon' WHERE id = :id"),
            {"id": app_id},
        )
    with db.read_session(sqlite_url) as s:
        apps = frames.applications_frame(s)
    assert pd.isna(apps.loc[0, "next_follow_up"])
    assert apps.loc[0, "applied_on"] == pd.Timestamp("2026-02-03")


def test_a_read_never_waits_for_a_writer(sqlite_url):
    """Reads begin deferred (WAL): only ``session_scope`` takes SQLite's write lock, so a
    page's reads go on while another session's write transaction is open."""
    _one_of_each(sqlite_url)
    writing, release, done = threading.Event(), threading.Event(), threading.Event()

    def writer() -> None:
        with db.session_scope(sqlite_url) as s:
            s.execute(sa.text("UPDATE application SET notes = 'being edited'"))
            writing.set()
            release.wait(30)
        done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(30)
        version = db.data_version(sqlite_url)  # would wait for the lock with BEGIN IMMEDIATE
        with db.read_session(sqlite_url) as s:
            notes = frames.applications_frame(s)["notes"].tolist()
        assert not done.is_set(), "the read finished while the write was still open"
        assert notes == [""]  # the uncommitted edit is not visible
    finally:
        release.set()
        thread.join(30)
    assert db.data_version(sqlite_url) == version + 1


def test_a_frame_read_in_batches_equals_one_read_at_once(db_url, monkeypatch):
    """Big frames are fetched and converted a batch of rows at a time (bounded memory); the
    batches join into the frame a single fetch gives: same dtypes, same rows, same order."""
    with db.session_scope(db_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    with db.read_session(db_url) as s:
        whole = {name: frames.read_frame(s, name) for name in frames.FRAMES}
    monkeypatch.setattr(frames, "READ_BATCH_ROWS", 7)
    with db.read_session(db_url) as s:
        for name, expected in whole.items():
            pd.testing.assert_frame_equal(frames.read_frame(s, name), expected, obj=name)


def test_feedback_frame_says_which_reflections_are_written_and_texts_come_per_application(
    db_url,
):
    """The feedback frame leaves the reflection texts out (``written`` says whether any is
    there, blank meaning what ``str.strip`` strips); ``feedback_texts`` reads them for one
    application's rounds."""
    from tracker.models import Feedback

    app_id, round_id = _one_of_each(db_url)
    texts = [("", ""), (" \t\n", "\r\n"), ("Calm", ""), ("", "  be concise "), ("\x0b", "\x0c")]
    with db.session_scope(db_url) as s:
        for went_well, to_improve in texts:
            s.add(
                Feedback(
                    round_id=round_id,
                    questions_asked="Two-sum?",
                    went_well=went_well,
                    to_improve=to_improve,
                    learning_objectives="- graphs",
                )
            )
    with db.read_session(db_url) as s:
        feedback = frames.feedback_frame(s)
        detail = frames.feedback_texts(s, app_id)
        none = frames.feedback_texts(s, app_id + 1000)
    assert not set(frames.FEEDBACK_TEXTS) & set(feedback.columns)
    assert feedback["written"].dtype == bool
    expected = [bool(a.strip() or b.strip()) for a, b in texts]
    assert feedback.sort_values("id")["written"].tolist() == expected == [0, 0, 1, 1, 0]
    assert list(zip(detail["went_well"], detail["to_improve"], strict=True)) == texts
    assert set(detail["learning_objectives"]) == {"- graphs"}
    assert set(detail["questions_asked"]) == {"Two-sum?"} and set(detail["round_id"]) == {round_id}
    assert none.empty and {"went_well", "reflected_on"} <= set(none.columns)
