"""Applications and their life: create, edit, move stage, close, reopen, archive, delete.

Every stage change, closing and reopening is written as a StageEvent, so the analytics can
use the furthest stage an application reached, not only where it stands now.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, func, select

from tracker.models import (
    STAGE_ORDER,
    STAGES,
    Application,
    ApplicationCreate,
    ApplicationUpdate,
    CloseReason,
    Company,
    EventType,
    Feedback,
    Offer,
    RedFlag,
    Round,
    Stage,
    StageEvent,
    utcnow,
)
from tracker.services.companies import get_or_create_company
from tracker.services.errors import NotFoundError, ValidationError, collect


def today() -> date:
    return date.today()


def get_application(*, session: Session, application_id: int) -> Application:
    app = session.get(Application, application_id)
    if app is None:
        raise NotFoundError(f"Application {application_id} does not exist.")
    return app


def _date_checks(
    *, saved_on: date | None, applied_on: date | None, closed_on: date | None = None
) -> dict[str, str | None]:
    return {
        "applied_on": (
            "The applied date cannot be before the date you saved the posting."
            if saved_on and applied_on and applied_on < saved_on
            else None
        ),
        "closed_on": (
            "The closed date cannot be before the applied date."
            if closed_on and applied_on and closed_on < applied_on
            else None
        ),
    }


def _common_checks(values: dict) -> dict[str, str | None]:
    checks: dict[str, str | None] = {}
    if "role_title" in values:
        checks["role_title"] = (
            "Enter the role title." if not (values["role_title"] or "").strip() else None
        )
    if "tier" in values:
        tier = values["tier"]
        checks["tier"] = (
            "Interest tier must be 1 (dream), 2 (good) or 3 (practice)."
            if tier not in (1, 2, 3)
            else None
        )
    url = (values.get("posting_url") or "").strip()
    checks["posting_url"] = (
        "Enter a full web address starting with http:// or https://."
        if url and not url.startswith(("http://", "https://"))
        else None
    )
    return checks


def find_duplicates(
    *, session: Session, company_id: int, role_title: str, exclude_id: int | None = None
) -> list[Application]:
    """Applications with the same company and role title (any case)."""
    query = select(Application).where(
        Application.company_id == company_id,
        func.lower(Application.role_title) == role_title.strip().lower(),
    )
    if exclude_id is not None:
        query = query.where(Application.id != exclude_id)
    return list(session.exec(query))


def _event(
    session: Session,
    app: Application,
    event_type: EventType,
    on: date,
    *,
    stage: Stage | None = None,
    reason: CloseReason | None = None,
    note: str = "",
) -> StageEvent:
    event = StageEvent(
        application_id=app.id,
        event_type=event_type,
        stage=stage,
        close_reason=reason,
        occurred_on=on,
        note=note,
        is_demo=app.is_demo,
    )
    session.add(event)
    return event


def create_application(*, session: Session, data: ApplicationCreate) -> Application:
    """Add an application and the StageEvents that bring it to its starting stage."""
    values = data.model_dump()
    collect(
        {
            **_common_checks(values),
            **_date_checks(saved_on=data.saved_on, applied_on=data.applied_on),
            "company_id": (
                "Pick or create the company."
                if session.get(Company, data.company_id) is None
                else None
            ),
        }
    )
    stage = Stage(data.stage)
    app = Application.model_validate(data)
    app.role_title = data.role_title.strip()
    if stage != Stage.wishlist and app.applied_on is None:
        app.applied_on = today()
    if app.saved_on is None and stage == Stage.wishlist:
        app.saved_on = today()
    session.add(app)
    session.flush()
    if app.saved_on is not None:
        _event(session, app, EventType.stage, app.saved_on, stage=Stage.wishlist)
    if stage != Stage.wishlist:
        _event(session, app, EventType.stage, app.applied_on, stage=Stage.applied)
    if STAGE_ORDER[stage] > STAGE_ORDER[Stage.applied]:
        _event(session, app, EventType.stage, max(app.applied_on, today()), stage=stage)
    session.flush()
    return app


def update_application(
    *, session: Session, application_id: int, data: ApplicationUpdate
) -> Application:
    """Edit an application's fields (not its stage: use move_stage / close / reopen)."""
    app = get_application(session=session, application_id=application_id)
    changes = data.model_dump(exclude_unset=True)
    merged = {**app.model_dump(warnings=False), **changes}
    checks = {
        **_common_checks(changes),
        **_date_checks(
            saved_on=merged["saved_on"], applied_on=merged["applied_on"], closed_on=app.closed_on
        ),
    }
    if "company_id" in changes and session.get(Company, changes["company_id"]) is None:
        checks["company_id"] = "Pick or create the company."
    collect(checks)
    for key, value in changes.items():
        setattr(app, key, value.strip() if key == "role_title" else value)
    app.updated_at = utcnow()
    session.add(app)
    session.flush()
    return app


