"""Pipeline: where the search leaks.

Filters (applied-date range, track, tier, open only) select applications; every chart and
table below shows those applications and their events and rounds. Definitions of "reached",
"conversion" and "response": ``tracker.analytics.pipeline``.
"""

from datetime import date

import pandas as pd
import streamlit as st

from tracker import charts
from tracker.analytics.pipeline import FUNNEL_STAGES, MIN_GROUP, SPLITS, filter_bounds
from tracker.models import Track, label
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import days, percent, tier_short
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it


header("Pipeline", "Where your search leaks: how far applications get, and where they stop.")
bounds = data.derived(filter_bounds, "applications")  # cached per write, like every figure
if bounds["first"] is None:
    empty_state(
        "The pipeline appears once you have applied somewhere: add an application with its "
        "applied date, or load the demo campaign from the Overview.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

# ------------------------------------------------------------------------------- filters
first_day = bounds["first"]
last_day = max(bounds["last"], date.today())
with st.container(border=True):
    c_dates, c_track, c_tier, c_closed = st.columns([3, 2.5, 3.5, 2], vertical_alignment="bottom")
    picked = c_dates.date_input(
        "Applied between",
        value=(first_day, last_day),
        min_value=first_day,
        max_value=last_day,
        format="YYYY-MM-DD",
        key="pipeline_dates",
    )
    tracks = c_track.multiselect(
        "Track",
        [t.value for t in Track if t.value in bounds["tracks"]],
        format_func=label,
        placeholder="All tracks",
        key="pipeline_tracks",
    )
    tiers = c_tier.pills(
        "Interest tier",
        [1, 2, 3],
        selection_mode="multi",
        format_func=tier_short,
        key="pipeline_tiers",
        help="None selected = all tiers.",
    )
    include_closed = c_closed.toggle(
        "Include closed", value=True, key="pipeline_closed", help="Off: open applications only."
    )

start, end = (picked[0], picked[1]) if len(picked) == 2 else (first_day, last_day)
filters = {
    "start": start,
    "end": end,
    "tracks": tuple(tracks),
    "tiers": tuple(tiers),
    "include_closed": include_closed,
}
# the "Split by" control is drawn further down; its value is in the session state already
by = st.session_state.get("pipeline_split") or "source"
# every table and figure below, cached until the next write or another filter value
view = data.derived(
    charts.pipeline_view, "applications", "events", "rounds", "facts", by=by, **filters
)
if view["n"] == 0:
    st.info("No application matches these filters.", icon=":material/filter_alt_off:")
    st.stop()

summary, figures = view["summary"], view["figures"]
st.caption(
    f"{view['n']} applications applied between {start:%d %b %Y} and {end:%d %b %Y}"
    f"{'' if include_closed else ', open only'}."
)

# ------------------------------------------------------------------------------- funnel
st.subheader("Funnel")
stages = view["funnel"]
chart_col, table_col = st.columns(2, gap="large")
chart_col.plotly_chart(charts.FrozenFigure(figures["funnel"]), width="stretch")
table_col.dataframe(
    pd.DataFrame(
        {
            "Stage": stages["label"],
            "Reached": stages["reached"],
            "Of previous stage": stages["from_previous"].map(percent),
            "Of applied": stages["from_applied"].map(percent),
        }
    ),
    hide_index=True,
    width="stretch",
)
table_col.caption(
    "Each application counts at every stage up to the furthest it reached, so one rejected "
    "after the onsite still counts at the onsite. A referral that went straight to the "
    "hiring manager counts as past the recruiter screen."
)

# ------------------------------------------------------------------------------- split
st.subheader("Funnel by group")
by = st.segmented_control(
    "Split by", list(SPLITS), format_func=SPLITS.get, default="source", key="pipeline_split"
)
by = by or "source"  # the same value as the view's above
st.plotly_chart(charts.FrozenFigure(figures["split"]), width="stretch")
table = view["split_table"]
stage_columns = [label(s) for s in FUNNEL_STAGES[1:]]
st.dataframe(
    table.assign(
        too_few=table["too_few"].map({True: "too few to judge", False: ""}),
        **{name: table[name] * 100 for name in stage_columns},
    ).rename(columns={"group": SPLITS[by], "n": "Applied", "too_few": "Note"}),
    hide_index=True,
    width="stretch",
    column_config={
        name: st.column_config.NumberColumn(name, format="%.0f %%") for name in stage_columns
    },
)
st.caption(
    f"Share of each group's applications that reached the stage. Groups of fewer than "
    f"{MIN_GROUP} applications are too few to judge (faded in the chart)."
)

# ------------------------------------------------------------------------------- sankey
st.subheader("From applied to outcome")
st.plotly_chart(charts.FrozenFigure(figures["sankey"]), width="stretch")
st.caption(
    "Read left to right: every application starts at Applied; at each stage it either moves "
    "on or ends there: rejected at that stage, withdrawn, ghosted, or still open. The offer "
    "is the last stage."
)

# ------------------------------------------------------------------------------- timing
st.subheader("Timing")
left, right = st.columns(2, gap="large")
with left:
    if figures["stays"] is None:
        st.info("No application has moved on from a stage yet.", icon=":material/hourglass:")
    else:
        st.plotly_chart(charts.FrozenFigure(figures["stays"]), width="stretch")
        st.caption(
            "Days between entering a stage and the next step (a later stage or a closing); "
            "one dot per application. Stages an application is still in are not counted."
        )
with right:
    if summary["responded"] == 0:
        st.info("No response from a company yet.", icon=":material/hourglass:")
    else:
        st.plotly_chart(charts.FrozenFigure(figures["response"]), width="stretch")
        st.caption(
            f"{summary['responded']} of {summary['applied']} applications had a response "
            f"({percent(summary['response_rate'])}), after {days(summary['median_days'])} "
            "(median). A response is the first sign from the company: a later stage, a "
            "round or a rejection."
        )

# ------------------------------------------------------------------------------- weekly
st.subheader("Weekly activity")
st.plotly_chart(charts.FrozenFigure(figures["weekly"]), width="stretch")
