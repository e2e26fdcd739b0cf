"""The ``tracker`` console script: init, demo, demo --clear, help, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tracker import cli, db


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "demo", "run"):
        assert command in out


def test_init_demo_and_clear(sqlite_url, capsys):
    assert cli.main(["init"]) == 0
    assert f"revision {db.head_revision()}" in capsys.readouterr().out
    assert cli.main(["demo"]) == 0
    assert "60 applications" in capsys.readouterr().out
    assert cli.main(["demo", "--clear"]) == 0
    assert "Removed 60 demo applications" in capsys.readouterr().out


def test_database_url_option(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    path = tmp_path / "other.db"
    assert cli.main(["--database-url", f"sqlite:///{path}", "init"]) == 0
    assert path.exists()
    db.dispose_engines()


def test_errors_are_one_line_and_non_zero(tmp_path):
    bad = tmp_path / "not-a-tracker.db"
    import sqlite3

    con = sqlite3.connect(bad)
    con.execute("CREATE TABLE x (y)")
    con.close()
    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "--database-url", f"sqlite:///{bad}", "init"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("tracker: error:") and "not a tracker database" in result.stderr


def test_console_script_is_installed():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "tracker"), "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "demo" in result.stdout