def move_stage(
    *, session: Session, application_id: int, stage: Stage | str, on: date | None = None
) -> Application:
    """Put an open application at ``stage`` and record the change as a StageEvent."""
    app = get_application(session=session, application_id=application_id)
    stage = Stage(stage)
    on = on or today()
    if app.closed_on is not None:
        raise ValidationError("This application is closed: reopen it before moving it.", "stage")
    if stage == Stage(app.stage):
        return app
    if stage != Stage.wishlist and app.applied_on is None:
        app.applied_on = on
        if STAGE_ORDER[stage] > STAGE_ORDER[Stage.applied]:
            _event(session, app, EventType.stage, on, stage=Stage.applied)
    if app.applied_on and stage != Stage.wishlist and on < app.applied_on:
        raise ValidationError("The date cannot be before the applied date.", "on")
    app.stage = stage
    app.updated_at = utcnow()
    session.add(app)
    _event(session, app, EventType.stage, on, stage=stage)
    session.flush()
    return app


def close_application(
    *,
    session: Session,
    application_id: int,
    reason: CloseReason | str,
    on: date | None = None,
    note: str = "",
) -> Application:
    """Close an application (rejected, withdrew, ghosted, offer declined/accepted)."""
    app = get_application(session=session, application_id=application_id)
    reason = CloseReason(reason)
    on = on or today()
    if app.closed_on is not None:
        raise ValidationError("This application is already closed.", "reason")
    collect(_date_checks(saved_on=None, applied_on=app.applied_on, closed_on=on))
    app.closed_on = on
    app.close_reason = reason
    app.updated_at = utcnow()
    session.add(app)
    _event(session, app, EventType.closed, on, reason=reason, note=note)
    session.flush()
    return app


def reopen_application(
    *, session: Session, application_id: int, on: date | None = None, note: str = ""
) -> Application:
    """Reopen a closed application (a resurrected process); the stage is kept."""
    app = get_application(session=session, application_id=application_id)
    if app.closed_on is None:
        raise ValidationError("This application is not closed.", "reopen")
    app.closed_on = None
    app.close_reason = None
    app.updated_at = utcnow()
    session.add(app)
    _event(session, app, EventType.reopened, on or today(), stage=Stage(app.stage), note=note)
    session.flush()
    return app


def set_archived(*, session: Session, application_id: int, archived: bool = True) -> Application:
    app = get_application(session=session, application_id=application_id)
    app.archived = archived
    app.updated_at = utcnow()
    session.add(app)
    session.flush()
    return app


def deletion_impact(*, session: Session, application_id: int) -> dict[str, int]:
    """What deleting this application takes with it, for the confirmation message."""
    round_ids = select(Round.id).where(Round.application_id == application_id)

    def count(model, *where) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())

    return {
        "stage events": count(StageEvent, StageEvent.application_id == application_id),
        "rounds": count(Round, Round.application_id == application_id),
        "feedback notes": count(Feedback, Feedback.round_id.in_(round_ids)),
        "offers": count(Offer, Offer.application_id == application_id),
        "red flags (kept on the company)": count(RedFlag, RedFlag.application_id == application_id),
    }


