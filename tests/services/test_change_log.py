"""The change log: triggers record every row a write touches, and cached frames patched from
it equal frames read whole, on SQLite and PostgreSQL.

The pages' frames are read whole once, then brought up to date after each write by reading
again only the rows the log names (``frames.changes_since`` + ``frames.patch_frame``). These
tests make real writes through the services (cascades, renames that show in joined columns,
deletions, demo rows hidden) and compare every patched frame with a fresh full read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.analytics.builders import as_text
from tests.conftest import DEMO_TODAY
from tracker import db, demo
from tracker.models import (
    LOGGED_TABLES,
    ApplicationCreate,
    ApplicationUpdate,
    CompanyUpdate,
    OfferCreate,
    RedFlagCreate,
    RoundCreate,
    RoundUpdate,
)
from tracker.services import applications as app_service
from tracker.services import companies as company_service
from tracker.services import frames
from tracker.services import offers as offer_service
from tracker.services import redflags as flag_service
from tracker.services import rounds as round_service

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _snapshot(url: str) -> tuple[int, dict[tuple[str, bool], pd.DataFrame]]:
    version = db.data_version(url)
    with db.read_session(url) as s:
        return version, {
            (name, include_demo): frames.read_frame(s, name, include_demo)
            for name in frames.FRAMES
            for include_demo in (True, False)
        }


def same_frame(patched: pd.DataFrame, whole: pd.DataFrame, obj: str) -> None:
    """Equal frames; a category column equal by value (a patch may keep a category no row
    uses any more), and a category column in both."""
    categories = [c for c, t in whole.dtypes.items() if isinstance(t, pd.CategoricalDtype)]
    for column in categories:
        assert isinstance(patched[column].dtype, pd.CategoricalDtype), (obj, column)
    pd.testing.assert_frame_equal(as_text(patched), as_text(whole), obj=obj)


def _assert_patches_equal_full_reads(url: str, since: int, held: dict) -> dict:
    """Patch every held frame from version ``since``; each must equal a full read now."""
    patched_frames = {}
    with db.read_session(url) as s:
        changes = frames.changes_since(s, since)
        assert changes is not None, "the log covers every version since the snapshot"
        for (name, include_demo), old in held.items():
            whole = frames.read_frame(s, name, include_demo)
            patched = frames.patch_frame(s, name, old, changes, include_demo)
            if patched is None:  # only when the frame must be read whole (see patch_frame)
                assert old.empty or "round_kind" in changes, (name, include_demo)
                patched = whole
            same_frame(patched, whole, obj=f"{name} (demo {include_demo})")
            patched_frames[(name, include_demo)] = patched
    return patched_frames


def _new_application(s, company_name: str, *, tier: int = 2) -> int:
    company = company_service.get_or_create_company(session=s, name=company_name)
    app = app_service.create_application(
        session=s,
        data=ApplicationCreate(
            company_id=company.id, role_title="ML Engineer", tier=tier, applied_on=date(2026, 2, 3)
        ),
    )
    return app.id


def _writes(url: str):
    """A campaign's worth of different writes, one user action (transaction) each."""
    ids: dict[str, int] = {}

    def add_application(s):
        ids["app"] = _new_application(s, "Acme AI", tier=3)

    def log_a_round(s):
        logged = round_service.record_round(
            session=s,
            data=RoundCreate(
                application_id=ids["app"],
                kind="coding",
                scheduled_at=datetime(2026, 2, 20, 15, tzinfo=UTC),
                outcome="passed",
                self_rating=4,
            ),
            feedback={"questions": "two-sum", "to_improve": "talk first\nedge cases"},
            now=NOW,
        )
        ids["round"] = logged.round_id

    def schedule_unscheduled(s):  # no date yet: missing values sort last
        round_service.create_round(
            session=s, data=RoundCreate(application_id=ids["app"], kind="ml_system_design")
        )

    def reschedule(s):  # the round moves in the rounds' order (by time)
        round_service.update_round(
            session=s,
            round_id=ids["round"],
            data=RoundUpdate(scheduled_at=datetime(2025, 1, 5, 9, tzinfo=UTC), self_rating=None),
        )

    def change_tier(s):  # shows in the rounds and offers frames (joined columns)
        app_service.update_application(
            session=s, application_id=ids["app"], data=ApplicationUpdate(tier=1)
        )

    def rename_company(s):  # shows in applications, rounds, offers and red flags
        company = company_service.find_company(session=s, name="Acme AI")
        company_service.update_company(
            session=s, company_id=company.id, data=CompanyUpdate(name="Acme Labs")
        )

    def flag_and_offer(s):
        company = company_service.find_company(session=s, name="Acme Labs")
        flag_service.create_red_flag(
            session=s,
            data=RedFlagCreate(
                company_id=company.id, note="vague comp", observed_on=date(2026, 2, 21)
            ),
        )
        offer_service.create_offer(
            session=s,
            data=OfferCreate(application_id=ids["app"], base_salary=150_000, currency="EUR"),
        )

    def second_application_then_delete_first(s):
        ids["other"] = _new_application(s, "Borealis")
        app_service.delete_application(session=s, application_id=ids["app"])  # cascades

    def delete_a_demo_company(s):
        company = s.execute(
            sa.text("SELECT id FROM company WHERE is_demo = :t ORDER BY id LIMIT 1"), {"t": True}
        ).scalar()
        company_service.delete_company(session=s, company_id=int(company))

    return [
        add_application,
        log_a_round,
        schedule_unscheduled,
        reschedule,
        change_tier,
        rename_company,
        flag_and_offer,
        second_application_then_delete_first,
        delete_a_demo_company,
    ]


