"""The page-side cache (``tracker.ui.data``): one shared copy per frame of the newest data
version, private copies for pages, and one data-version read per script run."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from tracker import db
from tracker.ui import data


def test_newest_version_keeps_one_value_per_key_and_never_goes_back():
    calls: list[int] = []

    def build(value: int):
        def make() -> int:
            calls.append(value)
            return value

        return make

    key = ("test", "newest")
    assert data._newest_version(key, 1, build(1)) == 1
    assert data._newest_version(key, 1, build(99)) == 1  # a hit: not rebuilt
    assert data._newest_version(key, 2, build(2)) == 2  # a newer version replaces it
    assert data._newest_version(key, 1, build(10)) == 10  # an old run computes its own ...
    assert data._newest[key] == (2, 2)  # ... without evicting the newer value
    assert calls == [1, 2, 10]


def test_pages_get_private_copies_of_a_shared_frame(sqlite_url):
    from tests.conftest import DEMO_TODAY
    from tracker import demo

    with db.session_scope(sqlite_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    version = db.data_version(sqlite_url)
    first = data._load(sqlite_url, version, "applications", True)
    first["tier"] = 0  # a page changing its copy ...
    first.loc[first.index[0], "notes"] = "changed"
    second = data._load(sqlite_url, version, "applications", True)
    assert (second["tier"] > 0).all()  # ... leaves the shared frame alone
    assert second.loc[second.index[0], "notes"] != "changed"
    assert data._frame(sqlite_url, version, "applications", True) is data._frame(
        sqlite_url, version, "applications", True
    )


def test_the_data_version_is_read_once_per_script_run(sqlite_url, monkeypatch):
    reads: list[str] = []
    real = db.data_version
    monkeypatch.setattr(db, "data_version", lambda url=None: reads.append(url) or real(url))
    ctx = SimpleNamespace(cursors={})
    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: ctx)
    first = data.data_version()
    assert data.data_version() == first and len(reads) == 1  # the same run
    ctx.cursors = {}  # Streamlit gives every run new cursors
    assert data.data_version() == first and len(reads) == 2
    data._forget_data_version()  # what a write does: the next read goes to the database
    data.data_version()
    assert len(reads) == 3


def test_derived_accepts_the_facts(sqlite_url, monkeypatch):
    from tests.conftest import DEMO_TODAY
    from tracker import demo

    with db.session_scope(sqlite_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    from tracker.analytics.pipeline import application_facts

    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: None)
    frames = data.load("applications", "events", "rounds")
    facts = application_facts(frames["applications"], frames["events"], frames["rounds"])
    counted = data.derived(len_of, "facts", "applications")
    assert counted == (len(facts), len(frames["applications"]))
    assert 0 < len(facts) < len(frames["applications"])  # wishlist items are not facts


def len_of(facts: pd.DataFrame, apps: pd.DataFrame) -> tuple[int, int]:
    return len(facts), len(apps)


def test_after_a_write_held_frames_are_patched_not_read_whole(db_url, monkeypatch):
    """A write re-reads only its rows: the frames held for the older version are patched
    from the change log, and equal what a full read gives."""
    from tests.conftest import DEMO_TODAY
    from tracker import demo
    from tracker.models import ApplicationUpdate
    from tracker.services import applications as app_service
    from tracker.services import frames

    with db.session_scope(db_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    old = db.data_version(db_url)
    held = {name: data._frame(db_url, old, name, True) for name in ("applications", "rounds")}
    whole_reads: list[str] = []
    for name, loader in list(data.FRAME_LOADERS.items()):
        monkeypatch.setitem(
            data.FRAME_LOADERS,
            name,
            lambda s, include_demo=True, name=name, loader=loader: (
                whole_reads.append(name) or loader(s, include_demo)
            ),
        )
    app_id = int(held["applications"]["id"].iloc[0])
    with db.session_scope(db_url) as s:
        app_service.update_application(
            session=s, application_id=app_id, data=ApplicationUpdate(role_title="Staff MLE")
        )
    new = db.data_version(db_url)
    patched = {name: data._frame(db_url, new, name, True) for name in held}
    assert whole_reads == []
    with db.read_session(db_url) as s:
        for name, frame in patched.items():
            pd.testing.assert_frame_equal(frame, frames.read_frame(s, name))
    titles = patched["rounds"].loc[patched["rounds"]["application_id"] == app_id, "role_title"]
    assert set(titles) == {"Staff MLE"}  # joined columns follow the application


def test_shared_results_are_held_as_is_until_the_next_write(sqlite_url, monkeypatch):
    """``data.shared`` computes once per data version and hands every run the same
    object (nothing pickled); a write makes the next call compute again and drops what
    the older version held."""
    from tests.conftest import DEMO_TODAY
    from tracker import demo

    with db.session_scope(sqlite_url) as s:
        demo.load_demo(session=s, today=DEMO_TODAY)
    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: None)
    SHARED_CALLS.clear()
    first = data.shared(counted_offers, "offers", extra=0)
    assert data.shared(counted_offers, "offers", extra=0) is first and SHARED_CALLS == [0]
    assert first["offers"] == len(data.load("offers")["offers"]) > 0
    assert data.shared(counted_offers, "offers", extra=1) == {"offers": first["offers"] + 1}
    with db.session_scope(sqlite_url):
        pass  # a committed write bumps the data version
    again = data.shared(counted_offers, "offers", extra=0)
    assert again == first and again is not first and SHARED_CALLS == [0, 1, 0]
    key = ("shared", sqlite_url, True, f"{__name__}.counted_offers", ("offers",))
    held = data._newest[key][1]
    assert list(held) == [(("extra", 0),)]  # the older version's results are gone
    for extra in range(2, 2 + data.SHARED_OPTIONS):
        data.shared(counted_offers, "offers", extra=extra)
    assert len(held) == data.SHARED_OPTIONS and (("extra", 0),) not in held  # oldest out


def test_held_pieces_are_built_once_per_key_and_data_version(sqlite_url, monkeypatch):
    """``data.held`` builds a piece once per key at one data version and hands back the
    same object; a write builds it again; at most ``HELD_KEYS`` keys are held per kind."""
    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: None)
    built: list[int] = []

    def build(n: int) -> list[int]:
        built.append(n)
        return [n]

    first = data.held("test piece", 1, lambda: build(1))
    assert data.held("test piece", 1, lambda: build(1)) is first and built == [1]
    assert data.held("test piece", 2, lambda: build(2)) == [2] and built == [1, 2]
    assert data.held("other piece", 1, lambda: build(3)) == [3]  # kinds are apart
    with db.session_scope(sqlite_url):
        pass  # a committed write bumps the data version
    again = data.held("test piece", 1, lambda: build(1))
    assert again == first and again is not first and built == [1, 2, 3, 1]
    slot = data._newest[("held", sqlite_url, True, "test piece")][1]
    assert list(slot) == [1]  # what the older version held is gone
    for n in range(2, 2 + data.HELD_KEYS):
        data.held("test piece", n, lambda n=n: build(n))
    assert len(slot) == data.HELD_KEYS and 1 not in slot  # the oldest key out


SHARED_CALLS: list[int] = []


def counted_offers(offers: pd.DataFrame, *, extra: int) -> dict[str, int]:
    SHARED_CALLS.append(extra)
    return {"offers": len(offers) + extra}


def test_a_stale_value_is_let_go_before_its_new_version_is_built():
    """Building version 2 of a view must not hold version 1 at the same time (the peak of a
    write); a frame's older version stays (``keep_stale``): it is what the change log patches."""
    key = ("test", "stale")
    data._newest_version(key, 1, lambda: "one")
    seen: list[object] = []

    def build() -> str:
        seen.append(data._newest.get(key))
        return "two"

    assert data._newest_version(key, 2, build) == "two" and seen == [None]
    frame_key = ("test", "stale frame")
    data._newest_version(frame_key, 1, lambda: "old", keep_stale=True)
    seen.clear()

    def patch() -> str:
        seen.append(data._newest.get(frame_key))
        return "patched"

    assert data._newest_version(frame_key, 2, patch, keep_stale=True) == "patched"
    assert seen == [(1, "old")]


