"""Planner: least interesting first. Tiers at a glance, the recommended order with planned
weeks, warnings with their fix, the timeline, tier-1 prep, the reapply calendar and the .ics
export. Every figure comes from ``tracker.analytics.planner``; this page only renders it."""

from datetime import date, datetime

import pandas as pd
import streamlit as st

from tracker import charts
from tracker.analytics import planner as plan
from tracker.io.calendar import exportable_count, rounds_to_ics
from tracker.models import ApplicationUpdate, label
from tracker.services.applications import update_application
from tracker.services.planning import set_planned_weeks
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import local_time, md_escape, percent, tier_badge
from tracker.ui.layout import empty_state, header
from tracker.ui.planner import planner_page_view

require_app_entry()  # first: a run that bypassed app.py reruns through it

PLAN_ERRORS = "planner_week_errors"
REAPPLY_ERRORS = "planner_reapply_errors"
PREP_SHOWN = 10  # tier-1 rounds with a prep card (the soonest)
WARNING_ICONS = {
    "inversion": ":material/swap_vert:",
    "overload": ":material/event_busy:",
    "clustering": ":material/stacked_bar_chart:",
}

header(
    "Planner",
    "Least interesting first: take practice interviews (tier 3) before good ones (tier 2), "
    "and keep dream jobs (tier 1) for when you are sharpest.",
)
rounds = data.load("rounds")["rounds"]
settings = data.settings()
today = date.today()
tz = datetime.now().astimezone().tzinfo
view = data.shared(planner_page_view, "applications", "rounds", today=today, tz=tz)
open_by_tier = view["open_by_tier"]

