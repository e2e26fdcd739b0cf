"""Companies: research notes, company type, visa sponsorship and questions to ask.

Each company lists its applications and red flags; the company's red flags also show on
its applications (table, board card, detail view).
"""

import pandas as pd
import streamlit as st

from tracker.models import (
    CompanyCreate,
    CompanyType,
    CompanyUpdate,
    RedFlagCreate,
    Sponsorship,
    label,
)
from tracker.services import companies as company_service
from tracker.services import redflags as flag_service
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import tier_name
from tracker.ui.forms import enum_select
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ADD_ERRORS = "add_company_errors"
EDIT_ERRORS = "edit_company_errors"
FLAG_ERRORS = "company_flag_errors"

header("Companies", "Research notes, company type, visa sponsorship and questions to ask.")
track.show_flash()
frames = data.load("companies", "applications", "red_flags", "rounds")
companies, apps, red_flags, rounds = (
    frames["companies"],
    frames["applications"],
    frames["red_flags"],
    frames["rounds"],
)


def company_form(form_key: str, errors_key: str, current: dict | None = None) -> dict | None:
    """Name, type, industry, website, sponsorship, research notes and questions to ask."""
    cur = current or {}
    with st.form(form_key, clear_on_submit=False):
        left, right = st.columns(2)
        name = left.text_input("Name", value=cur.get("name", ""))
        with left:
            data.field_error(errors_key, "name")
            kind = enum_select(
                "Company type", list(CompanyType), default=cur.get("company_type", "other")
            )
        industry = right.text_input(
            "Industry", value=cur.get("industry", ""), placeholder="e.g. Fintech"
        )
        website = right.text_input("Website", value=cur.get("website", ""), placeholder="https://…")
        with right:
            data.field_error(errors_key, "website")
            sponsors = enum_select(
                "Sponsors visas",
                list(Sponsorship),
                default=cur.get("sponsors_visa", "unknown"),
            )
        notes = st.text_area(
            "Research notes",
            value=cur.get("research_notes", ""),
            placeholder="Interview format, team, product, Glassdoor reviews…",
        )
        questions = st.text_area(
            "Questions to ask them (one per line; two good ones beat five)",
            value=cur.get("questions_to_ask", ""),
            placeholder="How does code review work in the team?\nWhat is the delivery cycle?",
        )
        data.field_error(errors_key, "_form")
        if not st.form_submit_button(
            "Save company" if current else "Add company", type="primary", icon=":material/save:"
        ):
            return None
    return {
        "name": name,
        "company_type": kind,
        "industry": industry.strip(),
        "website": website.strip(),
        "sponsors_visa": sponsors,
        "research_notes": notes,
        "questions_to_ask": questions,
    }


def show_company(company: pd.Series) -> None:
    company_id = int(company["id"])
    st.header(track.plain(company["name"]), anchor=False)
    st.markdown(
        f":blue-badge[{label(company['company_type'])}] "
        f":gray-badge[Visa sponsorship: {label(company['sponsors_visa'])}]"
    )
    facts, questions = st.columns(2)
    with facts:
        st.markdown("**Research notes**")
        st.text(company["research_notes"] or "Nothing noted yet.")
    with questions:
        st.markdown("**Questions to ask**")
        st.text(company["questions_to_ask"] or "None yet: add two good ones in Edit.")
    mine = apps[apps["company_id"] == company_id]
    st.subheader("Applications", anchor=False)
    if mine.empty:
        st.caption("No application at this company yet.")
    for row in mine.itertuples():
        status = "open" if pd.isna(row.closed_on) else label(row.close_reason)
        st.page_link(
            "pages/applications.py",
            label=f"{row.role_title} · {tier_name(row.tier)} · {label(row.stage)} · {status}",
            icon=":material/work:",
            query_params={"id": str(row.id)},
        )
    st.subheader("Red flags", anchor=False)
    flags = red_flags[red_flags["company_id"] == company_id]
    if flags.empty:
        st.caption("No red flag noted.")
    else:
        track.red_flag_list(flags)
    with st.expander("Add a red flag", icon=":material/flag:"):
        mine_rounds = rounds[rounds["company_id"] == company_id]
        values = track.red_flag_form(
            track.form_key("company_flag"),
            FLAG_ERRORS,
            application_options=track.app_labels(mine),
            round_options={
                int(r.id): f"{r.role_title} · {r.kind_label}" for r in mine_rounds.itertuples()
            },
        )
        if values is not None:
            track.save(
                lambda s: flag_service.create_red_flag(
                    session=s, data=RedFlagCreate(company_id=company_id, **values)
                ),
                FLAG_ERRORS,
                "Red flag added.",
                reset_form="company_flag",
            )
    with st.expander("Edit company", icon=":material/edit:"):
        values = company_form("edit_company", EDIT_ERRORS, company.to_dict())
        if values is not None:
            track.save(
                lambda s: company_service.update_company(
                    session=s, company_id=company_id, data=CompanyUpdate(**values)
                ),
                EDIT_ERRORS,
                "Company saved.",
            )
    with data.session() as s:
        impact = company_service.company_deletion_impact(session=s, company_id=company_id)

    def delete() -> None:
        st.session_state.pop("company_pick", None)
        track.save(
            lambda s: company_service.delete_company(session=s, company_id=company_id),
            EDIT_ERRORS,
            f"Deleted {company['name']}.",
        )

    lines = track.impact_lines(impact)
    if lines:
        lines.append("every round, feedback note and offer of those applications")
    track.confirm_delete(f"company_{company_id}", "this company", lines, delete)


with st.expander("Add a company", icon=":material/add:", expanded=companies.empty):
    new = company_form(track.form_key("add_company"), ADD_ERRORS)
    if new is not None:
        track.save(
            lambda s: company_service.create_company(session=s, data=CompanyCreate(**new)),
            ADD_ERRORS,
            f"Added {new['name'].strip()}.",
            reset_form="add_company",
        )

if companies.empty:
    empty_state(
        "No company yet. Add one above, or add an application: its company is created with it."
    )
    st.stop()

st.dataframe(  # held until the next write
    data.shared(track.companies_table, "companies", "applications", "red_flags"),
    hide_index=True,
    width="stretch",
)
names: dict[int, str] = data.held(  # id -> name, built once per data version
    "company names",
    (),
    lambda: dict(zip(companies["id"].astype(int), companies["name"], strict=True)),
)
offered = list(names)
if len(names) > track.PICK_LIMIT:  # a cohort's companies: find by name, then pick
    needle = st.text_input(
        "Find a company to open",
        placeholder="Part of its name",
        icon=":material/search:",
        key="company_find",
    ).strip()
    found, offered = data.held(
        "company matches", needle.casefold(), lambda: track.named_like(companies, needle)
    )
    if not needle:
        note = f"{len(names):,} companies are too many to list: type part of a name."
    elif found > len(offered):
        note = f"{found:,} match: the picker offers the first {len(offered):,}; type more."
    else:
        note = f"{found:,} match."
    st.caption(note)
picked = st.selectbox(
    "Open a company",
    offered,
    index=None,
    format_func=names.get,
    placeholder="Choose one to see its notes, applications and red flags",
    key="company_pick",
)
if picked is not None:
    show_company(companies[companies["id"] == picked].iloc[0])
