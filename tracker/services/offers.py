"""Offers: validated writes (money is whole units of a currency), status changes."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

# comp is a pure leaf module (no tracker imports): the one home of the vesting rules
from tracker.analytics.comp import validate_vesting
from tracker.models import (
    Application,
    CloseReason,
    Offer,
    OfferCreate,
    OfferStatus,
    Stage,
    utcnow,
)
from tracker.services.applications import (
    close_application,
    move_stage,
    other_open_applications,
)
from tracker.services.errors import NotFoundError, collect
from tracker.services.settings import CURRENCIES

MONEY_FIELDS = ("base_salary", "equity_grant_total", "relocation")


def currency_check(currency: str) -> str | None:
    if currency not in CURRENCIES:
        return f"Unknown currency “{currency}”: use a 3-letter code such as USD, EUR or GBP."
    return None


def offer_errors(values: dict) -> dict[str, str | None]:
    """Every problem with an offer's values, keyed by field."""
    checks: dict[str, str | None] = {
        field: "Amounts cannot be negative." if values.get(field, 0) < 0 else None
        for field in MONEY_FIELDS
    }
    checks["base_salary"] = checks["base_salary"] or (
        "Enter the base salary." if values.get("base_salary", 0) == 0 else None
    )
    checks["currency"] = currency_check(values.get("currency", ""))
    bonus = values.get("target_bonus_bp", 0)
    checks["target_bonus_bp"] = (
        "Target bonus must be between 0 and 200 % of base." if not 0 <= bonus <= 20000 else None
    )
    sign_on = values.get("sign_on_by_year") or []
    checks["sign_on_by_year"] = (
        "Sign-on amounts cannot be negative." if any(x < 0 for x in sign_on) else None
    )
    if values.get("equity_grant_total", 0) > 0 or "vesting_bp_by_year" in values:
        checks["vesting_bp_by_year"] = validate_vesting(values.get("vesting_bp_by_year") or [])
    cliff = values.get("cliff_months", 12)
    checks["cliff_months"] = (
        "The cliff must be between 0 and 48 months." if not 0 <= cliff <= 48 else None
    )
    received, deadline = values.get("received_on"), values.get("deadline")
    checks["deadline"] = (
        "The deadline cannot be before the day the offer was received."
        if received and deadline and deadline < received
        else None
    )
    return checks


def get_offer(*, session: Session, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFoundError(f"Offer {offer_id} does not exist.")
    return offer


def create_offer(*, session: Session, data: OfferCreate) -> Offer:
    values = data.model_dump()
    checks = offer_errors(values)
    if session.get(Application, data.application_id) is None:
        checks["application_id"] = "Pick the application this offer is for."
    collect(checks)
    offer = Offer.model_validate(values)
    offer.vesting_bp_by_year = list(data.vesting_bp_by_year)
    offer.sign_on_by_year = list(data.sign_on_by_year)
    session.add(offer)
    session.flush()
    return offer


def update_offer(*, session: Session, offer_id: int, **changes) -> Offer:
    """Edit an offer's fields (validated as a whole)."""
    offer = get_offer(session=session, offer_id=offer_id)
    # a row read back holds its enums as the stored strings: no serializer warnings for that
    values = {**offer.model_dump(warnings=False), **changes}
    collect(offer_errors(values))
    for key, value in changes.items():
        setattr(offer, key, list(value) if isinstance(value, list) else value)
    offer.updated_at = utcnow()
    session.add(offer)
    session.flush()
    return offer


def set_offer_status(*, session: Session, offer_id: int, status: OfferStatus | str) -> Offer:
    """Change an offer's status; accepting or declining also closes its application."""
    status = OfferStatus(status)
    offer = update_offer(session=session, offer_id=offer_id, status=status)
    app = session.get(Application, offer.application_id)
    closing = {
        OfferStatus.accepted: CloseReason.offer_accepted,
        OfferStatus.declined: CloseReason.offer_declined,
    }
    if status in closing and app.closed_on is None:
        close_application(session=session, application_id=app.id, reason=closing[status])
    return offer


def delete_offer(*, session: Session, offer_id: int) -> None:
    session.delete(get_offer(session=session, offer_id=offer_id))
    session.flush()


def accept_offer(*, session: Session, offer_id: int, withdraw_others: bool = False) -> list[int]:
    """Accept an offer (closing its application as accepted) in one transaction.

    With ``withdraw_others`` every other open, unarchived application is closed as
    "I withdrew"; returns the ids of the applications withdrawn.
    """
    offer = set_offer_status(session=session, offer_id=offer_id, status=OfferStatus.accepted)
    if not withdraw_others:
        return []
    others = other_open_applications(session=session, application_id=offer.application_id)
    for app in others:
        close_application(
            session=session,
            application_id=app.id,
            reason=CloseReason.withdrew,
            note="Withdrawn after accepting another offer.",
        )
    return [app.id for app in others]


def offer_for_application(*, session: Session, application_id: int) -> Offer | None:
    """The latest offer of an application, if any."""
    query = select(Offer).where(Offer.application_id == application_id).order_by(Offer.id.desc())
    return session.exec(query).first()


def add_offer(*, session: Session, data: OfferCreate) -> Offer:
    """Record an offer and move its open application to the offer stage (one action)."""
    offer = create_offer(session=session, data=data)
    app = session.get(Application, data.application_id)
    if app.closed_on is None and app.stage != Stage.offer:
        move_stage(
            session=session,
            application_id=app.id,
            stage=Stage.offer,
            on=max(data.received_on or date.today(), app.applied_on or date.min),
        )
    return offer
