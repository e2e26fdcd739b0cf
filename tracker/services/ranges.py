"""Compensation ranges: the user's own table of market ranges (validated writes).

Ranges are user data: the app ships none as market data (the demo campaign's ranges are
marked ``is_demo`` and say "Demo data" in their source). A range is valid when its track
and level are known, its currency is a known 3-letter code, and both its base and its
total-compensation percentiles are positive whole amounts with p25 <= p50 <= p75.

Two batch writes serve the Compensation ranges page, each one transaction that writes
everything or nothing:

* :func:`apply_range_edits` applies what ``st.data_editor`` reports (``edited_rows``,
  ``added_rows``, ``deleted_rows``; rows are positions in the table shown, mapped to range
  ids by ``row_ids``);
* :func:`import_ranges` adds the rows of an imported CSV file (rows identical to an
  existing range are skipped, so importing the same file twice adds nothing).

Both raise :class:`RangeEditError` (a ``ValidationError``) whose ``errors`` are keyed by
row: ``"row:<position>"`` for a row of the table, ``"new:<n>"`` for the n-th added row
(0-based) and ``"line:<n>"`` for an imported row (its line number in the file), each with
one message that names the fields at fault; ``rows`` holds the same as field -> message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from tracker.models import CompRange, CompRangeCreate, Level, Track
from tracker.services.errors import NotFoundError, ValidationError, collect
from tracker.services.offers import currency_check

PERCENTILE_FIELDS = ("base", "total")
MONEY_FIELDS = tuple(f"{prefix}_p{p}" for prefix in PERCENTILE_FIELDS for p in (25, 50, 75))
TEXT_LIMITS = {"location": 200, "source": 200}
RANGE_FIELDS = (
    "track",
    "level",
    "location",
    "currency",
    *MONEY_FIELDS,
    "source",
    "as_of",
)
"""The fields of a range a user edits, in table order."""

FIELD_NAMES = {
    "track": "Track",
    "level": "Level",
    "location": "Location",
    "currency": "Currency",
    "base": "Base",
    "total": "Total compensation",
    "source": "Source",
    "as_of": "As of",
}


def range_errors(values: dict) -> dict[str, str | None]:
    """Problems with a range's currency and percentiles, keyed "currency", "base", "total"."""
    checks: dict[str, str | None] = {"currency": currency_check(values.get("currency", ""))}
    for prefix in PERCENTILE_FIELDS:
        p25, p50, p75 = (values.get(f"{prefix}_p{p}") for p in (25, 50, 75))
        name = FIELD_NAMES[prefix]
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
    collect(range_errors({**row.model_dump(warnings=False), **changes}))
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


# ------------------------------------------------------------------- batch edits


class RangeEditError(ValidationError):
    """Bad rows in a batch: ``errors`` row key -> one message, ``rows`` row key -> fields."""

    def __init__(self, rows: dict[str, dict[str, str]]):
        self.rows = rows
        super().__init__({key: " ".join(fields.values()) for key, fields in rows.items()})


@dataclass(frozen=True)
class RangeEditSummary:
    """What one batch wrote."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    skipped: int = 0  # imported rows identical to an existing range


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _whole_amount(value: Any) -> int | None:
    """A money cell as an int (None when empty); ValueError when not a whole amount."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError
    return int(number)


def _as_date(value: Any) -> date | None:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    return date.fromisoformat(str(value).strip()[:10])


def _enum_value(value: Any, enum: type[Track] | type[Level]) -> str | None:
    if _missing(value):
        return None
    text = str(getattr(value, "value", value)).strip()
    return text if text in enum.__members__ else None