def delete_application(*, session: Session, application_id: int) -> None:
    """Delete an application with its events, rounds, feedback and offers."""
    app = get_application(session=session, application_id=application_id)
    session.delete(app)
    session.flush()


def furthest_stage(events: list[StageEvent]) -> Stage | None:
    """The furthest stage among an application's events (None if it has none)."""
    stages = [Stage(e.stage) for e in events if e.stage is not None]
    return max(stages, key=lambda s: STAGE_ORDER[s]) if stages else None


def next_stage(stage: Stage | str) -> Stage | None:
    """The stage after ``stage`` in the pipeline (None after an offer)."""
    rank = STAGE_ORDER[Stage(stage)]
    return STAGES[rank + 1] if rank + 1 < len(STAGES) else None


def advance_stage(*, session: Session, application_id: int, on: date | None = None) -> Application:
    """Move an open application to the next stage of the pipeline."""
    app = get_application(session=session, application_id=application_id)
    target = next_stage(app.stage)
    if target is None:
        raise ValidationError("This application is already at the offer stage.", "stage")
    return move_stage(session=session, application_id=application_id, stage=target, on=on)


def set_reapply_after(
    *, session: Session, application_id: int, reapply_after: date | None
) -> Application:
    """Remember when the company lets you apply again (None forgets it)."""
    app = get_application(session=session, application_id=application_id)
    reference = app.closed_on or app.applied_on
    if reapply_after is not None and reference is not None and reapply_after < reference:
        raise ValidationError(
            "The reapply date cannot be before the application was "
            + ("closed." if app.closed_on else "sent."),
            "reapply_after",
        )
    app.reapply_after = reapply_after
    app.updated_at = utcnow()
    session.add(app)
    session.flush()
    return app


def _company_for_name(session: Session, company_name: str | None) -> Company:
    name = (company_name or "").strip()
    if not name:
        raise ValidationError({"company": "Pick a company or type a new name."})
    return get_or_create_company(session=session, name=name)


def _duplicate_check(
    session: Session,
    company: Company,
    role_title: str,
    allow_duplicate: bool,
    exclude_id: int | None = None,
) -> None:
    if allow_duplicate or not (role_title or "").strip():
        return
    if find_duplicates(
        session=session, company_id=company.id, role_title=role_title, exclude_id=exclude_id
    ):
        raise ValidationError(
            {
                "duplicate": f"You already have “{role_title.strip()}” at {company.name}. "
                "Tick “Save anyway” if this is a different opening."
            }
        )


def create_with_company(
    *, session: Session, company_name: str | None, values: dict, allow_duplicate: bool = False
) -> Application:
    """One user action: find or create the company by name, then add the application.

    Refuses a second application with the same company and role title unless
    ``allow_duplicate`` (the message is under the ``duplicate`` key).
    """
    company = _company_for_name(session, company_name)
    _duplicate_check(session, company, values.get("role_title", ""), allow_duplicate)
    return create_application(
        session=session, data=ApplicationCreate(company_id=company.id, **values)
    )


def update_with_company(
    *,
    session: Session,
    application_id: int,
    company_name: str | None,
    values: dict,
    allow_duplicate: bool = False,
) -> Application:
    """Edit an application, its company picked or created by name (one transaction)."""
    company = _company_for_name(session, company_name)
    _duplicate_check(
        session,
        company,
        values.get("role_title", ""),
        allow_duplicate,
        exclude_id=application_id,
    )
    return update_application(
        session=session,
        application_id=application_id,
        data=ApplicationUpdate(company_id=company.id, **values),
    )


def other_open_applications(*, session: Session, application_id: int) -> list[Application]:
    """Open, unarchived applications other than this one (e.g. to withdraw after accepting)."""
    query = select(Application).where(
        Application.id != application_id,
        Application.closed_on.is_(None),
        Application.archived.is_(False),
    )
    return list(session.exec(query.order_by(Application.id)))