if not view["has_applications"]:
    empty_state(
        "Nothing to plan yet. Add applications with an interest tier (1 = dream job, "
        "2 = good, 3 = practice) and the planner will put them in order.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

# ------------------------------------------------------------------ tiers at a glance
st.subheader("Interest tiers at a glance")
tier_columns = st.columns(3)
for column, tier in zip(tier_columns, (3, 2, 1), strict=True):
    count, stages = open_by_tier[tier]
    with column.container(border=True):
        st.markdown(f"{tier_badge(tier)} **{count} open**")
        if not count:
            st.caption("None open in this tier.")
        else:
            st.caption(" · ".join(f"{n} {label(stage).lower()}" for stage, n in stages.items()))
st.plotly_chart(charts.FrozenFigure(view["tier_chart"]), width="stretch")

# ------------------------------------------------------------------ warnings
st.subheader("Warnings")
WARNINGS_SHOWN = 12  # as boxes; the rest in one table
warnings = data.shared(  # held until the next write, like the view
    plan.all_warnings,
    "applications",
    "rounds",
    today=today,
    min_rounds=settings.inversion_min_rounds,
    per_week=settings.overload_per_week,
    tz=tz,
)
if warnings.empty:
    st.success(
        "Your schedule follows the plan: no tier-1 round too early, no overloaded week, "
        "dream jobs not all at the start.",
        icon=":material/check_circle:",
    )
for w in warnings.head(WARNINGS_SHOWN).itertuples(index=False):
    st.warning(
        f"**{md_escape(w.title)}**  \n{md_escape(w.reason)}  \n**Fix:** {md_escape(w.fix)}",
        icon=WARNING_ICONS[w.warning],
    )
if len(warnings) > WARNINGS_SHOWN:  # a cohort's schedule: a table, not hundreds of boxes
    more = warnings.iloc[WARNINGS_SHOWN:]
    st.caption(f"{len(more):,} more warning(s), in the order above:")
    st.dataframe(
        more[["title", "reason", "fix"]].rename(
            columns={"title": "Warning", "reason": "Why", "fix": "Fix"}
        ),
        hide_index=True,
        width="stretch",
        height=320,
    )
st.caption(
    f"Thresholds (change them in Settings): {settings.inversion_min_rounds} rounds of a kind "
    f"elsewhere before a tier-1 round of that kind; at most {settings.overload_per_week} "
    "interviews a week."
)

# ------------------------------------------------------------------ recommended order
st.subheader("Recommended order")
order = view["order"]
if order.empty:
    empty_state("Every application is closed: nothing left to plan.")
else:
    st.caption(
        "Tier 3 before tier 2 before tier 1; within a tier, the application further along "
        "first, then the nearest deadline (next round, else follow-up date). Set a planned "
        "week for each application (any day: it is saved as that week's Monday), then save."
    )
    table = view["order_table"]
    if view["order_count"] > len(table):
        st.caption(
            f"The first {len(table):,} of {view['order_count']:,} open applications in this "
            "order: plan these; the others move up as these close."
        )
    st.session_state.setdefault("plan_editor_version", 0)
    editor_key = f"plan_editor_{st.session_state['plan_editor_version']}"
    st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1) + 3, 460),
        disabled=[c for c in table.columns if c != "Planned week"],
        column_config={
            "#": st.column_config.NumberColumn(width=40),
            "Planned week": st.column_config.DateColumn(
                "Planned week",
                format="[week of] D MMM",
                min_value=plan.monday(today).date(),
                width=130,
                help="The week you plan to take this application in (saved as its Monday); "
                "clear it to unplan.",
            ),
            "Tier": st.column_config.TextColumn(width=110),
            "Company": st.column_config.TextColumn(width=150),
            "Role": st.column_config.TextColumn(width=165),
            "Stage": st.column_config.TextColumn(width=115),
            "Next round": st.column_config.TextColumn(width=225),
        },
    )
    edits = st.session_state.get(editor_key, {}).get("edited_rows", {})
    if edits:
        data.field_error(PLAN_ERRORS, "planned_week")
    save_col, note_col = st.columns([1, 3])
    if save_col.button(
        "Save planned weeks",
        type="primary",
        icon=":material/save:",
        disabled=not edits,
        key="save_plan",
    ):
        weeks = {}
        for row, change in edits.items():
            if "Planned week" in change:
                value = change["Planned week"]
                weeks[int(order.loc[int(row), "application_id"])] = (
                    pd.Timestamp(value).date() if value else None
                )
        saved = data.write(
            lambda s: set_planned_weeks(session=s, weeks=weeks, today=today),
            errors_key=PLAN_ERRORS,
        )
        if saved is not None:
            st.session_state["plan_editor_version"] += 1
            st.toast(f"Saved the plan for {len(weeks)} application(s).", icon=":material/check:")
        st.rerun()  # shows the saved plan, or the message above the button
    if edits:
        note_col.caption(f"{len(edits)} unsaved change(s).")

# ------------------------------------------------------------------ timeline
st.subheader("Timeline")
if view["timeline"] is None:
    empty_state(
        "No round is scheduled and no week is planned yet. Schedule rounds on Log a round, "
        "or set planned weeks above.",
        link="pages/log_round.py",
        link_label="Log a round",
    )
else:
    drawn, lines = view["timeline_lines"]
    if drawn < lines:
        st.caption(
            f"The {drawn} lines (company · role) with the soonest rounds or planned weeks, of "
            f"{lines:,}; the calendar download below holds every scheduled round."
        )
    st.plotly_chart(charts.FrozenFigure(view["timeline"]), width="stretch")
exported = data.shared(exportable_count, "rounds")
st.download_button(
    f"Download calendar (.ics, {exported} rounds)",
    data=(lambda: rounds_to_ics(rounds)) if exported else b"",  # built on click
    file_name="job-search-interviews.ics",
    mime="text/calendar",
    icon=":material/calendar_month:",
    disabled=not exported,
    on_click="ignore",
    help="Scheduled rounds as calendar events. Importing again updates them instead of "
    "duplicating them.",
)

# ------------------------------------------------------------------ tier-1 prep
st.subheader("Before your tier-1 rounds")
prep = data.shared(plan.tier1_prep, "rounds", "objectives", today=today, tz=tz)
if prep.empty:
    st.info(
        "No tier-1 round is scheduled. When one is, this shows how much practice you have had "
        "at its kind and what you still want to work on.",
        icon=":material/info:",
    )
