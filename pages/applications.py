"""Applications: every application in a searchable, filterable table; add, edit, and a detail
view per application (timeline, rounds and feedback, red flags, offer, and its actions).

The detail view is addressed by the ``id`` query parameter (``/applications?id=12``), so the
board and other pages can link to one application.
"""

import pandas as pd
import streamlit as st

from tracker.models import (
    CloseReason,
    CompanyType,
    OfferCreate,
    RedFlagCreate,
    Source,
    Stage,
    Track,
    label,
)
from tracker.services import applications as app_service
from tracker.services import offers as offer_service
from tracker.services import redflags as flag_service
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import day, local_time, money, tier_badge
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ADD_ERRORS = "add_application_errors"
EDIT_ERRORS = "edit_application_errors"
ACTION_ERRORS = "application_action_errors"
FLAG_ERRORS = "application_flag_errors"
OFFER_ERRORS = "application_offer_errors"
CLOSE_REASONS = [CloseReason.rejected, CloseReason.withdrew, CloseReason.ghosted]
PAGE_ROWS = 200

frames = data.load("applications", "companies", "rounds", "red_flags")
apps, companies = frames["applications"], frames["companies"]
rounds, red_flags = frames["rounds"], frames["red_flags"]


def open_detail(application_id: int) -> None:
    st.query_params["id"] = str(application_id)


def close_detail() -> None:
    st.query_params.pop("id", None)
    for key in [k for k in st.session_state if str(k).startswith("confirm_")]:
        del st.session_state[key]
    st.session_state.pop("accept_offer", None)
    st.session_state.pop("apps_table", None)


def selected_id() -> int | None:
    raw = st.query_params.get("id")
    if raw is None or not str(raw).isdigit():
        return None
    wanted = int(raw)
    return wanted if wanted in set(apps["id"].astype(int)) else None


# --------------------------------------------------------------------------- detail view


def show_detail(app: pd.Series) -> None:
    app_id = int(app["id"])
    st.button("All applications", icon=":material/arrow_back:", on_click=close_detail)
    st.header(f"{track.plain(app['company'])} — {track.plain(app['role_title'])}", anchor=False)
    company_flags = red_flags[red_flags["company_id"] == app["company_id"]]
    status = (
        f":gray-badge[Closed · {label(app['close_reason'])} on {day(app['closed_on'])}]"
        if pd.notna(app["closed_on"])
        else ":green-badge[Open]"
    )
    badges = [tier_badge(app["tier"]), f":blue-badge[{label(app['stage'])}]", status]
    if app["archived"]:
        badges.append(":gray-badge[:material/inventory_2: Archived]")
    if len(company_flags):
        badges.append(
            f":red-badge[:material/flag: {len(company_flags)} red flag(s) at this company]"
        )
    st.markdown(" ".join(badges))
    facts = {
        "Applied": day(app["applied_on"]),
        "Source": label(app["source"]),
        "Track": label(app["track"]),
        "Level": label(app["level"]) or "—",
        "Location": app["location"] or "—",
        "Reapply after": day(app["reapply_after"]),
    }
    st.markdown(" · ".join(f"**{k}** {track.plain(v)}" for k, v in facts.items()))
    show_actions(app)
    timeline, rounds_tab, flags_tab, offer_tab, edit_tab = st.tabs(
        ["Timeline", "Rounds & feedback", "Red flags", "Offer", "Edit details"]
    )
    with timeline:
        show_timeline(app_id)
        if app["notes"]:
            st.subheader("Notes", anchor=False)
            st.text(app["notes"])
    with rounds_tab:
        show_rounds(app_id)
    with flags_tab:
        show_red_flags(app, company_flags)
    with offer_tab:
        show_offer(app)
    with edit_tab:
        show_edit(app)


