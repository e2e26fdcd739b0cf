"""The read side: each table (or a join the pages need) as a pandas DataFrame of columns.

One SQL query per frame, columns not ORM objects; analytics functions take these frames.
Dates come back as ``datetime64`` (day precision, naive), timestamps as UTC-aware
``datetime64``; enum columns are their stored string values. ``include_demo=False`` drops
rows of the demo campaign.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import (
    Application,
    Company,
    CompRange,
    Feedback,
    LearningObjective,
    Offer,
    RedFlag,
    Round,
    RoundKind,
    StageEvent,
)

DATE_COLUMNS = {
    "saved_on", "applied_on", "closed_on", "reapply_after", "next_follow_up", "planned_week",
    "occurred_on", "reflect_after", "reflected_on", "observed_on", "received_on", "deadline",
    "as_of", "done_on",
}  # fmt: skip
TIMESTAMP_COLUMNS = {"created_at", "updated_at", "scheduled_at"}


def _driver_rows(session: Session, query: sa.Select) -> tuple[list[str], list[tuple]]:
    """The query's column names and rows, fetched with the driver's own cursor.

    SQLAlchemy's per-value result processing (timezone re-attachment, type conversion) costs
    more than the fetch itself on tens of thousands of rows; every conversion the frames need
    is done afterwards, a column at a time, by ``_column``.
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect)
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    result = connection.exec_driver_sql(compiled.string, params)  # no typed result processing
    try:
        cursor = result.cursor  # the DBAPI cursor: plain tuples, no Row objects
        return [column[0] for column in cursor.description], cursor.fetchall()
    finally:
        result.close()


def _first_value(values: tuple) -> object:
    return next((v for v in values if v is not None), None)


def _datetimes(values: tuple, *, unit: str, utc: bool) -> pd.Series:
    """ISO text (SQLite) or date/datetime objects (PostgreSQL) as ``datetime64``; bad -> NaT."""
    if isinstance(_first_value(values), str):
        try:  # numpy parses ISO 8601 text in C, None as NaT
            parsed = pd.Series(np.array(values, dtype=object).astype(f"datetime64[{unit}]"))
            return parsed.dt.tz_localize("UTC") if utc else parsed
        except ValueError:
            pass
    parsed = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce", utc=utc)
    return parsed.astype(f"datetime64[{unit}, UTC]" if utc else f"datetime64[{unit}]")


def _column(name: str, values: tuple, sql_type: object) -> pd.Series:
    """One result column as a typed Series: dates and timestamps as ``datetime64``, booleans
    as bool (SQLite stores 0/1), JSON decoded (SQLite returns its text)."""
    if name in DATE_COLUMNS:
        return _datetimes(values, unit="s", utc=False)
    if name in TIMESTAMP_COLUMNS:
        return _datetimes(values, unit="us", utc=True)
    if isinstance(sql_type, sa.Boolean) and None not in values:
        return pd.Series(values, dtype=bool)
    if isinstance(sql_type, sa.JSON):
        return pd.Series([json.loads(v) if isinstance(v, str) else v for v in values], dtype=object)
    return pd.Series(values, dtype=None if values else object)


def _read(session: Session, query: sa.Select) -> pd.DataFrame:
    """The query's rows as a frame of typed columns (see ``_column``)."""
    names, rows = _driver_rows(session, query)
    types = {column.name: column.type for column in query.selected_columns}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pd.DataFrame(
        {
            name: _column(name, values, types.get(name))
            for name, values in zip(names, columns, strict=True)
        }
    )


def _demo_filter(query: sa.Select, model, include_demo: bool) -> sa.Select:
    return query if include_demo else query.where(model.is_demo.is_(False))


def companies_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = sa.select(*Company.__table__.columns).order_by(Company.name_key)
    return _read(session, _demo_filter(query, Company, include_demo))


def applications_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Applications with their company's name, type and visa sponsorship."""
    query = (
        sa.select(
            *Application.__table__.columns,
            Company.name.label("company"),
            Company.company_type,
            Company.sponsors_visa,
        )
        .join(Company, Company.id == Application.company_id)
        .order_by(Application.id)
    )
    return _read(session, _demo_filter(query, Application, include_demo))


def stage_events_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = sa.select(*StageEvent.__table__.columns).order_by(
        StageEvent.application_id, StageEvent.occurred_on, StageEvent.id
    )
    return _read(session, _demo_filter(query, StageEvent, include_demo))


def rounds_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Rounds with their kind's label, application tier/track/level and company name."""
    query = (
        sa.select(
            *Round.__table__.columns,
            RoundKind.label.label("kind_label"),
            Application.tier,
            Application.track,
            Application.level,
            Application.role_title,
            Application.company_id,
            Company.name.label("company"),
            Company.company_type,
        )
        .join(RoundKind, RoundKind.key == Round.kind)
        .join(Application, Application.id == Round.application_id)
        .join(Company, Company.id == Application.company_id)
        .order_by(Round.scheduled_at, Round.id)
    )
    return _read(session, _demo_filter(query, Round, include_demo))


def feedback_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = sa.select(*Feedback.__table__.columns).order_by(Feedback.id)
    return _read(session, _demo_filter(query, Feedback, include_demo))


def objectives_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = sa.select(*LearningObjective.__table__.columns).order_by(LearningObjective.id)
    return _read(session, _demo_filter(query, LearningObjective, include_demo))


def red_flags_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = (
        sa.select(*RedFlag.__table__.columns, Company.name.label("company"))
        .join(Company, Company.id == RedFlag.company_id)
        .order_by(Company.name_key, RedFlag.observed_on)
    )
    return _read(session, _demo_filter(query, RedFlag, include_demo))


def offers_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Offers with their application's role, track, targeted level, tier and company."""
    query = (
        sa.select(
            *Offer.__table__.columns,
            Application.role_title,
            Application.track,
            Application.level.label("level_targeted"),
            Application.tier,
            Application.company_id,
            Company.name.label("company"),
        )
        .join(Application, Application.id == Offer.application_id)
        .join(Company, Company.id == Application.company_id)
        .order_by(Offer.id)
    )
    return _read(session, _demo_filter(query, Offer, include_demo))


def ranges_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    query = sa.select(*CompRange.__table__.columns).order_by(
        CompRange.track, CompRange.level, CompRange.location
    )
    return _read(session, _demo_filter(query, CompRange, include_demo))


def round_kinds_frame(session: Session) -> pd.DataFrame:
    return _read(session, sa.select(*RoundKind.__table__.columns).order_by(RoundKind.label))


def has_applications(session: Session) -> bool:
    """Whether any application exists (cheap: one row at most)."""
    return session.execute(sa.select(Application.id).limit(1)).first() is not None
