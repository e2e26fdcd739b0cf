"""Cached access to the database for pages: the engine, the data version and the frames.

Loaders are keyed on the database URL and the data version that every committed write
bumps (``tracker.db.session_scope``), so a write shows on the next run and nothing is
reloaded while nothing changed. ``write()`` is how a page performs one user action.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.runtime.scriptrunner import get_script_run_ctx

from tracker import db
from tracker.memory import release_free_memory, tune_allocators
from tracker.services import frames
from tracker.services.errors import ValidationError
from tracker.services.settings import Settings, get_settings

T = TypeVar("T")


def _frame_loader(name: str) -> Callable[[Session, bool], pd.DataFrame]:
    def load_whole(session: Session, include_demo: bool = True) -> pd.DataFrame:
        return frames.read_frame(session, name, include_demo)

    return load_whole


#: How each frame is read whole (the first time, or when the change log cannot patch it).
FRAME_LOADERS: dict[str, Callable[[Session, bool], pd.DataFrame]] = {
    name: _frame_loader(name) for name in frames.FRAMES
}


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    tune_allocators()  # before the first frame is read
    return db.get_engine(url)


def engine() -> Engine:
    """The engine of the configured database, created (and migrated) once per process."""
    return _engine(db.database_url())


def data_version() -> int:
    """The data version, read once per script run (a write in the run reads it again)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(ctx, "_tracker_data_version", None)
    if memo is not None and memo[0] is ctx.cursors:  # ``cursors`` is new in every run
        return memo[1]
    engine()
    version = db.data_version(db.database_url())
    if ctx is not None:
        ctx._tracker_data_version = (ctx.cursors, version)
    return version


def _forget_data_version() -> None:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        ctx._tracker_data_version = None
        ctx._tracker_settings = None


def _releasing(build: Callable[[], T], rows: Callable[[], int]) -> Callable[[], T]:
    """``build``, then the heap's free pages handed back (``release_free_memory``, given the
    ``rows`` of its inputs): a view of a whole cohort is built once per write from tens of
    MiB of short-lived arrays, whose scattered free pages would otherwise stay resident (a
    millisecond or two)."""

    def run() -> T:
        value = build()
        release_free_memory(rows())
        return value

    return run


def _held_rows(url: str, version: int, include_demo: bool, names: tuple[str, ...]) -> int:
    """Rows of the named frames as held (``"facts"``: the applications')."""
    wanted = ["applications" if name == "facts" else name for name in names]
    return sum(len(_frame(url, version, name, include_demo)) for name in wanted)


_newest: dict[tuple, tuple[int, object]] = {}
_newest_lock = threading.Lock()


def _newest_version(
    key: tuple, version: int, build: Callable[[], T], *, keep_stale: bool = False
) -> T:
    """``build()``'s result for ``key`` at data ``version``, shared by every session.

    The process keeps only the newest version of each key (a newer data version replaces
    it), so memory holds one copy of the data however many writes happen. The result is
    shared: callers must not modify it. An older version is let go before the new one is
    built (both at once would be the peak of a write), unless ``keep_stale`` (a frame:
    ``build`` patches the one it holds).
    """
    with _newest_lock:
        cached = _newest.get(key)
        if cached is not None and cached[0] < version and not keep_stale:
            del _newest[key]
    if cached is not None and cached[0] == version:
        return cached[1]  # type: ignore[return-value]
    del cached
    value = build()
    with _newest_lock:
        current = _newest.get(key)
        if current is None or current[0] <= version:
            _newest[key] = (version, value)
    return value


_changes_read: dict[tuple[str, int, int], frames.Changes | None] = {}


def _changes(session: Session, url: str, since: int, version: int) -> frames.Changes | None:
    """``frames.changes_since(since)`` as read for data ``version``, once for all the frames
    a page brings up to date (a log read after ``version`` holds every change up to it)."""
    key = (url, since, version)
    with _newest_lock:
        if key in _changes_read:
            return _changes_read[key]
    changes = frames.changes_since(session, since)
    with _newest_lock:
        if len(_changes_read) >= 16:
            _changes_read.clear()
        _changes_read[key] = changes
    return changes


def _frame(url: str, version: int, name: str, include_demo: bool) -> pd.DataFrame:
    """One frame as of data ``version`` (shared: never modified).

    The frame held for an older version is brought up to date from the change log (only
    the rows written since are read again); it is read whole the first time, or when the
    log cannot tell what changed (pruned, or a bulk change).
    """
    key = ("frame", url, name, include_demo)
    with _newest_lock:
        held = _newest.get(key)
    if held is not None and held[0] == version:
        return held[1]  # type: ignore[return-value]

    whole = []

    def read() -> pd.DataFrame:
        with db.read_session(url) as session:
            if held is not None and held[0] < version:
                changes = _changes(session, url, held[0], version)
                if changes is not None:
                    patched = frames.patch_frame(session, name, held[1], changes, include_demo)
                    if patched is not None:
                        return patched
            whole.append(name)
            return FRAME_LOADERS[name](session, include_demo)

    frame = _newest_version(key, version, read, keep_stale=True)
    if whole:
        release_free_memory(len(frame))
    return frame


