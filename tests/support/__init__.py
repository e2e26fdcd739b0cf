"""Support code for the "real" ring of tests: a throwaway PostgreSQL, the served app, Chromium.

- ``tests.support.postgres``: ``postgres_server()`` (a context manager yielding a base
  SQLAlchemy URL of a fresh PostgreSQL 15 server), ``create_database(base_url, name)``,
  ``postgres_available()`` and ``require_postgres()``.
- ``tests.support.server``: ``streamlit_server(db_url, app="app.py")`` (a context manager
  yielding the base URL of the real app served by Streamlit), ``launch_chromium(playwright)``,
  ``wait_for_app(page)``, ``app_exceptions(page)`` and ``save_failure_screenshot(page, name)``.

This module only holds what both need; it imports neither, so importing the package stays cheap.
"""

from __future__ import annotations

import socket
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
