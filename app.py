"""Job Search Tracker: the entry point. Page config and navigation, nothing else."""

import pandas  # noqa: F401  (imported first: avoids a cold-start import race across threads)
import plotly  # noqa: F401
import streamlit as st

from tracker.ui.access import access_granted, sign_in_page
from tracker.ui.nav import page

st.set_page_config(
    page_title="Job Search Tracker",
    page_icon=":material/work_history:",
    layout="wide",
)

PAGES = {
    "": [
        page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    ],
    "Track": [
        page("pages/applications.py", title="Applications", icon=":material/list_alt:"),
        page("pages/board.py", title="Board", icon=":material/view_kanban:"),
        page("pages/log_round.py", title="Log a round", icon=":material/edit_note:"),
        page("pages/companies.py", title="Companies", icon=":material/apartment:"),
        page("pages/red_flags.py", title="Red flags", icon=":material/flag:"),
    ],
    "Plan": [
        page("pages/planner.py", title="Planner", icon=":material/event_note:"),
        page("pages/readiness.py", title="Readiness", icon=":material/school:"),
    ],
    "Analyse": [
        page("pages/pipeline.py", title="Pipeline", icon=":material/filter_alt:"),
        page("pages/performance.py", title="Interview performance", icon=":material/trending_up:"),
    ],
    "Offers": [
        page("pages/offer_comparison.py", title="Offer comparison", icon=":material/payments:"),
        page("pages/comp_ranges.py", title="Compensation ranges", icon=":material/table_chart:"),
    ],
    "Data": [
        page("pages/import_data.py", title="Import", icon=":material/upload_file:"),
        page("pages/export.py", title="Export & backup", icon=":material/download:"),
        page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ],
}

if access_granted():
    st.navigation(PAGES).run()
else:  # exposed beyond localhost and not signed in: the sign-in page is the only page
    st.navigation([st.Page(sign_in_page, title="Sign in", icon=":material/lock:")]).run()
