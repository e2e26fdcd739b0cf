"""Overview: a welcome on an empty database; then the campaign at a glance.

Key figures with their change over 30 days, the rounds of the next 7 days, and what needs
attention (reflections due, follow-ups due, offer deadlines, applications that look ghosted,
with a one-click "mark ghosted"). Definitions: ``tracker.analytics.overview``.
"""

from datetime import date

import pandas as pd
import streamlit as st

from tracker import demo
from tracker.analytics.overview import DELTA_DAYS, KeyFigure, overview_summary, upcoming_rounds
from tracker.models import CloseReason, label
from tracker.services.applications import close_application
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import day, days, each_distinct, local_time, percent, tier_short
from tracker.ui.layout import STRATEGY, header
from tracker.ui.track import plain

require_app_entry()  # first: a run that bypassed app.py reruns through it

GHOST_ROWS = 8  # ghosting suggestions shown with a button; the rest are counted
LIST_ROWS = 100  # rows of the upcoming, reflections and follow-ups tables; the rest counted
DEADLINE_ROWS = 10  # offer deadlines listed (earliest first); the rest are counted

if data.is_empty():
    header(
        "Welcome to your job search tracker", "Private: everything stays in a file on this machine."
    )
    st.markdown(STRATEGY)
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader(":material/science: Explore first")
        st.write("Load a realistic four-month ML job search to see every page at work.")
        st.write("Demo rows are marked and can be removed in one click from Settings.")
        if st.button("Load demo data", type="primary", icon=":material/play_arrow:"):
            count = data.write(lambda s: demo.load_demo(session=s))
            if count:
                st.toast(f"Loaded a demo campaign of {count} applications.")
                st.rerun()
    with right, st.container(border=True):
        st.subheader(":material/add_circle: Start for real")
        st.write("Log the first opportunity you are pursuing, with its interest tier.")
        st.write("Tier 3 = practice, tier 2 = good, tier 1 = dream job.")
        st.page_link(
            "pages/applications.py",
            label="Add your first application",
            icon=":material/arrow_forward:",
        )
    st.stop()

header("Overview", "Your campaign at a glance.")
ghosting_days = data.settings().ghosting_days
today = date.today()
now = pd.Timestamp.now(tz="UTC")
summary = data.shared(  # held until the next write (or tomorrow): read only here
    overview_summary,
    *("facts", "applications", "events", "rounds", "feedback", "offers"),
    today=today,
    ghosting_days=ghosting_days,
)


def figure_value(figure: KeyFigure) -> str:
    if figure.unit == "%":
        return percent(figure.value)
    if figure.unit == "days":
        return days(figure.value)
    return f"{figure.value:.0f}"


def figure_delta(figure: KeyFigure) -> str | None:
    """The change since 30 days ago as text (None when either side is unknown)."""
    if pd.isna(figure.value) or pd.isna(figure.previous):
        return None
    change = figure.delta
    if figure.unit == "%":
        return f"{change * 100:+.0f} pts"
    if figure.unit == "days":
        return ("+" if change > 0 else "") + days(change)
    return f"{change:+.0f}"


HELP = {
    "open": "Applied, not closed and not archived (wishlist items are not counted).",
    "interviews_week": "Rounds scheduled Monday to Sunday of this week, cancelled ones aside.",
    "offers": "Applications that reached the offer stage.",
    "response_rate": "Applications with a first sign from the company (a later stage, a round "
    "or a rejection) / applications sent.",
    "median_days": "Median days from applying to the first response.",
}

for column, figure in zip(st.columns(5), summary.figures, strict=True):
    delta = figure_delta(figure)
    column.metric(
        figure.title,
        figure_value(figure),
        delta=delta,
        delta_color="off"
        if not figure.delta
        else ("normal" if figure.higher_is_better else "inverse"),
        delta_arrow="off" if delta is None or figure.delta == 0 else "auto",
        help=HELP[figure.key],
        border=True,
    )

st.caption(f"Arrows: the change since {DELTA_DAYS} days ago.")
left, right = st.columns(2, gap="large")
with left:
    st.subheader(":material/event: Next 7 days")
    coming = upcoming_rounds(summary.upcoming, now)
    upcoming = coming.head(LIST_ROWS)  # a cohort's week: the soonest, the rest counted
    if upcoming.empty:
        st.info("No round scheduled in the next 7 days.", icon=":material/event_available:")
        st.page_link("pages/log_round.py", label="Schedule a round", icon=":material/add:")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Tier": each_distinct(upcoming["tier"], tier_short),
                    "When": each_distinct(upcoming["scheduled_at"], local_time),
                    "Company": upcoming["company"],
                    "Round": upcoming["kind_label"],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={  # half a 1400 px page: tier and time never cut off
                "Tier": st.column_config.TextColumn(width=70),
                "When": st.column_config.TextColumn(width=114),
                "Company": st.column_config.TextColumn(width=98),
            },
        )
        if len(coming) > LIST_ROWS:
            st.caption(f"The {LIST_ROWS} soonest of {len(coming):,} rounds in the next 7 days.")

