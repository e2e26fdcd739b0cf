"""Export, backup and restore: every table out as CSV / XLSX / JSON, and back in, nothing lost."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, datetime, time, timedelta

import openpyxl
import pandas as pd
import pytest

from tests.conftest import DEMO_TODAY
from tracker import db, demo
from tracker.io import export
from tracker.models import RoundKind
from tracker.services import applications as app_service
from tracker.services.companies import get_or_create_company
from tracker.services.settings import update_settings


def load_demo(url: str) -> None:
    with db.session_scope(url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)


def read(url: str, action):
    with db.read_session(url) as s:
        return action(s)


def expected_cells(url: str, name: str) -> list[list[str]]:
    """The table as the text a CSV should hold (None -> "", JSON lists as JSON text)."""
    frame = read(url, lambda s: export.table_frame(s, name))

    def text(value) -> str:
        if value is None:
            return ""
        return str(value)

    return [[text(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def restore_into(url: str, document) -> dict[str, int]:
    with db.session_scope(url) as s:
        return export.restore_backup(s, document)


@pytest.fixture
def demo_url(sqlite_url) -> str:
    load_demo(sqlite_url)
    return sqlite_url


# ======================================================================= CSV


def test_every_table_round_trips_through_csv(demo_url):
    files = read(demo_url, export.csv_files)
    assert set(files) == {f"{stem}.csv" for _, stem in export.TABLES.values()}
    counts = read(demo_url, export.row_counts)
    for name, (model, stem) in export.TABLES.items():
        content = files[f"{stem}.csv"]
        assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 accents
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        assert rows[0] == [c.name for c in model.__table__.columns]
        assert len(rows) - 1 == counts[name]
        assert rows[1:] == expected_cells(demo_url, name), name
    assert counts["application"] == 60


def test_csv_and_xlsx_neutralise_formulas(sqlite_url):
    with db.session_scope(sqlite_url) as s:
        company = get_or_create_company(session=s, name='=HYPERLINK("http://evil")')
        app_service.create_application(
            session=s,
            data=app_service.ApplicationCreate(
                company_id=company.id,
                role_title="@SUM(A1)",
                notes="-2+3",
                applied_on=date(2024, 5, 1),
            ),
        )
    companies = read(sqlite_url, lambda s: export.table_csv(s, "company")).decode("utf-8-sig")
    assert "'=HYPERLINK" in companies
    applications = read(sqlite_url, lambda s: export.table_csv(s, "application"))
    assert b"'@SUM(A1)" in applications and b"'-2+3" in applications
    workbook = openpyxl.load_workbook(io.BytesIO(read(sqlite_url, export.workbook_bytes)))
    names = [cell.value for cell in workbook["companies"]["A"]]
    assert names[1] == '\'=HYPERLINK("http://evil")'
    assert workbook["companies"]["A2"].data_type == "s"  # text, not a formula


# ======================================================================= XLSX


def test_every_table_round_trips_through_the_workbook(demo_url):
    workbook = openpyxl.load_workbook(io.BytesIO(read(demo_url, export.workbook_bytes)))
    assert workbook.sheetnames == [stem for _, stem in export.TABLES.values()]
    for name, (model, stem) in export.TABLES.items():
        sheet = workbook[stem]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == [c.name for c in model.__table__.columns]
        frame = read(demo_url, lambda s, name=name: export.table_frame(s, name))
        expected = [list(row) for row in frame.itertuples(index=False, name=None)]
        assert len(rows) - 1 == len(expected), name
        for got, want in zip(rows[1:], expected, strict=True):
            assert [_close(_normal(g), _normal(w)) for g, w in zip(got, want, strict=True)] == [
                _normal(w) for w in want
            ], name


def _close(got, want):
    """``want`` when ``got`` is the same timestamp within Excel's float precision (1 ms)."""
    if isinstance(got, datetime) and isinstance(want, datetime):
        return want if abs(got - want) <= timedelta(milliseconds=1) else got
    return got


def _normal(value):
    """What a workbook can hold: Excel keeps milliseconds, a date is a midnight datetime,
    empty text is no value."""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date()
        return pd.Timestamp(value).round("ms").to_pydatetime()
    return None if value == "" else value


# ======================================================================= JSON backup


