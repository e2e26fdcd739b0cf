"""A throwaway, real PostgreSQL server for the tests, started from Debian's binaries.

``postgres_server()`` runs ``initdb`` + ``pg_ctl start`` in a fresh temporary directory and yields
a base SQLAlchemy URL (``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``); on exit the
server is stopped (``pg_ctl stop -m immediate``) and the directory removed. The server listens on
127.0.0.1 only, on a free port, with its unix socket inside the temporary directory (never
``/var/run/postgresql``), trust authentication, and durability switched off for speed (fsync,
synchronous_commit and full_page_writes off, wal_level minimal, no archiving). It is independent
of any cluster the Debian ``postgresql`` package manages (``pg_lsclusters``); none needs to run.

``create_database(base_url, name)`` makes a fresh, empty database on that server and returns
its URL: start one server per test session, one database per test.

As root, ``initdb``/``pg_ctl`` refuse to run, so they run as the ``postgres`` OS user through
``runuser -u postgres --`` and the temporary directory is chowned to that user. As any other
user they run directly.

The binaries are looked for in ``/usr/lib/postgresql/15/bin`` (Debian's ``postgresql-15``), or
in the directory named by ``TRACKER_PG_BIN``. When they are missing, ``postgres_server()`` raises
``PostgresUnavailable`` saying so; tests call ``require_postgres()`` first, which skips with that
message on a developer machine but fails when ``CI`` or ``TRACKER_REQUIRE_POSTGRES`` is set.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from . import free_port

DEFAULT_PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_OS_USER = "postgres"
_REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")
_DB_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_START_ATTEMPTS = 3
_START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL binaries (or the ``postgres`` OS user, as root) are not on this machine."""


class PostgresStartError(RuntimeError):
    """initdb or the server failed; the message carries its output / log."""


def pg_bin_dir() -> Path:
    """Where the PostgreSQL server binaries are looked for."""
    return Path(os.environ.get("TRACKER_PG_BIN") or DEFAULT_PG_BIN)


def _running_as_root() -> bool:
    return os.geteuid() == 0


def postgres_missing_reason(pg_bin: Path | str | None = None) -> str | None:
    """Why a server cannot be started here, or None when everything it needs is present."""
    bin_dir = Path(pg_bin) if pg_bin is not None else pg_bin_dir()
    missing = [name for name in _REQUIRED_BINARIES if not os.access(bin_dir / name, os.X_OK)]
    if missing:
        return (
            f"PostgreSQL server binaries not found: {', '.join(missing)} missing from {bin_dir}. "
            "Install Debian's PostgreSQL 15 server (`apt-get install -y postgresql-15`) or point "
            "TRACKER_PG_BIN at a directory holding initdb, pg_ctl and postgres."
        )
    if _running_as_root():
        try:
            pwd.getpwnam(PG_OS_USER)
        except KeyError:
            return (
                f"Running as root, but there is no '{PG_OS_USER}' OS user to run PostgreSQL as "
                "(initdb refuses root). Installing the postgresql-15 package creates it."
            )
        if shutil.which("runuser") is None:
            return "Running as root, but `runuser` (util-linux) is not installed."
    return None


def postgres_available(pg_bin: Path | str | None = None) -> bool:
    """True when ``postgres_server()`` can start a server on this machine."""
    return postgres_missing_reason(pg_bin) is None


def require_postgres() -> None:
    """In a test: skip with the reason when PostgreSQL is missing, or fail under CI.

    The failure (not a skip) happens when the ``CI`` or ``TRACKER_REQUIRE_POSTGRES`` environment
    variable is set to anything but ``0``/``false``/empty, so CI can never pass by skipping.
    """
    import pytest

    reason = postgres_missing_reason()
    if reason is None:
        return
    required = any(
        os.environ.get(var, "").strip().lower() not in ("", "0", "false", "no")
        for var in ("CI", "TRACKER_REQUIRE_POSTGRES")
    )
    if required:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _as_pg_user(cmd: Sequence[str]) -> list[str]:
    if _running_as_root():
        return ["runuser", "-u", PG_OS_USER, "--", *cmd]
    return list(cmd)


