"""Interview rounds, their kinds, outcomes and feedback.

Recording that a round happened moves the application forward when the round implies a
later stage than the current one (a first technical round -> technical rounds, an onsite or
final round -> final/onsite). Feedback's learning objectives become checklist items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.models import (
    STAGE_ORDER,
    Application,
    Feedback,
    FeedbackCreate,
    LearningObjective,
    Outcome,
    Round,
    RoundCreate,
    RoundFormat,
    RoundKind,
    RoundStatus,
    RoundUpdate,
    Stage,
    utcnow,
)
from tracker.services.applications import get_application, move_stage
from tracker.services.errors import NotFoundError, ValidationError, collect

FINAL_KINDS = {"team_match"}
KIND_STAGE = {"recruiter_screen": Stage.recruiter_screen, "hiring_manager": Stage.hiring_manager}


def list_round_kinds(*, session: Session) -> list[RoundKind]:
    return list(session.exec(select(RoundKind).order_by(RoundKind.builtin.desc(), RoundKind.label)))


def add_round_kind(*, session: Session, label: str, default_minutes: int = 45) -> RoundKind:
    """A user-defined round kind (e.g. "Paper discussion")."""
    label = label.strip()
    key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50]
    collect(
        {
            "label": "Enter a name for the round kind." if not key else None,
            "default_minutes": (
                "Typical length must be between 5 minutes and 7 days."
                if not 5 <= default_minutes <= 10080
                else None
            ),
        }
    )
    if session.get(RoundKind, key) is not None:
        raise ValidationError({"label": f"A round kind “{label}” already exists."})
    kind = RoundKind(key=key, label=label, default_minutes=default_minutes, builtin=False)
    session.add(kind)
    session.flush()
    return kind


def stage_for_round(kind: str, fmt: RoundFormat | str | None = None) -> Stage:
    """The pipeline stage a round of this kind (and format) belongs to."""
    if kind in FINAL_KINDS or fmt == RoundFormat.onsite:
        return Stage.final
    return KIND_STAGE.get(kind, Stage.technical)


def as_utc(value: datetime | None) -> datetime | None:
    """A round's time as stored: aware, in UTC; a naive time is taken as local time."""
    if value is None:
        return None
    return value.astimezone(UTC)


def _round_checks(values: dict) -> dict[str, str | None]:
    rating = values.get("self_rating")
    minutes = values.get("duration_minutes")
    return {
        "self_rating": (
            "Self-rating goes from 1 (poor) to 5 (excellent)."
            if rating is not None and not 1 <= rating <= 5
            else None
        ),
        "duration_minutes": (
            "Duration must be between 5 minutes and 7 days."
            if minutes is not None and not 5 <= minutes <= 10080
            else None
        ),
    }


