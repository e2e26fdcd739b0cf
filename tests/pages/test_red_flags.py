"""Red flags page: add for a company (tied to a round), filter, delete with confirmation."""

from __future__ import annotations

from sqlmodel import select

from tests.pages.conftest import no_exception
from tests.pages.test_applications import by_label, seed
from tracker import db
from tracker.models import RedFlag, RedFlagCategory

PAGE = "pages/red_flags.py"


def flags(url: str) -> list[dict]:
    with db.read_session(url) as s:
        return [f.model_dump(warnings=False) for f in s.exec(select(RedFlag).order_by(RedFlag.id))]


def test_add_from_a_round_then_filter_and_delete(open_page, sqlite_url):
    app_id = seed(sqlite_url)
    seed(sqlite_url, company="Other Co", role="Data Scientist")
    at = open_page(PAGE)
    at = at.selectbox(key="rf_company").set_value(1).run()
    by_label(at.selectbox, "Category").set_value(RedFlagCategory.unfair_interview)
    by_label(at.selectbox, "During which round (optional)").set_value(1)
    by_label(at.text_area, "What happened").set_value("Guess-my-number question")
    at = by_label(at.button, "Add red flag").click().run()
    no_exception(at)
    (flag,) = flags(sqlite_url)
    # a flag noted on a round is tied to that round's application too
    assert (flag["company_id"], flag["round_id"], flag["application_id"]) == (1, 1, app_id)
    table = at.dataframe[0].value
    assert list(table["Category"]) == ["Unfair or rude interview"]
    assert list(table["Application"]) == ["ML Engineer"]

    at = at.multiselect(key="rf_f_severity").set_value([3]).run()
    assert any("No red flag matches" in i.value for i in at.info)
    at = at.multiselect(key="rf_f_severity").set_value([]).run()

    assert not [s for s in at.selectbox if s.key == "rf_delete"]  # drawn once it is open
    at.session_state["rf_delete_open"] = True  # as a click on "Delete a red flag" does
    at = at.run()
    noticed = f"{flag['observed_on']:%d %b %Y}"
    assert at.selectbox(key="rf_delete").options == [
        f"Acme AI · Unfair or rude interview · {noticed}"
    ]
    at = at.selectbox(key="rf_delete").set_value(flag["id"]).run()
    at = by_label(at.button, "Delete this red flag").click().run()
    assert len(flags(sqlite_url)) == 1  # asking deletes nothing
    at = by_label(at.button, "Yes, delete").click().run()
    no_exception(at)
    assert flags(sqlite_url) == []


def test_invalid_red_flag_writes_nothing(open_page, sqlite_url):
    seed(sqlite_url)
    at = open_page(PAGE)
    at = at.selectbox(key="rf_company").set_value(1).run()
    at.button_group(key="red_flag_0_severity").set_value(None)  # severity unselected
    by_label(at.text_area, "What happened").set_value("Kept after the error")
    at = by_label(at.button, "Add red flag").click().run()
    assert any("Pick a severity" in e.value for e in at.error)
    assert flags(sqlite_url) == []
    assert by_label(at.text_area, "What happened").value == "Kept after the error"
