"""Interview performance: are you getting better, and where?

Pass rate per round kind and its trend (first vs second half of the search), self-rating vs
outcome, and the career lens (outcomes by company type and level targeted). Definitions:
``tracker.analytics.performance``.
"""

import pandas as pd
import streamlit as st

from tracker import charts
from tracker.analytics.pipeline import MIN_GROUP, OUTCOME_LABELS, OUTCOMES
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import day, percent
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it


def one_decimal(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.1f}"


header("Interview performance", "Are you getting better, and where?")
# every table and figure, cached until the next write
view = data.derived(charts.performance_view, "rounds", "applications", "events", "facts")
rates, decided, figures = view["rates"], view["decided"], view["figures"]

# ------------------------------------------------------------------------------- pass rates
st.subheader("Pass rate by round kind")
if decided == 0:
    empty_state(
        "Pass rates appear once you record whether you passed or failed a round.",
        link="pages/log_round.py",
        link_label="Record a round's outcome",
    )
else:
    chart_col, table_col = st.columns(2, gap="large")
    chart_col.plotly_chart(charts.FrozenFigure(figures["rates"]), width="stretch")
    table_col.dataframe(
        pd.DataFrame(
            {
                "Round kind": rates["kind_label"],
                "Pass rate": rates["pass_rate"].map(percent),
                "Passed": rates["passed"],
                "Failed": rates["failed"],
                "Pending": rates["undecided"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    table_col.caption(
        "Pass rate = passed / (passed + failed). Pending and unknown outcomes are left out."
    )

    # --------------------------------------------------------------------------- trend
    st.subheader("Are you improving?")
    middle, changes = view["middle"], view["changes"]
    chart_col, table_col = st.columns(2, gap="large")
    chart_col.plotly_chart(charts.FrozenFigure(figures["trend"]), width="stretch")
    table_col.dataframe(
        pd.DataFrame(
            {
                "Round kind": changes["kind_label"],
                "First half": [
                    f"{percent(r)} ({n})"
                    for r, n in zip(changes["first_rate"], changes["first_n"], strict=True)
                ],
                "Second half": [
                    f"{percent(r)} ({n})"
                    for r, n in zip(changes["second_rate"], changes["second_n"], strict=True)
                ],
                "Change": ["—" if pd.isna(c) else f"{c * 100:+.0f} pts" for c in changes["change"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    table_col.caption(
        f"The search is cut in two at {day(middle)}, halfway between your first and your "
        "latest decided round. In brackets: the rounds each rate is based on; a change "
        "built on a handful of rounds is a hint, not a verdict."
    )

    # --------------------------------------------------------------------------- self-rating
    st.subheader("Self-rating vs outcome")
    if figures["ratings"] is None:
        st.info(
            "Rate yourself (1 to 5) when you log a round's outcome to see where you misjudge "
            "yourself.",
            icon=":material/star_half:",
        )
    else:
        st.plotly_chart(charts.FrozenFigure(figures["ratings"]), width="stretch")
        st.caption(
            "One dot per round kind and self-rating: its size is the number of rounds, its "
            "colour the share you passed, the label passed/decided. Red dots on the right "
            "are rounds you felt good about and failed."
        )
        calib = view["calib"]
        st.dataframe(
            pd.DataFrame(
                {
                    "Round kind": calib["kind_label"],
                    "Rated": calib["rated"],
                    "Avg rating if passed": calib["mean_passed"].map(one_decimal),
                    "Avg rating if failed": calib["mean_failed"].map(one_decimal),
                    "Felt good, failed": calib["overconfident"],
                    "Felt bad, passed": calib["underconfident"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Avg rating: your average self-rating (1-5) of the rounds you passed / failed. "
            "Felt good = rated 4 or 5; felt bad = rated 1 or 2. Kinds you misjudge most come first."
        )

# ------------------------------------------------------------------------------- career lens
st.subheader("Career lens")
if not view["has_facts"]:
    empty_state(
        "The career lens appears once you have applied somewhere.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

lenses = view["lenses"]
st.info(view["reading"], icon=":material/insights:")
for tab, (name, lens) in zip(
    st.tabs(["By company type", "By level targeted"]), lenses.items(), strict=True
):
    with tab:
        st.plotly_chart(charts.FrozenFigure(figures["lenses"][name]), width="stretch")
        table = pd.DataFrame({name.capitalize(): lens["group_label"], "Applied": lens["n"]})
        for outcome in OUTCOMES:
            table[OUTCOME_LABELS[outcome]] = [
                f"{c} ({percent(s)})"
                for c, s in zip(lens[outcome], lens[f"{outcome}_share"], strict=True)
            ]
        table["Note"] = lens["too_few"].map({True: "too few to judge", False: ""})
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(
            "Where each group's applications ended, as a share of the group. Rejections "
            "concentrated in one kind of company say that different skills are tested "
            f"there, not that you are not qualified. Groups under {MIN_GROUP} applications "
            "are too few to judge."
        )
