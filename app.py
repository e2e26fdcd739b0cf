"""Job Search Tracker: the entry point. Page config and navigation, nothing else."""

import pandas  # noqa: F401  (imported first: avoids a cold-start import race across threads)
import plotly  # noqa: F401
import streamlit as st

from tracker.ui.access import access_granted, sign_in_page

st.set_page_config(
    page_title="Job Search Tracker",
    page_icon=":material/work_history:",
    layout="wide",
)

PAGES = {
    "": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    ],
    "Track": [
        st.Page("pages/applications.py", title="Applications", icon=":material/list_alt:"),
        st.Page("pages/board.py", title="Board", icon=":material/view_kanban:"),
        st.Page("pages/log_round.py", title="Log a round", icon=":material/edit_note:"),
        st.Page("pages/companies.py", title="Companies", icon=":material/apartment:"),
        st.Page("pages/red_flags.py", title="Red flags", icon=":material/flag:"),
    ],
    "Plan": [
        st.Page("pages/planner.py", title="Planner", icon=":material/event_note:"),
        st.Page("pages/readiness.py", title="Readiness", icon=":material/school:"),
    ],
    "Analyse": [
        st.Page("pages/pipeline.py", title="Pipeline", icon=":material/filter_alt:"),
        st.Page(
            "pages/performance.py", title="Interview performance", icon=":material/trending_up:"
        ),
    ],
    "Offers": [
        st.Page("pages/offer_comparison.py", title="Offer comparison", icon=":material/payments:"),
        st.Page("pages/comp_ranges.py", title="Compensation ranges", icon=":material/table_chart:"),
    ],
    "Data": [
        st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:"),
        st.Page("pages/export.py", title="Export & backup", icon=":material/download:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ],
}

if access_granted():
    st.navigation(PAGES).run()
else:  # exposed beyond localhost and not signed in: the sign-in page is the only page
    st.navigation([st.Page(sign_in_page, title="Sign in", icon=":material/lock:")]).run()