with right:
    st.subheader(":material/notifications: Needs attention")
    reflections, follow_ups = summary.reflections, summary.follow_ups
    deadlines, ghosts = summary.deadlines, summary.ghosts
    if reflections.empty and follow_ups.empty and deadlines.empty and ghosts.empty:
        st.success("Nothing needs your attention today.", icon=":material/task_alt:")

    if not deadlines.empty:
        with st.container(border=True):
            st.markdown(f"**:material/timer: Offer deadlines** ({len(deadlines)})")
            for row in deadlines.head(DEADLINE_ROWS).itertuples():
                left_days = int(row.days_left)
                when = (
                    f"passed {days(-left_days)} ago"
                    if left_days < 0
                    else ("today" if left_days == 0 else f"in {days(left_days)}")
                )
                st.markdown(
                    f"{plain(row.company)} · {plain(row.role_title)}: answer due "
                    f"{day(row.deadline)} (**{when}**), {label(row.status).lower()}"
                )
            if len(deadlines) > DEADLINE_ROWS:
                st.caption(f"The {DEADLINE_ROWS} earliest deadlines of {len(deadlines):,}.")
            st.page_link(
                "pages/offer_comparison.py", label="Compare offers", icon=":material/payments:"
            )

    if not reflections.empty:
        with st.container(border=True):
            st.markdown(f"**:material/self_improvement: Reflections due** ({len(reflections)})")
            shown = reflections.head(LIST_ROWS)
            st.dataframe(
                pd.DataFrame(
                    {
                        "Round": shown["kind_label"],
                        "Company": shown["company"],
                        "Held on": shown["scheduled_at"].map(day),
                    }
                ),
                hide_index=True,
                width="stretch",
                height=min(36 * (len(shown) + 1) + 2, 220),
            )
            if len(reflections) > LIST_ROWS:
                st.caption(f"The {LIST_ROWS} oldest of {len(reflections):,}.")
            st.page_link(
                "pages/readiness.py", label="Write the reflections", icon=":material/edit_note:"
            )

    if not follow_ups.empty:
        with st.container(border=True):
            st.markdown(f"**:material/forward_to_inbox: Follow-ups due** ({len(follow_ups)})")
            due = follow_ups.head(LIST_ROWS)
            st.dataframe(
                pd.DataFrame(
                    {
                        "Company": due["company"],
                        "Role": due["role_title"],
                        "Follow up on": due["next_follow_up"].map(day),
                        "Overdue": due["days_overdue"].map(days),
                    }
                ),
                hide_index=True,
                width="stretch",
                height=min(36 * (len(due) + 1) + 2, 220),
            )
            if len(follow_ups) > LIST_ROWS:
                st.caption(f"The {LIST_ROWS} most overdue of {len(follow_ups):,}.")

    if not ghosts.empty:
        with st.container(border=True):
            st.markdown(
                f"**:material/visibility_off: No news for {ghosting_days}+ days** ({len(ghosts)})"
            )
            st.caption(
                "Open applications with no stage change or round for a while. If they have "
                "gone silent, close them as ghosted (you can reopen one later)."
            )
            for row in ghosts.head(GHOST_ROWS).itertuples():
                text, action = st.columns([3, 2], vertical_alignment="center")
                text.markdown(
                    f"{plain(row.company)} · {plain(row.role_title)}  \n"
                    f":gray[{label(row.stage)} · last activity {day(row.last_activity)}, "
                    f"{days(row.days_silent)} ago]"
                )
                if action.button(
                    "Mark ghosted",
                    key=f"ghost_{row.id}",
                    icon=":material/visibility_off:",
                    width="stretch",
                ):
                    app_id = int(row.id)
                    closed = data.write(
                        lambda s, app_id=app_id: close_application(
                            session=s,
                            application_id=app_id,
                            reason=CloseReason.ghosted,
                            note="Marked ghosted from the Overview.",
                        )
                    )
                    if closed is not None:
                        st.toast(f"Closed {row.company} · {row.role_title} as ghosted.")
                        st.rerun()
            if len(ghosts) > GHOST_ROWS:
                st.caption(f"and {len(ghosts) - GHOST_ROWS} more, longest silence first.")
