"""Log a round: schedule a round, then record its outcome and feedback; the stage advances."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlmodel import func, select

from tests.pages.conftest import no_exception
from tests.pages.test_applications import by_label, seed
from tracker import db
from tracker.models import Application, Feedback, LearningObjective, Outcome, Round

PAGE = "pages/log_round.py"


def rounds_in(url: str) -> list[dict]:
    with db.read_session(url) as s:
        return [r.model_dump(warnings=False) for r in s.exec(select(Round).order_by(Round.id))]


def test_schedule_then_record_outcome_with_feedback(open_page, sqlite_url):
    app_id = seed(sqlite_url)  # at the recruiter screen stage
    at = open_page(PAGE)
    at.segmented_control(key="log_mode").set_value("Schedule it")
    at.run()
    by_label(at.selectbox, "Kind of round").set_value("ml_coding")
    at.run()
    assert by_label(at.number_input, "Duration, minutes").value == 45  # from the kind
    by_label(at.date_input, "Date").set_value(date.today() + timedelta(days=3))
    at = by_label(at.button, "Schedule round").click().run()
    no_exception(at)
    assert any("Scheduled: ML coding" in s.value for s in at.success)
    scheduled = rounds_in(sqlite_url)[-1]
    assert (scheduled["kind"], scheduled["status"]) == ("ml_coding", "scheduled")

    # record what happened in that scheduled round (picked by default, first in the list)
    at.segmented_control(key="log_mode").set_value("Record what happened")
    at.run()
    assert by_label(at.selectbox, "Which round?").value == scheduled["id"]
    by_label(at.date_input, "Date").set_value(date.today())
    by_label(at.time_input, "Time").set_value(time(0, 0))
    at.button_group(key="lr_outcome").set_value(Outcome.passed)
    at.button_group(key="lr_rating").set_value(4)
    at.text_area(key="lr_questions").set_value("Implement attention")
    at.text_area(key="lr_objectives").set_value("- Practise einsum\n- Review softmax tricks")
    at = by_label(at.button, "Save round").click().run()
    no_exception(at)
    assert any(
        "Stage moved from Recruiter screen to Technical rounds" in s.value for s in at.success
    )
    done = rounds_in(sqlite_url)[-1]
    assert (done["id"], done["status"], done["outcome"]) == (scheduled["id"], "done", "passed")
    with db.read_session(sqlite_url) as s:
        assert s.get(Application, app_id).stage == "technical"
        fb = s.exec(select(Feedback).where(Feedback.round_id == done["id"])).one()
        assert fb.questions_asked == "Implement attention"
        assert fb.reflect_after == date.today() + timedelta(days=1)  # nothing reflected yet
        objectives = s.exec(select(LearningObjective.text)).all()
    assert sorted(objectives) == ["Practise einsum", "Review softmax tricks"]
    assert at.text_area(key="lr_questions").value == ""  # the form starts afresh


def test_invalid_round_shows_error_and_writes_nothing(open_page, sqlite_url):
    seed(sqlite_url)
    at = open_page(PAGE)
    by_label(at.date_input, "Date").set_value(date.today() + timedelta(days=5))
    at.text_area(key="lr_questions").set_value("Kept after the error")
    at = by_label(at.button, "Save round").click().run()
    assert any("in the future" in e.value for e in at.error)
    assert len(rounds_in(sqlite_url)) == 1  # only the seeded one
    assert at.text_area(key="lr_questions").value == "Kept after the error"

    at.segmented_control(key="log_mode").set_value("Schedule it")
    at.run()
    by_label(at.date_input, "Date").set_value(date.today() - timedelta(days=5))
    at = by_label(at.button, "Schedule round").click().run()
    assert any("in the past" in e.value for e in at.error)
    assert len(rounds_in(sqlite_url)) == 1


def test_failed_final_round_offers_to_close_as_rejected(open_page, sqlite_url):
    app_id = seed(sqlite_url)
    at = open_page(PAGE)
    by_label(at.time_input, "Time").set_value(time(0, 0))
    at.button_group(key="lr_outcome").set_value(Outcome.failed)
    at.checkbox(key="lr_final").check()
    at.text_area(key="lr_went_well").set_value("Good system design story")
    at = by_label(at.button, "Save round").click().run()
    no_exception(at)
    assert any("final round" in w.value for w in at.warning)
    with db.read_session(sqlite_url) as s:
        app = s.get(Application, app_id)
        assert (app.stage, app.closed_on) == ("final", None)
        fb = s.exec(select(Feedback).order_by(Feedback.id.desc())).first()
        assert fb.reflect_after is None and fb.reflected_on == date.today()
    at = by_label(at.button, "Close as rejected").click().run()
    no_exception(at)
    with db.read_session(sqlite_url) as s:
        assert s.get(Application, app_id).close_reason == "rejected"
        assert s.exec(select(func.count()).select_from(Round)).one() == 2


def test_a_cohort_picks_among_the_first_applications_or_follows_a_link(
    open_page, sqlite_url, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP
    from tracker.ui import track

    monkeypatch.setattr(track, "PICK_LIMIT", 3)
    at = open_page(PAGE, demo=True)
    no_exception(at)
    picker = by_label(at.selectbox, "Application")
    assert len(picker.options) == 3
    assert any("The first 3 of" in c.value for c in at.caption)
    from tracker.services import frames

    with db.read_session(sqlite_url) as s:
        order, _ = track.round_picker(
            *(frames.read_frame(s, name) for name in ("applications", "events", "rounds"))
        )
    further = order[5]  # not among the first three
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.run()
    linked.query_params["app"] = str(further)  # the detail view's "Log or schedule" link
    linked.switch_page(PAGE)
    linked.run()
    no_exception(linked)
    picked = by_label(linked.selectbox, "Application")
    assert picked.value == further and len(picked.options) == 4  # offered first, on top