def _load(url: str, version: int, name: str, include_demo: bool) -> pd.DataFrame:
    """A private copy of a cached frame, for a page to modify at will.

    Frames are kept as Python objects (``st.cache_resource``), not pickled on every hit as
    ``st.cache_data`` would; pandas' copy-on-write makes the copy cost nothing until a page
    changes a column, and then only that column is copied.
    """
    return _frame(url, version, name, include_demo).copy(deep=False)


@st.cache_data(show_spinner=False, max_entries=16)
def _settings(url: str, version: int) -> Settings:
    with db.read_session(url) as session:
        return get_settings(session=session)


def _run_settings(url: str, version: int) -> Settings:
    """``_settings``, asked of Streamlit's cache once per script run: every loader call
    needs the "show demo data" setting, and each cache hit hashes the arguments and
    unpickles the value again (a run holds one copy; a write in the run reads it again)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(ctx, "_tracker_settings", None)
    if memo is not None and memo[0] is ctx.cursors and memo[1] == (url, version):
        return memo[2]
    value = _settings(url, version)
    if ctx is not None:
        ctx._tracker_settings = (ctx.cursors, (url, version), value)
    return value


def settings() -> Settings:
    """The user's settings (cached until the next write; the page must not modify them)."""
    return _run_settings(db.database_url(), data_version())


def load(*names: str) -> dict[str, pd.DataFrame]:
    """The named frames (see FRAME_LOADERS), honouring the "show demo data" setting.

    A page calls this once per run; each frame is a cached copy it may modify.
    """
    url, version = db.database_url(), data_version()
    include_demo = _run_settings(url, version).show_demo
    return {name: _load(url, version, name, include_demo) for name in names}


def _facts(url: str, version: int, include_demo: bool) -> pd.DataFrame:
    from tracker.analytics.pipeline import application_facts

    def compute() -> pd.DataFrame:
        return application_facts(
            *(
                _load(url, version, name, include_demo)
                for name in ("applications", "events", "rounds")
            )
        )

    def rows() -> int:
        return _held_rows(url, version, include_demo, ("applications", "events", "rounds"))

    return _newest_version(("facts", url, include_demo), version, _releasing(compute, rows))


@st.cache_data(show_spinner=False, max_entries=32)
def _feedback_texts(url: str, version: int, application_id: int) -> pd.DataFrame:
    with db.read_session(url) as session:
        return frames.feedback_texts(session, application_id)


def feedback_texts(application_id: int) -> pd.DataFrame:
    """The feedback of one application's rounds with every text (``frames.feedback_texts``:
    the feedback frame leaves the reflection texts out); cached until the next write."""
    engine()
    return _feedback_texts(db.database_url(), data_version(), application_id)


@st.cache_data(show_spinner=False, max_entries=4)
def _row_counts(url: str, version: int) -> tuple[dict[str, int], bool]:
    from tracker.io import export

    with db.read_session(url) as session:
        return export.row_counts(session), export.database_is_empty(session)


def row_counts() -> tuple[dict[str, int], bool]:
    """Rows per table, and whether the database holds no user data at all (what a backup
    may be restored into); cached until the next write."""
    return _row_counts(db.database_url(), data_version())


def is_empty() -> bool:
    """True when the database holds no application at all (demo or not)."""
    with session() as s:
        return not frames.has_applications(s)


@contextmanager
def session() -> Iterator[Session]:
    """A short read session on the configured database."""
    engine()
    with db.read_session(db.database_url()) as s:
        yield s


def write(action: Callable[[Session], T], *, errors_key: str | None = None) -> T | None:
    """Run one user action in one transaction; on bad input keep the messages for the form.

    Returns the action's result. On a ValidationError: with ``errors_key``, the messages are
    stored in ``st.session_state[errors_key]`` and the page reruns so ``field_error`` shows
    each next to its field; without it, the message is shown here and None is returned.
    """
    engine()
    if errors_key:
        st.session_state.pop(errors_key, None)
    try:
        with db.session_scope(db.database_url()) as s:
            result = action(s)
    except ValidationError as exc:
        if errors_key:
            # the fields above have already been drawn: run again so each shows its message
            # (widgets keep what the user typed across the rerun)
            st.session_state[errors_key] = exc.errors
            st.rerun()
        st.error(str(exc), icon=":material/error:")
        return None
    _settings.clear()
    _row_counts.clear()
    _forget_data_version()
    return result


