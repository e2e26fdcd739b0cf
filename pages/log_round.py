"""Log a round: the fastest path after an interview.

Pick the application (those with a scheduled round first, then the most recently active),
then either schedule a round or record what happened: outcome, self-rating, questions asked,
what went well, what to improve and learning objectives, in one save. Recording moves the
application's stage forward when the round implies it (services.rounds.record_round); a
failed final round offers to close the application as rejected. Feedback saved without
reflection gets a reflect-after date one day later (see Readiness).
"""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from tracker.models import CloseReason, Outcome, RoundCreate, RoundFormat, label
from tracker.services import applications as app_service
from tracker.services import rounds as round_service
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import local_time
from tracker.ui.layout import empty_state, header

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "log_round_errors"
KIND_ERRORS = "round_kind_errors"
RECORD, SCHEDULE = "Record what happened", "Schedule it"
NEW_ROUND = -1
RATINGS = {1: "1 · poor", 2: "2", 3: "3 · okay", 4: "4", 5: "5 · excellent"}
TEXT_KEYS = ("lr_questions", "lr_went_well", "lr_to_improve", "lr_objectives", "lr_notes")

header("Log a round", "Right after an interview: note what happened while it is fresh.")
track.show_flash()
frames = data.load("applications", "rounds")
apps, rounds = frames["applications"], frames["rounds"]
kinds = track.round_kinds()
kind_labels = dict(zip(kinds["key"], kinds["label"], strict=True))
kind_minutes = dict(zip(kinds["key"], kinds["default_minutes"], strict=True))


def offer_to_close_rejected() -> None:
    """After a failed final round: close the application as rejected, or keep it open."""
    app_id = st.session_state.get("offer_reject")
    if app_id is None or app_id not in set(apps["id"]):
        return
    row = apps[apps["id"] == app_id].iloc[0]
    if pd.notna(row["closed_on"]):
        return
    with st.container(border=True):
        st.warning(
            f"That was a final round and it did not go through. Close "
            f"{track.plain(row['role_title'])} at {track.plain(row['company'])} as rejected?",
            icon=":material/sentiment_dissatisfied:",
        )
        yes, no = st.columns(2)
        if yes.button("Close as rejected", type="primary", icon=":material/block:"):
            st.session_state.pop("offer_reject", None)
            track.save(
                lambda s: app_service.close_application(
                    session=s, application_id=int(app_id), reason=CloseReason.rejected
                ),
                ERRORS,
                "Closed as rejected. Ask HR when you may reapply; set the date in Applications.",
            )
        if no.button("Keep it open"):
            st.session_state.pop("offer_reject", None)
            st.rerun()


def round_label(rnd: pd.Series) -> str:
    return f"{rnd['kind_label']} · {local_time(rnd['scheduled_at'])}"


def result_message(logged: round_service.RoundLogged) -> str:
    moved = (
        f" Stage moved from {label(logged.stage_before)} to {label(logged.stage_after)}."
        if logged.stage_after != logged.stage_before
        else ""
    )
    return f"Round saved.{moved}"


def add_kind_form() -> None:
    with st.expander("Add a round kind", icon=":material/add:"), st.form("add_kind"):
        name = st.text_input("Name", placeholder="e.g. Paper discussion")
        data.field_error(KIND_ERRORS, "label")
        minutes = st.number_input("Typical length, minutes", min_value=5, max_value=10080, value=45)
        data.field_error(KIND_ERRORS, "default_minutes")
        if st.form_submit_button("Add kind"):
            track.save(
                lambda s: round_service.add_round_kind(
                    session=s, label=name, default_minutes=int(minutes)
                ),
                KIND_ERRORS,
                f"Added the round kind “{name.strip()}”.",
            )


offer_to_close_rejected()
order, picker_labels = data.derived(track.round_picker, "applications", "events", "rounds")
if not order:
    empty_state(
        "No open application to log a round for: add one in Applications first.",
        link="pages/applications.py",
        link_label="Add an application",
    )
    st.stop()

options = order[: len(picker_labels)]  # a cohort's picker offers the first ones only
wanted = st.query_params.get("app")
if wanted and wanted.isdigit() and int(wanted) in order:
    if int(wanted) not in picker_labels:  # a link from an application further down
        picker_labels = {**track.app_labels(apps[apps["id"] == int(wanted)]), **picker_labels}
        options = [int(wanted), *options]
    if "log_app" not in st.session_state:
        st.session_state["log_app"] = int(wanted)
app_id = st.selectbox(
    "Application",
    options,
    format_func=picker_labels.get,
    key="log_app",
    help="Applications with a scheduled round come first, then the most recently active.",
)
if len(order) > len(options):
    st.caption(
        f"The first {len(options):,} of {len(order):,} open applications. For another one,"
        " open it in Applications and follow its “Log or schedule a round” link."
    )
mode = st.segmented_control(
    "What do you want to do?", [RECORD, SCHEDULE], default=RECORD, key="log_mode"
)
mode = mode or RECORD

mine = rounds[(rounds["application_id"] == app_id) & (rounds["status"] == "scheduled")]
mine = mine.sort_values("scheduled_at")
round_id = NEW_ROUND
if mode == RECORD and not mine.empty:
    options = [*mine["id"].astype(int), NEW_ROUND]
    round_rows = mine.set_index("id")
    round_id = st.selectbox(
        "Which round?",
        options,
        format_func=lambda i: (
            "A round that was not scheduled here"
            if i == NEW_ROUND
            else round_label(round_rows.loc[i])
        ),
        key=f"log_round_{app_id}",
    )