def show_actions(app: pd.Series) -> None:
    app_id = int(app["id"])
    is_open = pd.isna(app["closed_on"])
    with st.container(border=True):
        st.markdown("**Actions**")
        data.field_error(ACTION_ERRORS, "_form")
        for field in ("stage", "on", "reason", "closed_on", "reopen"):
            data.field_error(ACTION_ERRORS, field)
        move, close, reapply, other = st.columns([1, 1.4, 1.2, 1])
        with move:
            nxt = app_service.next_stage(app["stage"])
            if is_open and nxt is not None:
                if st.button(f"Advance to {label(nxt)}", icon=":material/arrow_forward:"):
                    track.save(
                        lambda s: app_service.advance_stage(session=s, application_id=app_id),
                        ACTION_ERRORS,
                        f"Moved to {label(nxt)}.",
                    )
            elif not is_open:
                if st.button("Reopen", icon=":material/restart_alt:"):
                    track.save(
                        lambda s: app_service.reopen_application(session=s, application_id=app_id),
                        ACTION_ERRORS,
                        "Reopened.",
                    )
            else:
                st.caption("At the offer stage.")
        with close:
            if is_open:
                reason = st.selectbox(
                    "Close as", CLOSE_REASONS, format_func=label, key="close_reason"
                )
                if st.button("Close application", icon=":material/block:"):
                    track.save(
                        lambda s: app_service.close_application(
                            session=s, application_id=app_id, reason=reason
                        ),
                        ACTION_ERRORS,
                        f"Closed: {label(reason)}.",
                    )
        with reapply:
            current = None if pd.isna(app["reapply_after"]) else app["reapply_after"].date()
            when = st.date_input(
                "Reapply after",
                value=current,
                format="YYYY-MM-DD",
                help="Ask HR how long before you may apply again; the planner reminds you.",
            )
            data.field_error(ACTION_ERRORS, "reapply_after")
            if st.button("Save reapply date", icon=":material/event:"):
                track.save(
                    lambda s: app_service.set_reapply_after(
                        session=s, application_id=app_id, reapply_after=when
                    ),
                    ACTION_ERRORS,
                    "Reapply date saved.",
                )
        with other:
            archived = bool(app["archived"])
            if st.button(
                "Unarchive" if archived else "Archive",
                icon=":material/unarchive:" if archived else ":material/inventory_2:",
                help="Archived applications leave the board and the default table view.",
            ):
                track.save(
                    lambda s: app_service.set_archived(
                        session=s, application_id=app_id, archived=not archived
                    ),
                    ACTION_ERRORS,
                    "Unarchived." if archived else "Archived.",
                )
            with data.session() as s:
                impact = app_service.deletion_impact(session=s, application_id=app_id)

            def delete() -> None:
                close_detail()
                track.save(
                    lambda s: app_service.delete_application(session=s, application_id=app_id),
                    ACTION_ERRORS,
                    f"Deleted {app['role_title']} at {app['company']}.",
                )

            track.confirm_delete(
                "application", "this application", track.impact_lines(impact), delete
            )


def show_timeline(app_id: int) -> None:
    mine = events[events["application_id"] == app_id]
    if mine.empty:
        st.info("No stage change recorded yet.", icon=":material/timeline:")
        return
    stage = mine["stage"].astype("str").map(label)
    reason = mine["close_reason"].astype("str").map(label)
    what = stage.where(mine["event_type"] == "stage", "")
    what = what.mask(mine["event_type"] == "closed", "Closed · " + reason)
    what = what.mask(mine["event_type"] == "reopened", "Reopened at " + stage)
    st.dataframe(
        pd.DataFrame({"Date": mine["occurred_on"].dt.date, "Event": what, "Note": mine["note"]}),
        hide_index=True,
        width="stretch",
        column_config={"Date": st.column_config.DateColumn(format="localized")},
    )


