"""Export, backup and restore: leave with all your data, and bring it back.

* :func:`csv_files` / :func:`table_csv`: every table as a CSV file (UTF-8 with a BOM so
  Excel reads accents; spreadsheet-safe: text starting with ``= + - @`` gets a leading
  ``'``, see :func:`tracker.io.parsing.neutralise_frame`).
* :func:`workbook_bytes`: one XLSX workbook, a sheet per table, same neutralised text;
  dates are real dates and timestamps are UTC without a zone (Excel has none) to the
  millisecond (Excel's precision). Control characters a workbook cannot hold are dropped
  from the XLSX only. The JSON backup is the lossless format.
* :func:`backup_document` / :func:`backup_bytes`: the lossless full backup, one JSON
  document with every table, the schema revision and the export time.
  :func:`restore_backup` loads one into an **empty** database (no companies,
  applications, rounds, offers, ranges... and only the built-in round kinds) and refuses
  anything else with a message that says why; the backup's round kinds and settings
  replace the defaults. Backup -> restore -> backup gives the same document except
  ``exported_at``. Restore writes the rows as they were (ids included), not through the
  services: a backup is a consistent snapshot, not user input.
* :func:`sqlite_copy`: a consistent copy of a SQLite database file, made with SQLite's
  online backup API (what is still in the WAL included), safe while the app runs.

Tables, in the order a restore inserts them (parents first): see :data:`TABLES`. The
``app_meta`` row (the cache key every write bumps) and alembic's own table are
bookkeeping, not data: they are not exported; the revision is recorded instead.
Timestamps are stored in UTC; the backup writes them as ISO text with ``+00:00``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from tracker import db
from tracker.io.parsing import neutralise_cell, neutralise_frame
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
    Setting,
    StageEvent,
)

__all__ = [
    "BACKUP_FORMAT",
    "TABLES",
    "BackupError",
    "backup_bytes",
    "backup_document",
    "backup_summary",
    "csv_files",
    "database_is_empty",
    "parse_backup",
    "restore_backup",
    "row_counts",
    "sqlite_copy",
    "table_csv",
    "table_frame",
    "workbook_bytes",
]

BACKUP_FORMAT = "job-search-tracker-backup"
BACKUP_VERSION = 1

#: table name -> (model, the name of its CSV file / worksheet), parents before children.
TABLES: dict[str, tuple[type, str]] = {
    "company": (Company, "companies"),
    "application": (Application, "applications"),
    "stage_event": (StageEvent, "stage_events"),
    "round_kind": (RoundKind, "round_kinds"),
    "interview_round": (Round, "interview_rounds"),
    "feedback": (Feedback, "feedback"),
    "learning_objective": (LearningObjective, "learning_objectives"),
    "red_flag": (RedFlag, "red_flags"),
    "offer": (Offer, "offers"),
    "comp_range": (CompRange, "comp_ranges"),
    "setting": (Setting, "settings"),
}
#: Tables a fresh database fills itself (replaced by a restore, not "data" for emptiness).
_SEEDED = ("round_kind", "setting")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class BackupError(ValueError):
    """A backup that cannot be restored here; the message is meant for the user."""


def _table(name: str) -> sa.Table:
    return TABLES[name][0].__table__


def _rows(session: Session, name: str) -> tuple[list[str], list[tuple]]:
    table = _table(name)
    result = session.execute(sa.select(table).order_by(*table.primary_key.columns))
    return [c.name for c in table.columns], [tuple(row) for row in result]


# ============================================================================ counts


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table (in :data:`TABLES` order), all counted in one query."""
    counts = [
        sa.select(sa.func.count()).select_from(_table(name)).scalar_subquery() for name in TABLES
    ]
    values = session.execute(sa.select(*counts)).one()
    return {name: int(n) for name, n in zip(TABLES, values, strict=True)}


def _data_counts(session: Session) -> dict[str, int]:
    counts = {name: n for name, n in row_counts(session).items() if name not in _SEEDED}
    custom_kinds = session.execute(
        sa.select(sa.func.count()).select_from(RoundKind).where(RoundKind.builtin.is_(False))
    ).scalar()
    counts["round_kind"] = int(custom_kinds or 0)
    return counts


