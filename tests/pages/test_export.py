"""The Export & backup page: its downloads, and a restore into an empty database."""

from __future__ import annotations

import json

from tests.conftest import DEMO_TODAY
from tests.pages.conftest import no_exception
from tracker import db, demo
from tracker.io import export

PAGE = "pages/export.py"


def demo_backup(tmp_path) -> bytes:
    """A JSON backup of the demo campaign, made in another database."""
    url = f"sqlite:///{tmp_path / 'source.db'}"
    with db.session_scope(url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    with db.read_session(url) as s:
        return export.backup_bytes(s)


def labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_every_download_is_offered_with_its_row_count(open_page):
    at = open_page(PAGE, demo=True)
    no_exception(at)
    offered = labels(at)
    assert offered[0] == "Workbook: every table as a sheet (.xlsx)"
    assert "Applications · 60 rows" in offered and "Companies · 24 rows" in offered
    assert "Download the JSON backup" in offered
    assert "Download a copy of the database file (.db)" in offered  # on SQLite
    assert len(offered) == 1 + len(export.TABLES) + 2
    assert any("only works on an empty database" in i.value for i in at.info)
    assert not at.file_uploader  # no restore into a database that holds data


def test_empty_database_guides_and_offers_the_restore(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert any("holds no applications yet" in i.value for i in at.info)
    assert at.file_uploader[0].label.startswith("A JSON backup")


def test_restore_asks_for_confirmation_then_loads_everything(open_page, sqlite_url, tmp_path):
    backup = demo_backup(tmp_path)
    at = open_page(PAGE)
    at.file_uploader[0].set_value(("backup.json", backup, "application/json")).run()
    no_exception(at)
    summary = at.dataframe[0].value
    assert dict(zip(summary["Table"], summary["Rows"], strict=True))["applications"] == 60
    next(b for b in at.button if b.label == "Restore this backup").click().run()
    assert any("Load every row of this backup" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Cancel").click().run()
    with db.read_session(sqlite_url) as s:
        assert export.database_is_empty(s)
    next(b for b in at.button if b.label == "Restore this backup").click().run()
    next(b for b in at.button if b.label == "Yes, restore").click().run()
    no_exception(at)
    assert any("Restored" in s.value and "60 applications" in s.value for s in at.success)
    with db.read_session(sqlite_url) as s:
        restored = export.backup_document(s)
    original = json.loads(backup)
    restored.pop("exported_at"), original.pop("exported_at")
    assert restored == original
    assert "Applications · 60 rows" in labels(at)


def test_a_file_that_is_not_a_backup_is_explained(open_page):
    at = open_page(PAGE)
    at.file_uploader[0].set_value(("notes.json", b'{"hello": 1}', "application/json")).run()
    no_exception(at)
    assert any("not a backup made by the tracker" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "Restore this backup"]
