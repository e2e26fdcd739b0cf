"""Applications page flows, driven through the real widgets on a temporary database."""

from __future__ import annotations

from sqlmodel import func, select

from tests.pages.conftest import no_exception
from tracker import db
from tracker.models import Application, Company, Offer, StageEvent

PAGE = "pages/applications.py"


def by_label(widgets, text: str):
    """The one widget of this kind whose label is ``text``."""
    found = [w for w in widgets if w.label == text]
    assert len(found) == 1, f"{len(found)} widgets labelled {text!r}"
    return found[0]


def button(at, text: str):
    return by_label(at.button, text)


def count(url: str, model) -> int:
    with db.read_session(url) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def type_new_option(selectbox, text: str):
    """Type a value that is not among the options (``accept_new_options`` selectboxes)."""
    if text not in selectbox.options:
        selectbox.options.append(text)  # AppTest sends the typed text like the browser does
    return selectbox.set_value(text)


def add_application(at, company: str, role: str, *, tier: int | None = 3):
    if not at.session_state["apps_add_open"]:  # open the "Add an application" panel
        at.session_state["apps_add_open"] = True
        at.run()
    type_new_option(by_label(at.selectbox, "Company"), company)
    by_label(at.text_input, "Role title").set_value(role)
    by_label(at.button_group, "Interest tier").set_value(tier)
    return button(at, "Add application").click().run()


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_add_application_shows_in_table(open_page, sqlite_url):
    at = open_page(PAGE)
    at = add_application(at, "Acme AI", "ML Engineer")
    no_exception(at)
    assert errors(at) == []
    assert any("Added ML Engineer at Acme AI" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert list(table["Company"]) == ["Acme AI"]
    assert [list(t) for t in table["Tier"]] == [["Tier 3 · practice"]]
    with db.read_session(sqlite_url) as s:
        app = s.exec(select(Application)).one()
        assert app.stage == "applied"
        assert [e.stage for e in s.exec(select(StageEvent))] == ["applied"]


def test_invalid_application_writes_nothing_and_keeps_input(open_page, sqlite_url):
    at = open_page(PAGE)
    type_new_option(by_label(at.selectbox, "Company"), "Acme AI")
    by_label(at.text_input, "Posting URL").set_value("acme.example/jobs")
    at = button(at, "Add application").click().run()
    no_exception(at)
    assert "Enter the role title." in errors(at)
    assert any("http://" in e for e in errors(at))
    assert count(sqlite_url, Application) == 0
    assert count(sqlite_url, Company) == 0
    assert by_label(at.text_input, "Posting URL").value == "acme.example/jobs"


def test_duplicate_warning_then_save_anyway(open_page, sqlite_url):
    at = open_page(PAGE)
    at = add_application(at, "Acme AI", "ML Engineer")
    at = add_application(at, "Acme AI", "ml engineer")
    assert any("already have" in e for e in errors(at))
    assert count(sqlite_url, Application) == 1
    by_label(at.checkbox, "Save anyway if the same company and role already exist").check()
    at = button(at, "Add application").click().run()
    assert errors(at) == []
    assert count(sqlite_url, Application) == 2
    assert count(sqlite_url, Company) == 1


def open_detail(at, application_id: int = 1):
    at = by_label(at.selectbox, "Open an application").set_value(application_id).run()
    no_exception(at)
    return at


# --------------------------------------------------------------------------- detail view


def seed(url: str, *, company: str = "Acme AI", role: str = "ML Engineer") -> int:
    """An application with one done round (and its feedback), straight through the services."""
    from datetime import UTC, datetime, timedelta

    from tracker.models import Outcome, RoundCreate
    from tracker.services import applications, rounds

    with db.session_scope(url) as s:
        app = applications.create_with_company(
            session=s, company_name=company, values={"role_title": role, "tier": 3}
        )
        rounds.record_round(
            session=s,
            data=RoundCreate(
                application_id=app.id,
                kind="recruiter_screen",
                scheduled_at=datetime.now(UTC) - timedelta(hours=2),
                outcome=Outcome.passed,
            ),
            feedback={"questions_asked": "Why us?"},
        )
        return app.id


def tab(at, name: str):
    return next(t for t in at.tabs if t.label == name)


def test_delete_asks_first_and_cancel_keeps_everything(open_page, sqlite_url):
    from tracker.models import Feedback, Round

    seed(sqlite_url)
    at = open_detail(open_page(PAGE))
    at = button(at, "Delete this application").click().run()
    warning = " ".join(w.value for w in at.warning)
    assert "1 rounds" in warning and "1 feedback notes" in warning
    assert count(sqlite_url, Application) == 1  # asking wrote nothing
    at = button(at, "Cancel").click().run()
    assert count(sqlite_url, Application) == 1
    assert not [b for b in at.button if b.label == "Yes, delete"]
    at = button(at, "Delete this application").click().run()
    at = button(at, "Yes, delete").click().run()
    no_exception(at)
    assert count(sqlite_url, Application) == 0
    assert count(sqlite_url, Round) == 0
    assert count(sqlite_url, Feedback) == 0
    assert any("Deleted ML Engineer at Acme AI" in s.value for s in at.success)


def test_red_flag_added_on_application_shows_there(open_page, sqlite_url):
    from tracker.models import RedFlag, RedFlagCategory

    app_id = seed(sqlite_url)
    at = open_detail(open_page(PAGE))
    flags = tab(at, "Red flags")
    by_label(flags.selectbox, "Category").set_value(RedFlagCategory.high_turnover)
    by_label(flags.text_area, "What happened").set_value("People leave after months")
    at = by_label(flags.button, "Add red flag").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as s:
        flag = s.exec(select(RedFlag)).one()
        assert (flag.application_id, flag.category) == (app_id, "high_turnover")
    flags = tab(at, "Red flags")
    assert any("High turnover" in m.value for m in flags.markdown)
    assert "People leave after months" in [t.value for t in flags.text]
    assert any("1 red flag" in m.value for m in at.markdown)


def fill_offer(at, *, base: int, preset: str, custom: str = "", sign_on: str = ""):
    offer = tab(at, "Offer")
    by_label(offer.number_input, "Base salary per year").set_value(base)
    by_label(offer.number_input, "Equity grant, total value").set_value(100000)
    by_label(offer.selectbox, "Vesting schedule").set_value(preset)
    by_label(offer.text_input, "Custom schedule, % per year").set_value(custom)
    by_label(offer.text_input, "Sign-on per year").set_value(sign_on)
    return by_label(offer.button, "Save offer").click().run()


def stored_offer(url: str) -> tuple[dict | None, str]:
    """The offer's stored values (or None) and the application's stage."""
    with db.read_session(url) as s:
        offer = s.exec(select(Offer)).one_or_none()
        return (offer.model_dump(warnings=False) if offer else None), s.get(Application, 1).stage


def test_offer_with_a_preset_then_a_custom_schedule(open_page, sqlite_url):
    seed(sqlite_url)
    at = open_detail(open_page(PAGE))
    at = fill_offer(at, base=150000, preset="5/15/40/40", sign_on="20000, 10000")
    no_exception(at)
    offer, stage = stored_offer(sqlite_url)
    assert offer["vesting_bp_by_year"] == [500, 1500, 4000, 4000]
    assert offer["sign_on_by_year"] == [20000, 10000]
    assert stage == "offer"  # adding an offer moves the application
    at = fill_offer(at, base=155000, preset="Custom", custom="10 / 20 / 30 / 40")
    no_exception(at)
    offer, _ = stored_offer(sqlite_url)
    assert offer["base_salary"] == 155000
    assert offer["vesting_bp_by_year"] == [1000, 2000, 3000, 4000]


def test_invalid_offer_shows_errors_and_writes_nothing(open_page, sqlite_url):
    seed(sqlite_url)
    at = open_detail(open_page(PAGE))
    at = fill_offer(at, base=150000, preset="Custom", custom="30 / 30 / 30")
    assert any("add up to 100" in e for e in errors(at))
    at = fill_offer(at, base=0, preset="25/25/25/25", sign_on="lots")
    assert any("separated by commas" in e for e in errors(at))
    at = fill_offer(at, base=0, preset="25/25/25/25")
    assert "Enter the base salary." in errors(at)
    offer, stage = stored_offer(sqlite_url)
    assert offer is None and stage == "recruiter_screen"  # unchanged
    assert by_label(tab(at, "Offer").selectbox, "Vesting schedule").value == "25/25/25/25"


def test_accepting_an_offer_can_withdraw_the_others(open_page, sqlite_url):
    from tracker.models import OfferCreate
    from tracker.services import offers

    app_id = seed(sqlite_url)
    seed(sqlite_url, company="Other Co", role="Data Scientist")
    with db.session_scope(sqlite_url) as s:
        offers.add_offer(session=s, data=OfferCreate(application_id=app_id, base_salary=1000))
    at = open_detail(open_page(PAGE))
    at = by_label(tab(at, "Offer").button, "Accept this offer").click().run()
    assert any("1 other open application" in w.value for w in at.warning)
    at = button(at, "Accept and withdraw the others").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as s:
        reasons = {a.id: a.close_reason for a in s.exec(select(Application))}
    assert reasons == {app_id: "offer_accepted", app_id + 1: "withdrew"}


def test_detail_actions_advance_close_and_reapply(open_page, sqlite_url):
    from tracker.models import CloseReason

    app_id = seed(sqlite_url)
    at = open_detail(open_page(PAGE))
    at = button(at, "Advance to Hiring manager").click().run()
    assert any("Moved to Hiring manager" in s.value for s in at.success)
    by_label(at.selectbox, "Close as").set_value(CloseReason.ghosted)
    at = button(at, "Close application").click().run()
    with db.read_session(sqlite_url) as s:
        app = s.get(Application, app_id)
        assert (app.stage, app.close_reason) == ("hiring_manager", "ghosted")
    from datetime import date, timedelta

    by_label(at.date_input, "Reapply after").set_value(date.today() - timedelta(days=400))
    at = button(at, "Save reapply date").click().run()
    assert any("reapply date cannot be before" in e for e in errors(at))
    by_label(at.date_input, "Reapply after").set_value(date.today() + timedelta(days=180))
    at = button(at, "Save reapply date").click().run()
    with db.read_session(sqlite_url) as s:
        assert s.get(Application, app_id).reapply_after == date.today() + timedelta(days=180)


def test_unselected_tier_is_an_error_not_a_crash(open_page, sqlite_url):
    at = open_page(PAGE)
    at = add_application(at, "Acme AI", "ML Engineer", tier=None)
    no_exception(at)
    assert "Pick an interest tier: 1, 2 or 3." in errors(at)
    assert count(sqlite_url, Application) == 0


# --------------------------------------------------------------------------- a big table


def test_big_table_is_paged_after_sorting_and_filtering(open_page, sqlite_url):
    from benchmarks.generate import generate

    generate(sqlite_url, 450, seed=5)
    at = open_page(PAGE)
    no_exception(at)
    assert len(at.dataframe[0].value) == 200
    assert any(c.value.startswith("Rows 1–200 of ") for c in at.caption)
    at = by_label(at.selectbox, "Sort by").set_value("Oldest first").run()
    first_page = at.session_state["apps_table_ids"]
    assert first_page == sorted(first_page)
    at = by_label(at.number_input, "Page").set_value(2).run()
    no_exception(at)
    second_page = at.session_state["apps_table_ids"]
    assert min(second_page) > max(first_page)
    assert any(c.value.startswith("Rows 201–400 of ") for c in at.caption)
    by_label(at.multiselect, "Status").set_value(["Open", "Closed", "Archived"])
    at = at.run()  # a new filter starts again at page 1
    no_exception(at)
    assert by_label(at.number_input, "Page").value == 1
    assert any(c.value.startswith("Rows 1–200 of ") for c in at.caption)


def test_stage_link_filters_open_applications_at_that_stage(open_page, sqlite_url):
    at = open_page(PAGE)
    at = add_application(at, "Acme AI", "ML Engineer")
    at = add_application(at, "Beta Labs", "Data Scientist")
    with db.session_scope(sqlite_url) as s:
        from tracker.services import applications

        applications.move_stage(session=s, application_id=2, stage="technical")
    at.query_params["stage"] = "technical"
    at = at.run()
    no_exception(at)
    assert list(at.dataframe[0].value["Company"]) == ["Beta Labs"]
    assert by_label(at.multiselect, "Status").value == ["Open"]


def test_a_cohort_picks_an_application_by_row_or_after_narrowing(open_page, monkeypatch):
    from tracker.ui import track

    monkeypatch.setattr(track, "PICK_LIMIT", 5)  # the demo's 60 applications: too many
    at = open_page(PAGE, demo=True)
    no_exception(at)
    assert not [s for s in at.selectbox if s.label == "Open an application"]
    assert any("search or filter down to 5 applications or fewer" in c.value for c in at.caption)
    at.text_input(key="apps_search").set_value("Greenfield").run()  # a few match now
    picker = by_label(at.selectbox, "Open an application")
    assert 0 < len(picker.options) <= 5
    assert all("Greenfield" in option for option in picker.options)
