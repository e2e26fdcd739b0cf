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


def test_a_crowded_column_shows_its_first_cards_and_links_to_the_rest(open_page, sqlite_url):
    from benchmarks.generate import generate

    generate(sqlite_url, 400, seed=7)
    at = open_page("pages/board.py")
    no_exception(at)
    cards = [b for b in at.button if b.key and b.key.startswith("move_") and b.disabled]
    shown_per_stage: dict[str, int] = {}
    for b in cards:  # the disabled button of a card is its current stage
        stage = b.key.split("_", 2)[2]
        shown_per_stage[stage] = shown_per_stage.get(stage, 0) + 1
    assert max(shown_per_stage.values()) == 15
    links = [
        e
        for e in at.main
        if getattr(e, "proto", None) is not None and "more: see Applications" in str(e.proto)
    ]
    assert links, "a column with more than 15 cards links to Applications"
