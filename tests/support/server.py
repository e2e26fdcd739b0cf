"""The real app, served by Streamlit in a subprocess, and Chromium (Debian's) to drive it.

``streamlit_server(db_url)`` runs ``python -m streamlit run app.py`` from the project root with
``TRACKER_DATABASE_URL=db_url`` on a free 127.0.0.1 port, waits for ``/_stcore/health`` and
yields the base URL; on exit it terminates (then kills) the server. Its stdout/stderr go to
temporary files, never pipes (a full pipe would freeze the server), and are put into the error
when the server dies or does not become healthy in time.

``launch_chromium(playwright)`` starts ``/usr/bin/chromium`` headless (never a downloaded
browser); ``wait_for_app(page)`` waits until Streamlit is connected, has finished running the
script and shows no skeletons; ``app_exceptions(page)`` lists the exception boxes on the page;
``save_failure_screenshot(page, name)`` saves a full-page PNG under ``test-artifacts/``.

After an interaction (a click), Streamlit may not yet have *started* the rerun when
``wait_for_app`` looks, so wait for the expected outcome first (``expect(...).to_be_visible()``)
and call ``wait_for_app`` after it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import ARTIFACTS_DIR, PROJECT_DIR, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_PATH = Path(os.environ.get("TRACKER_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
APP_READY_SELECTOR = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
    "[data-test-script-state='notRunning']"
)
NO_SKELETON_JS = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
EXCEPTION_SELECTOR = "[data-testid='stException']"

_START_ATTEMPTS = 3
# urllib must not send 127.0.0.1 through an http_proxy taken from the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class StreamlitServerError(RuntimeError):
    """The Streamlit server died or did not become healthy in time; carries its output."""


def _read_log(handle: IO[bytes], limit: int = 6000) -> str:
    handle.flush()
    handle.seek(0)
    text = handle.read().decode("utf-8", errors="replace")
    return text[-limit:] if len(text) > limit else text


def _healthy(url: str) -> bool:
    try:
        with _NO_PROXY_OPENER.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes], grace_s: float = 10) -> None:
    """Terminate the server's process group; kill it when it lingers.

    Does nothing once the server has been reaped: its pid may belong to someone else by then.
    """
    if proc.returncode is not None or proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=grace_s)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class RunningServer:
    """A served app: its base URL and the ``streamlit run`` process (leader of its group)."""

    url: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL the whole server at once, as a crash or a power cut would end it."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@contextmanager
def streamlit_server(
    db_url: str,
    app: str | os.PathLike[str] = "app.py",
    *,
    timeout_s: float = 60,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[str]:
    """Serve ``app`` (relative to the project root, or absolute) and yield its base URL.

    ``db_url`` becomes ``TRACKER_DATABASE_URL``; ``env`` adds or overrides further variables;
    ``extra_args`` go to ``streamlit run`` after the standard options.
    """
    with running_server(db_url, app, timeout_s=timeout_s, env=env, extra_args=extra_args) as server:
        yield server.url


@contextmanager
def running_server(
    db_url: str,
    app: str | os.PathLike[str] = "app.py",
    *,
    timeout_s: float = 60,
    env: Mapping[str, str] | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[RunningServer]:
    """``streamlit_server``, yielding the process too (to kill it)."""
    app_path = Path(app)
    if not app_path.is_absolute():
        app_path = PROJECT_DIR / app_path
    if not app_path.is_file():
        raise FileNotFoundError(f"Streamlit app script not found: {app_path}")

    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env["TRACKER_DATABASE_URL"] = db_url
    child_env["PYTHONUNBUFFERED"] = "1"
    child_env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")

    errors: list[str] = []
    for _attempt in range(_START_ATTEMPTS):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(app_path),
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *extra_args,
        ]  # fmt: skip
        with (
            tempfile.TemporaryFile(prefix="streamlit-out-") as out,
            tempfile.TemporaryFile(prefix="streamlit-err-") as err,
        ):
            proc = subprocess.Popen(
                cmd,
                cwd=PROJECT_DIR,
                env=child_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group, so _stop reaches all of it
            )
            try:
                deadline = time.monotonic() + timeout_s
                failure = None
                while True:
                    if proc.poll() is not None:
                        failure = f"the server exited with status {proc.returncode}"
                        break
                    if _healthy(f"{base_url}/_stcore/health"):
                        break
                    if time.monotonic() > deadline:
                        failure = f"{base_url}/_stcore/health not ok after {timeout_s:g} s"
                        break
                    time.sleep(0.2)
                if failure is None:
                    yield RunningServer(base_url, proc)
                    return
                _stop(proc)
                stderr = _read_log(err)
                report = (
                    f"Streamlit ({' '.join(cmd)}) failed: {failure}.\n"
                    f"--- stderr ---\n{stderr}\n--- stdout ---\n{_read_log(out)}"
                )
                errors.append(report)
                if not re.search(
                    r"port \d+ is (already in use|not available)", stderr + _read_log(out), re.I
                ):
                    break  # not a port race: retrying will not help
            finally:
                _stop(proc)
    raise StreamlitServerError("\n=====\n".join(errors))


def launch_chromium(playwright: Playwright, **launch_kwargs: Any) -> Browser:
    """Debian's Chromium, headless, with the flags that keep it off the (closed) network."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        raise FileNotFoundError(
            f"Chromium not found at {CHROMIUM_PATH}: install Debian's `chromium` package "
            "(the tests never download a browser) or set TRACKER_CHROMIUM."
        )
    options: dict[str, Any] = {
        "executable_path": str(CHROMIUM_PATH),
        "headless": True,
        "args": list(CHROMIUM_ARGS),
    }
    options.update(launch_kwargs)
    return playwright.chromium.launch(**options)


def wait_for_app(page: Page, timeout_ms: int = 30000) -> None:
    """Wait until the app is connected, the script has finished and no skeleton remains."""
    page.wait_for_selector(APP_READY_SELECTOR, timeout=timeout_ms)
    page.wait_for_function(NO_SKELETON_JS, timeout=timeout_ms)


def app_exceptions(page: Page) -> list[str]:
    """The text of every exception box Streamlit shows on the page."""
    return [element.inner_text() for element in page.query_selector_all(EXCEPTION_SELECTOR)]


def save_failure_screenshot(page: Page, name: str) -> Path | None:
    """Save a full-page PNG as ``test-artifacts/<name>.png``; return its path.

    Never raises (a screenshot must not hide the failure it documents): returns None when the
    page could not be captured.
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "screenshot"
    path = ARTIFACTS_DIR / f"{safe}.png"
    try:
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # best effort by design
        return None
    return path
