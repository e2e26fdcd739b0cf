"""Companies: add, edit research notes and questions, see its applications and red flags."""

from __future__ import annotations

from sqlmodel import func, select

from tests.pages.conftest import load_demo_into, no_exception
from tests.pages.test_applications import by_label, seed
from tracker import db
from tracker.models import Application, Company, RedFlag, RedFlagCategory

PAGE = "pages/companies.py"


def companies(url: str) -> list[dict]:
    with db.read_session(url) as s:
        return [c.model_dump(warnings=False) for c in s.exec(select(Company).order_by(Company.id))]


def test_add_company_and_invalid_input(open_page, sqlite_url):
    at = open_page(PAGE)
    by_label(at.text_input, "Website").set_value("not a url")
    at = by_label(at.button, "Add company").click().run()
    errors = [e.value for e in at.error]
    assert "Enter the company's name." in errors
    assert any("http://" in e for e in errors)
    assert companies(sqlite_url) == []
    assert by_label(at.text_input, "Website").value == "not a url"  # kept
    by_label(at.text_input, "Name").set_value("Acme AI")
    by_label(at.text_input, "Website").set_value("https://acme.example")
    at = by_label(at.button, "Add company").click().run()
    no_exception(at)
    assert [c["name"] for c in companies(sqlite_url)] == ["Acme AI"]
    assert list(at.dataframe[0].value["Company"]) == ["Acme AI"]
    assert by_label(at.text_input, "Name").value == ""  # the add form starts afresh


def test_edit_notes_and_add_red_flag_from_company(open_page, sqlite_url):
    app_id = seed(sqlite_url)
    at = open_page(PAGE)
    at = at.selectbox(key="company_pick").set_value(1).run()
    no_exception(at)
    assert any("ML Engineer" in link.label for link in at.get("page_link"))
    edit = [w for w in at.text_area if w.form_id == "edit_company"]
    by_label(edit, "Research notes").set_value("[click](javascript:alert(1)) **loud**")
    by_label(edit, "Questions to ask them (one per line; two good ones beat five)").set_value(
        "How does code review work?"
    )
    at = by_label(at.button, "Save company").click().run()
    no_exception(at)
    stored = companies(sqlite_url)[0]
    assert stored["questions_to_ask"] == "How does code review work?"
    # user text is shown as plain text, never as markdown
    assert "[click](javascript:alert(1)) **loud**" in [t.value for t in at.text]

    by_label(at.selectbox, "Category").set_value(RedFlagCategory.overwork)
    by_label(at.selectbox, "Application (optional)").set_value(app_id)
    at = by_label(at.button, "Add red flag").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as s:
        flag = s.exec(select(RedFlag)).one()
        assert (flag.company_id, flag.application_id) == (1, app_id)
    assert list(at.dataframe[0].value["Red flags"]) == [1]


def test_delete_company_asks_and_says_what_goes(open_page, sqlite_url):
    seed(sqlite_url)
    at = open_page(PAGE)
    at = at.selectbox(key="company_pick").set_value(1).run()
    at = by_label(at.button, "Delete this company").click().run()
    assert any("1 applications" in w.value for w in at.warning)
    at = by_label(at.button, "Cancel").click().run()
    assert len(companies(sqlite_url)) == 1
    at = by_label(at.button, "Delete this company").click().run()
    at = by_label(at.button, "Yes, delete").click().run()
    no_exception(at)
    assert companies(sqlite_url) == []
    with db.read_session(sqlite_url) as s:
        assert s.exec(select(func.count()).select_from(Application)).one() == 0


def test_a_cohorts_companies_are_found_by_name_before_the_picker(
    open_page, sqlite_url, monkeypatch
):
    from tracker.ui import track

    load_demo_into(sqlite_url)
    monkeypatch.setattr(track, "PICK_LIMIT", 5)  # the demo's companies as a cohort's
    at = open_page(PAGE)
    no_exception(at)
    assert at.selectbox(key="company_pick").options == []  # nothing listed before a search
    assert any("too many to list" in c.value for c in at.caption)
    with db.read_session(sqlite_url) as s:
        wanted_id, wanted = s.exec(select(Company.id, Company.name).order_by(Company.name)).first()
    at.text_input(key="company_find").input(wanted[1:4].upper()).run()  # any case, a part
    offered = at.selectbox(key="company_pick").options
    assert wanted in offered and len(offered) <= 5
    assert all(wanted[1:4].casefold() in o.casefold() for o in offered)
    at = at.selectbox(key="company_pick").set_value(wanted_id).run()
    no_exception(at)
    assert any(wanted in h.value for h in at.header)  # its detail is open
