"""The read side: each table (or a join the pages need) as a pandas DataFrame of columns.

One SQL query per frame, columns not ORM objects; analytics functions take these frames.
Dates come back as ``datetime64`` (day precision, naive), timestamps as UTC-aware
``datetime64``; enum columns are their stored string values. ``include_demo=False`` drops
rows of the demo campaign.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from pandas.api.types import union_categoricals
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
#: Text columns holding few distinct values over many rows (enum values, the names a join
#: repeats on every round or event): read as ``category``, a small integer code per row
#: instead of the text, which is most of the memory of a cohort's frames.
CATEGORY_COLUMNS = {
    "company", "company_type", "sponsors_visa", "role_title", "track", "level",
    "level_label", "level_offered", "level_targeted", "location", "remote_mode", "source",
    "career_lens", "interview_format", "stage", "close_reason", "event_type", "kind",
    "kind_label", "format", "status", "outcome", "category", "currency", "severity_label",
}  # fmt: skip


Columns = dict[str, pd.Series]  # a frame's typed columns before they become a DataFrame

READ_BATCH_ROWS = 5_000  # rows fetched and converted at a time: their Python objects are the
# transient of a read (25,000 rows of applications: ~100 MiB on PostgreSQL, 5,000: ~20 MiB)


def _driver_rows(session: Session, query: sa.Select) -> tuple[list[str], Iterator[list[tuple]]]:
    """The query's column names and its rows in batches, fetched with the driver's own cursor.

    SQLAlchemy's per-value result processing (timezone re-attachment, type conversion) costs
    more than the fetch itself on tens of thousands of rows; every conversion the frames need
    is done afterwards, a column at a time, by ``_column``. On PostgreSQL the rows come
    through a server-side cursor, a batch at a time: a plain cursor would first hold the
    whole result in the client library (hundreds of MiB for a cohort's stage events).
    """
    connection = session.connection()
    compiled = query.compile(  # IN lists expanded here: no execution context will
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    if connection.dialect.supports_server_side_cursors:  # PostgreSQL (psycopg)
        # a named (server-side) cursor of the session's own transaction, used directly: no
        # typed result processing, and SQLAlchemy's streamed result would pre-fetch rows
        cursor = connection.connection.driver_connection.cursor(name=f"frame_{id(query)}")
        cursor.execute(compiled.string, params)
        close = cursor.close
    else:  # SQLite returns rows as they are stepped through anyway
        result = connection.exec_driver_sql(compiled.string, params)  # no typed processing
        cursor = result.cursor  # the DBAPI cursor: plain tuples, no Row objects
        close = result.close
    names = [column[0] for column in cursor.description]

    def batches() -> Iterator[list[tuple]]:
        try:
            while rows := cursor.fetchmany(READ_BATCH_ROWS):
                yield rows
        finally:
            close()

    return names, batches()


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
    try:  # one dtype per SQL type, however few rows (a patch reads a handful): see _conformed
        if isinstance(sql_type, sa.Integer):
            return pd.Series(values, dtype="float64" if None in values else "int64")
        if isinstance(sql_type, sa.Float):
            return pd.Series(values, dtype="float64")
        if isinstance(sql_type, sa.String):  # Text and enums too
            return pd.Series(values, dtype="category" if name in CATEGORY_COLUMNS else "str")
    except (TypeError, ValueError):  # SQLite keeps what it was given: text in a number column
        pass
    return pd.Series(values, dtype=None if values else object)


def _conformed(frame: pd.DataFrame | Columns, types: dict[str, object]) -> pd.DataFrame | Columns:
    """The dtypes ``_column`` gives these values read at once (after a concat of two reads:
    an integer column whose missing values are gone is int64 again, booleans bool)."""
    for name, sql_type in types.items():
        series = frame[name]
        if isinstance(sql_type, sa.Integer) and series.dtype == "float64" and series.notna().all():
            frame[name] = series.astype("int64")
        elif isinstance(sql_type, sa.Boolean) and series.dtype == object and series.notna().all():
            frame[name] = series.astype(bool)
        elif name in CATEGORY_COLUMNS and isinstance(sql_type, sa.String):
            if not isinstance(series.dtype, pd.CategoricalDtype):  # concat of two categories
                frame[name] = series.astype("str").astype("category")
            elif not series.cat.categories.is_monotonic_increasing:
                frame[name] = series.cat.reorder_categories(series.cat.categories.sort_values())
    return frame


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while rows are fetched and turned into columns.

    Fetching builds one tuple per row: hundreds of thousands of new container objects, each
    batch of which would trigger a collection walking every object of the process (a third
    of a big read's time). The tuples hold no cycles; reference counting frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(session: Session, query: sa.Select) -> pd.DataFrame:
    """The query's rows as a frame of typed columns (see ``_column``)."""
    return pd.DataFrame(_read_columns(session, query), copy=False)


def _read_columns(session: Session, query: sa.Select) -> Columns:
    """The query's rows as typed columns (see ``_column``), read a batch at a time."""
    types = {column.name: column.type for column in query.selected_columns}
    with _no_cyclic_gc():
        names, batches = _driver_rows(session, query)
        parts = [_typed_columns(names, rows, types) for rows in batches]
    if not parts:
        return _typed_columns(names, [], types)
    if len(parts) == 1:
        return parts[0]
    return _conformed(_assembled(parts, names), types)


def _assembled(parts: list[Columns], names: list[str]) -> Columns:
    """The batches' columns joined, a column at a time: each column's pieces are let go
    before the next column is joined, so memory holds the frame and one column more (a
    concat of whole frames holds two copies of everything). Empties ``parts``."""
    columns: Columns = {}
    for name in names:
        pieces = [part.pop(name) for part in parts]
        if all(isinstance(piece.dtype, pd.CategoricalDtype) for piece in pieces):
            columns[name] = _joined_categories(pieces)
        else:
            columns[name] = pd.concat(pieces, ignore_index=True)
        del pieces
    parts.clear()
    return columns


def _joined_categories(pieces: list[pd.Series]) -> pd.Series:
    """Category pieces as one column with one set of categories, sorted (as a single read
    gives them)."""
    try:
        joined = union_categoricals([piece.array for piece in pieces], sort_categories=True)
    except TypeError:  # a batch with no value at all has categories of another dtype
        categories = pd.Index(
            pd.unique(np.concatenate([piece.cat.categories.to_numpy() for piece in pieces]))
        ).sort_values()
        return pd.concat(
            [piece.cat.set_categories(categories) for piece in pieces], ignore_index=True
        )
    return pd.Series(joined, copy=False)


def _typed_columns(names: list[str], rows: list[tuple], types: dict[str, object]) -> Columns:
    values = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {
        name: _column(name, column, types.get(name))
        for name, column in zip(names, values, strict=True)
    }


def _typed_frame(names: list[str], rows: list[tuple], types: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(_typed_columns(names, rows, types), copy=False)


def _demo_filter(query: sa.Select, model, include_demo: bool) -> sa.Select:
    """``query`` without demo rows unless ``include_demo`` (tables with no demo rows as is)."""
    if include_demo or not hasattr(model, "is_demo"):
        return query
    return query.where(model.is_demo.is_(False))


@dataclass(frozen=True)
class FrameSpec:
    """How one frame is read, and how it is brought up to date from the change log.

    ``keys`` maps each logged table whose rows show in the frame to the frame column holding
    that table's id and the (indexed) SQL column to select the frame's rows of those ids by;
    a table logged as a whole (``None``) reloads the frame. ``order`` is the frame's row
    order: frame columns, ascending, missing values last, ending in a unique column.
    """

    model: type
    select: Callable[[], sa.Select]
    keys: dict[str, tuple[str, sa.ColumnElement] | None]
    order: tuple[str, ...]


def _select_companies() -> sa.Select:
    return sa.select(*Company.__table__.columns)


def _select_applications() -> sa.Select:
    """Applications with their company's name, type and visa sponsorship."""
    return sa.select(
        *Application.__table__.columns,
        Company.name.label("company"),
        Company.company_type,
        Company.sponsors_visa,
    ).join(Company, Company.id == Application.company_id)


def _select_events() -> sa.Select:
    return sa.select(*StageEvent.__table__.columns)


def _select_rounds() -> sa.Select:
    """Rounds with their kind's label, application tier/track/level and company name."""
    return (
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
    )


#: Feedback texts read for one application's detail view (``feedback_texts``), not held in
#: the feedback frame: at 100,000 applications they are ~21 MiB no figure reads.
FEEDBACK_TEXTS = ("went_well", "to_improve", "learning_objectives")
_BLANKS = " \t\n\r\x0b\x0c"  # what str.strip() removes (ASCII): a text of only these is blank


def _holds_text(column: sa.ColumnElement) -> sa.ColumnElement[bool]:
    # literals, not bound parameters: a frame's SELECT is also compiled bare (``_rows_of``)
    blanks, empty = sa.literal_column(f"'{_BLANKS}'"), sa.literal_column("''")
    return sa.func.trim(column, blanks) != empty


def _select_feedback() -> sa.Select:
    """Feedback without its reflection texts; ``written`` says whether "went well" or "to
    improve" holds any text (a reflection written)."""
    return sa.select(
        *(c for c in Feedback.__table__.columns if c.name not in FEEDBACK_TEXTS),
        sa.or_(_holds_text(Feedback.went_well), _holds_text(Feedback.to_improve)).label("written"),
    )


def _select_red_flags() -> sa.Select:
    return sa.select(
        *RedFlag.__table__.columns,
        Company.name.label("company"),
        Company.name_key.label("company_key"),
    ).join(Company, Company.id == RedFlag.company_id)


def _select_offers() -> sa.Select:
    """Offers with their application's role, track, targeted level, tier and company."""
    return (
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
    )


FRAMES: dict[str, FrameSpec] = {
    "companies": FrameSpec(
        Company, _select_companies, {"company": ("id", Company.id)}, ("name_key",)
    ),
    "applications": FrameSpec(
        Application,
        _select_applications,
        {"application": ("id", Application.id), "company": ("company_id", Application.company_id)},
        ("id",),
    ),
    "events": FrameSpec(
        StageEvent,
        _select_events,
        {"stage_event": ("id", StageEvent.id)},
        ("application_id", "occurred_on", "id"),
    ),
    "rounds": FrameSpec(
        Round,
        _select_rounds,
        {
            "interview_round": ("id", Round.id),
            "application": ("application_id", Round.application_id),
            "company": ("company_id", Application.company_id),
            "round_kind": None,
        },
        ("scheduled_at", "id"),
    ),
    "feedback": FrameSpec(
        Feedback,
        _select_feedback,
        {"feedback": ("id", Feedback.id)},
        ("id",),
    ),
    "objectives": FrameSpec(
        LearningObjective,
        lambda: sa.select(*LearningObjective.__table__.columns),
        {"learning_objective": ("id", LearningObjective.id)},
        ("id",),
    ),
    "red_flags": FrameSpec(
        RedFlag,
        _select_red_flags,
        {"red_flag": ("id", RedFlag.id), "company": ("company_id", RedFlag.company_id)},
        ("company_key", "observed_on", "id"),
    ),
    "offers": FrameSpec(
        Offer,
        _select_offers,
        {
            "offer": ("id", Offer.id),
            "application": ("application_id", Offer.application_id),
            "company": ("company_id", Application.company_id),
        },
        ("id",),
    ),
    "ranges": FrameSpec(
        CompRange,
        lambda: sa.select(*CompRange.__table__.columns),
        {"comp_range": ("id", CompRange.id)},
        ("track", "level", "location", "id"),
    ),
    "round_kinds": FrameSpec(
        RoundKind, lambda: sa.select(*RoundKind.__table__.columns), {"round_kind": None}, ("label",)
    ),
}


def _ordered(frame: pd.DataFrame, spec: FrameSpec) -> pd.DataFrame:
    """The frame in its spec's order (sorted here, not in SQL: one order on every backend,
    whatever the server's collation, for full reads and patched frames alike)."""
    if len(frame) < 2:
        return frame.reset_index(drop=True)
    return frame.sort_values(list(spec.order), na_position="last", kind="stable", ignore_index=True)


def _ordered_columns(columns: Columns, spec: FrameSpec) -> pd.DataFrame:
    """``_ordered`` of a frame read whole, given as its columns: when they are not in order
    already, they are taken in order one at a time and let go (``columns`` is emptied), so
    the frame is not held twice while it is sorted."""
    keys = pd.DataFrame({name: columns[name] for name in spec.order}, copy=False)
    if len(keys) < 2:
        return pd.DataFrame(columns, copy=False)
    positions = keys.sort_values(list(spec.order), na_position="last", kind="stable").index
    del keys
    positions = positions.to_numpy()
    if (positions[1:] > positions[:-1]).all():  # in order already (often: read by id)
        return pd.DataFrame(columns, copy=False)
    ordered = {
        name: columns.pop(name).take(positions).reset_index(drop=True) for name in list(columns)
    }
    return pd.DataFrame(ordered, copy=False)


def read_frame(session: Session, name: str, include_demo: bool = True) -> pd.DataFrame:
    """The frame ``name`` (one of FRAMES), read whole."""
    spec = FRAMES[name]
    query = _demo_filter(spec.select(), spec.model, include_demo)
    return _ordered_columns(_read_columns(session, query), spec)


# --------------------------------------------------------------------------- the change log

#: Above this many changed rows since a cached frame's version, reloading whole is simpler.
MAX_PATCHED_ROWS = 20_000

Changes = dict[str, set[int] | None]


def changes_since(session: Session, version: int) -> Changes | None:
    """The ids of the rows of each logged table changed after data ``version`` (None for a
    table changed as a whole), or None when the log cannot tell: it was pruned past that
    version, or more rows changed than patching is worth."""
    log = sa.text("SELECT table_name, row_id FROM change_log WHERE version > :v LIMIT :n")
    rows = session.execute(log, {"v": version, "n": MAX_PATCHED_ROWS + 1}).all()
    floor = session.execute(sa.text("SELECT change_log_floor FROM app_meta WHERE id = 1")).scalar()
    if floor is None or version < floor or len(rows) > MAX_PATCHED_ROWS:
        return None  # the floor is read after the log: a concurrent pruning is noticed
    changes: Changes = {}
    for table, row_id in rows:
        if row_id is None:
            changes[table] = None
        elif changes.get(table, set()) is not None:
            changes.setdefault(table, set()).add(int(row_id))
    return changes


def patch_frame(
    session: Session, name: str, old: pd.DataFrame, changes: Changes, include_demo: bool = True
) -> pd.DataFrame | None:
    """``old`` (the frame as read at an earlier version) brought up to date with ``changes``:
    rows of changed ids dropped, those ids read again (deleted ones are gone), the order
    restored. Returns ``old`` itself when nothing in it changed, None when the frame must be
    read whole (a table changed as a whole, an empty or unexpected frame)."""
    spec = FRAMES[name]
    touched = {table: ids for table, ids in changes.items() if table in spec.keys}
    if not touched:
        return old
    if old.empty or any(ids is None or spec.keys[table] is None for table, ids in touched.items()):
        return None
    drop = np.zeros(len(old), dtype=bool)
    wanted = []
    for table, ids in touched.items():
        column, sql_column = spec.keys[table]  # type: ignore[misc]
        if column not in old.columns:
            return None
        drop |= old[column].isin(ids).to_numpy()
        wanted.append((sql_column, sorted(ids)))
    names, rows, types = _rows_of(session, name, wanted)
    if names != list(old.columns):
        return None
    if not rows and not drop.any():
        return old  # the changed rows are not in this frame (e.g. an application's offers)
    edited = _edited_in_place(old, names, rows, drop, spec, types, include_demo)
    if edited is not None:
        return edited
    fresh = _typed_frame(names, rows, types)
    if len(fresh):
        if not fresh["id"].is_unique:  # a row matched two of the IN lists
            fresh = fresh.drop_duplicates("id", ignore_index=True)
        if not include_demo:
            fresh = fresh.loc[~fresh["is_demo"].astype(bool)].reset_index(drop=True)
    combined = pd.concat([old.loc[~drop], fresh], ignore_index=True) if len(fresh) else old[~drop]
    return _ordered(_conformed(combined.copy(deep=False), types), spec)


_PATCH_SQL: dict[tuple[str, str], tuple[str, dict[str, object]]] = {}


def _rows_of(
    session: Session, name: str, wanted: list[tuple[sa.ColumnElement, list[int]]]
) -> tuple[list[str], list[tuple], dict[str, object]]:
    """The frame's column names, its rows (driver tuples) whose ``column`` is in ``ids`` for
    each (column, ids) of ``wanted`` (UNION ALL: a row may come twice), and the SQL types of
    the frame's columns.

    The frame's SELECT is compiled once per backend and the IN lists appended as driver
    parameters: compiling the statement again costs more than reading a few rows.
    """
    connection = session.connection()
    dialect = connection.dialect
    cached = _PATCH_SQL.get((name, dialect.name))
    if cached is None:
        select = FRAMES[name].select()
        types = {column.name: column.type for column in select.selected_columns}
        cached = _PATCH_SQL[(name, dialect.name)] = (str(select.compile(dialect=dialect)), types)
    base, types = cached
    marker = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    parts, params = [], []
    for column, ids in wanted:
        placeholders = ", ".join([marker] * len(ids))
        parts.append(f"{base} WHERE {column.compile(dialect=dialect)} IN ({placeholders})")
        params.extend(ids)
    result = connection.exec_driver_sql(" UNION ALL ".join(parts), tuple(params))
    try:
        names = [column[0] for column in result.cursor.description]
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return names, rows, types


class _NotInPlace(Exception):
    """A fresh value the in-place edit cannot take as is (the typed path handles it)."""


def _scalar(name: str, value: object, sql_type: object) -> object:
    """One fresh driver value as the frame's column holds it (``_column`` for one value):
    dates and timestamps as Timestamps (timestamps in UTC), booleans as bool."""
    if value is None:
        if isinstance(sql_type, sa.Boolean | sa.JSON):
            raise _NotInPlace  # a bool column cannot hold it; JSON cells are objects
        return None
    if name in DATE_COLUMNS or name in TIMESTAMP_COLUMNS:
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError) as exc:
            raise _NotInPlace from exc
        if name in DATE_COLUMNS:
            return stamp.tz_convert(None) if stamp.tzinfo else stamp
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    if isinstance(sql_type, sa.JSON):
        raise _NotInPlace
    if isinstance(sql_type, sa.Boolean):
        return bool(value)
    return value


def _edited_in_place(
    old: pd.DataFrame,
    names: list[str],
    rows: list[tuple],
    drop: np.ndarray,
    spec: FrameSpec,
    types: dict[str, object],
    include_demo: bool,
) -> pd.DataFrame | None:
    """The usual write done cheaply: the same rows came back (a few edited, none added or
    deleted) and their order is unchanged. No typed frame is built for them: only the
    changed cells are converted and written into copies of their columns; every other
    column is shared with ``old``. None when the case does not apply (the rows are then
    read into a typed frame, concatenated and sorted)."""
    positions = np.flatnonzero(drop)
    if not len(positions) or len(positions) > 64:
        return None
    at = {column: i for i, column in enumerate(names)}
    demo = at.get("is_demo")
    by_id = {
        row[at["id"]]: row for row in rows if include_demo or demo is None or not row[demo]
    }  # a row matching two of the IN lists comes once
    old_ids = old["id"].to_numpy()[positions].tolist()
    if len(by_id) != len(positions) or set(by_id) != set(old_ids):
        return None  # a row was added or deleted (or left the frame)
    ordered = [by_id[row_id] for row_id in old_ids]
    changed: dict[str, list] = {}
    try:
        for column in names:
            k = at[column]
            fresh = [_scalar(column, row[k], types.get(column)) for row in ordered]
            if not _same(old[column].array[positions].tolist(), fresh):
                if column in spec.order:
                    return None  # a row moves: sort instead
                changed[column] = fresh
    except _NotInPlace:
        return None
    result = old.copy(deep=False)
    for column, fresh in changed.items():
        values = old[column].array.copy()
        if isinstance(values.dtype, pd.CategoricalDtype) and not all(
            v is None or v in values.dtype.categories for v in fresh
        ):
            return None  # a value new to the column
        kind = getattr(values.dtype, "kind", "O")
        missing = np.nan if kind == "f" else pd.NaT if kind == "M" else None
        try:
            values[positions] = [missing if v is None else v for v in fresh]
        except (TypeError, ValueError):  # e.g. a first missing value in an int64 column
            return None
        result[column] = values
    return result


def _same(a: list, b: list) -> bool:
    """Whether two short lists hold equal values, missing ones (None, NaN, NaT) alike;
    False when a value cannot be compared (then the column is simply rebuilt)."""
    try:
        return all(
            x is y or x == y or (pd.isna(x) is True and pd.isna(y) is True)
            for x, y in zip(a, b, strict=True)
        )
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- the frames


def companies_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "companies", include_demo)