def show_rounds(app_id: int) -> None:
    mine = rounds[rounds["application_id"] == app_id]
    st.page_link(
        "pages/log_round.py",
        label="Log or schedule a round for this application",
        icon=":material/edit_note:",
        query_params={"app": str(app_id)},
    )
    if mine.empty:
        st.info(
            "No round yet: schedule the first one with the link above.", icon=":material/event:"
        )
        return
    notes = feedback.set_index("round_id")
    for rnd in mine.itertuples():
        outcome = label(rnd.outcome) if rnd.status == "done" else label(rnd.status)
        title = f"{rnd.kind_label} · {local_time(rnd.scheduled_at)} · {outcome}"
        with st.expander(title, icon=":material/record_voice_over:"):
            cols = st.columns(4)
            cols[0].metric("Format", label(rnd.format))
            cols[1].metric("Duration", f"{rnd.duration_minutes} min")
            cols[2].metric(
                "Self-rating", f"{int(rnd.self_rating)} / 5" if pd.notna(rnd.self_rating) else "—"
            )
            cols[3].metric("Interviewers", rnd.interviewers or "—")
            if rnd.notes:
                st.text(rnd.notes)
            if rnd.id in notes.index:
                fb = notes.loc[rnd.id]
                fb = fb.iloc[0] if isinstance(fb, pd.DataFrame) else fb
                for title_, field in (
                    ("Questions asked", "questions_asked"),
                    ("Went well", "went_well"),
                    ("To improve", "to_improve"),
                    ("Learning objectives", "learning_objectives"),
                ):
                    if fb[field]:
                        st.markdown(f"**{title_}**")
                        st.text(fb[field])
                if pd.notna(fb["reflect_after"]) and pd.isna(fb["reflected_on"]):
                    st.caption(f"Reflection due after {day(fb['reflect_after'])}.")


def round_options(app_id: int) -> dict[int, str]:
    mine = rounds[rounds["application_id"] == app_id]
    return {int(r.id): f"{r.kind_label} · {local_time(r.scheduled_at)}" for r in mine.itertuples()}


def show_red_flags(app: pd.Series, company_flags: pd.DataFrame) -> None:
    app_id = int(app["id"])
    if company_flags.empty:
        st.info(f"No red flag noted for {app['company']}.", icon=":material/flag:")
    else:
        st.caption(f"Every red flag noted for {app['company']} (all its applications).")
        track.red_flag_list(company_flags)
    with st.expander("Add a red flag", icon=":material/add:"):
        values = track.red_flag_form(
            track.form_key("application_flag"), FLAG_ERRORS, round_options=round_options(app_id)
        )
        if values is not None:
            values["application_id"] = app_id
            track.save(
                lambda s: flag_service.create_red_flag(
                    session=s, data=RedFlagCreate(company_id=int(app["company_id"]), **values)
                ),
                FLAG_ERRORS,
                "Red flag added.",
                reset_form="application_flag",
            )


def show_offer(app: pd.Series) -> None:
    app_id = int(app["id"])
    mine = offers[offers["application_id"] == app_id]
    current = None if mine.empty else mine.iloc[-1].to_dict()
    if current is not None:
        offer_id = int(current["id"])
        cols = st.columns(4)
        cols[0].metric("Base", money(current["base_salary"], current["currency"]))
        cols[1].metric("Target bonus", f"{current['target_bonus_bp'] / 100:g} %")
        cols[2].metric("Equity grant", money(current["equity_grant_total"], current["currency"]))
        cols[3].metric("Status", label(current["status"]))
        st.page_link(
            "pages/offer_comparison.py", label="Compare offers", icon=":material/payments:"
        )
        if current["status"] in ("pending", "negotiating"):
            accept_flow(offer_id, app_id)
    else:
        st.info(
            "No offer recorded. When one arrives, enter it here: the application moves to the"
            " offer stage.",
            icon=":material/payments:",
        )
    values = track.offer_form(
        "offer_form",
        OFFER_ERRORS,
        current=current,
        default_currency=data.settings().default_currency,
    )
    if values is not None:
        if current is None:
            track.save(
                lambda s: offer_service.add_offer(
                    session=s, data=OfferCreate(application_id=app_id, **values)
                ),
                OFFER_ERRORS,
                "Offer saved: the application is at the offer stage.",
            )
        track.save(
            lambda s: offer_service.update_offer(session=s, offer_id=offer_id, **values),
            OFFER_ERRORS,
            "Offer saved.",
        )
    if current is not None:

        def delete_offer() -> None:
            track.save(
                lambda s: offer_service.delete_offer(session=s, offer_id=offer_id),
                OFFER_ERRORS,
                "Offer deleted.",
            )

        track.confirm_delete("offer", "this offer", [], delete_offer)


