"""The service layer: validation with clear messages, stage events, one transaction each."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from tracker import db
from tracker.models import (
    Application,
    ApplicationCreate,
    CompanyCreate,
    CompRangeCreate,
    EventType,
    FeedbackCreate,
    LearningObjective,
    OfferCreate,
    Outcome,
    RedFlagCreate,
    RoundCreate,
    RoundFormat,
    RoundStatus,
    Stage,
    StageEvent,
)
from tracker.services import applications as apps
from tracker.services import companies, offers, ranges, redflags, rounds, settings
from tracker.services.errors import NotFoundError, ValidationError


def _company(session, name="Acme AI"):
    return companies.create_company(session=session, data=CompanyCreate(name=name))


def _app(session, company_id, **kw):
    values = {"role_title": "ML Engineer", "applied_on": date(2026, 1, 5)} | kw
    return apps.create_application(
        session=session, data=ApplicationCreate(company_id=company_id, **values)
    )


def _events(session, app_id):
    rows = session.exec(
        sa.select(StageEvent.event_type, StageEvent.stage, StageEvent.close_reason)
        .where(StageEvent.application_id == app_id)
        .order_by(StageEvent.id)
    ).all()
    return [tuple(r) for r in rows]


# --------------------------------------------------------------------------- companies


def test_company_names_are_unique_regardless_of_case_and_spacing(session):
    _company(session, "Acme AI")
    with pytest.raises(ValidationError) as err:
        _company(session, "  ACME   ai ")
    assert "already exists" in err.value.errors["name"]


def test_company_needs_a_name_and_a_real_website(session):
    with pytest.raises(ValidationError) as err:
        companies.create_company(
            session=session, data=CompanyCreate(name="  ", website="acme dot com")
        )
    assert set(err.value.errors) == {"name", "website"}


def test_get_or_create_company_reuses_existing(session):
    first = companies.get_or_create_company(session=session, name="Beta")
    assert companies.get_or_create_company(session=session, name="BETA").id == first.id


# --------------------------------------------------------------------------- applications


def test_create_application_records_the_events_to_its_stage(session):
    company = _company(session)
    app = _app(session, company.id, saved_on=date(2026, 1, 1))
    assert app.stage == Stage.applied
    assert _events(session, app.id) == [
        (EventType.stage, Stage.wishlist, None),
        (EventType.stage, Stage.applied, None),
    ]


def test_wishlist_application_has_no_applied_date(session):
    company = _company(session)
    app = _app(session, company.id, stage=Stage.wishlist, applied_on=None)
    assert app.applied_on is None and app.saved_on is not None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"role_title": "  "}, "role_title"),
        ({"tier": 4}, "tier"),
        ({"posting_url": "jobs.example.com"}, "posting_url"),
        ({"saved_on": date(2026, 2, 1)}, "applied_on"),
    ],
)
def test_application_validation_messages(session, values, field):
    company = _company(session)
    with pytest.raises(ValidationError) as err:
        _app(session, company.id, **values)
    assert field in err.value.errors


def test_application_needs_an_existing_company(session):
    with pytest.raises(ValidationError) as err:
        _app(session, 12345)
    assert "company_id" in err.value.errors


def test_closed_date_before_applied_date_is_refused(session):
    app = _app(session, _company(session).id)
    with pytest.raises(ValidationError) as err:
        apps.close_application(
            session=session, application_id=app.id, reason="rejected", on=date(2025, 12, 1)
        )
    assert "before the applied date" in err.value.errors["closed_on"]


def test_close_keeps_the_stage_and_reopen_is_an_event(session):
    app = _app(session, _company(session).id)
    apps.move_stage(session=session, application_id=app.id, stage="final", on=date(2026, 2, 1))
    apps.close_application(
        session=session, application_id=app.id, reason="rejected", on=date(2026, 2, 3)
    )
    assert app.stage == Stage.final and app.close_reason == "rejected"
    apps.reopen_application(session=session, application_id=app.id, on=date(2026, 3, 1))
    assert app.closed_on is None
    assert [e[0] for e in _events(session, app.id)][-2:] == [EventType.closed, EventType.reopened]


def test_moving_a_closed_application_is_refused(session):
    app = _app(session, _company(session).id)
    apps.close_application(session=session, application_id=app.id, reason="ghosted")
    with pytest.raises(ValidationError):
        apps.move_stage(session=session, application_id=app.id, stage="technical")


def test_find_duplicates_is_case_insensitive(session):
    company = _company(session)
    _app(session, company.id, role_title="Data Scientist")
    assert apps.find_duplicates(session=session, company_id=company.id, role_title="data scientist")


def test_delete_application_takes_its_rows_and_says_so(db_url):
    with db.session_scope(db_url) as session:
        company = _company(session)
        app = _app(session, company.id)
        rnd = rounds.create_round(
            session=session, data=RoundCreate(application_id=app.id, kind="coding")
        )
        rounds.save_feedback(
            session=session, data=FeedbackCreate(round_id=rnd.id, learning_objectives="- graphs")
        )
        offers.create_offer(
            session=session, data=OfferCreate(application_id=app.id, base_salary=100000)
        )
        app_id = app.id
    with db.session_scope(db_url) as session:
        impact = apps.deletion_impact(session=session, application_id=app_id)
        assert impact["rounds"] == 1 and impact["offers"] == 1 and impact["feedback notes"] == 1
        apps.delete_application(session=session, application_id=app_id)
    with db.read_session(db_url) as session:
        for table in ("application", "interview_round", "feedback", "offer", "stage_event"):
            assert session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
        # the objective outlives its round (SET NULL), it is the user's learning
        assert session.execute(sa.text("SELECT round_id FROM learning_objective")).all() == [
            (None,)
        ]


# --------------------------------------------------------------------------- rounds


def test_round_duration_defaults_from_its_kind(session):
    app = _app(session, _company(session).id)
    screen = rounds.create_round(
        session=session, data=RoundCreate(application_id=app.id, kind="recruiter_screen")
    )
    take_home = rounds.create_round(
        session=session, data=RoundCreate(application_id=app.id, kind="take_home")
    )
    assert (screen.duration_minutes, take_home.duration_minutes) == (30, 240)


def test_recording_a_round_advances_the_stage(session):
    app = _app(session, _company(session).id)
    rnd = rounds.create_round(
        session=session,
        data=RoundCreate(
            application_id=app.id,
            kind="ml_system_design",
            scheduled_at=datetime(2026, 1, 20, 14, tzinfo=UTC),
        ),
    )
    assert app.stage == Stage.applied  # only scheduled: nothing happened yet
    rounds.record_outcome(session=session, round_id=rnd.id, outcome=Outcome.passed, self_rating=4)
    assert app.stage == Stage.technical
    onsite = rounds.create_round(
        session=session,
        data=RoundCreate(
            application_id=app.id,
            kind="behavioral",
            format=RoundFormat.onsite,
            status=RoundStatus.done,
            outcome=Outcome.failed,
            scheduled_at=datetime(2026, 2, 1, 9, tzinfo=UTC),
        ),
    )
    assert onsite.id and app.stage == Stage.final


def test_round_validation(session):
    app = _app(session, _company(session).id)
    with pytest.raises(ValidationError) as err:
        rounds.create_round(
            session=session,
            data=RoundCreate(application_id=app.id, kind="nope", self_rating=9),
        )
    assert set(err.value.errors) == {"kind", "self_rating"}


def test_user_round_kinds(session):
    kind = rounds.add_round_kind(session=session, label="Paper discussion", default_minutes=60)
    assert kind.key == "paper_discussion"
    with pytest.raises(ValidationError):
        rounds.add_round_kind(session=session, label="paper  discussion")


def test_feedback_without_reflection_is_due_a_day_later_and_objectives_become_items(session):
    app = _app(session, _company(session).id)
    rnd = rounds.create_round(
        session=session,
        data=RoundCreate(
            application_id=app.id, kind="statistics", scheduled_at=datetime(2026, 1, 9, 10)
        ),
    )
    feedback = rounds.save_feedback(
        session=session,
        data=FeedbackCreate(
            round_id=rnd.id,
            questions_asked="Design an A/B test",
            learning_objectives="- Power analysis\n\n2) Bayesian A/B tests\n",
        ),
    )
    assert feedback.reflect_after == date(2026, 1, 10)
    items = session.exec(sa.select(LearningObjective.text, LearningObjective.kind)).all()
    assert [tuple(i) for i in items] == [
        ("Power analysis", "statistics"),
        ("Bayesian A/B tests", "statistics"),
    ]


def test_a_checklist_item_ticks_all_its_objectives_at_once(db_url):
    with db.session_scope(db_url) as s:
        app = _app(s, _company(s).id)
        for day in (9, 16):
            rnd = rounds.create_round(
                session=s,
                data=RoundCreate(
                    application_id=app.id, kind="coding", scheduled_at=datetime(2026, 1, day, 10)
                ),
            )
            rounds.save_feedback(
                session=s, data=FeedbackCreate(round_id=rnd.id, learning_objectives="Graphs")
            )
    with db.read_session(db_url) as s:
        ids = s.exec(sa.select(LearningObjective.id)).scalars().all()
    assert len(ids) == 2
    with db.session_scope(db_url) as s:
        assert rounds.set_objectives_done(session=s, objective_ids=ids) == 2
    with db.read_session(db_url) as s:
        rows = s.exec(sa.select(LearningObjective.done, LearningObjective.done_on)).all()
    assert [tuple(r) for r in rows] == [(True, date.today())] * 2
    with pytest.raises(NotFoundError), db.session_scope(db_url) as s:  # nothing half-done
        rounds.set_objectives_done(session=s, objective_ids=[*ids, 999], done=False)
    with db.session_scope(db_url) as s:
        rounds.set_objectives_done(session=s, objective_ids=ids, done=False)
    with db.read_session(db_url) as s:
        rows = s.exec(sa.select(LearningObjective.done, LearningObjective.done_on)).all()
    assert [tuple(r) for r in rows] == [(False, None)] * 2


# --------------------------------------------------------------------------- red flags


def test_red_flag_validation(session):
    company, other = _company(session), _company(session, "Other")
    app = _app(session, other.id)
    with pytest.raises(ValidationError) as err:
        redflags.create_red_flag(
            session=session,
            data=RedFlagCreate(
                company_id=company.id, application_id=app.id, severity=5, observed_on=date.today()
            ),
        )
    assert set(err.value.errors) == {"severity", "application_id"}


# --------------------------------------------------------------------------- offers


def test_offer_validation_messages(session):
    app = _app(session, _company(session).id)
    with pytest.raises(ValidationError) as err:
        offers.create_offer(
            session=session,
            data=OfferCreate(
                application_id=app.id,
                currency="XYZ",
                base_salary=-5,
                equity_grant_total=1000,
                vesting_bp_by_year=[2500, 2500, 2500],
                received_on=date(2026, 2, 1),
                deadline=date(2026, 1, 1),
            ),
        )
    errors = err.value.errors
    assert set(errors) >= {"currency", "base_salary", "vesting_bp_by_year", "deadline"}
    assert "75 %" in errors["vesting_bp_by_year"]


def test_offer_money_is_stored_exactly(db_url):
    with db.session_scope(db_url) as session:
        app = _app(session, _company(session).id)
        offer = offers.create_offer(
            session=session,
            data=OfferCreate(
                application_id=app.id,
                base_salary=123457,
                target_bonus_bp=1250,
                sign_on_by_year=[20001, 9999],
                equity_grant_total=400003,
                vesting_bp_by_year=[3333, 3333, 2222, 1112],
            ),
        )
        offer_id = offer.id
    with db.read_session(db_url) as session:
        stored = offers.get_offer(session=session, offer_id=offer_id)
        assert stored.base_salary == 123457 and stored.target_bonus_bp == 1250
        assert stored.sign_on_by_year == [20001, 9999]
        assert stored.vesting_bp_by_year == [3333, 3333, 2222, 1112]


def test_accepting_an_offer_closes_its_application(session):
    app = _app(session, _company(session).id)
    offer = offers.create_offer(
        session=session, data=OfferCreate(application_id=app.id, base_salary=90000)
    )
    offers.set_offer_status(session=session, offer_id=offer.id, status="accepted")
    assert session.get(Application, app.id).close_reason == "offer_accepted"


def test_range_validation(session):
    with pytest.raises(ValidationError) as err:
        ranges.create_range(
            session=session,
            data=CompRangeCreate(
                base_p25=100,
                base_p50=90,
                base_p75=120,
                total_p25=0,
                total_p50=1,
                total_p75=2,
                currency="EUR",
            ),  # fmt: skip
        )
    assert "p25 must be ≤ p50 ≤ p75" in err.value.errors["base"]
    assert "positive" in err.value.errors["total"]


# --------------------------------------------------------------------------- settings


def test_settings_defaults_and_validation(session):
    assert settings.get_settings(session=session).ghosting_days == 14
    settings.update_settings(session=session, ghosting_days=21, default_currency="EUR")
    current = settings.get_settings(session=session)
    assert (current.ghosting_days, current.default_currency) == (21, "EUR")
    with pytest.raises(ValidationError) as err:
        settings.update_settings(session=session, ghosting_days=0, default_currency="ZZZ")
    assert set(err.value.errors) == {"ghosting_days", "default_currency"}
