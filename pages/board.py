"""Board: every open application as a card in its stage column; Move -> stage moves a card.

A move is recorded as a StageEvent dated today (services.applications.move_stage). Closed and
archived applications are not on the board: find them in Applications.
"""

import pandas as pd
import streamlit as st

from tracker.models import STAGES, label
from tracker.services import applications as app_service
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import local_time, tier_badge
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "board_errors"
CARDS_PER_COLUMN = 15  # the first cards of a column (most wanted tier, longest idle first)

header("Board", "Your open applications as columns by stage. Use a card's Move menu to move it.")
frames = data.load("applications", "events", "rounds", "red_flags")
cards = track.board_cards(
    frames["applications"], frames["events"], frames["rounds"], frames["red_flags"]
)
ghosting_days = data.settings().ghosting_days


def move_card(application_id: int, title: str, target: str) -> None:
    """on_click of a stage in a card's Move menu: one user action, one StageEvent."""
    result = data.write(
        lambda s: app_service.move_stage(session=s, application_id=application_id, stage=target),
        errors_key=ERRORS,
    )
    if result is not None:
        track.flash(f"Moved {title} to {label(target)}.")


def show_card(card: pd.Series) -> None:
    app_id = int(card["id"])
    title = f"{card['role_title']} at {card['company']}"
    with st.container(border=True):
        st.markdown(f"**{track.plain(card['company'])}**  \n{track.plain(card['role_title'])}")
        badges = [tier_badge(card["tier"], short=True)]
        if card["red_flags"]:
            badges.append(f":red-badge[:material/flag: {card['red_flags']}]")
        st.markdown(" ".join(badges))
        if pd.notna(card["next_round_at"]):
            st.caption(
                f":material/event: {track.plain(card['next_round'])}, "
                f"{local_time(card['next_round_at'])}"
            )
        else:
            st.caption(":material/event_busy: No round scheduled")
        idle = card["idle_days"]
        if pd.notna(idle):
            text = f"{int(idle)} day{'s' if idle != 1 else ''} since last activity"
            stale = card["stage"] != "wishlist" and idle >= ghosting_days
            st.caption(f":orange[:material/hourglass_bottom: {text}]" if stale else text)
        with st.popover("Move", width="stretch", help="Move this card to another stage"):
            st.caption(f"Move {track.plain(card['company'])} to")
            for stage in STAGES:
                st.button(
                    label(stage),
                    key=f"move_{app_id}_{stage}",
                    on_click=move_card,
                    args=(app_id, title, stage),
                    disabled=stage == card["stage"],
                    width="stretch",
                )
        st.page_link(
            "pages/applications.py",
            label="Open",
            icon=":material/open_in_new:",
            query_params={"id": str(app_id)},
        )


track.show_flash()
data.field_error(ERRORS, "stage")
data.field_error(ERRORS, "on")
if cards.empty:
    empty_state(
        "No open application: add one in Applications and it appears here as a card.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

tiers = st.segmented_control(
    "Show tiers",
    [1, 2, 3],
    default=[1, 2, 3],
    selection_mode="multi",
    format_func=lambda t: f"Tier {t}",
    key="board_tiers",
)
shown = cards[cards["tier"].isin(tiers or [1, 2, 3])]
st.caption(
    f"{len(shown):,} open application(s). Cards turn orange after {ghosting_days} days without"
    f" news (Settings). Each column shows its first {CARDS_PER_COLUMN} cards: most wanted"
    " tier first, then the longest without news."
)
columns = st.columns(len(STAGES), gap="small")
for column, stage in zip(columns, STAGES, strict=True):
    in_stage = shown[shown["stage"] == stage]
    with column:
        st.markdown(f"**{label(stage)}** · {len(in_stage)}")
        if in_stage.empty:
            st.caption("Nothing here")
        for _, card in in_stage.head(CARDS_PER_COLUMN).iterrows():
            show_card(card)
        hidden = len(in_stage) - CARDS_PER_COLUMN
        if hidden > 0:
            st.page_link(
                "pages/applications.py",
                label=f"and {hidden:,} more: see Applications",
                icon=":material/table_rows:",
                query_params={"stage": str(stage)},
            )
