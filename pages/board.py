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
from tracker.ui.nav import page

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "board_errors"
CARDS_PER_COLUMN = 8  # the first cards of a column (most wanted tier, longest idle first)

header("Board", "Your open applications as columns by stage. Use a card's Move menu to move it.")
ghosting_days = data.settings().ghosting_days


def menu_key(application_id: int) -> str:
    """The key of a card's Move popover (True while it is open)."""
    return f"move_menu_{application_id}"


def move_card(application_id: int, title: str) -> None:
    """on_change of a card's Move menu: one user action, one StageEvent."""
    target = st.session_state.get(f"move_{application_id}")
    if not target:
        return
    st.session_state[menu_key(application_id)] = False  # the card leaves its column
    result = data.write(
        lambda s: app_service.move_stage(session=s, application_id=application_id, stage=target),
        errors_key=ERRORS,
    )
    if result is not None:
        track.flash(f"Moved {title} to {label(target)}.")


def card_text(card: dict) -> str:
    """The card's text as one markdown block: company, role, tier and red flags, then in small
    grey type the next round and the days since the last activity (orange past the ghosting
    threshold). User text is escaped (``track.plain``)."""
    badges = [tier_badge(card["tier"], short=True)]
    if card["red_flags"]:
        badges.append(f":red-badge[:material/flag: {card['red_flags']}]")
    head = (
        f"**{track.plain(card['company'])}**  \n{track.plain(card['role_title'])}  \n"
        + " ".join(badges)
    )
    if pd.notna(card["next_round_at"]):
        lines = [
            f":gray[:material/event: {track.plain(card['next_round'])}, "
            f"{local_time(card['next_round_at'])}]"
        ]
    else:
        lines = [":gray[:material/event_busy: No round scheduled]"]
    idle = card["idle_days"]
    if pd.notna(idle):
        text = f"{int(idle)} day{'s' if idle != 1 else ''} since last activity"
        stale = card["stage"] != "wishlist" and idle >= ghosting_days
        lines.append(f":orange[:material/hourglass_bottom: {text}]" if stale else f":gray[{text}]")
    return head + "".join(f"  \n:small[{line}]" for line in lines)


def show_card(card: dict) -> None:
    """A card: a few elements only (a crowded board draws a hundred of them); its Move
    menu's stages are drawn only while the menu is open (opening it reruns the page)."""
    app_id = int(card["id"])
    with st.container(border=True):
        st.markdown(card_text(card))
        menu = st.popover(
            "Move",
            width="stretch",
            help="Move this card to another stage",
            key=menu_key(app_id),
            on_change="rerun",
        )
        if menu.open:
            menu.pills(
                f"Move {track.plain(card['company'])} to",
                [stage for stage in STAGES if stage != card["stage"]],
                format_func=label,
                key=f"move_{app_id}",
                on_change=move_card,
                args=(app_id, f"{card['role_title']} at {card['company']}"),
            )
        st.page_link(
            APPLICATIONS,
            label="Open",
            icon=":material/open_in_new:",
            query_params={"id": str(app_id)},
        )


# the page the cards open (built once per process: a path would be resolved per card)
APPLICATIONS = page("pages/applications.py", title="Applications")
track.show_flash()
data.field_error(ERRORS, "stage")
data.field_error(ERRORS, "on")
tiers = st.session_state.get("board_tiers", [1, 2, 3]) or [1, 2, 3]
open_count, cards, per_stage = data.shared(  # held until the next write
    track.board_columns,
    *("applications", "events", "rounds", "red_flags"),
    tiers=tuple(sorted(tiers)),
    per_column=CARDS_PER_COLUMN,
)
if open_count == 0:
    empty_state(
        "No open application: add one in Applications and it appears here as a card.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

st.segmented_control(
    "Show tiers",
    [1, 2, 3],
    default=[1, 2, 3],
    selection_mode="multi",
    format_func=lambda t: f"Tier {t}",
    key="board_tiers",
)
st.caption(
    f"{sum(per_stage.values()):,} open application(s). Cards turn orange after {ghosting_days}"
    f" days without news (Settings). Each column shows its first {CARDS_PER_COLUMN} cards: most"
    " wanted tier first, then the longest without news."
)
by_stage: dict[str, list[dict]] = {}
for card in cards.to_dict("records"):  # one conversion for the whole board
    by_stage.setdefault(str(card["stage"]), []).append(card)
columns = st.columns(len(STAGES), gap="small")
for column, stage in zip(columns, STAGES, strict=True):
    in_stage = per_stage.get(stage, 0)
    with column:
        st.markdown(f"**{label(stage)}** · {in_stage}")
        if not in_stage:
            st.caption("Nothing here")
        for card in by_stage.get(str(stage), []):
            show_card(card)
        hidden = in_stage - CARDS_PER_COLUMN
        if hidden > 0:
            st.page_link(
                APPLICATIONS,
                label=f"and {hidden:,} more: see Applications",
                icon=":material/table_rows:",
                query_params={"stage": str(stage)},
            )
