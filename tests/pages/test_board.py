"""Board flows: an added application appears as a card; moving it records a StageEvent."""

from __future__ import annotations

from sqlmodel import select

from tests.pages.conftest import no_exception
from tests.pages.test_applications import add_application, by_label
from tracker import db
from tracker.models import Application, StageEvent


def open_menu(at, application_id: int):
    """Open a card's Move popover, as a click on it does (it reruns the page)."""
    at.session_state[f"move_menu_{application_id}"] = True
    return at.run()


def test_added_application_is_a_card_and_moves(open_page, sqlite_url):
    at = open_page("pages/applications.py")
    at = add_application(at, "Acme AI", "ML Engineer")
    at.switch_page("pages/board.py")
    at.run()
    no_exception(at)
    assert any("**Acme AI**" in m.value for m in at.markdown)
    (link,) = [p.proto for p in at.get("page_link") if p.proto.label == "Open"]
    assert (link.page, link.query_string) == ("applications", "id=1")  # opens the card's
    assert not at.button_group.values or "move_1" not in [g.key for g in at.button_group]
    at = open_menu(at, 1)  # the stages are drawn once the Move menu is open
    menu = at.button_group(key="move_1")
    assert "Applied" not in menu.options and "Technical rounds" in menu.options  # labels
    at = menu.set_value("technical").run()
    no_exception(at)
    assert any("Moved ML Engineer at Acme AI to Technical rounds" in s.value for s in at.success)
    with db.read_session(sqlite_url) as s:
        assert s.get(Application, 1).stage == "technical"
        stages = [e.stage for e in s.exec(select(StageEvent).order_by(StageEvent.id))]
    assert stages == ["applied", "technical"]
    assert at.session_state["move_menu_1"] is False  # the move closed the menu
    menu = open_menu(at, 1).button_group(key="move_1")  # now every stage but its own
    assert "Technical rounds" not in menu.options and "Applied" in menu.options
    assert menu.value is None


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
    menus = [k for k in at.session_state if k.startswith("move_menu_")]
    shown = [int(key.removeprefix("move_menu_")) for key in menus]
    assert not [g for g in at.button_group if g.key.startswith("move_")], "menus drawn closed"
    with db.read_session(sqlite_url) as s:
        stage_of = {a.id: a.stage for a in s.exec(select(Application))}
    shown_per_stage: dict[str, int] = {}
    for app_id in shown:  # one Move menu per card
        shown_per_stage[stage_of[app_id]] = shown_per_stage.get(stage_of[app_id], 0) + 1
    assert max(shown_per_stage.values()) == 8
    links = [
        e
        for e in at.main
        if getattr(e, "proto", None) is not None and "more: see Applications" in str(e.proto)
    ]
    assert links, "a column with more than 8 cards links to Applications"
