"""Applications: every application in a table, and the form to add one."""

from datetime import date

import pandas as pd
import streamlit as st

from tracker.models import (
    ApplicationCreate,
    Level,
    RemoteMode,
    Source,
    Stage,
    Track,
    label,
)
from tracker.services.applications import create_application, find_duplicates
from tracker.services.companies import get_or_create_company
from tracker.services.errors import ValidationError
from tracker.ui import data
from tracker.ui.fmt import tier_name
from tracker.ui.forms import enum_select, tier_picker
from tracker.ui.layout import empty_state, header

ERRORS = "add_application_errors"

header("Applications", "Every opportunity you are pursuing, with its interest tier.")
frames = data.load("applications", "companies")
apps, companies = frames["applications"], frames["companies"]


def add_application(session, values: dict, allow_duplicate: bool) -> int:
    """One user action: find or create the company, then the application."""
    name = (values.pop("company") or "").strip()
    if not name:
        raise ValidationError({"company": "Pick a company or type a new name."})
    company = get_or_create_company(session=session, name=name)
    dupes = find_duplicates(session=session, company_id=company.id, role_title=values["role_title"])
    if dupes and not allow_duplicate:
        raise ValidationError(
            {
                "role_title": f"You already have “{values['role_title']}” at {company.name}. "
                "Tick “Add anyway” if this is a different opening."
            }
        )
    return create_application(
        session=session, data=ApplicationCreate(company_id=company.id, **values)
    ).id


with (
    st.expander("Add an application", icon=":material/add:", expanded=apps.empty),
    st.form("add_application", clear_on_submit=False),
):
    left, right = st.columns(2)
    with left:
        company = st.selectbox(
            "Company",
            companies["name"].tolist(),
            index=None,
            accept_new_options=True,
            placeholder="Pick a company or type a new one",
        )
        data.field_error(ERRORS, "company")
        role = st.text_input("Role title", placeholder="e.g. Machine Learning Engineer")
        data.field_error(ERRORS, "role_title")
        track = enum_select("Track", list(Track))
        level = enum_select("Level targeted", list(Level), optional=True)
        level_label = st.text_input("Company's level label", placeholder="e.g. L5, E5")
        tier = tier_picker()
        data.field_error(ERRORS, "tier")
    with right:
        stage = enum_select("Stage", [Stage.wishlist, Stage.applied], default=Stage.applied)
        applied_on = st.date_input("Applied on", value=date.today(), format="YYYY-MM-DD")
        data.field_error(ERRORS, "applied_on")
        source = enum_select("Source", list(Source), default=Source.cold_application)
        referrer = st.text_input("Referrer", placeholder="Who referred you (if anyone)")
        location = st.text_input("Location", placeholder="e.g. Berlin")
        remote = enum_select("Remote mode", list(RemoteMode), optional=True)
        url = st.text_input("Posting URL", placeholder="https://…")
        data.field_error(ERRORS, "posting_url")
    notes = st.text_area("Notes", height=80)
    allow_duplicate = st.checkbox("Add anyway if it looks like a duplicate")
    data.field_error(ERRORS, "_form")
    if st.form_submit_button("Add application", type="primary", icon=":material/add:"):
        values = {
            "company": company,
            "role_title": role,
            "track": track,
            "level": level,
            "level_label": level_label.strip(),
            "tier": tier,
            "stage": stage,
            "applied_on": applied_on if stage != Stage.wishlist else None,
            "saved_on": applied_on if stage == Stage.wishlist else None,
            "source": source,
            "referrer": referrer.strip(),
            "location": location.strip(),
            "remote_mode": remote,
            "posting_url": url.strip(),
            "notes": notes,
        }
        new_id = data.write(
            lambda s: add_application(s, values, allow_duplicate), errors_key=ERRORS
        )
        if new_id:
            st.success(f"Added {role.strip()} at {company}.", icon=":material/check_circle:")
            st.rerun()

if apps.empty:
    empty_state("No application yet: add your first one above, or load the demo from Overview.")
    st.stop()

table = pd.DataFrame(
    {
        "Company": apps["company"],
        "Role": apps["role_title"],
        "Tier": apps["tier"].map(tier_name),
        "Stage": apps["stage"].map(label),
        "Status": apps["close_reason"].map(label).where(apps["closed_on"].notna(), "Open"),
        "Applied": apps["applied_on"].dt.date,
        "Track": apps["track"].map(label),
        "Source": apps["source"].map(label),
    }
)
st.caption(f"{len(table)} applications")
st.dataframe(table, hide_index=True, width="stretch")