def database_is_empty(session: Session) -> bool:
    """No user data at all: the only state :func:`restore_backup` accepts."""
    return not any(_data_counts(session).values())


# =============================================================================== CSV


def _export_value(value: Any) -> Any:
    """A cell for CSV/XLSX: lists as JSON text, timestamps in UTC without a zone."""
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, datetime):
        return _as_utc(value).replace(tzinfo=None)
    return value


def table_frame(session: Session, name: str) -> pd.DataFrame:
    """One table as a DataFrame of export values (see :func:`_export_value`)."""
    columns, rows = _rows(session, name)
    frame = pd.DataFrame([[_export_value(v) for v in row] for row in rows], columns=columns)
    return frame.astype(object).where(frame.notna(), None)


def table_csv(session: Session, name: str) -> bytes:
    """One table as spreadsheet-safe CSV bytes (UTF-8 with BOM)."""
    frame = neutralise_frame(table_frame(session, name))
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def csv_files(session: Session) -> dict[str, bytes]:
    """``{"companies.csv": bytes, ...}``: every table (one consistent read)."""
    return {f"{stem}.csv": table_csv(session, name) for name, (_, stem) in TABLES.items()}


# ============================================================================== XLSX


def _xlsx_cell(value: Any) -> Any:
    value = neutralise_cell(value)
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("", value)
    return value


def workbook_bytes(session: Session) -> bytes:
    """Every table as one XLSX workbook, a sheet per table, header row frozen."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (_, sheet_name) in TABLES.items():
        frame = table_frame(session, name)
        sheet = workbook.create_sheet(sheet_name)
        sheet.freeze_panes = "A2"
        for position, column in enumerate(frame.columns, start=1):
            letter = openpyxl.utils.get_column_letter(position)
            sheet.column_dimensions[letter].width = max(10, min(40, len(column) + 4))
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_cell(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ============================================================================ backup


def _as_utc(value: datetime) -> datetime:
    """Stored timestamps are UTC; SQLite hands them back without a zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def backup_document(session: Session, *, now: datetime | None = None) -> dict:
    """Every table, the schema revision and the export time, as JSON-ready values."""
    tables = {}
    for name in TABLES:
        columns, rows = _rows(session, name)
        tables[name] = {
            "columns": columns,
            "rows": [[_json_value(v) for v in row] for row in rows],
        }
    return {
        "format": BACKUP_FORMAT,
        "format_version": BACKUP_VERSION,
        "schema_revision": _revision(session),
        "exported_at": _as_utc(now or datetime.now(UTC)).isoformat(),
        "tables": tables,
    }


def backup_bytes(session: Session, *, now: datetime | None = None) -> bytes:
    """The backup document as UTF-8 JSON (stable key order, one row per line)."""
    document = backup_document(session, now=now)
    return _dump(document).encode("utf-8")


