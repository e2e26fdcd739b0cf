"""Compensation ranges: the user's own table of market ranges (validated writes)."""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.models import CompRange, CompRangeCreate
from tracker.services.errors import NotFoundError, collect
from tracker.services.offers import currency_check

PERCENTILE_FIELDS = ("base", "total")


def range_errors(values: dict) -> dict[str, str | None]:
    checks: dict[str, str | None] = {"currency": currency_check(values.get("currency", ""))}
    for prefix in PERCENTILE_FIELDS:
        p25, p50, p75 = (values.get(f"{prefix}_p{p}") for p in (25, 50, 75))
        name = "Base" if prefix == "base" else "Total compensation"
        if any(v is None for v in (p25, p50, p75)):
            checks[prefix] = f"{name}: enter p25, p50 and p75."
        elif min(p25, p50, p75) <= 0:
            checks[prefix] = f"{name}: amounts must be positive."
        elif not p25 <= p50 <= p75:
            checks[prefix] = f"{name}: p25 must be ≤ p50 ≤ p75."
        else:
            checks[prefix] = None
    return checks


def create_range(*, session: Session, data: CompRangeCreate) -> CompRange:
    collect(range_errors(data.model_dump()))
    row = CompRange.model_validate(data)
    session.add(row)
    session.flush()
    return row


def update_range(*, session: Session, range_id: int, **changes) -> CompRange:
    row = session.get(CompRange, range_id)
    if row is None:
        raise NotFoundError(f"Range {range_id} does not exist.")
    collect(range_errors({**row.model_dump(), **changes}))
    for key, value in changes.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def delete_range(*, session: Session, range_id: int) -> None:
    row = session.get(CompRange, range_id)
    if row is None:
        raise NotFoundError(f"Range {range_id} does not exist.")
    session.delete(row)
    session.flush()


def list_ranges(*, session: Session) -> list[CompRange]:
    return list(session.exec(select(CompRange).order_by(CompRange.track, CompRange.level)))