def applications_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Applications with their company's name, type and visa sponsorship."""
    return read_frame(session, "applications", include_demo)


def stage_events_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "events", include_demo)


def rounds_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Rounds with their kind's label, application tier/track/level and company name."""
    return read_frame(session, "rounds", include_demo)


def feedback_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "feedback", include_demo)


def feedback_texts(session: Session, application_id: int) -> pd.DataFrame:
    """The feedback of one application's rounds with every text (the frame leaves the
    reflection texts out): ``round_id``, ``questions_asked``, ``went_well``, ``to_improve``,
    ``learning_objectives``, ``reflect_after``, ``reflected_on``; by round, then id."""
    query = (
        sa.select(
            Feedback.round_id,
            Feedback.questions_asked,
            *(getattr(Feedback, name) for name in FEEDBACK_TEXTS),
            Feedback.reflect_after,
            Feedback.reflected_on,
        )
        .join(Round, Round.id == Feedback.round_id)
        .where(Round.application_id == application_id)
        .order_by(Feedback.round_id, Feedback.id)
    )
    return _read(session, query)


def objectives_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "objectives", include_demo)


def red_flags_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "red_flags", include_demo)


def offers_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    """Offers with their application's role, track, targeted level, tier and company."""
    return read_frame(session, "offers", include_demo)


def ranges_frame(session: Session, include_demo: bool = True) -> pd.DataFrame:
    return read_frame(session, "ranges", include_demo)


def round_kinds_frame(session: Session) -> pd.DataFrame:
    return read_frame(session, "round_kinds")


def has_applications(session: Session) -> bool:
    """Whether any application exists (cheap: one row at most)."""
    return session.execute(sa.select(Application.id).limit(1)).first() is not None
