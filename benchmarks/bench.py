"""The performance benchmark of issue 9: every page's run time, its SQL floor, memory, paint.

For each size (applications) and backend it:

1. fills a fresh database with ``benchmarks.generate`` (bulk Core inserts);
2. runs every page of the app through ``streamlit.testing.v1.AppTest`` (the pages are read
   from ``app.py``'s ``st.Page(...)`` list, so new pages are measured as they land):
   a warm-up, then ``--runs`` *full reload* runs (the process holds no frame: every frame is
   read whole), ``--runs`` runs *after a write* (one user action through the services before
   each: the held frames are patched from the change log, every figure computed again) and
   ``--runs`` *warm* runs (a re-run with no data change, i.e. a widget click); medians are
   reported, with the SQL statements each run sent;
3. times the page's *floor*: the bare reads behind the ``data.load(...)`` frames the page
   used (recorded while it ran, plus the names found in its source), i.e. the
   ``tracker.services.frames`` functions with pandas, each in its own read session as the
   cached loader does, median of ``--runs``; the ratio is full reload / floor;
4. unless ``--no-browser``: serves the real app (``tests/support/server.py``), visits every
   page in headless Chromium and reads the server's peak memory (``VmHWM``), then measures
   the first paint of Overview and Pipeline: navigation start until the app is connected,
   has run the script and shows no skeleton, cold (after a write) and warm,
   plus the browser's first-contentful-paint.

Targets (issue 9) are marked pass / miss in every table. ``--write-md`` stores the results of
this run in ``benchmarks/results/<backend>-<size>.json`` and writes ``BENCHMARKS.md`` from
every stored result (so SQLite and PostgreSQL runs made separately end up side by side).
``--profile-dir DIR`` also profiles one run after a write of each page with cProfile
(``DIR/*.prof``)
and prints its hot spots in the project's code.

    python -m benchmarks.bench --sizes 1000,10000 --runs 5 --write-md
    python -m benchmarks.bench --sizes 100000 --backend postgres --write-md
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import cProfile
import gc
import json
import os
import platform
import pstats
import shlex
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:  # ``python benchmarks/bench.py`` from anywhere
    sys.path.insert(0, str(PROJECT_DIR))

APP = PROJECT_DIR / "app.py"
RESULTS_DIR = PROJECT_DIR / "benchmarks" / "results"
MARKDOWN = PROJECT_DIR / "BENCHMARKS.md"
PAINT_PAGES = ("overview", "pipeline")
VIEWPORT = {"width": 1400, "height": 900}
MB = 1024 * 1024

# --------------------------------------------------------------------------- targets

WARM_TARGET_MS = 50.0
FLOOR_RATIO_TARGET = 3.0
FLOOR_RATIO_SIZE = 10_000  # the issue judges page / floor at this size
MEMORY_TARGET_MB = 500.0
MEMORY_SIZE = 100_000  # ... and the server's memory at this one
BASELINE_MS = {1_000: 90, 10_000: 320, 100_000: 2_900}  # the single-table tracker of the issue


def run_target_ms(size: int) -> float:
    """The issue's limit for one page's script run at ``size`` applications."""
    if size <= 1_000:
        return 100.0
    if size <= 10_000:
        return 300.0
    return 1_500.0


def verdict(value: float | None, limit: float, judged: bool = True) -> str:
    """``pass`` / ``**miss**`` against ``limit``, or ``-`` when not measured or not judged."""
    if value is None or not judged:
        return "-"
    return "pass" if value <= limit else "**miss**"


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageInfo:
    """One page of the app as ``app.py`` registers it."""

    path: str  # relative to the project, e.g. "pages/board.py"
    title: str
    default: bool = False

    @property
    def name(self) -> str:
        return Path(self.path).stem

    @property
    def url_path(self) -> str:
        return "" if self.default else self.name


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_page_call(func: ast.expr) -> bool:
    """``st.Page(...)`` or ``page(...)`` (``tracker.ui.nav.page``, the same arguments)."""
    return getattr(func, "attr", None) == "Page" or getattr(func, "id", None) == "page"


def discover_pages(app: Path = APP) -> list[PageInfo]:
    """The file pages of ``app.py``'s ``st.Page(...)`` / ``page(...)`` calls, in navigation
    order.

    Falls back to every ``pages/*.py`` when the app registers none (or cannot be parsed).
    """
    found: list[tuple[int, int, PageInfo]] = []
    try:
        tree = ast.parse(app.read_text())
    except (OSError, SyntaxError):
        tree = None
    for node in ast.walk(tree) if tree is not None else ():
        if not (isinstance(node, ast.Call) and _is_page_call(node.func)):
            continue
        path = _string(node.args[0]) if node.args else None
        if path is None or not path.endswith(".py") or not (app.parent / path).is_file():
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        title = _string(keywords.get("title")) or Path(path).stem.replace("_", " ").title()
        default = isinstance(keywords.get("default"), ast.Constant) and bool(
            keywords["default"].value
        )
        found.append((node.lineno, node.col_offset, PageInfo(path, title, default)))
    pages = [page for _line, _col, page in sorted(found, key=lambda f: f[:2])]
    if not pages:
        pages = [
            PageInfo(path=p.relative_to(app.parent).as_posix(), title=p.stem, default=i == 0)
            for i, p in enumerate(sorted((app.parent / "pages").glob("*.py")))
        ]
    return pages


def _string_args(args: list[ast.expr]) -> list[str]:
    """The string constants among call arguments, also inside ``*("a", "b")``."""
    found: list[str] = []
    for arg in args:
        if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Tuple | ast.List):
            found += _string_args(list(arg.value.elts))
        elif (text := _string(arg)) is not None:
            found.append(text)
    return found


def static_frames(page_file: Path) -> list[str]:
    """The frame names a page asks for in its source: ``data.load("a", "b")`` -> [a, b], and
    the frames of ``data.derived(compute, "a", "b", ...)``."""
    try:
        tree = ast.parse(page_file.read_text())
    except (OSError, SyntaxError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("load", "derived")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "data"
        ):
            args = node.args if node.func.attr == "load" else node.args[1:]
            names += _string_args(args)
    return list(dict.fromkeys(names))


def select_pages(pages: list[PageInfo], wanted: str | None) -> list[PageInfo]:
    """The pages named in ``--pages`` (file stem or title, case-insensitive)."""
    if not wanted:
        return pages
    keys = {w.strip().lower() for w in wanted.split(",") if w.strip()}
    chosen = [p for p in pages if p.name.lower() in keys or p.title.lower() in keys]
    unknown = keys - {p.name.lower() for p in chosen} - {p.title.lower() for p in chosen}
    if unknown:
        known = ", ".join(p.name for p in pages)
        raise SystemExit(f"unknown page(s): {', '.join(sorted(unknown))} (pages: {known})")
    return chosen


# --------------------------------------------------------------------------- results


@dataclass
class PageResult:
    page: str
    title: str
    frames: list[str] = field(default_factory=list)
    cold_ms: list[float] = field(default_factory=list)  # after a write (a user action)
    warm_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    floor_cpu_ms: list[float] = field(default_factory=list)
    cold_cpu_ms: list[float] = field(default_factory=list)  # CPU time of the script thread
    warm_cpu_ms: list[float] = field(default_factory=list)
    full_ms: list[float] = field(default_factory=list)  # every frame read whole
    full_cpu_ms: list[float] = field(default_factory=list)
    cold_queries: int = 0
    warm_queries: int = 0
    full_queries: int = 0
    error: str = ""

    @property
    def cold(self) -> float | None:
        return statistics.median(self.cold_ms) if self.cold_ms else None

    @property
    def warm(self) -> float | None:
        return statistics.median(self.warm_ms) if self.warm_ms else None

    @property
    def cold_cpu(self) -> float | None:
        return statistics.median(self.cold_cpu_ms) if self.cold_cpu_ms else None

    @property
    def warm_cpu(self) -> float | None:
        return statistics.median(self.warm_cpu_ms) if self.warm_cpu_ms else None

    @property
    def full(self) -> float | None:
        return _median(self.full_ms)

    @property
    def floor(self) -> float | None:
        return statistics.median(self.floor_ms) if self.floor_ms else None

    @property
    def ratio(self) -> float | None:
        """Full-reload run / floor: both read every row the page's figures need."""
        if self.full is None or not self.floor:
            return None
        return self.full / self.floor

    @property
    def cpu_ratio(self) -> float | None:
        """The same in CPU time of the measuring thread (steadier on a busy machine)."""
        floor_cpu, full_cpu = _median(self.floor_cpu_ms), _median(self.full_cpu_ms)
        if full_cpu is None or not floor_cpu:
            return None
        return full_cpu / floor_cpu


@dataclass
class PaintResult:
    page: str
    cold_ms: list[float] = field(default_factory=list)  # until ready: no skeleton left
    warm_ms: list[float] = field(default_factory=list)
    cold_script_ms: list[float] = field(default_factory=list)  # until the script finished
    warm_script_ms: list[float] = field(default_factory=list)
    fcp_ms: list[float] = field(default_factory=list)
    error: str = ""


@dataclass
class RunResult:
    backend: str
    size: int
    runs: int
    generated_rows: dict[str, int] = field(default_factory=dict)
    generate_s: float = 0.0
    harness_ms: float | None = None  # AppTest's own cost: a one-line script's run
    pages: list[PageResult] = field(default_factory=list)
    peak_memory_mb: float | None = None  # VmHWM after one visit of every page
    end_rss_mb: float | None = None
    peak_after_paints_mb: float | None = None  # VmHWM after the paint visits too
    paints: list[PaintResult] = field(default_factory=list)
    browser_error: str = ""
    command: str = ""
    machine: dict[str, str] = field(default_factory=dict)
    finished_at: str = ""

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RunResult:
        raw = dict(raw)
        raw["pages"] = [PageResult(**p) for p in raw.get("pages", [])]
        raw["paints"] = [PaintResult(**p) for p in raw.get("paints", [])]
        return cls(**raw)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


# --------------------------------------------------------------------------- machine


def machine_info(backend_version: str = "") -> dict[str, str]:
    """What the numbers were measured on."""
    import pandas
    import sqlalchemy
    import streamlit

    cpu = platform.processor() or platform.machine()
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    info = {
        "cpu": cpu,
        "cpus (nproc)": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if backend_version:
        info["database server"] = backend_version
    return info


# --------------------------------------------------------------------------- databases


@contextlib.contextmanager
def databases(backend: str, workdir: Path) -> Iterator[Callable[[int], tuple[str, str]]]:
    """Yield ``make(size) -> (url, server version)`` making a fresh, empty database."""
    if backend == "sqlite":

        def make_sqlite(size: int) -> tuple[str, str]:
            path = workdir / f"bench-{size}.db"
            for stale in workdir.glob(f"bench-{size}.db*"):
                stale.unlink()
            return f"sqlite:///{path}", f"SQLite {sqlite3.sqlite_version}"

        yield make_sqlite
        return
    from tests.support.postgres import create_database, postgres_server

    with postgres_server() as base_url:
        import sqlalchemy as sa

        engine = sa.create_engine(base_url)
        with engine.connect() as conn:
            version = str(conn.exec_driver_sql("SHOW server_version").scalar())
        engine.dispose()

        def make_postgres(size: int) -> tuple[str, str]:
            name = f"bench_{size}_{int(time.time() * 1000) % 10**9}"
            return create_database(base_url, name), f"PostgreSQL {version}"

        yield make_postgres


def bump_data_version(url: str) -> None:
    """A committed write that changes nothing but the data version (cold caches)."""
    from tracker import db

    with db.session_scope(url):
        pass


def user_write(url: str, n: int) -> None:
    """One user action through the services, as a page makes it: edit the notes of an
    application and of one of its rounds (the n-th round, spread over the data)."""
    import sqlalchemy as sa

    from tracker import db
    from tracker.models import ApplicationUpdate, RoundUpdate
    from tracker.services import applications as app_service
    from tracker.services import rounds as round_service

    with db.session_scope(url) as s:
        count = s.execute(sa.text("SELECT COUNT(*) FROM interview_round")).scalar() or 0
        if not count:
            return
        round_id, app_id = s.execute(
            sa.text("SELECT id, application_id FROM interview_round ORDER BY id LIMIT 1 OFFSET :k"),
            {"k": (n * 7919) % count},
        ).one()
        note = f"benchmark edit {n}"
        app_service.update_application(
            session=s, application_id=app_id, data=ApplicationUpdate(notes=note)
        )
        round_service.update_round(session=s, round_id=round_id, data=RoundUpdate(notes=note))


def forget_frames() -> None:
    """Drop every frame the process holds, so the next run reads them whole (as after a
    server start, or when the change log cannot say what changed)."""
    from tracker.ui import data

    with data._newest_lock:
        data._newest.clear()


# --------------------------------------------------------------------------- AppTest timing


class _Recorder:
    """Records which frames the cached loaders fetched and how many SQL statements ran."""

    def __init__(self) -> None:
        from tracker.ui import data

        self.data = data
        self.originals: dict[str, Callable] = dict(data.FRAME_LOADERS)
        self.fetched: set[str] = set()
        self.statements = 0
        for name, loader in self.originals.items():
            data.FRAME_LOADERS[name] = self._wrap(name, loader)

    def _wrap(self, name: str, loader: Callable) -> Callable:
        def recording(session, include_demo=True):
            self.fetched.add(name)
            return loader(session, include_demo)

        return recording

    def count_statement(self, *_args) -> None:
        self.statements += 1

    def watch(self, engine) -> None:
        import sqlalchemy as sa

        if not sa.event.contains(engine, "before_cursor_execute", self.count_statement):
            sa.event.listen(engine, "before_cursor_execute", self.count_statement)

    def close(self) -> None:
        self.data.FRAME_LOADERS.update(self.originals)


class _ScriptCpu:
    """Measures the CPU time of the thread AppTest runs the script in (while active).

    Wall time on a busy machine includes waiting for a CPU; the script thread's CPU time does
    not (but it leaves out the database server's work on PostgreSQL).
    """

    def __init__(self) -> None:
        from streamlit.testing.v1.local_script_runner import LocalScriptRunner

        self.runner = LocalScriptRunner
        self.original = LocalScriptRunner._run_script_thread
        self.last_ms = 0.0
        meter = self

        def run_metered(runner) -> None:
            started = time.thread_time()
            try:
                meter.original(runner)
            finally:
                meter.last_ms = (time.thread_time() - started) * 1000

        LocalScriptRunner._run_script_thread = run_metered

    def close(self) -> None:
        self.runner._run_script_thread = self.original


class _SharedScriptCache:
    """One compiled-script cache for every AppTest run, as a served app has.

    ``streamlit run`` compiles app.py and each page once per process and keeps the bytecode;
    AppTest builds a new ``ScriptCache`` for every ``run()``, so without this each measured run
    would also parse, rewrite (Streamlit's "magic") and compile app.py and the page: tens of
    milliseconds that a user never waits for.
    """

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
        from streamlit.testing.v1 import app_test, local_script_runner

        self.modules = (app_test, local_script_runner)
        self.original = ScriptCache
        shared = ScriptCache()
        for module in self.modules:
            module.ScriptCache = lambda: shared

    def close(self) -> None:
        for module in self.modules:
            module.ScriptCache = self.original


class _ServedPagesMode:
    """Streamlit's ``pages/`` folder mode left after the first run, as a served app leaves it.

    A server process starts in the folder mode (a ``pages/`` folder sits beside app.py) and
    leaves it for good at its first ``st.navigation`` call. AppTest resets the mode before
    every ``run()``, so without this each measured run would also build a page for every file
    of ``pages/``, run the page script and, through ``require_app_entry``, app.py and the page
    once more: a few milliseconds that a user never waits for.
    """

    def __init__(self) -> None:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.testing.v1 import app_test

        self.module = app_test
        self.original = app_test.PagesManager
        self.runs = 0
        mode = self

        class ServedPagesManager(PagesManager):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                if mode.runs:  # the first run of the process starts in the folder mode
                    PagesManager.uses_pages_directory = False
                mode.runs += 1

        app_test.PagesManager = ServedPagesManager

    def close(self) -> None:
        self.module.PagesManager = self.original


def _timed_run(at, cpu: _ScriptCpu | None = None) -> tuple[float, float]:
    """(wall ms of ``at.run()``, CPU ms of its script thread)."""
    gc.collect()
    started = time.perf_counter()
    at.run()
    wall = (time.perf_counter() - started) * 1000
    return wall, cpu.last_ms if cpu is not None else 0.0


def harness_overhead_ms(runs: int) -> float:
    """The AppTest run time of a one-line script: the harness's own share of every number."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.write('benchmark')", default_timeout=60)
    at.run()
    return statistics.median(_timed_run(at)[0] for _ in range(max(3, runs)))


def time_floor(
    url: str, names: list[str], loaders: dict[str, Callable], runs: int
) -> tuple[list[float], list[float]]:
    """Per run: (wall ms, CPU ms) to read the named frames, each in its own read session."""
    import sqlalchemy as sa

    from tracker import db
    from tracker.services.settings import get_settings

    with db.read_session(url) as session:
        include_demo = get_settings(session=session).show_demo
    known = [n for n in names if n in loaders]
    if not known:
        return [], []
    with db.read_session(url) as session:  # a pooled connection, as the app has one
        session.execute(sa.text("SELECT 1"))
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.thread_time()
        for name in known:
            with db.read_session(url) as session:
                loaders[name](session, include_demo)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.thread_time() - started_cpu) * 1000)
    return walls, cpus


@contextlib.contextmanager
def profiled_script_thread(profile: cProfile.Profile) -> Iterator[None]:
    """Profile the thread AppTest runs the script in (cProfile sees one thread only)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_profiled(self) -> None:
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = run_profiled
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


def hot_spots(profile: cProfile.Profile, limit: int = 12) -> list[str]:
    """The project's functions with the most cumulative time in a profile, as text lines."""
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        path = Path(filename)
        if PROJECT_DIR not in path.parents or ".venv" in path.parts:
            continue
        where = f"{path.relative_to(PROJECT_DIR)}:{line}"
        rows.append((cumtime, f"{cumtime * 1000:8.1f} ms cum {tottime * 1000:7.1f} ms self "
                              f"{calls:>7} calls  {where} {func}"))  # fmt: skip
    rows.sort(reverse=True)
    return [text for _t, text in rows[:limit]]


def time_pages(
    url: str,
    pages: list[PageInfo],
    runs: int,
    *,
    profile_dir: Path | None = None,
    label: str = "",
    log: Callable[[str], None] = print,
) -> list[PageResult]:
    """Cold and warm AppTest runs of every page, the frames it read and its SQL floor."""
    from streamlit.testing.v1 import AppTest

    from tracker import db

    os.environ["TRACKER_DATABASE_URL"] = url
    engine = db.get_engine(url)
    recorder = _Recorder()
    recorder.watch(engine)
    cpu = _ScriptCpu()
    scripts = _SharedScriptCache()
    served = _ServedPagesMode()
    results: list[PageResult] = []
    try:
        at = AppTest.from_file(str(APP), default_timeout=900)
        at.run()
        for page in pages:
            result = PageResult(page=page.name, title=page.title)
            results.append(result)
            try:
                at.switch_page(page.path)
                bump_data_version(url)
                at.run()  # warm-up: first run of this page (imports, compiled regexes, ...)
                recorder.fetched.clear()
                for _ in range(runs):
                    forget_frames()
                    bump_data_version(url)
                    before = recorder.statements
                    wall, thread_cpu = _timed_run(at, cpu)
                    result.full_ms.append(wall)
                    result.full_cpu_ms.append(thread_cpu)
                    result.full_queries = recorder.statements - before
                fetched = set(recorder.fetched)
                for _ in range(runs):
                    user_write(url, len(results) * 100 + len(result.cold_ms))
                    before = recorder.statements
                    wall, thread_cpu = _timed_run(at, cpu)
                    result.cold_ms.append(wall)
                    result.cold_cpu_ms.append(thread_cpu)
                    result.cold_queries = recorder.statements - before
                for _ in range(runs):
                    before = recorder.statements
                    wall, thread_cpu = _timed_run(at, cpu)
                    result.warm_ms.append(wall)
                    result.warm_cpu_ms.append(thread_cpu)
                    result.warm_queries = recorder.statements - before
                if at.exception:
                    result.error = str(at.exception[0].value).splitlines()[0][:200]
            except Exception as exc:  # a page under construction must not stop the others
                result.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                fetched = set(recorder.fetched)
            source = static_frames(PROJECT_DIR / page.path)
            result.frames = [n for n in source if n in fetched or n in recorder.originals]
            result.frames += sorted(fetched - set(result.frames))
            result.floor_ms, result.floor_cpu_ms = time_floor(
                url, result.frames, recorder.originals, runs
            )
            log(
                f"  {label}{page.name:<18} after a write {_ms(result.cold):>7} ms  "
                f"full reload {_ms(result.full):>7} ms  "
                f"warm {_ms(result.warm):>6} ms  floor {_ms(result.floor):>6} ms  "
                f"(CPU {_ms(result.cold_cpu)} / {_ms(result.warm_cpu)} ms)"
                + (f"  ERROR {result.error}" if result.error else "")
            )
            if profile_dir is not None and not result.error:
                profile_page(at, url, page, profile_dir / f"{label}{page.name}.prof", log)
    finally:
        cpu.close()
        scripts.close()
        served.close()
        recorder.close()
    return results


def profile_page(at, url: str, page: PageInfo, target: Path, log: Callable[[str], None]) -> None:
    """One more run of the current page after a write, under cProfile; dump it and print
    its hot spots."""
    target.parent.mkdir(parents=True, exist_ok=True)
    profile = cProfile.Profile()
    user_write(url, 99_999)
    with profiled_script_thread(profile):
        at.run()
    profile.dump_stats(str(target))
    log(f"    profile of a run after a write of {page.path}: {target}")
    for line in hot_spots(profile):
        log(f"    {line}")


# --------------------------------------------------------------------------- browser

READY_JS = """
(() => {
  let sawRunning = false;
  const check = (records) => {
    for (const r of records || []) {
      if (r.attributeName === 'data-test-script-state' && r.oldValue === 'running') {
        sawRunning = true;
      }
    }
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || window.__benchReadyAt !== undefined) return;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') sawRunning = true;
    const done = sawRunning && state === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED';
    if (done && window.__benchScriptDoneAt === undefined) {
      window.__benchScriptDoneAt = performance.now();
    }
    if (done && !document.querySelector("[data-testid='stSkeleton']")) {
      window.__benchReadyAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeOldValue: true,
  });
})();
"""
FCP_JS = """() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null;
}"""


def server_pid(port: int) -> int | None:
    """The pid of the ``streamlit run`` process listening on ``port`` (from /proc)."""
    wanted = ["--server.port", str(port)]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if "streamlit" in " ".join(args) and any(
            args[i : i + 2] == wanted for i in range(len(args) - 1)
        ):
            return int(entry.name)
    return None


def memory_mb(pid: int) -> tuple[float | None, float | None]:
    """(VmHWM, VmRSS) of a process in MiB: its peak and current resident memory."""
    values: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmHWM"), values.get("VmRSS")


def _visit(browser, url: str, timeout_ms: int) -> tuple[float, float, float | None]:
    """Open ``url`` in a fresh context.

    Returns ms from navigation start until the app is ready (no skeleton left), until the
    script had finished (the page's elements arrived; charts may still be drawing), and the
    first-contentful-paint.
    """
    from tests.support.server import wait_for_app

    context = browser.new_context(viewport=VIEWPORT)
    try:
        tab = context.new_page()
        tab.add_init_script(READY_JS)
        tab.goto(url, wait_until="commit", timeout=timeout_ms)
        try:
            tab.wait_for_function(
                "() => window.__benchReadyAt !== undefined", timeout=timeout_ms, polling=50
            )
            ready = tab.evaluate("() => window.__benchReadyAt")
            script = tab.evaluate("() => window.__benchScriptDoneAt")
        except Exception:  # the observer missed the run: fall back to the tests' readiness
            wait_for_app(tab, timeout_ms=timeout_ms)
            ready = script = tab.evaluate("() => performance.now()")
        wait_for_app(tab, timeout_ms=timeout_ms)
        return float(ready), float(script), tab.evaluate(FCP_JS)
    finally:
        context.close()


def browser_metrics(
    url: str, pages: list[PageInfo], runs: int, result: RunResult, log: Callable[[str], None]
) -> None:
    """Serve the app, visit every page (peak memory), then time Overview / Pipeline paints."""
    from playwright.sync_api import sync_playwright

    from tests.support.server import launch_chromium, streamlit_server

    timeout_ms = 300_000
    with streamlit_server(url, timeout_s=120) as base, sync_playwright() as playwright:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        browser = launch_chromium(playwright)
        result.machine["chromium"] = browser.version
        try:
            for page in pages:
                try:
                    _visit(browser, f"{base}/{page.url_path}", timeout_ms)
                except Exception as exc:  # one page too slow to draw must not hide the rest
                    failure = f"{page.title}: {type(exc).__name__}: {exc}".splitlines()[0]
                    result.browser_error = (result.browser_error + "; " + failure[:200]).strip("; ")
                    log(f"  visiting {page.title} failed: {failure[:200]}")
            if pid is not None:
                result.peak_memory_mb, result.end_rss_mb = memory_mb(pid)
            for page in [p for p in pages if p.name in PAINT_PAGES]:
                paint = PaintResult(page=page.title)
                result.paints.append(paint)
                target = f"{base}/{page.url_path}"
                try:
                    for n in range(runs):
                        user_write(url, 50_000 + n)
                        ready, script, fcp = _visit(browser, target, timeout_ms)
                        paint.cold_ms.append(ready)
                        paint.cold_script_ms.append(script)
                    for _ in range(runs):
                        ready, script, fcp = _visit(browser, target, timeout_ms)
                        paint.warm_ms.append(ready)
                        paint.warm_script_ms.append(script)
                        if fcp is not None:
                            paint.fcp_ms.append(fcp)
                except Exception as exc:
                    paint.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                log(
                    f"  first paint {page.name}: cold {_ms(_median(paint.cold_ms))} ms, "
                    f"warm {_ms(_median(paint.warm_ms))} ms, FCP {_ms(_median(paint.fcp_ms))} ms"
                )
        finally:
            browser.close()
            if pid is not None:
                result.peak_after_paints_mb = memory_mb(pid)[0]
    log(
        f"  server peak memory (VmHWM): {_ms(result.peak_memory_mb)} MiB after visiting every "
        f"page, {_ms(result.peak_after_paints_mb)} MiB after the paint visits"
    )


# --------------------------------------------------------------------------- tables


def page_table(result: RunResult) -> str:
    target = run_target_ms(result.size)
    judge_ratio = result.size == FLOOR_RATIO_SIZE
    lines = [
        f"| Page | After a write (ms) | < {target:,.0f} ms | Warm re-run (ms) "
        f"| < {WARM_TARGET_MS:.0f} ms | Full reload (ms) "
        f"| SQL floor (ms) | Full reload / floor "
        f"| <= {FLOOR_RATIO_TARGET:.0f}x at {FLOOR_RATIO_SIZE:,} "
        "| CPU write / warm / full (ms) | SQL statements write / warm / full | Frames |",
        "|---|---:|---|---:|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for p in result.pages:
        ratio = f"{p.ratio:.1f}x" if p.ratio is not None else "-"
        if p.cpu_ratio is not None:
            ratio += f" ({p.cpu_ratio:.1f}x CPU)"
        title = p.title + (f" (error: {p.error})" if p.error else "")
        lines.append(
            f"| {title} | {_ms(p.cold)} | {verdict(p.cold, target)} | {_ms(p.warm)} "
            f"| {verdict(p.warm, WARM_TARGET_MS)} | {_ms(p.full)} | {_ms(p.floor)} | {ratio} "
            f"| {verdict(p.ratio, FLOOR_RATIO_TARGET, judge_ratio)} "
            f"| {_ms(p.cold_cpu)} / {_ms(p.warm_cpu)} / {_ms(_median(p.full_cpu_ms))} "
            f"| {p.cold_queries} / {p.warm_queries} / {p.full_queries} "
            f"| {', '.join(p.frames) or '-'} |"
        )
    return "\n".join(lines)


def server_table(result: RunResult) -> str:
    failed = f"Browser measurements failed in part: {result.browser_error}\n\n"
    failed = failed if result.browser_error else ""
    if result.peak_memory_mb is None and result.peak_after_paints_mb is None and not result.paints:
        return failed or "Browser measurements skipped (`--no-browser`)."
    judged = result.size >= MEMORY_SIZE
    lines = [
        f"Server peak memory (VmHWM) after visiting every page: "
        f"**{_ms(result.peak_memory_mb)} MiB** (target < {MEMORY_TARGET_MB:.0f} MiB at "
        f"{MEMORY_SIZE:,}: {verdict(result.peak_memory_mb, MEMORY_TARGET_MB, judged)}); "
        f"resident then (VmRSS): {_ms(result.end_rss_mb)} MiB; peak after the first-paint "
        f"visits below (each cold one follows a write): {_ms(result.peak_after_paints_mb)} MiB.",
        "",
        "| First paint in Chromium (ms from navigation start) | Ready, cold | Ready, warm "
        "| Script finished, cold | Script finished, warm | First-contentful-paint |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for paint in result.paints:
        err = f" (error: {paint.error})" if paint.error else ""
        lines.append(
            f"| {paint.page}{err} | {_ms(_median(paint.cold_ms))} | {_ms(_median(paint.warm_ms))} "
            f"| {_ms(_median(paint.cold_script_ms))} | {_ms(_median(paint.warm_script_ms))} "
            f"| {_ms(_median(paint.fcp_ms))} |"
        )
    return failed + "\n".join(lines)


def result_section(result: RunResult, level: str = "###") -> str:
    backend = {"sqlite": "SQLite", "postgres": "PostgreSQL"}.get(result.backend, result.backend)
    rows = ", ".join(f"{name} {n:,}" for name, n in result.generated_rows.items())
    total = sum(result.generated_rows.values())
    misses = sum(
        verdict(p.cold, run_target_ms(result.size)) == "**miss**"
        or verdict(p.warm, WARM_TARGET_MS) == "**miss**"
        for p in result.pages
    )
    baseline = BASELINE_MS.get(result.size)
    return "\n".join(
        [
            f"{level} {backend}, {result.size:,} applications",
            "",
            f"Data: {total:,} rows generated in {result.generate_s:.1f} s ({rows}). "
            f"Medians of {result.runs} runs. AppTest's own cost (a one-line script): "
            f"{_ms(result.harness_ms)} ms per run, included in every run time."
            + (f" The single-table tracker of the issue: {baseline:,} ms." if baseline else ""),
            f"Pages missing a run-time target: {misses} of {len(result.pages)}.",
            "",
            page_table(result),
            "",
            server_table(result),
            "",
        ]
    )


def scaling_table(results: list[RunResult]) -> str:
    """Cold run time per page across sizes, with the growth factor against the data's."""
    sizes = sorted({r.size for r in results})
    if len(sizes) < 2:
        return ""
    by_size = {r.size: {p.page: p for p in r.pages} for r in results}
    titles = {p.page: p.title for r in results for p in r.pages}
    head = " | ".join(f"{s:,}" for s in sizes)
    growth = " | ".join(f"x{b // a} data" for a, b in zip(sizes, sizes[1:], strict=False))
    lines = [f"| Page | {head} | {growth} |", "|---|" + "---:|" * (2 * len(sizes) - 1)]
    for page, title in titles.items():
        cold = [by_size[s].get(page).cold if by_size[s].get(page) else None for s in sizes]
        factors = [
            f"x{b / a:.1f}" if a and b else "-" for a, b in zip(cold, cold[1:], strict=False)
        ]
        lines.append(f"| {title} | {' | '.join(_ms(c) for c in cold)} | {' | '.join(factors)} |")
    return "\n".join(lines)


def markdown_document(results: list[RunResult]) -> str:
    results = sorted(results, key=lambda r: (r.backend != "sqlite", r.backend, r.size))
    latest = max(results, key=lambda r: r.finished_at)
    machine = "\n".join(f"- {k}: {v}" for k, v in latest.machine.items())
    commands = "\n".join(dict.fromkeys(r.command for r in results))
    sections = "\n".join(result_section(r) for r in results)
    scaling = []
    for backend in dict.fromkeys(r.backend for r in results):
        table = scaling_table([r for r in results if r.backend == backend])
        if table:
            scaling += [
                f"### Growth with the data ({backend}, run after a write, ms)",
                "",
                table,
                "",
            ]
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Issue 9's benchmark: every page's script run (AppTest), its SQL floor, the server's",
            "peak memory and the first paint in headless Chromium, on generated cohorts of",
            "1,000 to 100,000 applications (`benchmarks/generate.py`: about four rounds per",
            "application that got a response, feedback, stage events, red flags, a few % offers,",
            "learning objectives, comp ranges).",
            "Written by `python -m benchmarks.bench --write-md`.",
            "",
            "How to read it:",
            "- **After a write**: the first run of a page after a user action changed the data",
            "  (one edit through the services of an application and one of its rounds, a",
            "  different one each run). The frames the process holds are brought up to date",
            "  from the change log (only the rows the write touched are read again); every",
            "  figure is computed again. Median. The run-time targets are judged on this run.",
            "- **Warm re-run**: a re-run with no data change, i.e. a widget click. Median.",
            "- **Full reload**: the run when the process holds no frame (after a server start,",
            "  a bulk import or restore, or when the change log was pruned past the version",
            "  held): every frame the page needs is read whole. Median.",
            "- **SQL floor**: the bare reads behind the frames the page loads",
            "  (`tracker.services.frames` with pandas, one read session each, as the loader",
            "  does); **full reload / floor** compares the runs that read the same rows, in",
            "  wall time (judged) and in CPU time of the measuring thread (steadier when the",
            "  machine is busy).",
            "- Run times are AppTest's `run()` wall time, which includes AppTest's own cost",
            "  (shown per section) and the page's other queries (counted in *SQL statements*).",
            "  *CPU* is the CPU time of the script's thread: what the run costs without waiting",
            "  for a CPU on a busy machine (on PostgreSQL it leaves out the server's work).",
            "  The compiled app.py and page scripts are kept across runs, as `streamlit run`",
            "  keeps them (AppTest alone would parse and compile both again on every run), and",
            "  Streamlit's `pages/` folder mode is left after the first run, as a server leaves it",
            "  (AppTest would enter it again on every run and run the page script twice).",
            "- **First paint**: from navigation start in a fresh browser context until the app is",
            "  connected, has run the script and shows no skeleton (*ready*: charts drawn), and",
            "  until the script finished (*script finished*: the page's elements arrived);",
            "  *cold* after a write, *warm* without.",
            "- Targets (issue 9): a page's run < 100 ms at 1,000 applications, < 300 ms at",
            "  10,000, < 1.5 s at 100,000 (after a write); a warm re-run < 50 ms; full reload",
            "  <= 3x floor at 10,000;",
            "  server memory < 500 MiB at 100,000. `**miss**` marks a missed target.",
            "",
            "## Machine",
            "",
            machine,
            "",
            "Timings are wall-clock on a shared machine: the load average at the start is part",
            "of the record above; a loaded machine inflates every number.",
            "",
            "## Reproduce",
            "",
            "```sh",
            commands,
            "```",
            "",
            "## Results",
            "",
            sections,
            *scaling,
        ]
    )


def store_result(result: RunResult, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{result.backend}-{result.size}.json"
    path.write_text(json.dumps(asdict(result), indent=1, default=str) + "\n")
    return path


def load_results(results_dir: Path) -> list[RunResult]:
    results = []
    for path in sorted(results_dir.glob("*.json")):
        with contextlib.suppress(ValueError, TypeError, OSError):
            results.append(RunResult.from_json(json.loads(path.read_text())))
    return results


# --------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("k")) * factor))
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("sizes are positive numbers, e.g. 1000,10000 or 1k,10k")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Time every page of the tracker on generated data (issue 9).",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1_000, 10_000],
        help="applications to generate, comma-separated (default 1000,10000)",
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (median)")
    parser.add_argument("--pages", help="only these pages (file stems), e.g. overview,pipeline")
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="skip the served app: no peak memory, no first paint",
    )
    parser.add_argument(
        "--write-md",
        action="store_true",
        help="store the results and write BENCHMARKS.md from all stored ones",
    )
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--md-path", type=Path, default=MARKDOWN)
    parser.add_argument(
        "--profile-dir",
        type=Path,
        help="also profile one cold run per page with cProfile into this folder",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where SQLite databases go (default: a temporary folder, removed)",
    )
    return parser  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the databases too
    os.chdir(PROJECT_DIR)  # .streamlit/config.toml applies, as under `tracker run`
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    command = "python -m benchmarks.bench " + shlex.join(
        sys.argv[1:] if argv is None else list(argv)
    )
    pages = select_pages(discover_pages(), args.pages)
    runs = max(1, args.runs)
    from benchmarks.generate import generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    harness = harness_overhead_ms(runs)
    results: list[RunResult] = []
    try:
        with databases(args.backend, workdir) as make_database:
            for size in args.sizes:
                url, server_version = make_database(size)
                print(f"== {args.backend}, {size:,} applications ==", flush=True)
                result = RunResult(backend=args.backend, size=size, runs=runs, command=command)
                result.machine = machine_info(server_version)
                result.harness_ms = harness
                counts = generate(url, size)
                result.generated_rows, result.generate_s = counts.rows, counts.seconds
                print(f"  generated {counts.total:,} rows in {counts.seconds:.1f} s", flush=True)
                result.pages = time_pages(
                    url,
                    pages,
                    runs,
                    profile_dir=args.profile_dir,
                    label=f"{args.backend}-{size}-" if args.profile_dir else "",
                    log=lambda line: print(line, flush=True),
                )
                if not args.no_browser:
                    try:
                        browser_metrics(url, pages, runs, result, lambda s: print(s, flush=True))
                    except Exception as exc:
                        result.browser_error = f"{type(exc).__name__}: {exc}"[:300]
                        print(f"  browser measurements failed: {result.browser_error}")
                result.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
                results.append(result)
                print()
                print(result_section(result), flush=True)
                if args.write_md:
                    store_result(result, args.results_dir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if len(results) > 1:
        print(scaling_table(results))
    if args.write_md:
        args.md_path.write_text(markdown_document(load_results(args.results_dir)))
        print(f"wrote {args.md_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