def _pg_env() -> dict[str, str]:
    """The environment for initdb/pg_ctl: ours minus libpq/PG* settings that would leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    return env


def _run(cmd: Sequence[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _as_pg_user(cmd),
        cwd=cwd,
        env=_pg_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _traversable_by_others(path: Path) -> bool:
    """Whether another user (``postgres``) can reach entries inside ``path``."""
    for part in (path, *path.parents):
        try:
            if not part.stat().st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def _make_base_dir() -> Path:
    parent = Path(tempfile.gettempdir())
    if _running_as_root() and not _traversable_by_others(parent):
        parent = Path("/tmp")
    base = Path(tempfile.mkdtemp(prefix="tracker-pg-", dir=parent))
    if _running_as_root():
        user = pwd.getpwnam(PG_OS_USER)
        os.chown(base, user.pw_uid, user.pw_gid)
    return base


def _conf_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError as exc:
        return f"<could not read {path}: {exc}>"


def _kill_postmaster(data_dir: Path) -> None:
    """Last resort when ``pg_ctl stop`` did not work: SIGKILL the pid in postmaster.pid.

    Only when that pid is still a postgres serving ``data_dir`` (a stale file may name a pid
    that now belongs to someone else).
    """
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError, IndexError):
        return
    if str(data_dir) not in cmdline.split("\0"):
        return
    with suppress(OSError):
        os.kill(pid, signal.SIGKILL)


@contextmanager
def postgres_server(pg_bin: Path | str | None = None) -> Iterator[str]:
    """Run a throwaway PostgreSQL server; yield its base SQLAlchemy URL.

    The URL points at the ``postgres`` maintenance database as the ``postgres`` superuser (no
    password); use ``create_database()`` for the databases the tests write to.
    """
    bin_dir = Path(pg_bin) if pg_bin is not None else pg_bin_dir()
    reason = postgres_missing_reason(bin_dir)
    if reason is not None:
        raise PostgresUnavailable(reason)

    base = _make_base_dir()
    data_dir = base / "data"
    log_file = base / "server.log"
    started = False
    try:
        init = _run(
            [
                str(bin_dir / "initdb"),
                "-D", str(data_dir),
                "-U", "postgres",
                "-A", "trust",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            cwd=base,
            timeout=120,
        )  # fmt: skip
        if init.returncode != 0:
            raise PostgresStartError(
                f"initdb failed (exit {init.returncode}):\n{init.stdout}\n{init.stderr}"
            )
        settings = {
            "listen_addresses": _conf_quote("127.0.0.1"),
            "unix_socket_directories": _conf_quote(str(base)),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "wal_level": "minimal",
            "max_wal_senders": "0",
            "archive_mode": "off",
            "max_connections": "200",
            "shared_buffers": "32MB",
            "logging_collector": "off",
            "timezone": _conf_quote("UTC"),
        }
        # Appending keeps the file's owner (postgres) even when we write it as root.
        with (data_dir / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/support/postgres.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

        port = 0
        errors: list[str] = []
        for _attempt in range(_START_ATTEMPTS):
            port = free_port()
            start = _run(
                [
                    str(bin_dir / "pg_ctl"),
                    "start",
                    "-D", str(data_dir),
                    "-l", str(log_file),
                    "-o", f"-p {port}",
                    "-w",
                    "-t", str(_START_TIMEOUT_S),
                ],
                cwd=base,
                timeout=_START_TIMEOUT_S + 30,
            )  # fmt: skip
            if start.returncode == 0:
                started = True
                break
            _kill_postmaster(data_dir)
            log = _tail(log_file)
            errors.append(f"port {port}: {start.stdout}\n{start.stderr}\n{log}")
            if "could not bind" not in log and "already in use" not in log:
                break  # not a port race: retrying will not help
            time.sleep(0.2)
        if not started:
            raise PostgresStartError("PostgreSQL did not start:\n" + "\n---\n".join(errors))
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            try:
                stop = _run(
                    [
                        str(bin_dir / "pg_ctl"),
                        "stop",
                        "-D", str(data_dir),
                        "-m", "immediate",
                        "-w",
                        "-t", "30",
                    ],
                    cwd=base,
                    timeout=60,
                )  # fmt: skip
                if stop.returncode != 0:
                    _kill_postmaster(data_dir)
            except subprocess.TimeoutExpired:
                _kill_postmaster(data_dir)
        shutil.rmtree(base, ignore_errors=True)


def create_database(base_url: str, name: str | None = None) -> str:
    """Create an empty database ``name`` (a fresh unique name when None); return its URL."""
    if name is None:
        name = f"test_{uuid.uuid4().hex[:16]}"
    if not _DB_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name (letters, digits, _; max 63): {name!r}")
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        engine.dispose()
    return sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)