def accept_flow(offer_id: int, app_id: int) -> None:
    """Accepting asks whether to withdraw from every other open application."""
    if st.session_state.get("accept_offer") != offer_id:
        if st.button("Accept this offer", type="primary", icon=":material/handshake:"):
            st.session_state["accept_offer"] = offer_id
            st.rerun()
        return
    others = apps[
        (apps["id"] != app_id) & apps["closed_on"].isna() & ~apps["archived"].astype(bool)
    ]
    st.warning(
        f"Accepting closes this application as “Offer accepted”. You have {len(others)} other "
        "open application(s): close them as “I withdrew”?",
        icon=":material/handshake:",
    )
    yes, keep, cancel = st.columns(3)
    choice = None
    if yes.button("Accept and withdraw the others", type="primary", disabled=others.empty):
        choice = True
    if keep.button("Accept, keep the others open"):
        choice = False
    if cancel.button("Cancel", key="cancel_accept"):
        st.session_state.pop("accept_offer", None)
        st.rerun()
    if choice is not None:
        st.session_state.pop("accept_offer", None)
        track.save(
            lambda s: offer_service.accept_offer(
                session=s, offer_id=offer_id, withdraw_others=choice
            ),
            OFFER_ERRORS,
            lambda withdrawn: f"Offer accepted. Withdrew {len(withdrawn)} other application(s).",
        )


def show_edit(app: pd.Series) -> None:
    current = app.to_dict()
    submitted = track.application_form(
        "edit_application", EDIT_ERRORS, companies["name"].tolist(), current=current
    )
    if submitted is None:
        return
    company, values, allow_duplicate = submitted
    track.save(
        lambda s: app_service.update_with_company(
            session=s,
            application_id=int(app["id"]),
            company_name=company,
            values=values,
            allow_duplicate=allow_duplicate,
        ),
        EDIT_ERRORS,
        "Changes saved.",
    )


# --------------------------------------------------------------------------- list view


def show_add_form() -> None:
    adding = st.expander(  # drawn only while open: its company picker lists every company
        "Add an application", icon=":material/add:", expanded=apps.empty, key="apps_add_open",
        on_change="rerun",
    )  # fmt: skip
    if not adding.open:
        return
    with adding:
        submitted = track.application_form(
            track.form_key("add_application"), ADD_ERRORS, companies["name"].tolist()
        )
        if submitted is None:
            return
        company, values, allow_duplicate = submitted
        track.save(
            lambda s: app_service.create_with_company(
                session=s, company_name=company, values=values, allow_duplicate=allow_duplicate
            ),
            ADD_ERRORS,
            lambda new: f"Added {new.role_title} at {company}.",
            reset_form="add_application",
        )


def apply_linked_filter() -> None:
    """``/applications?stage=technical`` (the board's "and N more" link): the open
    applications at that stage; the link's parameter is consumed once."""
    wanted = st.query_params.pop("stage", None)
    if wanted in {s.value for s in Stage}:
        st.session_state["f_stage"] = [Stage(wanted)]
        st.session_state["f_status"] = ["Open"]


def filtered_applications() -> tuple[list[int], dict[int, str]]:
    """The filter widgets; the ids of the matches in the chosen order and their labels."""
    apply_linked_filter()
    search = st.text_input(
        "Search",
        placeholder="Company, role or notes",
        icon=":material/search:",
        key="apps_search",
    )
    cols = st.columns(6)
    stages = cols[0].multiselect("Stage", list(Stage), format_func=label, key="f_stage")
    tiers = cols[1].multiselect("Tier", [1, 2, 3], format_func=lambda t: f"Tier {t}", key="f_tier")
    tracks = cols[2].multiselect("Track", list(Track), format_func=label, key="f_track")
    sources = cols[3].multiselect("Source", list(Source), format_func=label, key="f_source")
    types = cols[4].multiselect("Company type", list(CompanyType), format_func=label, key="f_type")
    st.session_state.setdefault("f_status", ["Open", "Closed"])
    statuses = cols[5].multiselect("Status", list(track.OPEN_STATUSES), key="f_status")
    sort_by = st.session_state.get("apps_sort", next(iter(track.APP_SORTS)))
    return data.derived(  # cached per data version and filters: a row click recomputes nothing
        track.matching_applications,
        "applications",
        sort_by=sort_by,
        search=search,
        stages=tuple(stages),
        tiers=tuple(tiers),
        tracks=tuple(tracks),
        sources=tuple(sources),
        company_types=tuple(types),
        statuses=tuple(statuses),
    )


