"""Planner writes: planned weeks (saved as Mondays, all or nothing) and reflections."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from tracker.models import (
    ApplicationCreate,
    CompanyCreate,
    Feedback,
    FeedbackCreate,
    LearningObjective,
    RoundCreate,
    RoundStatus,
)
from tracker.services import applications as app_service
from tracker.services import companies as company_service
from tracker.services import rounds as round_service
from tracker.services.errors import ValidationError
from tracker.services.planning import record_reflection, set_planned_week, set_planned_weeks

TODAY = date(2026, 3, 4)  # Wednesday


def make_app(session, name="Acme", role="MLE", tier=2):
    company = company_service.get_or_create_company(session=session, name=name)
    return app_service.create_application(
        session=session,
        data=ApplicationCreate(
            company_id=company.id, role_title=role, tier=tier, applied_on=date(2026, 2, 1)
        ),
    )


def test_planned_week_is_stored_as_its_monday_and_can_be_cleared(session):
    app = make_app(session)
    set_planned_week(session=session, application_id=app.id, week=date(2026, 3, 13), today=TODAY)
    assert app.planned_week == date(2026, 3, 9)
    set_planned_week(session=session, application_id=app.id, week=None, today=TODAY)
    assert app.planned_week is None


def test_planned_weeks_are_all_or_nothing(session):
    good, closed = make_app(session, "A"), make_app(session, "B")
    app_service.close_application(
        session=session, application_id=closed.id, reason="withdrew", on=date(2026, 3, 1)
    )
    past = make_app(session, "C")
    with pytest.raises(ValidationError) as err:
        set_planned_weeks(
            session=session,
            weeks={
                good.id: date(2026, 3, 16),
                closed.id: date(2026, 3, 16),
                past.id: date(2026, 2, 23),
            },
            today=TODAY,
        )
    message = err.value.errors["planned_week"]
    assert "MLE at B" in message and "closed" in message
    assert "MLE at C" in message and "is over" in message
    assert good.planned_week is None
    # this week (Monday before today) is allowed
    set_planned_weeks(session=session, weeks={good.id: date(2026, 3, 2)}, today=TODAY)
    assert good.planned_week == date(2026, 3, 2)


def test_an_unchanged_past_plan_does_not_block_saving_others(session):
    old, other = make_app(session, "A"), make_app(session, "B")
    set_planned_week(
        session=session, application_id=old.id, week=date(2026, 2, 2), today=date(2026, 2, 1)
    )
    set_planned_weeks(
        session=session, weeks={old.id: date(2026, 2, 4), other.id: date(2026, 3, 9)}, today=TODAY
    )
    assert (old.planned_week, other.planned_week) == (date(2026, 2, 2), date(2026, 3, 9))


def make_round(session, app):
    return round_service.create_round(
        session=session,
        data=RoundCreate(
            application_id=app.id,
            kind="coding",
            scheduled_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
            status=RoundStatus.done,
        ),
    )


def test_reflection_completes_the_notes_taken_right_after_the_round(session):
    rnd = make_round(session, make_app(session))
    notes = round_service.save_feedback(
        session=session, data=FeedbackCreate(round_id=rnd.id, questions_asked="Merge k lists")
    )
    assert notes.reflected_on is None
    with pytest.raises(ValidationError) as err:
        record_reflection(session=session, round_id=rnd.id, went_well=" ", to_improve="")
    assert "went_well" in err.value.errors
    saved = record_reflection(
        session=session,
        round_id=rnd.id,
        went_well="Clear plan",
        to_improve="Talk about complexity",
        learning_objectives="- Practise heaps\n\n2. Time myself",
        on=TODAY,
    )
    assert saved.id == notes.id
    assert (saved.went_well, saved.reflected_on) == ("Clear plan", TODAY)
    assert saved.questions_asked == "Merge k lists"
    objectives = session.exec(select(LearningObjective).order_by(LearningObjective.id)).all()
    assert [(o.text, o.kind, o.round_id) for o in objectives] == [
        ("Practise heaps", "coding", rnd.id),
        ("Time myself", "coding", rnd.id),
    ]
    assert len(session.exec(select(Feedback)).all()) == 1


def test_reflection_without_notes_creates_the_feedback(session):
    rnd = make_round(session, make_app(session))
    saved = record_reflection(
        session=session, round_id=rnd.id, went_well="", to_improve="Slow down", on=TODAY,
        questions_asked="Q1\nQ2",
    )  # fmt: skip
    assert saved.round_id == rnd.id and saved.reflected_on == TODAY
    assert saved.questions_asked == "Q1\nQ2"


def test_company_name_in_messages_comes_from_the_company(session):
    company = company_service.create_company(session=session, data=CompanyCreate(name="Zed"))
    app = app_service.create_application(
        session=session, data=ApplicationCreate(company_id=company.id, role_title="DS")
    )
    with pytest.raises(ValidationError, match="DS at Zed"):
        set_planned_week(session=session, application_id=app.id, week=date(2020, 1, 6), today=TODAY)
