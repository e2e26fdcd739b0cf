"""Overview: a welcome on an empty database; later the key figures of the campaign."""

import pandas as pd
import streamlit as st

from tracker import demo
from tracker.ui import data
from tracker.ui.fmt import local_time
from tracker.ui.layout import STRATEGY, header

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
frames = data.load("applications", "rounds", "offers")
apps, rounds, offers = frames["applications"], frames["rounds"], frames["offers"]
now = pd.Timestamp.now(tz="UTC")
open_apps = apps[apps["closed_on"].isna() & ~apps["archived"]]
upcoming = rounds[
    (rounds["status"] == "scheduled")
    & (rounds["scheduled_at"] >= now)
    & (rounds["scheduled_at"] < now + pd.Timedelta(days=7))
]
live_offers = offers[offers["status"].isin(["pending", "negotiating"])]

c1, c2, c3 = st.columns(3)
c1.metric("Open applications", len(open_apps), border=True)
c2.metric("Interviews in the next 7 days", len(upcoming), border=True)
c3.metric("Offers on the table", len(live_offers), border=True)

st.subheader("Next 7 days")
if upcoming.empty:
    st.info("No round scheduled in the next 7 days.", icon=":material/event_available:")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "When": upcoming["scheduled_at"].map(local_time),
                "Company": upcoming["company"],
                "Role": upcoming["role_title"],
                "Round": upcoming["kind_label"],
                "Tier": upcoming["tier"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
