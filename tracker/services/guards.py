"""Last line of defence for every write: text and numbers the database can store.

A ``before_flush`` hook checks every new or changed row, whatever service wrote it: text must
hold no NUL character (PostgreSQL refuses it) and fit its column, whole numbers must fit the
column's integer type. A violation raises the services' ValidationError, keyed by the field,
so the user reads a clear message and nothing of the action is written.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from tracker.services.errors import ValidationError

TEXT_LIMIT = 200_000  # characters in a free-text field (a long job description fits)
INT_LIMIT = 2**31 - 1  # PostgreSQL INTEGER


def _problem(column: sa.Column, value: object) -> str | None:
    if isinstance(value, str):
        if "\x00" in value:
            return "This text contains an invisible NUL character: remove it and try again."
        limit = getattr(column.type, "length", None) or TEXT_LIMIT
        if len(value) > limit:
            return f"Keep this under {limit:,} characters (it has {len(value):,})."
    elif isinstance(value, int) and not isinstance(value, bool):
        if isinstance(column.type, sa.Integer) and abs(value) > INT_LIMIT:
            return f"This number is too large (the limit is {INT_LIMIT:,})."
    elif isinstance(value, list) and any(isinstance(v, int) and abs(v) > INT_LIMIT for v in value):
        return f"A number in this list is too large (the limit is {INT_LIMIT:,})."
    return None


def check_row(row: object) -> dict[str, str]:
    """Every storage problem of one ORM row, keyed by field name."""
    table = getattr(type(row), "__table__", None)
    if table is None:
        return {}
    problems = {}
    for column in table.columns:
        message = _problem(column, getattr(row, column.key, None))
        if message:
            problems[column.key] = message
    return problems


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context, _instances) -> None:
    problems: dict[str, str] = {}
    for row in list(session.new) + list(session.dirty):
        problems |= check_row(row)
    if problems:
        raise ValidationError(problems)
