"""Board flows: an added application appears as a card; moving it records a StageEvent."""

from __future__ import annotations

from sqlmodel import select

from tests.pages.conftest import no_exception
from tests.pages.test_applications import add_application, by_label
from tracker import db
from tracker.models import Application, StageEvent


def test_added_application_is_a_card_and_moves(open_page, sqlite_url):
    at = open_page("pages/applications.py")
    at = add_application(at, "Acme AI", "ML Engineer")
    at.switch_page("pages/board.py")
    at.run()
    no_exception(at)
    assert any("**Acme AI**" in m.value for m in at.markdown)
    assert at.button(key="move_1_applied").disabled  # where it is now
    at = at.button(key="move_1_technical").click().run()
    no_exception(at)
    assert any("Moved ML Engineer at Acme AI to Technical rounds" in s.value for s in at.success)
    with db.read_session(sqlite_url) as s:
        assert s.get(Application, 1).stage == "technical"
        stages = [e.stage for e in s.exec(select(StageEvent).order_by(StageEvent.id))]
    assert stages == ["applied", "technical"]
    assert at.button(key="move_1_technical").disabled


def test_closed_applications_leave_the_board(open_page, sqlite_url):
    from tracker.services import applications

    at = open_page("pages/applications.py")
    at = add_application(at, "Acme AI", "ML Engineer")
    with db.session_scope(sqlite_url) as s:
        applications.close_application(session=s, application_id=1, reason="rejected")
    at.switch_page("pages/board.py")
    at.run()
    assert not any("**Acme AI**" in m.value for m in at.markdown)
    assert any("No open application" in i.value for i in at.info)


def test_board_on_demo_shows_red_flag_counts(open_page):
    at = open_page("pages/board.py", demo=True)
    no_exception(at)
    assert any(":material/flag:" in m.value for m in at.markdown)
    assert by_label(at.button_group, "Show tiers").value == [1, 2, 3]