chosen = None if round_id == NEW_ROUND else mine[mine["id"] == round_id].iloc[0]
kind_keys = list(kinds["key"])
kind = st.selectbox(
    "Kind of round",
    kind_keys,
    index=kind_keys.index(chosen["kind"]) if chosen is not None else 0,
    format_func=kind_labels.get,
    key=f"log_kind_{app_id}_{round_id}",
)
data.field_error(ERRORS, "kind")

if chosen is not None and pd.notna(chosen["scheduled_at"]):
    default_at = pd.Timestamp(chosen["scheduled_at"]).tz_convert(datetime.now().astimezone().tzinfo)
    default_day, default_time = (
        default_at.date(),
        default_at.time().replace(second=0, microsecond=0),
    )
elif mode == SCHEDULE:
    default_day, default_time = date.today() + timedelta(days=1), time(10, 0)
else:
    default_day, default_time = date.today(), time(datetime.now().hour, 0)
suffix = f"{app_id}_{round_id}_{kind}_{mode}"

with st.form("log_round", clear_on_submit=False):
    left, mid, right = st.columns(3)
    on = left.date_input("Date", value=default_day, format="YYYY-MM-DD", key=f"lr_day_{suffix}")
    at = mid.time_input(
        "Time", value=default_time, step=timedelta(minutes=15), key=f"lr_time_{suffix}"
    )
    minutes = right.number_input(
        "Duration, minutes",
        min_value=5,
        max_value=10080,
        step=5,
        value=int(chosen["duration_minutes"]) if chosen is not None else int(kind_minutes[kind]),
        key=f"lr_minutes_{suffix}",
        help="Pre-filled with the typical length of this kind of round.",
    )
    with left:
        data.field_error(ERRORS, "scheduled_at")
    with right:
        data.field_error(ERRORS, "duration_minutes")
    formats = list(RoundFormat)
    fmt = left.selectbox(
        "Format",
        formats,
        index=formats.index(chosen["format"]) if chosen is not None else 1,
        format_func=label,
        key=f"lr_format_{suffix}",
    )
    interviewers = mid.text_input(
        "Interviewers",
        value=chosen["interviewers"] if chosen is not None else "",
        key=f"lr_interviewers_{suffix}",
    )
    if mode == RECORD:
        left, mid, right = st.columns([1.1, 1.6, 0.8])
        outcome = left.segmented_control(
            "Outcome",
            list(Outcome),
            default=Outcome.pending,
            format_func=label,
            key="lr_outcome",
            help="Pending: you are waiting to hear back.",
        )
        rating = mid.segmented_control(
            "How did it go? (self-rating)", list(RATINGS), format_func=RATINGS.get, key="lr_rating"
        )
        data.field_error(ERRORS, "self_rating")
        final_round = right.checkbox(
            "This was the final round",
            key="lr_final",
            help="Moves the application to Final / onsite. On-site and team-match rounds count"
            " as final anyway.",
        )
        st.text_area(
            "Questions asked (one per line, no judgment yet)",
            key="lr_questions",
            placeholder="Implement k-means from scratch\nHow would you detect drift?",
        )
        a, b = st.columns(2)
        a.text_area(
            "What went well",
            key="lr_went_well",
            help="Leave empty to reflect calmly tomorrow: the round gets a reflect-after date.",
        )
        b.text_area("What to improve", key="lr_to_improve")
        st.text_area(
            "Learning objectives (one per line: each becomes a checklist item in Readiness)",
            key="lr_objectives",
        )
    st.text_area("Notes", key="lr_notes", height=68)
    data.field_error(ERRORS, "application_id")
    data.field_error(ERRORS, "round_id")
    data.field_error(ERRORS, "_form")
    submitted = st.form_submit_button(
        "Save round" if mode == RECORD else "Schedule round",
        type="primary",
        icon=":material/save:" if mode == RECORD else ":material/event:",
    )

if submitted:
    state = st.session_state
    base = RoundCreate(
        application_id=int(app_id),
        kind=kind,
        scheduled_at=track.local_datetime(on, at) if on and at else None,
        duration_minutes=int(minutes),
        format=fmt,
        interviewers=interviewers.strip(),
        notes=state.get("lr_notes", ""),
    )
    if mode == SCHEDULE:
        result = data.write(
            lambda s: round_service.schedule_round(session=s, data=base), errors_key=ERRORS
        )
        message = f"Scheduled: {kind_labels[kind]}, {local_time(base.scheduled_at)}."
    else:
        recorded = base.model_copy(
            update={"outcome": Outcome(outcome or Outcome.pending), "self_rating": rating}
        )
        texts = {
            "questions_asked": state.get("lr_questions", ""),
            "went_well": state.get("lr_went_well", ""),
            "to_improve": state.get("lr_to_improve", ""),
            "learning_objectives": state.get("lr_objectives", ""),
        }
        result = data.write(
            lambda s: round_service.record_round(
                session=s,
                data=recorded,
                round_id=None if round_id == NEW_ROUND else int(round_id),
                feedback=texts,
                final_round=final_round,
            ),
            errors_key=ERRORS,
        )
        message = result_message(result) if result is not None else ""
        if result is not None and result.offer_to_reject:
            st.session_state["offer_reject"] = result.application_id
    if result is not None:
        for key in (*TEXT_KEYS, "lr_outcome", "lr_rating", "lr_final"):
            st.session_state.pop(key, None)
        track.flash(message)
    st.rerun()

add_kind_form()