def get_round(*, session: Session, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise NotFoundError(f"Round {round_id} does not exist.")
    return rnd


def create_round(
    *, session: Session, data: RoundCreate, duration_minutes: int | None = None
) -> Round:
    """Schedule (or log) a round; duration defaults from its kind when not given."""
    kind = session.get(RoundKind, data.kind)
    app = session.get(Application, data.application_id)
    values = data.model_dump()
    if duration_minutes is not None:
        values["duration_minutes"] = duration_minutes
    elif kind is not None and "duration_minutes" not in data.model_fields_set:
        values["duration_minutes"] = kind.default_minutes
    collect(
        {
            **_round_checks(values),
            "kind": "Pick the kind of round." if kind is None else None,
            "application_id": "Pick the application." if app is None else None,
        }
    )
    values["scheduled_at"] = as_utc(values.get("scheduled_at"))
    rnd = Round.model_validate(values)
    session.add(rnd)
    session.flush()
    if rnd.status == RoundStatus.done:
        _advance_for_round(session, rnd)
    return rnd


def update_round(*, session: Session, round_id: int, data: RoundUpdate) -> Round:
    rnd = get_round(session=session, round_id=round_id)
    changes = data.model_dump(exclude_unset=True)
    checks = _round_checks(changes)
    if "kind" in changes and session.get(RoundKind, changes["kind"]) is None:
        checks["kind"] = "Pick the kind of round."
    collect(checks)
    if "scheduled_at" in changes:
        changes["scheduled_at"] = as_utc(changes["scheduled_at"])
    for key, value in changes.items():
        setattr(rnd, key, value)
    rnd.updated_at = utcnow()
    session.add(rnd)
    session.flush()
    if rnd.status == RoundStatus.done:
        _advance_for_round(session, rnd)
    return rnd


def record_outcome(
    *,
    session: Session,
    round_id: int,
    outcome: Outcome | str,
    self_rating: int | None = None,
    status: RoundStatus | str = RoundStatus.done,
) -> Round:
    """Record what happened in a round; advances the application's stage when it should."""
    return update_round(
        session=session,
        round_id=round_id,
        data=RoundUpdate(outcome=Outcome(outcome), self_rating=self_rating, status=status),
    )


def _advance_for_round(session: Session, rnd: Round) -> None:
    app = get_application(session=session, application_id=rnd.application_id)
    target = stage_for_round(rnd.kind, rnd.format)
    if app.closed_on is not None or STAGE_ORDER[target] <= STAGE_ORDER[Stage(app.stage)]:
        return
    on = rnd.scheduled_at.date() if rnd.scheduled_at else date.today()
    if app.applied_on and on < app.applied_on:
        on = app.applied_on
    move_stage(session=session, application_id=app.id, stage=target, on=on)


def delete_round(*, session: Session, round_id: int) -> None:
    session.delete(get_round(session=session, round_id=round_id))
    session.flush()


def objective_lines(text: str) -> list[str]:
    """The learning objectives written in feedback, one per non-empty line (bullets removed)."""
    lines = (re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.splitlines())
    return [line[:500] for line in lines if line]


def save_feedback(*, session: Session, data: FeedbackCreate) -> Feedback:
    """Store feedback on a round; each learning objective becomes a checklist item.

    Feedback with nothing reflected yet (no "went well" and no "to improve") gets a
    reflect-after date one day after the round, as DOMAIN.md advises: note the questions now,
    reflect calmly a day later.
    """
    rnd = session.get(Round, data.round_id)
    if rnd is None:
        raise ValidationError({"round_id": "Pick the round this feedback is about."})
    feedback = Feedback.model_validate(data)
    reflected = bool(data.went_well.strip() or data.to_improve.strip())
    if feedback.reflect_after is None and not reflected:
        when = rnd.scheduled_at.date() if isinstance(rnd.scheduled_at, datetime) else date.today()
        feedback.reflect_after = when + timedelta(days=1)
    if reflected and feedback.reflected_on is None:
        feedback.reflected_on = date.today()
    session.add(feedback)
    for text in objective_lines(data.learning_objectives):
        session.add(
            LearningObjective(text=text, kind=rnd.kind, round_id=rnd.id, is_demo=data.is_demo)
        )
    session.flush()
    return feedback


def set_objective_done(*, session: Session, objective_id: int, done: bool = True) -> None:
    obj = session.get(LearningObjective, objective_id)
    if obj is None:
        raise NotFoundError(f"Learning objective {objective_id} does not exist.")
    obj.done = done
    obj.done_on = date.today() if done else None
    session.add(obj)
    session.flush()


def set_objectives_done(*, session: Session, objective_ids: list[int], done: bool = True) -> int:
    """``set_objective_done`` of every objective of ``objective_ids`` in one statement (a
    checklist item can stand for thousands in a cohort); returns how many were set. Raises
    NotFoundError, writing nothing, when one of them does not exist."""
    wanted = sorted({int(i) for i in objective_ids})
    if not wanted:
        return 0
    found = session.execute(
        sa.select(sa.func.count()).where(LearningObjective.id.in_(wanted))
    ).scalar()
    if found != len(wanted):
        raise NotFoundError(f"{len(wanted) - found} of these learning objectives do not exist.")
    session.execute(
        sa.update(LearningObjective)
        .where(LearningObjective.id.in_(wanted))
        .values(done=done, done_on=date.today() if done else None)
    )
    return len(wanted)


# --------------------------------------------------------------------------- log a round

FEEDBACK_TEXT_FIELDS = ("questions_asked", "went_well", "to_improve", "learning_objectives")


@dataclass(frozen=True)
class RoundLogged:
    """What recording a round did, for the page to tell the user."""

    round_id: int
    application_id: int
    stage_before: Stage
    stage_after: Stage
    offer_to_reject: bool  # a failed final round of a still-open application


def _check_application_open(session: Session, application_id: int | None) -> dict[str, str]:
    app = session.get(Application, application_id) if application_id else None
    if app is None:
        return {"application_id": "Pick the application."}
    return {}


def schedule_round(*, session: Session, data: RoundCreate, now: datetime | None = None) -> Round:
    """Book a future round (status scheduled, outcome pending); its time is required."""
    now = now or datetime.now(UTC)
    errors = _check_application_open(session, data.application_id)
    if data.scheduled_at is None:
        errors["scheduled_at"] = "Pick the date and time of the round."
    elif _aware(data.scheduled_at) < now - timedelta(hours=12):
        errors["scheduled_at"] = (
            "That time is in the past: to log a round that already happened, "
            "choose “Record what happened”."
        )
    collect(errors)
    return create_round(
        session=session,
        data=data.model_copy(update={"status": RoundStatus.scheduled, "outcome": Outcome.pending}),
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def upsert_feedback(*, session: Session, round_id: int, **texts) -> Feedback:
    """Create or update the self-feedback of a round; new learning objectives are added once."""
    existing = session.exec(select(Feedback).where(Feedback.round_id == round_id)).first()
    if existing is None:
        return save_feedback(session=session, data=FeedbackCreate(round_id=round_id, **texts))
    rnd = get_round(session=session, round_id=round_id)
    known = set(
        session.exec(
            select(LearningObjective.text).where(LearningObjective.round_id == round_id)
        ).all()
    )
    for key, value in texts.items():
        setattr(existing, key, value)
    if (existing.went_well.strip() or existing.to_improve.strip()) and not existing.reflected_on:
        existing.reflected_on = date.today()
    existing.updated_at = utcnow()
    session.add(existing)
    for text in objective_lines(existing.learning_objectives):
        if text not in known:
            session.add(
                LearningObjective(text=text, kind=rnd.kind, round_id=rnd.id, is_demo=rnd.is_demo)
            )
    session.flush()
    return existing


def record_round(
    *,
    session: Session,
    data: RoundCreate,
    round_id: int | None = None,
    feedback: dict[str, str] | None = None,
    final_round: bool = False,
    now: datetime | None = None,
) -> RoundLogged:
    """Record a round that happened (a new one, or the scheduled ``round_id``) and its feedback.

    One user action: the round is marked done with its outcome, the application's stage moves
    forward when the round implies it (``final_round`` forces the final/onsite stage), and the
    feedback is stored; without reflection it gets a reflect-after date one day later.
    """
    now = now or datetime.now(UTC)
    errors = _check_application_open(session, data.application_id)
    if data.scheduled_at is None:
        errors["scheduled_at"] = "Pick when the round took place."
    elif _aware(data.scheduled_at) > now + timedelta(hours=1):
        errors["scheduled_at"] = (
            "That time is in the future: a round you record has already happened "
            "(choose “Schedule it” to book a future round)."
        )
    existing = session.get(Round, round_id) if round_id is not None else None
    if round_id is not None and (
        existing is None or existing.application_id != data.application_id
    ):
        errors["round_id"] = "That round does not belong to this application."
    collect(errors)
    app = get_application(session=session, application_id=data.application_id)
    before = Stage(app.stage)
    values = data.model_copy(update={"status": RoundStatus.done})
    if existing is None:
        rnd = create_round(session=session, data=values)
    else:
        fields = values.model_dump(include=set(RoundUpdate.model_fields))
        rnd = update_round(session=session, round_id=existing.id, data=RoundUpdate(**fields))
    is_final = final_round or stage_for_round(rnd.kind, rnd.format) == Stage.final
    if final_round and app.closed_on is None and STAGE_ORDER[before] < STAGE_ORDER[Stage.final]:
        on = min(_aware(rnd.scheduled_at).date(), date.today())
        move_stage(
            session=session,
            application_id=app.id,
            stage=Stage.final,
            on=max(on, app.applied_on) if app.applied_on else on,
        )
    texts = {k: (feedback or {}).get(k, "") or "" for k in FEEDBACK_TEXT_FIELDS}
    upsert_feedback(session=session, round_id=rnd.id, **texts)
    session.refresh(app)
    return RoundLogged(
        round_id=rnd.id,
        application_id=app.id,
        stage_before=before,
        stage_after=Stage(app.stage),
        offer_to_reject=(
            is_final and Outcome(rnd.outcome) == Outcome.failed and app.closed_on is None
        ),
    )
