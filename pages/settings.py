"""Settings: thresholds the pages use, the default currency, and the demo data switch."""

import streamlit as st

from tracker import demo
from tracker.services.settings import CURRENCIES, update_settings
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.layout import header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "settings_errors"

header("Settings", "Stored in your database, so they follow the data.")
current = data.settings()

with st.form("settings"):
    st.subheader("Thresholds")
    ghosting = st.number_input(
        "Suggest “ghosted” after this many days without news",
        min_value=1, max_value=365, value=current.ghosting_days, step=1,
    )  # fmt: skip
    data.field_error(ERRORS, "ghosting_days")
    inversion = st.number_input(
        "Rounds of a kind to practise elsewhere before a tier-1 round of that kind",
        min_value=0, max_value=20, value=current.inversion_min_rounds, step=1,
    )  # fmt: skip
    data.field_error(ERRORS, "inversion_min_rounds")
    overload = st.number_input(
        "More interviews than this in one week is an overload",
        min_value=1, max_value=50, value=current.overload_per_week, step=1,
    )  # fmt: skip
    data.field_error(ERRORS, "overload_per_week")
    st.subheader("Money")
    currency = st.selectbox(
        "Default currency", CURRENCIES, index=CURRENCIES.index(current.default_currency)
    )
    data.field_error(ERRORS, "default_currency")
    if st.form_submit_button("Save settings", type="primary"):
        saved = data.write(
            lambda s: update_settings(
                session=s,
                ghosting_days=int(ghosting),
                inversion_min_rounds=int(inversion),
                overload_per_week=int(overload),
                default_currency=currency,
            ),
            errors_key=ERRORS,
        )
        if saved:
            st.success("Settings saved.", icon=":material/check_circle:")

st.subheader("Demo data")
with data.session() as s:
    demo_loaded = demo.has_demo(session=s)
show = st.toggle(
    "Show demo data in the pages",
    value=current.show_demo,
    help="Hide the demo campaign without deleting it.",
)
if show != current.show_demo:
    data.write(lambda s: update_settings(session=s, show_demo=show))
    st.rerun()

if demo_loaded:
    st.write("A demo campaign is loaded. Removing it leaves your own rows untouched.")
    if st.button("Remove demo data", icon=":material/delete:"):
        st.session_state["confirm_clear_demo"] = True
    if st.session_state.get("confirm_clear_demo"):
        st.warning("Remove every demo application, round, offer, red flag and range?")
        yes, no = st.columns(2)
        if yes.button("Yes, remove demo data", type="primary"):
            removed = data.write(lambda s: demo.clear_demo(session=s))
            st.session_state.pop("confirm_clear_demo", None)
            st.toast(f"Removed {removed} demo applications.")
            st.rerun()
        if no.button("Cancel"):
            st.session_state.pop("confirm_clear_demo", None)
            st.rerun()
else:
    st.write("No demo data is loaded.")
    if st.button("Load demo data", icon=":material/play_arrow:"):
        count = data.write(lambda s: demo.load_demo(session=s))
        st.toast(f"Loaded a demo campaign of {count} applications.")
        st.rerun()