elif len(prep) > PREP_SHOWN:
    st.caption(
        f"The {PREP_SHOWN} soonest of {len(prep):,} upcoming tier-1 rounds; the calendar download"
        " above holds them all."
    )
for r in prep.head(PREP_SHOWN).itertuples(index=False):
    with st.container(border=True):
        st.markdown(
            f"{tier_badge(1)} **{md_escape(r.company)}** · {md_escape(r.role_title)} — "
            f"{md_escape(r.kind_label)}, {local_time(r.scheduled_at)}"
        )
        done_col, rate_col, rating_col = st.columns(3)
        done_col.metric("Rounds of this kind done", int(r.done_count))
        decided = int(r.passed) + int(r.failed)
        rate_col.metric(
            "Pass rate at this kind",
            percent(r.pass_rate),
            help=f"{int(r.passed)} passed of {decided} with a known outcome.",
        )
        rating_col.metric(
            "Average self-rating",
            "—" if pd.isna(r.avg_rating) else f"{r.avg_rating:.1f} / 5",
        )
        if r.objectives:
            st.markdown("Open learning objectives for this kind:")
            st.markdown("\n".join(f"- {md_escape(text)}" for text in r.objectives[:6]))
            if len(r.objectives) > 6:
                st.caption(f"and {len(r.objectives) - 6} more on the Readiness page.")
        else:
            st.caption("No open learning objective for this kind.")

gaps = data.shared(
    plan.tier1_topic_gaps, "applications", "rounds", "objectives", today=today, tz=tz
)
if not gaps.empty:
    st.markdown("**Topics your tier-1 job descriptions ask for, with no practice yet**")
    st.dataframe(
        pd.DataFrame(
            {
                "Topic": gaps["topic_label"],
                "Asked by": gaps["companies"],
                "Practise it in": gaps["kinds"],
                "First tier-1 round": gaps["first_round_at"].map(local_time),
            }
        ),
        hide_index=True,
        width="stretch",
    )

# ------------------------------------------------------------------ reapply calendar
st.subheader("Reapply calendar")
reapply = view["reapply"]
if reapply.empty:
    st.caption(
        "No company has rejected you. When one does, ask HR how long before you may reapply."
    )
else:
    st.caption(
        "Companies that rejected you. Ask HR how long before you may reapply and note the "
        "date here; companies expect candidates to come back next cycle."
    )
    reapply_table = view["reapply_table"]
    if view["reapply_count"] > len(reapply_table):
        st.caption(
            f"The first {len(reapply_table):,} of {view['reapply_count']:,} rejections, in "
            "order: soonest reapply date first."
        )
    st.session_state.setdefault("reapply_editor_version", 0)
    reapply_key = f"reapply_editor_{st.session_state['reapply_editor_version']}"
    st.data_editor(
        reapply_table,
        key=reapply_key,
        hide_index=True,
        width="stretch",
        disabled=[c for c in reapply_table.columns if c != "Reapply after"],
        column_config={"Reapply after": st.column_config.DateColumn(format="D MMM YYYY")},
    )
    reapply_edits = st.session_state.get(reapply_key, {}).get("edited_rows", {})
    if reapply_edits:
        data.field_error(REAPPLY_ERRORS, "reapply_after")
    if st.button(
        "Save reapply dates",
        icon=":material/save:",
        disabled=not reapply_edits,
        key="save_reapply",
    ):
        changes = {
            int(reapply.loc[int(row), "application_id"]): (
                pd.Timestamp(change["Reapply after"]).date() if change["Reapply after"] else None
            )
            for row, change in reapply_edits.items()
            if "Reapply after" in change
        }

        def save_reapply(session) -> int:
            for application_id, when in changes.items():
                update_application(
                    session=session,
                    application_id=application_id,
                    data=ApplicationUpdate(reapply_after=when),
                )
            return len(changes)

        if data.write(save_reapply, errors_key=REAPPLY_ERRORS) is not None:
            st.session_state["reapply_editor_version"] += 1
        st.rerun()