def field_error(errors_key: str, field: str) -> None:
    """Show the message about ``field`` from the last failed submit, if any."""
    message = st.session_state.get(errors_key, {}).get(field)
    if message:
        st.error(message, icon=":material/error:")


def form_errors(errors_key: str) -> dict[str, str]:
    return st.session_state.get(errors_key, {})


def deferred(action: Callable[[Session], T]) -> Callable[[], T]:
    """A no-argument callable running ``action`` in its own read session when called.

    For ``st.download_button(data=...)``: the file is built only when the user clicks,
    on another thread, so it must not rely on the script's context or its session.
    """
    url = db.database_url()

    def run() -> T:
        with db.read_session(url) as s:
            return action(s)

    return run


@st.cache_data(show_spinner=False, max_entries=256)  # small results: every page, every filter
def _derived(
    url: str,
    version: int,
    include_demo: bool,
    function: str,
    names: tuple[str, ...],
    options: tuple[tuple[str, object], ...],
) -> object:
    module_name, _, attr = function.rpartition(".")
    compute = getattr(importlib.import_module(module_name), attr)
    return compute(*_inputs(url, version, include_demo, names), **dict(options))


def _inputs(
    url: str, version: int, include_demo: bool, names: tuple[str, ...]
) -> list[pd.DataFrame]:
    """Private copies of the named frames (or ``"facts"``) for a cached computation."""
    return [
        _facts(url, version, include_demo).copy(deep=False)
        if name == "facts"
        else _load(url, version, name, include_demo)
        for name in names
    ]


SHARED_OPTIONS = 8  # option combinations ``shared`` holds per function at one data version
HELD_KEYS = 64  # keys ``held`` holds per kind at one data version


def _hold(slot: tuple, version: int, wanted: Hashable, build: Callable[[], T], limit: int) -> T:
    """The value held in ``slot`` for ``wanted`` at ``version``, else ``build()`` held there
    (up to ``limit`` values per slot, the oldest dropped; a newer version drops them all,
    before the first of its values is built)."""
    with _newest_lock:
        held_now = _newest.get(slot)
        if held_now is not None and held_now[0] == version and wanted in held_now[1]:
            return held_now[1][wanted]  # type: ignore[return-value]
        if held_now is not None and held_now[0] < version:
            del _newest[slot]
    del held_now
    value = build()
    with _newest_lock:
        current = _newest.get(slot)
        if current is None or current[0] < version:
            _newest[slot] = (version, {wanted: value})
        elif current[0] == version:
            results = current[1]
            if len(results) >= limit:
                results.pop(next(iter(results)))  # the oldest
            results[wanted] = value
    return value


def shared(compute: Callable[..., T], *names: str, **options: object) -> T:
    """Like :func:`derived`, but the result is held as the Python object (not pickled in
    and out on every hit), for the newest data version only, shared by every session.

    For a result the page only reads (a page must not modify it, nor anything in it). Up
    to ``SHARED_OPTIONS`` combinations of options are held per function and frames; a
    newer data version drops them all."""
    url, version = db.database_url(), data_version()
    include_demo = _run_settings(url, version).show_demo
    function = f"{compute.__module__}.{compute.__qualname__}"
    return _hold(
        ("shared", url, include_demo, function, names),
        version,
        tuple(sorted(options.items())),
        _releasing(
            lambda: compute(*_inputs(url, version, include_demo, names), **options),
            lambda: _held_rows(url, version, include_demo, names),
        ),
        SHARED_OPTIONS,
    )


def held(kind: str, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, held as is for the newest data version like :func:`shared`: for a piece
    a page builds from a shared view and a widget's value (one offer's chart on the range
    the user picked), so a click that changes neither rebuilds nothing.

    ``key`` must name everything the piece depends on besides the data (the offer, the
    range); a page must not modify the value. Up to ``HELD_KEYS`` keys are held per
    ``kind``; a newer data version drops them all."""
    url, version = db.database_url(), data_version()
    include_demo = _run_settings(url, version).show_demo
    return _hold(("held", url, include_demo, kind), version, key, build, HELD_KEYS)


def derived(compute: Callable[..., T], *names: str, **options: object) -> T:
    """``compute(<frame names[0]>, <frame names[1]>, ..., **options)``, cached until the
    next write like ``load``: for a pure analytics function (module level, hashable
    options) whose result a page would otherwise recompute on every widget click.

    A name is one of FRAME_LOADERS, or ``"facts"`` (``analytics.pipeline.application_facts``
    of the applications, events and rounds, cached like a frame). The result is pickled
    into the cache and out on every hit: return what the page shows, not whole tables."""
    url, version = db.database_url(), data_version()
    return _derived(
        url,
        version,
        _run_settings(url, version).show_demo,
        f"{compute.__module__}.{compute.__qualname__}",
        names,
        tuple(sorted(options.items())),
    )
