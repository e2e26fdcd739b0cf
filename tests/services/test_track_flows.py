"""The Track pages' service flows, on SQLite and PostgreSQL: one action, one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tracker.models import (
    Application,
    Feedback,
    OfferCreate,
    Outcome,
    RedFlagCreate,
    RoundCreate,
    RoundFormat,
    StageEvent,
)
from tracker.services import applications, offers, redflags, rounds
from tracker.services.errors import ValidationError


def new_app(session, company: str = "Acme AI", role: str = "ML Engineer") -> Application:
    return applications.create_with_company(
        session=session, company_name=company, values={"role_title": role, "tier": 2}
    )


def past(hours: int = 2) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def test_duplicate_is_refused_unless_allowed(session):
    new_app(session)
    with pytest.raises(ValidationError) as exc:
        new_app(session, company="ACME ai", role=" ml engineer ")
    assert "already have" in exc.value.errors["duplicate"]
    again = applications.create_with_company(
        session=session,
        company_name="acme ai",
        values={"role_title": "ML Engineer"},
        allow_duplicate=True,
    )
    assert again.company_id == 1


def test_missing_company_is_a_field_error(session):
    with pytest.raises(ValidationError) as exc:
        applications.create_with_company(session=session, company_name="  ", values={})
    assert set(exc.value.errors) == {"company"}


def test_record_round_advances_and_sets_reflect_after(session):
    app = new_app(session)
    logged = rounds.record_round(
        session=session,
        data=RoundCreate(application_id=app.id, kind="coding", scheduled_at=past()),
        feedback={"questions_asked": "Two sum"},
    )
    assert (logged.stage_before, logged.stage_after) == ("applied", "technical")
    assert not logged.offer_to_reject
    fb = session.exec(select(Feedback)).one()
    assert fb.reflect_after == past().date() + timedelta(days=1)
    assert fb.reflected_on is None


def test_recording_a_scheduled_round_updates_it(session):
    app = new_app(session)
    when = datetime.now(UTC) + timedelta(days=2)
    booked = rounds.schedule_round(
        session=session,
        data=RoundCreate(application_id=app.id, kind="hiring_manager", scheduled_at=when),
    )
    assert app.stage == "applied"  # scheduling does not move the stage
    logged = rounds.record_round(
        session=session,
        round_id=booked.id,
        data=RoundCreate(
            application_id=app.id, kind="hiring_manager", scheduled_at=past(), outcome="passed"
        ),
        feedback={"went_well": "Good rapport", "learning_objectives": "- Tell the story"},
    )
    assert logged.round_id == booked.id
    assert logged.stage_after == "hiring_manager"
    assert booked.status == "done" and booked.outcome == "passed"
    # recording again updates the same feedback and adds only new objectives
    rounds.record_round(
        session=session,
        round_id=booked.id,
        data=RoundCreate(application_id=app.id, kind="hiring_manager", scheduled_at=past()),
        feedback={"learning_objectives": "Tell the story\nAsk about the roadmap"},
    )
    assert len(session.exec(select(Feedback)).all()) == 1


def test_round_time_checks(session):
    app = new_app(session)
    future = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        rounds.record_round(
            session=session,
            data=RoundCreate(application_id=app.id, kind="coding", scheduled_at=future),
        )
    assert "future" in exc.value.errors["scheduled_at"]
    with pytest.raises(ValidationError) as exc:
        rounds.schedule_round(
            session=session,
            data=RoundCreate(application_id=app.id, kind="coding", scheduled_at=past(48)),
        )
    assert "past" in exc.value.errors["scheduled_at"]


def test_failed_final_round_offers_rejection(session):
    app = new_app(session)
    logged = rounds.record_round(
        session=session,
        data=RoundCreate(
            application_id=app.id,
            kind="ml_system_design",
            format=RoundFormat.onsite,
            scheduled_at=past(),
            outcome=Outcome.failed,
        ),
    )
    assert logged.stage_after == "final" and logged.offer_to_reject
    forced = rounds.record_round(
        session=session,
        data=RoundCreate(
            application_id=new_app(session, role="DS").id,
            kind="coding",
            scheduled_at=past(),
            outcome=Outcome.failed,
        ),
        final_round=True,
    )
    assert forced.stage_after == "final" and forced.offer_to_reject


def test_add_offer_moves_stage_and_accept_withdraws_others(session):
    app, other = new_app(session), new_app(session, company="Other")
    offer = offers.add_offer(
        session=session,
        data=OfferCreate(application_id=app.id, base_salary=100000, vesting_bp_by_year=[10000]),
    )
    assert app.stage == "offer"
    withdrawn = offers.accept_offer(session=session, offer_id=offer.id, withdraw_others=True)
    assert withdrawn == [other.id]
    assert (app.close_reason, other.close_reason) == ("offer_accepted", "withdrew")
    closing = session.exec(
        select(StageEvent).where(StageEvent.application_id == other.id).order_by(StageEvent.id)
    ).all()[-1]
    assert closing.event_type == "closed"


def test_red_flag_from_a_round_is_tied_to_its_application(session):
    app = new_app(session)
    logged = rounds.record_round(
        session=session, data=RoundCreate(application_id=app.id, kind="coding", scheduled_at=past())
    )
    flag = redflags.create_red_flag(
        session=session,
        data=RedFlagCreate(
            company_id=app.company_id, round_id=logged.round_id, observed_on=date.today()
        ),
    )
    assert flag.application_id == app.id


def test_advance_and_reapply_rules(session):
    app = new_app(session)
    assert applications.advance_stage(session=session, application_id=app.id).stage == (
        "recruiter_screen"
    )
    applications.close_application(session=session, application_id=app.id, reason="rejected")
    with pytest.raises(ValidationError):
        applications.advance_stage(session=session, application_id=app.id)
    with pytest.raises(ValidationError) as exc:
        applications.set_reapply_after(
            session=session, application_id=app.id, reapply_after=date.today() - timedelta(days=1)
        )
    assert "reapply_after" in exc.value.errors
    later = date.today() + timedelta(days=180)
    assert (
        applications.set_reapply_after(
            session=session, application_id=app.id, reapply_after=later
        ).reapply_after
        == later
    )