def test_held_slots_of_an_older_version_are_dropped_before_building(sqlite_url, monkeypatch):
    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: None)
    data.held("stale piece", 1, lambda: [1])
    slot = ("held", sqlite_url, True, "stale piece")
    with db.session_scope(sqlite_url):
        pass  # a write: a newer data version
    during: list[object] = []
    data.held("stale piece", 1, lambda: during.append(data._newest.get(slot)) or [2])
    assert during == [None]


def test_settings_are_asked_of_the_cache_once_per_run(sqlite_url, monkeypatch):
    """Every loader needs the "show demo" setting: a run asks Streamlit's cache once (each hit
    hashes and unpickles); a new run, or a write in the run, asks again."""
    ctx = SimpleNamespace(cursors=object())
    monkeypatch.setattr(data, "get_script_run_ctx", lambda suppress_warning=False: ctx)
    asked: list[int] = []
    original = data._settings

    def counting(url: str, version: int):
        asked.append(version)
        return original(url, version)

    monkeypatch.setattr(data, "_settings", counting)
    first = data.settings()
    assert data.settings() is first and len(asked) == 1
    ctx.cursors = object()  # the next script run
    data.settings()
    assert len(asked) == 2
    data._forget_data_version()  # what data.write does after a write
    data.settings()
    assert len(asked) == 3


def test_free_memory_is_handed_back_only_after_big_reads(monkeypatch):
    from tracker import memory

    trims: list[int] = []
    monkeypatch.setattr(memory, "_libc", SimpleNamespace(malloc_trim=trims.append))
    memory.release_free_memory(memory.RELEASE_ABOVE_ROWS - 1)
    assert trims == []
    memory.release_free_memory(memory.RELEASE_ABOVE_ROWS)
    memory.release_free_memory()
    assert trims == [0, 0]
    monkeypatch.setattr(memory, "_libc", None)  # not glibc: nothing to call
    memory.release_free_memory(10**6)
    assert trims == [0, 0]
