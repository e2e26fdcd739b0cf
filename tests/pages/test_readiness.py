"""The Readiness page on empty and demo data; the objective checklist and the reflection
form driven through their widgets."""

from __future__ import annotations

from sqlmodel import select

from tests.pages.conftest import no_exception
from tracker import db
from tracker.models import Feedback, LearningObjective

PAGE = "pages/readiness.py"


def test_empty_database_guides_the_user(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert at.title[0].value == "Readiness"
    assert any("Log your interview rounds" in i.value for i in at.info)


def test_demo_shows_every_section(open_page):
    at = open_page(PAGE, demo=True)
    no_exception(at)
    headers = [h.value for h in at.subheader]
    assert headers == [
        "Readiness by round kind",
        "Learning objectives",
        "Reflections due",
        "Question bank",
        "Prep from job descriptions",
    ]
    kinds = at.dataframe[0].value
    rates = kinds["Pass rate"].fillna(-1).tolist()
    assert rates == sorted(rates)  # weakest first
    assert all(-1 <= r <= 100 for r in rates) and max(rates) > 1  # whole percent, "59 %"
    assert at.checkbox  # the checklist


def test_ticking_an_objective_marks_it_done(open_page, sqlite_url):
    at = open_page(PAGE, demo=True)
    box = at.checkbox[0]
    with db.read_session(sqlite_url) as session:  # the item: one text of one kind
        first = session.get(LearningObjective, int(box.key.removeprefix("objective_")))
        ids = session.exec(
            select(LearningObjective.id).where(
                LearningObjective.text == first.text, LearningObjective.kind == first.kind
            )
        ).all()
    box.check().run()
    no_exception(at)
    with db.read_session(sqlite_url) as session:
        rows = session.exec(
            select(LearningObjective.done, LearningObjective.done_on).where(
                LearningObjective.id.in_(ids)
            )
        ).all()
    assert rows and all(done and done_on is not None for done, done_on in rows)
    # it leaves the open list; "show done" brings it back, ticked, and unticking reopens it
    assert box.key not in [c.key for c in at.checkbox]
    at.toggle(key="show_done").set_value(True).run()
    again = at.checkbox(key=box.key)
    assert again.value is True
    again.uncheck().run()
    with db.read_session(sqlite_url) as session:
        rows = session.exec(
            select(LearningObjective.done).where(LearningObjective.id.in_(ids))
        ).all()
    assert rows and not any(rows)


def test_question_bank_search_filters_rows(open_page):
    at = open_page(PAGE, demo=True)
    total = len(at.dataframe[1].value)
    at.text_input[0].set_value("background").run()
    found = at.dataframe[1].value
    assert 0 < len(found) < total
    assert found["Question"].str.contains("background", case=False).all()


def test_reflect_opens_the_form_and_saves_through_the_service(open_page, sqlite_url):
    at = open_page(PAGE, demo=True)
    reflect = [b for b in at.button if b.key and b.key.startswith("reflect_")]
    assert reflect, "the demo has rounds waiting for a reflection"
    round_id = int(reflect[0].key.removeprefix("reflect_"))
    reflect[0].click().run()
    no_exception(at)
    # an empty reflection is refused next to the field, nothing written
    submit = next(b for b in at.button if b.label == "Save reflection")
    submit.click().run()
    assert any("went well" in e.value for e in at.error)
    areas = {a.label: a for a in at.text_area}
    areas["What went well"].set_value("Stayed calm")
    areas["Learning objectives (one per line: each becomes a checklist item)"].set_value(
        "Practise tries"
    )
    next(b for b in at.button if b.label == "Save reflection").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as session:
        feedback = session.exec(
            select(Feedback.went_well, Feedback.reflected_on).where(Feedback.round_id == round_id)
        ).all()
        objective_round = session.exec(
            select(LearningObjective.round_id).where(LearningObjective.text == "Practise tries")
        ).one()
    assert any(went_well == "Stayed calm" and on for went_well, on in feedback)
    assert objective_round == round_id
    assert f"reflect_{round_id}" not in [b.key for b in at.button]


def test_a_cohorts_question_bank_filters_companies_by_part_of_a_name(
    open_page, sqlite_url, monkeypatch
):
    from tracker.ui import track

    monkeypatch.setattr(track, "PICK_LIMIT", 2)  # the demo's companies as a cohort's
    at = open_page(PAGE, demo=True)
    no_exception(at)
    assert "Company" not in [m.label for m in at.multiselect]  # no picker of thousands
    box = next(t for t in at.text_input if t.label == "Company")
    total = bank_table(at)
    company = total["Company"].iloc[0]
    box.input(company[1:5].lower()).run()
    no_exception(at)
    found = bank_table(at)
    assert 0 < len(found) <= len(total)
    assert all(company[1:5].lower() in c.lower() for c in found["Company"])


def bank_table(at):
    """The question bank's table (the one with a Question column)."""
    return next(d.value for d in at.dataframe if "Question" in d.value.columns)