def _dump(document: dict) -> str:
    head = {k: v for k, v in document.items() if k != "tables"}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "tables": {')
    names = list(document["tables"])
    for index, name in enumerate(names):
        table = document["tables"][name]
        lines.append(f"    {json.dumps(name)}: {{")
        lines.append(f'      "columns": {json.dumps(table["columns"])},')
        rows = [json.dumps(row, ensure_ascii=False) for row in table["rows"]]
        if rows:
            lines.append('      "rows": [')
            lines += [f"        {row}," for row in rows[:-1]] + [f"        {rows[-1]}"]
            lines.append("      ]")
        else:
            lines.append('      "rows": []')
        lines.append("    }" + ("," if index < len(names) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def _revision(session: Session) -> str | None:
    """The alembic revision, read on the session's own connection (what
    ``tracker.db.current_revision`` reads, but inside this snapshot: on SQLite every
    transaction takes the write lock, so a second connection would wait for this one)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(session.connection()).get_current_revision()


# =========================================================================== restore


def parse_backup(data: bytes | str | dict) -> dict:
    """Read and check a backup document's shape; raises BackupError with the reason."""
    if isinstance(data, dict):
        document = data
    else:
        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BackupError(
                "This is not a JSON backup of the tracker (it is not valid JSON)."
            ) from exc
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise BackupError(
            "This JSON file is not a backup made by the tracker's “Export & backup” page "
            "or `tracker backup`."
        )
    if document.get("format_version") != BACKUP_VERSION:
        raise BackupError(
            f"This backup has format version {document.get('format_version')!r}; "
            f"this tracker reads version {BACKUP_VERSION}."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BackupError("The backup has no tables.")
    for name, body in tables.items():
        if name not in TABLES:
            raise BackupError(f"The backup has a table this tracker does not know: '{name}'.")
        if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
            raise BackupError(f"The backup's table '{name}' is damaged.")
        expected = [c.name for c in _table(name).columns]
        if body.get("columns") != expected:
            raise BackupError(
                f"The backup's table '{name}' has columns {body.get('columns')}, "
                f"but this database has {expected}."
            )
        if any(not isinstance(row, list) or len(row) != len(expected) for row in body["rows"]):
            raise BackupError(f"The backup's table '{name}' has a damaged row.")
    return document


def backup_summary(document: dict) -> dict[str, int]:
    """Rows per table in a parsed backup."""
    return {name: len(body["rows"]) for name, body in document["tables"].items()}


def restore_backup(session: Session, data: bytes | str | dict) -> dict[str, int]:
    """Load a backup into this empty database (in the caller's transaction).

    Returns the rows restored per table. Raises BackupError (nothing written) when the
    document is not a backup, was made by another schema revision, or the database is
    not empty.
    """
    document = parse_backup(data)
    revision = _revision(session)
    if document.get("schema_revision") != revision:
        raise BackupError(
            f"This backup was made at schema revision {document.get('schema_revision')!r} "
            f"and this database is at {revision!r}: restore it with the tracker version "
            "that made it, then upgrade."
        )
    present = {name: n for name, n in _data_counts(session).items() if n}
    if present:
        listed = ", ".join(
            f"{n} {TABLES[name][1].replace('_', ' ')}"
            + (" (your own)" if name == "round_kind" else "")
            for name, n in present.items()
        )
        raise BackupError(
            f"This database is not empty ({listed}). A backup is only restored into an "
            "empty database, so nothing is overwritten or mixed: point the tracker at a "
            "new database (TRACKER_DATABASE_URL or --database-url) and restore there."
        )
    prepared = {name: _prepared_rows(name, document) for name in TABLES}  # check all first
    for name in _SEEDED:
        session.execute(_table(name).delete())
    for name, rows in prepared.items():
        if rows:
            session.execute(_table(name).insert(), rows)
    session.flush()
    _reset_sequences(session)
    return {name: len(rows) for name, rows in prepared.items()}


def _prepared_rows(name: str, document: dict) -> list[dict]:
    """One table's rows as column -> typed value, or BackupError on a damaged value."""
    body = document["tables"].get(name, {"columns": [], "rows": []})
    table = _table(name)
    convert = [_converter(column) for column in table.columns]
    try:
        return [
            {c.name: f(v) for c, f, v in zip(table.columns, convert, row, strict=True)}
            for row in body["rows"]
        ]
    except (TypeError, ValueError) as exc:
        raise BackupError(f"The backup's table '{name}' has a damaged value: {exc}") from exc


def _converter(column: sa.Column) -> Callable[[Any], Any]:
    kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else _as_utc(datetime.fromisoformat(v))
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        table = _table(name)
        if "id" not in table.columns or not isinstance(table.c.id.type, sa.Integer):
            continue
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {name}), 1), "
                f"(SELECT MAX(id) FROM {name}) IS NOT NULL)"
            )
        )


# ======================================================================= SQLite copy


def sqlite_copy(url: str) -> bytes:
    """A consistent copy of the SQLite database at ``url``, as the bytes of a .db file."""
    path = db.sqlite_path(url)
    if path is None:
        raise BackupError("A database file copy is only available when the tracker uses SQLite.")
    if not path.exists():
        raise BackupError(f"There is no database file at {path}.")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(":memory:")
        try:
            source.backup(target)
            return target.serialize()
        finally:
            target.close()
    finally:
        source.close()