def clean_range(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Coerce one row of user input into range values; also return its problems by field.

    Money accepts ints, integral floats and digit text ("95,000"); dates accept ``date``,
    ``datetime`` or ISO text; blanks are None (text fields: ""). Problems are keyed by
    "track", "level", "currency", "base", "total", "location", "source" or "as_of".
    """
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field, enum in (("track", Track), ("level", Level)):
        values[field] = _enum_value(raw.get(field), enum)
        if values[field] is None:
            given = raw.get(field)
            problems[field] = (
                f"Pick a {field}."
                if _missing(given)
                else f"Unknown {field} “{given}”: pick one from the list."
            )
    for field, limit in TEXT_LIMITS.items():
        text = "" if _missing(raw.get(field)) else str(raw.get(field)).strip()
        values[field] = text
        if len(text) > limit:
            problems[field] = f"{FIELD_NAMES[field]}: at most {limit} characters."
    currency = raw.get("currency")
    values["currency"] = "" if _missing(currency) else str(currency).strip().upper()
    for field in MONEY_FIELDS:
        try:
            values[field] = _whole_amount(raw.get(field))
        except ValueError:
            values[field] = None
            prefix, pct = field.split("_")
            problems[prefix] = f"{FIELD_NAMES[prefix]} {pct}: enter a whole amount, e.g. 95000."
    try:
        values["as_of"] = _as_date(raw.get("as_of"))
    except (TypeError, ValueError):
        values["as_of"] = None
        problems["as_of"] = "As of: enter a date as YYYY-MM-DD."
    for field, message in range_errors(values).items():
        if message and field not in problems:
            problems[field] = message
    if not values["currency"]:
        problems["currency"] = "Pick a currency."
    return values, problems


def _editable(row: CompRange) -> dict[str, Any]:
    return {field: getattr(row, field) for field in RANGE_FIELDS}


@dataclass(frozen=True)
class RangeEditPlan:
    """What a batch of editor changes would do, or why it cannot (``problems``)."""

    problems: dict[str, dict[str, str]]
    updates: dict[int, dict[str, Any]]  # position -> clean values of the whole row
    additions: list[dict[str, Any]]
    deletions: list[int]  # positions


def plan_range_edits(
    *,
    rows: Sequence[Mapping[str, Any] | None],
    edited_rows: Mapping[int | str, Mapping[str, Any]] | None = None,
    added_rows: Sequence[Mapping[str, Any]] | None = None,
    deleted_rows: Sequence[int] | None = None,
) -> RangeEditPlan:
    """Validate a batch of ``st.data_editor`` changes without writing (pure).

    ``rows[i]`` holds the current values of the row shown at position ``i`` (None when
    that range no longer exists). A row both edited and deleted is deleted; an added row
    left completely blank is ignored. The page calls this on every run to show problems
    as the user types; :func:`apply_range_edits` calls it again before writing.
    """
    edited_rows, added_rows = edited_rows or {}, added_rows or []
    problems: dict[str, dict[str, str]] = {}

    def exists(position: int) -> bool:
        if not 0 <= position < len(rows):
            problems[f"row:{position}"] = {"_form": "This row is not in the table any more."}
            return False
        if rows[position] is None:
            problems[f"row:{position}"] = {
                "_form": "This range was deleted elsewhere: reload the page."
            }
            return False
        return True

    deletions = sorted(p for p in {int(p) for p in deleted_rows or []} if exists(p))
    updates: dict[int, dict[str, Any]] = {}
    for key, changes in edited_rows.items():
        position = int(key)
        if position in deletions or not changes or not exists(position):
            continue
        values, row_problems = clean_range({**rows[position], **changes})
        if row_problems:
            problems[f"row:{position}"] = row_problems
        else:
            updates[position] = values
    additions: list[dict[str, Any]] = []
    for n, raw in enumerate(added_rows):
        if all(_missing(value) for value in raw.values()):
            continue  # an empty row the user opened and left blank
        values, row_problems = clean_range(raw)
        if row_problems:
            problems[f"new:{n}"] = row_problems
        else:
            additions.append(values)
    return RangeEditPlan(problems, updates, additions, deletions)


def apply_range_edits(
    *,
    session: Session,
    row_ids: Sequence[int],
    edited_rows: Mapping[int | str, Mapping[str, Any]] | None = None,
    added_rows: Sequence[Mapping[str, Any]] | None = None,
    deleted_rows: Sequence[int] | None = None,
) -> RangeEditSummary:
    """Apply one ``st.data_editor`` session of edits to the ranges, all or nothing.

    ``row_ids[i]`` is the id of the range shown at position ``i``; ``edited_rows`` maps a
    position to its changed columns, ``added_rows`` are new rows, ``deleted_rows`` are
    positions (see :func:`plan_range_edits`). Every row is validated before anything is
    written; on any problem :class:`RangeEditError` is raised and nothing is written.
    """
    loaded = {
        row.id: row
        for row in session.exec(select(CompRange).where(CompRange.id.in_(list(row_ids))))
    }
    current = [loaded.get(int(range_id)) for range_id in row_ids]
    plan = plan_range_edits(
        rows=[_editable(row) if row is not None else None for row in current],
        edited_rows=edited_rows,
        added_rows=added_rows,
        deleted_rows=deleted_rows,
    )
    if plan.problems:
        raise RangeEditError(plan.problems)
    for position in plan.deletions:
        session.delete(current[position])
    for position, values in plan.updates.items():
        row = current[position]
        for field, value in values.items():
            setattr(row, field, value)
        session.add(row)
    for values in plan.additions:
        session.add(CompRange(**values))
    session.flush()
    return RangeEditSummary(
        added=len(plan.additions), updated=len(plan.updates), deleted=len(plan.deletions)
    )


def import_ranges(
    *, session: Session, rows: Sequence[tuple[int, Mapping[str, Any]]]
) -> RangeEditSummary:
    """Add imported ranges, all or nothing: ``rows`` are ``(line number, values)`` pairs.

    A row may carry ``is_demo`` (a file exported with demo rows keeps them marked demo).
    Rows identical (every field of :data:`RANGE_FIELDS`) to an existing range or to an
    earlier row of the file are skipped and counted in ``skipped``.
    """
    problems: dict[str, dict[str, str]] = {}
    existing = {tuple(_editable(row).values()) for row in session.exec(select(CompRange))}
    additions: list[dict[str, Any]] = []
    skipped = 0
    for line, raw in rows:
        values, row_problems = clean_range(raw)
        if row_problems:
            problems[f"line:{line}"] = row_problems
            continue
        signature = tuple(values[field] for field in RANGE_FIELDS)
        if signature in existing:
            skipped += 1
            continue
        existing.add(signature)
        additions.append({**values, "is_demo": bool(raw.get("is_demo", False))})
    if problems:
        raise RangeEditError(problems)
    for values in additions:
        session.add(CompRange(**values))
    session.flush()
    return RangeEditSummary(added=len(additions), skipped=skipped)
