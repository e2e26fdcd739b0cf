"""Red flags: every red flag you noted, by company, filterable by category and severity.

Add one here, from an application's detail view (optionally tied to one of its rounds) or
from a company. A company's red flags show wherever it appears: the Applications table,
the board cards and the detail views.
"""

import pandas as pd
import streamlit as st

from tracker.models import RedFlagCategory, RedFlagCreate, label
from tracker.services import redflags as flag_service
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import local_time
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "red_flag_errors"

header("Red flags", "Every warning sign you noted, by company.")
track.show_flash()
frames = data.load("red_flags", "companies", "applications", "rounds")
flags, companies, apps, rounds = (
    frames["red_flags"],
    frames["companies"],
    frames["applications"],
    frames["rounds"],
)
st.caption(
    "Explicit: being asked to overwork, being ghosted. Subtle: high turnover hints, interviewers"
    " who only read prepared questions or cannot say what the team is for, unfair or rude"
    " interviews, bad reviews, and the gut feeling you would not enjoy working with them."
)


def add_form() -> None:
    if companies.empty:
        st.caption("Add a company (or an application) first.")
        return
    names = dict(zip(companies["id"].astype(int), companies["name"], strict=True))
    company_id = st.selectbox(
        "Company", list(names), index=None, format_func=names.get, key="rf_company",
        placeholder="Pick the company",
    )  # fmt: skip
    data.field_error(ERRORS, "company_id")
    if company_id is None:
        return
    mine = apps[apps["company_id"] == company_id]
    mine_rounds = rounds[rounds["company_id"] == company_id]
    values = track.red_flag_form(
        track.form_key("red_flag"),
        ERRORS,
        application_options=track.app_labels(mine),
        round_options={
            int(r.id): f"{r.role_title} · {r.kind_label} · {local_time(r.scheduled_at)}"
            for r in mine_rounds.itertuples()
        },
    )
    if values is not None:
        track.save(
            lambda s: flag_service.create_red_flag(
                session=s, data=RedFlagCreate(company_id=int(company_id), **values)
            ),
            ERRORS,
            f"Red flag added for {names[company_id]}.",
            reset_form="red_flag",
        )


def flags_table(shown: pd.DataFrame) -> pd.DataFrame:
    roles = apps.set_index("id")["role_title"]
    return pd.DataFrame(
        {
            "Company": shown["company"],
            "Category": track.labels_of(shown["category"]),
            "Severity": shown["severity"].map(track.SEVERITY),
            "Noticed": shown["observed_on"].dt.date,
            "Application": track.lookup(roles, shown["application_id"]).fillna("—"),
            "What happened": shown["note"],
        }
    )


adding = st.expander(  # drawn only while open: its company picker lists every company
    "Add a red flag", icon=":material/add:", expanded=flags.empty, key="rf_add_open",
    on_change="rerun",
)  # fmt: skip
if adding.open:
    with adding:
        add_form()

if flags.empty:
    empty_state(
        "No red flag yet. Note one as soon as something feels off: it is easy to forget by"
        " offer time."
    )
    st.stop()

left, mid, right = st.columns(3)
wanted_companies = left.multiselect(
    "Company",
    data.held("red flag companies", (), lambda: sorted(flags["company"].unique())),
    key="rf_f_company",
)
categories = mid.multiselect(
    "Category", list(RedFlagCategory), format_func=label, key="rf_f_category"
)
severities = right.multiselect(
    "Severity", [1, 2, 3], format_func=track.SEVERITY.get, key="rf_f_severity"
)


def flags_shown() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The red flags the filters keep, and their table (by company, then day noticed)."""
    shown = flags
    if wanted_companies:
        shown = shown[shown["company"].isin(wanted_companies)]
    if categories:
        shown = shown[shown["category"].isin(categories)]
    if severities:
        shown = shown[shown["severity"].isin(severities)]
    return shown, flags_table(shown.sort_values(["company", "observed_on"]))


shown, table = data.held(  # per data version and filters: a click rebuilds nothing
    "red flags shown", (tuple(wanted_companies), tuple(categories), tuple(severities)), flags_shown
)
if shown.empty:
    st.info("No red flag matches these filters.", icon=":material/filter_alt_off:")
    st.stop()
n_companies = shown["company"].nunique()
st.caption(f"{len(shown)} red flag(s) at {n_companies} compan{'y' if n_companies == 1 else 'ies'}")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "What happened": st.column_config.TextColumn(width="large"),
        "Noticed": st.column_config.DateColumn(format="localized"),
    },
)

deleting = st.expander(  # drawn only while open: its picker lists every flag shown
    "Delete a red flag", icon=":material/delete:", key="rf_delete_open", on_change="rerun"
)
if deleting.open:
    with deleting:
        ids = shown["id"].astype(int).tolist()
        described = dict(zip(ids, track.red_flag_labels(shown), strict=True))
        target = st.selectbox(
            "Red flag", list(described), index=None, format_func=described.get, key="rf_delete"
        )
        if target is not None:

            def delete() -> None:
                st.session_state.pop("rf_delete", None)
                track.save(
                    lambda s: flag_service.delete_red_flag(session=s, red_flag_id=target),
                    ERRORS,
                    "Red flag deleted.",
                )

            track.confirm_delete(f"red_flag_{target}", "this red flag", [], delete)
