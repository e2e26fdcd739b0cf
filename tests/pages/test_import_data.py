"""The Import page driven through its widgets: upload, mapping, statuses, preview, import."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import no_exception
from tracker import db
from tracker.io import export
from tracker.services.settings import get_settings

FIXTURES = Path(__file__).parents[1] / "io" / "fixtures"
PAGE = "pages/import_data.py"


def upload(at: AppTest, name: str, content: bytes | None = None) -> AppTest:
    data = (FIXTURES / name).read_bytes() if content is None else content
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    no_exception(at)
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def applications(url: str) -> int:
    with db.read_session(url) as s:
        return export.row_counts(s)["application"]


def button(at: AppTest, prefix: str):
    return next(b for b in at.button if b.label.startswith(prefix))


def test_the_page_starts_with_the_upload_and_explains_it(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert at.file_uploader[0].label.startswith("A CSV")
    assert any("before anything is written" in i.value for i in at.info)


def test_upload_shows_the_suggested_mapping_the_statuses_and_the_preview(open_page, sqlite_url):
    at = upload(open_page(PAGE), "huntr_export.csv")
    mapping = {s.label: s.value for s in at.selectbox}
    assert mapping["Column “Company”"] == "company"
    assert mapping["Column “Job Title”"] == "role_title"
    assert mapping["Column “List”"] == "stage_status"
    assert mapping["Column “Excitement”"] == "tier"
    assert any("1-5 rating" in c.value for c in at.caption)
    assert any("1 status not recognised" in w.value for w in at.warning)
    editor = at.data_editor[0].value
    assert list(editor["Status in the file"]) == ["Applied", "Phone Screen", "Rejected", "Limbo"]
    assert editor["Stage"].tolist()[:3] == ["Applied", "Recruiter screen", "Applied"]
    assert editor["Stage"].isna().tolist()[3]
    assert metrics(at) == {
        "Rows to create": "3",
        "Duplicate rows, skipped": "0",
        "Rows with errors": "1",
        "New companies": "3",
    }
    errors = at.dataframe[-1].value
    assert errors.iloc[0]["Line"] == 5 and "Unknown status “Limbo”" in errors.iloc[0]["Error"]
    assert applications(sqlite_url) == 0  # a preview writes nothing


def test_mapping_the_unknown_status_then_importing_saves_the_choice(open_page, sqlite_url):
    at = upload(open_page(PAGE), "huntr_export.csv")
    key = at.session_state["imp_status_key"]
    at.session_state[key] = {
        "edited_rows": {3: {"Stage": "Applied", "Closed as": "Ghosted"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    no_exception(at)
    assert metrics(at)["Rows to create"] == "4" and metrics(at)["Rows with errors"] == "0"
    button(at, "Import 4 applications").click().run()
    no_exception(at)
    assert any("Imported 4 applications, 4 new companies" in s.value for s in at.success)
    assert applications(sqlite_url) == 4
    with db.read_session(sqlite_url) as s:
        assert get_settings(session=s).import_status_map == {"Limbo": ["applied", "ghosted"]}
    button(at, "Import another file").click().run()
    no_exception(at)
    assert at.file_uploader[0].value is None and not at.metric


def test_abort_mode_blocks_an_import_with_errors(open_page, sqlite_url):
    at = upload(open_page(PAGE), "broken_rows.csv")
    assert metrics(at)["Rows with errors"] == "6"
    at.radio[0].set_value("abort").run()
    assert button(at, "Import 2 applications").disabled
    assert any("Nothing will be imported while rows have errors" in i.value for i in at.info)
    at.radio[0].set_value("skip").run()
    button(at, "Import 2 applications").click().run()
    no_exception(at)
    report = at.dataframe[0].value
    assert list(report["Line"]) == [3, 4, 5, 6, 7, 8]
    assert applications(sqlite_url) == 2


def test_importing_the_same_file_again_shows_only_duplicates(open_page, sqlite_url):
    at = upload(open_page(PAGE), "tab_utf16.txt")
    button(at, "Import 1 application").click().run()
    button(at, "Import another file").click().run()
    upload(at, "tab_utf16.txt")
    assert metrics(at)["Rows to create"] == "0" and metrics(at)["Duplicate rows, skipped"] == "1"
    assert button(at, "Import 0 applications").disabled


def test_a_wrong_mapping_is_explained_before_any_preview(open_page):
    at = upload(open_page(PAGE), "huntr_export.csv")
    next(s for s in at.selectbox if s.label == "Column “Job Title”").select_index(0).run()
    no_exception(at)
    assert any("Pick the column that holds the role title" in e.value for e in at.error)
    assert not at.metric


def test_day_first_and_year_options_change_the_preview(open_page):
    content = b"Company,Role,Applied\nA,MLE,05/04/2024\nB,DS,May 9\n"
    at = upload(open_page(PAGE), "dates.csv", content)
    at.number_input[0].set_value(2024).run()
    at.toggle[0].set_value(True).run()
    no_exception(at)
    preview = at.dataframe[0].value
    assert [str(d) for d in preview["Applied"]] == ["2024-04-05", "2024-05-09"]


def test_empty_and_header_only_files_are_explained(open_page):
    at = upload(open_page(PAGE), "headers_only.csv")
    assert any("header row but no data rows" in w.value for w in at.warning)
    at.file_uploader[0].set_value(("empty.csv", b"", "text/csv")).run()
    no_exception(at)
    assert any("is empty" in e.value for e in at.error)
