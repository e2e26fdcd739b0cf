"""Compensation ranges page: empty and demo data, and the data_editor edit path."""

import json

from sqlmodel import select
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.pages.conftest import no_exception
from tracker import db
from tracker.io.ranges_csv import export_ranges_csv
from tracker.models import CompRange
from tracker.services.frames import ranges_frame

PAGE = "pages/comp_ranges.py"
NEW_ROW = {
    "track": "ml_engineer", "level": "senior", "location": "Lisbon", "currency": "EUR",
    "base_p25": 60000, "base_p50": 70000, "base_p75": 80000,
    "total_p25": 65000, "total_p50": 78000, "total_p75": 90000, "source": "Recruiter",
    "as_of": "2026-02-01",
}  # fmt: skip


def edit_table(at, edits: dict) -> None:
    """Send edits to the page's data_editor as the browser would, then rerun.

    AppTest has no data_editor driver, so the editor's widget state (its JSON of
    edited_rows / added_rows / deleted_rows) is added to the next run's widget states.
    """
    [editor] = [e for e in at.dataframe if e.proto.id]
    states = WidgetStates()
    states.CopyFrom(at._tree.get_widget_states())
    state = states.widgets.add()
    state.id = editor.proto.id
    state.string_value = json.dumps(edits)
    at._run(states)


def stored(url):
    with db.read_session(url) as s:
        rows = s.exec(select(CompRange).order_by(CompRange.id))
        return [(r.track, r.level, r.location, r.base_p75, r.is_demo) for r in rows]


def button(at, text):
    return next(b for b in at.button if b.label == text)


def test_empty_database_guides_the_user(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert "No range yet" in at.info[0].value
    assert button(at, "Save changes").disabled
    assert at.get("download_button")[0].proto.disabled


def test_demo_ranges_are_marked_as_demo(open_page):
    at = open_page(PAGE, demo=True)
    no_exception(at)
    assert "not market data" in at.info[0].value
    assert not at.get("download_button")[0].proto.disabled


def test_add_edit_delete_saved_in_one_transaction(open_page, sqlite_url):
    at = open_page(PAGE, demo=True)
    before = stored(sqlite_url)
    # rows are shown sorted by track then level: row 0 is applied scientist / mid
    edit_table(
        at,
        {"edited_rows": {"0": {"base_p75": 99000}}, "added_rows": [NEW_ROW], "deleted_rows": [1]},
    )
    no_exception(at)
    assert any("1 edited, 1 added, 1 deleted" in c.value for c in at.caption)
    assert stored(sqlite_url) == before  # nothing saved before "Save changes"
    button(at, "Save changes").click().run()
    assert "Delete 1 range(s)" in at.warning[0].value  # deleting asks first
    assert stored(sqlite_url) == before
    button(at, "Yes, save and delete").click().run()
    no_exception(at)
    after = stored(sqlite_url)
    assert len(after) == len(before)  # one deleted, one added
    assert after[0][:4] == ("applied_scientist", "mid", "Berlin", 99000)
    assert before[1] not in after
    assert after[-1] == ("ml_engineer", "senior", "Lisbon", 80000, False)


def test_a_bad_row_is_shown_and_nothing_is_saved(open_page, sqlite_url):
    at = open_page(PAGE, demo=True)
    before = stored(sqlite_url)
    bad = {**NEW_ROW, "base_p25": 90000}
    edit_table(at, {"edited_rows": {"0": {"base_p75": 99000}}, "added_rows": [bad]})
    no_exception(at)
    assert "1 row(s) need fixing" in at.error[0].value
    problems = at.dataframe[-1].value
    assert problems.iloc[0]["Row"] == "New row 1"
    assert "p25 must be ≤ p50 ≤ p75" in problems.iloc[0]["Problem"]
    button(at, "Save changes").click().run()
    no_exception(at)
    assert stored(sqlite_url) == before
    assert any("Nothing was saved" in e.value or "need fixing" in e.value for e in at.error)


def test_the_csv_is_built_only_on_click_from_the_saved_table(open_page, sqlite_url, monkeypatch):
    built = []
    register = MediaFileManager.add_deferred

    def capture(self, data_callable, *args, **kwargs):
        built.append(data_callable)
        return register(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    at = open_page(PAGE, demo=True)
    no_exception(at)
    assert at.get("download_button")[0].proto.deferred_file_id  # nothing built on the run
    with db.read_session(sqlite_url) as s:
        assert built[-1]() == export_ranges_csv(ranges_frame(s, True))