def on_row_selected() -> None:
    rows = st.session_state["apps_table"].selection.rows
    ids = st.session_state.get("apps_table_ids", [])
    if rows and rows[0] < len(ids):
        open_detail(ids[rows[0]])


def table_page(ordered: list[int]) -> tuple[int, int]:
    """The page picker of the table: ``(rows per page, first row)`` of the page shown.

    The table shows one page of ``PAGE_ROWS`` rows (sorting and filters apply to every
    match first); the page goes back to 1 when the filters or the order change.
    """
    matches = len(ordered)
    pages = max(1, -(-matches // PAGE_ROWS))
    signature = (matches, ordered[0], ordered[-1], sum(ordered))
    if st.session_state.get("apps_page_of") != signature or not (
        1 <= st.session_state.get("apps_page", 1) <= pages
    ):
        st.session_state["apps_page"] = 1
    st.session_state["apps_page_of"] = signature
    if pages > 1:
        left, right = st.columns([1, 4], vertical_alignment="bottom")
        page = left.number_input("Page", min_value=1, max_value=pages, step=1, key="apps_page")
    else:
        right, page = st.container(), 1
    first = (int(page) - 1) * PAGE_ROWS
    last = min(first + PAGE_ROWS, matches)
    if pages > 1:
        text = (
            f"Rows {first + 1:,}–{last:,} of {matches:,} matching (page {int(page)} of"
            f" {pages}) · {len(apps):,} applications in all"
        )
    else:
        text = f"{matches:,} of {len(apps):,} applications"
    right.caption(text + " · click a row (or pick below) to open it")
    return PAGE_ROWS, first


header("Applications", "Every opportunity you are pursuing, with its interest tier.")
track.show_flash()
chosen = selected_id()
if chosen is not None:
    detail = data.load("events", "offers")  # the detail view's frames only
    events, offers = detail["events"], detail["offers"]
    feedback = data.feedback_texts(chosen)  # its rounds' feedback, with every text
    show_detail(apps[apps["id"] == chosen].iloc[0])
    st.stop()

show_add_form()
if apps.empty:
    empty_state("No application yet: add your first one above, or load the demo from Overview.")
    st.stop()

ordered, labels = filtered_applications()
if not ordered:
    st.info("No application matches these filters.", icon=":material/filter_alt_off:")
    st.stop()
st.selectbox("Sort by", list(track.APP_SORTS), key="apps_sort")
page_rows, first = table_page(ordered)
table = data.derived(
    track.applications_table_of,
    *("applications", "red_flags", "rounds"),
    ids=tuple(ordered[first : first + page_rows]),
    hour=pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H"),
)
st.session_state["apps_table_ids"] = table.index.tolist()
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="apps_table",
    on_select=on_row_selected,
    selection_mode="single-row",
    column_config={
        "Tier": track.tier_column(),
        "Applied": st.column_config.DateColumn("Applied", format="localized"),
        "Red flags": st.column_config.NumberColumn("Red flags", help="Red flags at this company"),
    },
)


def on_pick() -> None:
    pick = st.session_state.get("open_app")
    if pick is not None:
        open_detail(pick)
    st.session_state["open_app"] = None


if len(ordered) > track.PICK_LIMIT:
    st.caption(
        f"To open one by name, search or filter down to {track.PICK_LIMIT:,} applications or"
        f" fewer ({len(ordered):,} match now), or click its row in the table."
    )
else:
    st.selectbox(
        "Open an application",
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder="Choose one to see its timeline, rounds, red flags and offer",
        key="open_app",
        on_change=on_pick,
    )