@pytest.fixture
def demo_db(db_url):
    with db.session_scope(db_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    return db_url


def test_every_logged_table_has_its_triggers_at_head(db_url):
    """A later migration that recreates a table (SQLite batch mode) must recreate them."""
    engine = db.get_engine(db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                sa.text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
            )
            per_table = pd.Series([r[0] for r in rows]).value_counts().to_dict()
            assert per_table == {table: 3 for table in LOGGED_TABLES}  # insert, update, delete
        else:
            rows = conn.execute(
                sa.text(
                    "SELECT event_object_table, event_manipulation FROM information_schema.triggers"
                )
            )
            found = {(table, event) for table, event in rows}
            assert found == {
                (table, event)
                for table in LOGGED_TABLES
                for event in ("INSERT", "UPDATE", "DELETE")
            }


def test_a_write_logs_its_rows_under_the_version_it_commits(db_url):
    before = db.data_version(db_url)
    with db.session_scope(db_url) as s:
        app_id = _new_application(s, "Acme AI")
    after = db.data_version(db_url)
    assert after == before + 1
    with db.read_session(db_url) as s:
        changes = frames.changes_since(s, before)
        assert frames.changes_since(s, after) == {}
    assert changes["application"] == {app_id}
    assert set(changes) == {"company", "application", "stage_event"}


def test_cascaded_deletes_are_logged(db_url):
    with db.session_scope(db_url) as s:
        app_id = _new_application(s, "Acme AI")
        rnd = round_service.create_round(
            session=s, data=RoundCreate(application_id=app_id, kind="coding")
        )
    version = db.data_version(db_url)
    with db.session_scope(db_url) as s:
        app_service.delete_application(session=s, application_id=app_id)
    with db.read_session(db_url) as s:
        changes = frames.changes_since(s, version)
    assert changes["interview_round"] == {rnd.id} and changes["application"] == {app_id}
    assert changes["stage_event"]


def test_a_rolled_back_write_logs_nothing(db_url):
    version = db.data_version(db_url)
    with pytest.raises(RuntimeError), db.session_scope(db_url) as s:
        _new_application(s, "Acme AI")
        raise RuntimeError("the user's action failed half-way")
    with db.read_session(db_url) as s:
        assert frames.changes_since(s, version) == {}
    assert db.data_version(db_url) == version


def test_frames_patched_after_each_write_equal_full_reads(demo_db):
    version, held = _snapshot(demo_db)
    for write in _writes(demo_db):
        with db.session_scope(demo_db) as s:
            write(s)
        held = _assert_patches_equal_full_reads(demo_db, version, held)
        version = db.data_version(demo_db)


def test_frames_patched_across_many_writes_at_once_equal_full_reads(demo_db):
    """A page not visited for a while catches up on every write since in one patch."""
    version, held = _snapshot(demo_db)
    for write in _writes(demo_db):
        with db.session_scope(demo_db) as s:
            write(s)
    _assert_patches_equal_full_reads(demo_db, version, held)


def test_an_edit_is_patched_in_place_from_the_driver_rows(demo_db, monkeypatch):
    """The usual write (a few cells of existing rows) builds no typed frame: only the
    changed cells are converted and written into copies of their columns; a value new to
    a category column takes the typed path. Either way the patched frames equal full
    reads."""
    version, held = _snapshot(demo_db)
    in_place = []  # per patched frame: whether the in-place path took the edit
    real = frames._edited_in_place
    monkeypatch.setattr(
        frames, "_edited_in_place", lambda *a: in_place.append(real(*a)) or in_place[-1]
    )
    rounds = held[("rounds", True)]
    round_id = int(rounds.loc[rounds["self_rating"].notna(), "id"].iloc[0])
    app_id = int(rounds.loc[rounds["id"] == round_id, "application_id"].iloc[0])
    with db.session_scope(demo_db) as s:
        app_service.update_application(
            session=s,
            application_id=app_id,
            data=ApplicationUpdate(notes="asked about the on-call rota", next_follow_up=None),
        )
        round_service.update_round(
            session=s, round_id=round_id, data=RoundUpdate(self_rating=None, outcome="failed")
        )
    held = _assert_patches_equal_full_reads(demo_db, version, held)
    assert in_place and all(frame is not None for frame in in_place)

    version = db.data_version(demo_db)
    with db.session_scope(demo_db) as s:  # a role title no row had: new to the category
        app_service.update_application(
            session=s, application_id=app_id, data=ApplicationUpdate(role_title="Staff MLE")
        )
    in_place.clear()
    _assert_patches_equal_full_reads(demo_db, version, held)
    assert any(frame is None for frame in in_place), "a new category: the typed path"


def test_a_pruned_log_cannot_patch_and_says_so(demo_db):
    version, _ = _snapshot(demo_db)
    with db.session_scope(demo_db) as s:
        _new_application(s, "Acme AI")
    with db.session_scope(demo_db) as s:
        db.clear_change_log(s)  # as a bulk load does
    with db.read_session(demo_db) as s:
        assert frames.changes_since(s, version) is None  # -> the frames are read whole
        assert frames.changes_since(s, db.data_version(demo_db)) == {}


def test_the_log_is_pruned_every_hundred_versions_keeping_recent_ones(db_url, monkeypatch):
    monkeypatch.setattr(db, "CHANGE_LOG_PRUNE_EVERY", 5)
    monkeypatch.setattr(db, "CHANGE_LOG_KEPT_VERSIONS", 3)
    for n in range(12):
        with db.session_scope(db_url) as s:
            _new_application(s, f"Company {n}")
    version = db.data_version(db_url)
    with db.read_session(db_url) as s:
        kept = s.execute(sa.text("SELECT MIN(version) FROM change_log")).scalar()
        assert frames.changes_since(s, version - 2) is not None  # recent: still patchable
        assert frames.changes_since(s, 1) is None  # pruned away
    assert version - 2 - 3 <= kept <= version


def test_a_huge_change_is_read_whole(demo_db, monkeypatch):
    monkeypatch.setattr(frames, "MAX_PATCHED_ROWS", 3)
    version, _ = _snapshot(demo_db)
    with db.session_scope(demo_db) as s:
        _new_application(s, "Acme AI")
        _new_application(s, "Borealis")
    with db.read_session(demo_db) as s:
        assert frames.changes_since(s, version) is None
