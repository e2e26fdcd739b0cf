"""The data commands of the ``tracker`` CLI: import, export, backup, restore."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import DEMO_TODAY
from tracker import cli, db, demo
from tracker.io import export

FIXTURES = Path(__file__).parent / "io" / "fixtures"
LATIN1_MAP = [
    "--map", "Entreprise=company", "--map", "Intitulé du poste=role_title",
    "--map", "statut=stage_status", "--map", "Date de candidature=applied_on",
    "--map", "Salaire=salary", "--map", "Lien=posting_url", "--map", "Remarques=notes",
]  # fmt: skip


def count_applications(url: str) -> int:
    with db.read_session(url) as s:
        return export.row_counts(s)["application"]


def test_import_dry_run_prints_the_mapping_statuses_and_preview_and_writes_nothing(
    sqlite_url, capsys
):
    assert cli.main(["import", str(FIXTURES / "huntr_export.csv"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Read huntr_export.csv: 4 rows (utf-8, comma-separated)." in out
    assert "  Job Title -> Role title" in out
    assert "  Excitement -> Interest tier (1-5 rating" in out
    assert "  Limbo (1 row) -> (unknown)" in out
    assert "Preview: 3 to create, 0 duplicates to skip, 1 row with errors, 3 new companies." in out
    assert "  error line 5: Unknown status “Limbo”: choose a stage for it." in out
    assert "Dry run: nothing was written." in out
    assert count_applications(sqlite_url) == 0


def test_import_aborts_by_default_when_a_row_has_an_error(sqlite_url, capsys):
    assert cli.main(["import", str(FIXTURES / "huntr_export.csv")]) == 1
    assert "Nothing imported: 1 row with errors" in capsys.readouterr().out
    assert count_applications(sqlite_url) == 0


def test_import_with_status_option_and_then_again_as_duplicates(sqlite_url, capsys):
    args = ["import", str(FIXTURES / "huntr_export.csv"), "--status", "Limbo=applied:ghosted"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "  Limbo (1 row) -> Applied, closed: Ghosted" in out
    assert "Importing: 4/4 rows (100 %)" in out
    assert "Imported 4 applications, 4 new companies, 0 duplicates skipped" in out
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Imported 0 applications, 0 new companies, 4 duplicates skipped" in out
    assert count_applications(sqlite_url) == 4


def test_import_skip_errors_with_explicit_mapping_and_day_first(sqlite_url, capsys):
    args = ["import", str(FIXTURES / "latin1_semicolon.csv"), *LATIN1_MAP, "--dayfirst"]
    assert cli.main([*args, "--skip-errors"]) == 0
    out = capsys.readouterr().out
    assert "  Statut -> Status / stage" in out
    assert "(cp1252, semicolon-separated)" in out
    assert "Imported 0 applications" in out and "2 rows with errors skipped" in out
    assert "skipped line 2: Unknown status “Entretien”" in out
    args += ["--status", "Entretien=recruiter_screen", "--status", "Refusé=applied:rejected"]
    assert cli.main(args) == 0
    assert "Imported 2 applications, 2 new companies" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--map", "Nope=company"], "the file has no column 'Nope'"),
        (["--map", "Company=salary_band"], "unknown field 'salary_band'"),
        (["--status", "Limbo=purgatory"], "stages are wishlist, applied"),
        (["--map", "Job Title=company"], "both map to Company"),
    ],
)
def test_import_option_errors_are_one_line(sqlite_url, capsys, option, message):
    assert cli.main(["import", str(FIXTURES / "huntr_export.csv"), *option]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracker: error:") and message in err
    assert err.strip().count("\n") == 0


def test_import_of_an_empty_file_is_a_clear_error(sqlite_url, capsys):
    assert cli.main(["import", str(FIXTURES / "empty.csv")]) == 1
    assert "is empty: there is nothing to import" in capsys.readouterr().err


def test_export_backup_restore_and_database_copy(sqlite_url, tmp_path, capsys, monkeypatch):
    with db.session_scope(sqlite_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    assert cli.main(["export", str(tmp_path / "out")]) == 0
    assert "Wrote 11 CSV files and tracker.xlsx" in capsys.readouterr().out
    assert (tmp_path / "out" / "applications.csv").read_bytes().count(b"\r\n") == 61
    workbook = openpyxl.load_workbook(tmp_path / "out" / "tracker.xlsx", read_only=True)
    assert "applications" in workbook.sheetnames
    workbook.close()

    backup = tmp_path / "backup.json"
    assert cli.main(["backup", str(backup)]) == 0
    assert f"to {backup}" in capsys.readouterr().out
    assert cli.main(["backup", str(tmp_path / "copy.db")]) == 0
    con = sqlite3.connect(tmp_path / "copy.db")
    assert con.execute("SELECT count(*) FROM application").fetchone() == (60,)
    con.close()

    assert cli.main(["restore", str(backup)]) == 1
    assert "is not empty (24 companies, 60 applications" in capsys.readouterr().err

    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    assert cli.main(["--database-url", restored, "restore", str(backup)]) == 0
    assert "Restored" in capsys.readouterr().out
    second = tmp_path / "again.json"
    assert cli.main(["--database-url", restored, "backup", str(second)]) == 0
    first_doc, second_doc = json.loads(backup.read_text()), json.loads(second.read_text())
    first_doc.pop("exported_at"), second_doc.pop("exported_at")
    assert first_doc == second_doc
    db.dispose_engines()