def test_backup_document_has_every_table_the_revision_and_the_time(demo_url):
    document = json.loads(read(demo_url, export.backup_bytes))
    assert document["format"] == export.BACKUP_FORMAT
    assert document["schema_revision"] == db.current_revision(db.get_engine(demo_url))
    assert document["exported_at"].endswith("+00:00")
    assert list(document["tables"]) == list(export.TABLES)
    assert len(document["tables"]["application"]["rows"]) == 60


def test_backup_restore_backup_is_identical(db_url, tmp_path, monkeypatch):
    load_demo(db_url)
    with db.session_scope(db_url) as s:
        update_settings(session=s, ghosting_days=21, import_status_map={"Limbo": ["final", None]})
        s.add(RoundKind(key="pair_programming", label="Pair programming", default_minutes=90))
    first = read(db_url, export.backup_bytes)
    target = _fresh_database_like(db_url, tmp_path)
    with db.session_scope(target) as s:
        restored = export.restore_backup(s, first)
    assert restored["application"] == 60 and restored["round_kind"] == 14
    second = read(target, export.backup_bytes)
    a, b = json.loads(first), json.loads(second)
    assert a.pop("exported_at") and b.pop("exported_at")
    assert a == b
    # the ids continue after the restored ones (PostgreSQL sequences were moved on)
    with db.session_scope(target) as s:
        company = get_or_create_company(session=s, name="After the restore")
        assert company.id == max(r[7] for r in a["tables"]["company"]["rows"]) + 1


def _fresh_database_like(url: str, tmp_path) -> str:
    """An empty, migrated database on the same backend as ``url``."""
    if url.startswith("sqlite"):
        target = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        from tests.support.postgres import create_database

        base = url.rsplit("/", 1)[0] + "/postgres"
        target = create_database(base)
    db.get_engine(target)
    return target


def test_restore_refuses_a_database_that_is_not_empty(demo_url):
    document = read(demo_url, export.backup_bytes)
    before = read(demo_url, export.backup_document)
    with pytest.raises(export.BackupError) as error:
        restore_into(demo_url, document)
    message = str(error.value)
    assert "not empty" in message and "60 applications" in message
    after = read(demo_url, export.backup_document)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_restore_refuses_a_custom_round_kind_as_not_empty(sqlite_url, tmp_path):
    document = read(sqlite_url, export.backup_bytes)
    with db.session_scope(sqlite_url) as s:
        s.add(RoundKind(key="pairing", label="Pairing", default_minutes=60))
    with pytest.raises(export.BackupError, match="your own"):
        restore_into(sqlite_url, document)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "something else"}', "not a backup"),
        (b'{"format": "job-search-tracker-backup", "format_version": 99}', "format version"),
    ],
)
def test_restore_explains_what_is_wrong_with_a_file(sqlite_url, content, message):
    with pytest.raises(export.BackupError, match=message):
        restore_into(sqlite_url, content)


def test_restore_refuses_another_schema_revision_and_damaged_tables(demo_url, tmp_path):
    document = read(demo_url, export.backup_document)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    db.get_engine(empty)
    other = {**document, "schema_revision": "9999"}
    with pytest.raises(export.BackupError, match="revision"):
        restore_into(empty, other)
    damaged = json.loads(json.dumps(document))
    damaged["tables"]["company"]["rows"][0] = damaged["tables"]["company"]["rows"][0][:3]
    with pytest.raises(export.BackupError, match="damaged row"):
        restore_into(empty, damaged)
    bad_date = json.loads(json.dumps(document))
    bad_date["tables"]["stage_event"]["rows"][0][5] = "yesterday"
    with pytest.raises(export.BackupError, match="damaged value"):
        restore_into(empty, bad_date)
    assert read(empty, export.database_is_empty)


# ======================================================================= SQLite copy


def test_sqlite_copy_is_a_consistent_database_while_the_app_writes(demo_url, tmp_path):
    with db.session_scope(demo_url) as s:  # a write still in the WAL
        get_or_create_company(session=s, name="Written just before the copy")
    content = export.sqlite_copy(demo_url)
    path = tmp_path / "copy.db"
    path.write_bytes(content)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM application").fetchone() == (60,)
        names = {n for (n,) in con.execute("SELECT name FROM company")}
        assert "Written just before the copy" in names
    finally:
        con.close()


def test_sqlite_copy_is_refused_on_other_databases():
    with pytest.raises(export.BackupError, match="only available when the tracker uses SQLite"):
        export.sqlite_copy("postgresql://user@localhost/tracker")
