"""Red flags: what a candidate notices about a company, by category and severity."""

from __future__ import annotations

from sqlmodel import Session

from tracker.models import Application, Company, RedFlag, RedFlagCreate, Round
from tracker.services.errors import NotFoundError, collect


def create_red_flag(*, session: Session, data: RedFlagCreate) -> RedFlag:
    """Note a red flag on a company (optionally tied to one application or round)."""
    app = session.get(Application, data.application_id) if data.application_id else None
    rnd = session.get(Round, data.round_id) if data.round_id else None
    if rnd is not None and app is None:  # noted from a round: tie it to its application too
        app = session.get(Application, rnd.application_id)
        data = data.model_copy(update={"application_id": app.id})
    collect(
        {
            "company_id": (
                "Pick the company." if session.get(Company, data.company_id) is None else None
            ),
            "severity": (
                "Severity goes from 1 (minor) to 3 (serious)."
                if data.severity not in (1, 2, 3)
                else None
            ),
            "application_id": (
                "That application belongs to another company."
                if app is not None and app.company_id != data.company_id
                else None
            ),
            "round_id": (
                "That round belongs to another application."
                if rnd is not None and app is not None and rnd.application_id != app.id
                else None
            ),
        }
    )
    flag = RedFlag.model_validate(data)
    session.add(flag)
    session.flush()
    return flag


def delete_red_flag(*, session: Session, red_flag_id: int) -> None:
    flag = session.get(RedFlag, red_flag_id)
    if flag is None:
        raise NotFoundError(f"Red flag {red_flag_id} does not exist.")
    session.delete(flag)
    session.flush()
