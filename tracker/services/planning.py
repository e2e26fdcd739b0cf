"""Planner writes: the planned week of applications, and the calm day-after reflection.

- ``set_planned_weeks`` saves the week the user plans to take each application in
  (``applications.planned_week``, always the Monday of that week), many at once in the
  caller's one transaction, or none when any is invalid.
- ``record_reflection`` writes the reflection on a round: it completes the round's feedback
  that has no reflection yet (or creates one) and turns new learning objectives into
  checklist items, like ``services.rounds.save_feedback``.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from tracker.models import Application, Company, Feedback, FeedbackCreate, LearningObjective, utcnow
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.rounds import get_round, objective_lines, save_feedback


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def _name(session: Session, app: Application) -> str:
    company = session.get(Company, app.company_id)
    return f"{app.role_title} at {company.name}" if company else app.role_title


def set_planned_week(
    *, session: Session, application_id: int, week: date | None, today: date | None = None
) -> Application:
    """Plan one application for the week of ``week`` (None clears the plan)."""
    return set_planned_weeks(session=session, weeks={application_id: week}, today=today)[0]


def set_planned_weeks(
    *, session: Session, weeks: dict[int, date | None], today: date | None = None
) -> list[Application]:
    """Plan several applications at once; every week is checked before anything is written.

    A week is stored as its Monday. A changed plan may not be for a week already over, and
    closed applications cannot be planned. Errors are keyed ``planned_week``.
    """
    today = today or date.today()
    this_week = week_start(today)
    apps: list[Application] = []
    changes: list[tuple[Application, date | None]] = []
    problems: list[str] = []
    for application_id, week in weeks.items():
        app = session.get(Application, application_id)
        if app is None:
            raise NotFoundError(f"Application {application_id} does not exist.")
        apps.append(app)
        monday = week_start(week) if week is not None else None
        if monday == app.planned_week:
            continue
        if monday is not None and app.closed_on is not None:
            problems.append(f"“{_name(session, app)}” is closed: reopen it before planning it.")
        elif monday is not None and monday < this_week:
            problems.append(
                f"“{_name(session, app)}”: the week of {monday:%d %b %Y} is over; "
                "pick this week or a later one."
            )
        changes.append((app, monday))
    if problems:
        raise ValidationError({"planned_week": " ".join(problems)})
    for app, monday in changes:
        app.planned_week = monday
        app.updated_at = utcnow()
        session.add(app)
    session.flush()
    return apps


def _unreflected_feedback(session: Session, round_id: int) -> Feedback | None:
    rows = session.exec(
        select(Feedback).where(Feedback.round_id == round_id).order_by(Feedback.id.desc())
    )
    for row in rows:
        if row.reflected_on is None and not (row.went_well.strip() or row.to_improve.strip()):
            return row
    return None


def record_reflection(
    *,
    session: Session,
    round_id: int,
    went_well: str,
    to_improve: str,
    learning_objectives: str = "",
    questions_asked: str | None = None,
    on: date | None = None,
) -> Feedback:
    """Write the reflection on a round; each new learning objective becomes a checklist item.

    At least one of "went well" and "to improve" is required. The round's feedback that has
    no reflection yet is completed (its questions kept unless ``questions_asked`` is given);
    without one, new feedback is created.
    """
    rnd = get_round(session=session, round_id=round_id)
    if not (went_well.strip() or to_improve.strip()):
        raise ValidationError({"went_well": "Write what went well or what to improve (or both)."})
    on = on or date.today()
    feedback = _unreflected_feedback(session, rnd.id)
    if feedback is None:
        return save_feedback(
            session=session,
            data=FeedbackCreate(
                round_id=rnd.id,
                questions_asked=questions_asked or "",
                went_well=went_well.strip(),
                to_improve=to_improve.strip(),
                learning_objectives=learning_objectives.strip(),
                reflected_on=on,
                is_demo=rnd.is_demo,
            ),
        )
    feedback.went_well = went_well.strip()
    feedback.to_improve = to_improve.strip()
    if questions_asked is not None:
        feedback.questions_asked = questions_asked
    new_objectives = objective_lines(learning_objectives)
    if new_objectives:
        joined = "\n".join(filter(None, [feedback.learning_objectives.strip(), *new_objectives]))
        feedback.learning_objectives = joined
    feedback.reflected_on = on
    feedback.updated_at = utcnow()
    session.add(feedback)
    for text in new_objectives:
        session.add(
            LearningObjective(text=text, kind=rnd.kind, round_id=rnd.id, is_demo=feedback.is_demo)
        )
    session.flush()
    return feedback
