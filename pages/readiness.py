"""Readiness: what to study next, from every round done. Readiness by round kind, the learning
objectives checklist, the reflection queue (with its form), the question bank and prep from
job descriptions. Figures come from ``tracker.analytics.readiness``; writes go through
services (``rounds.set_objectives_done``, ``planning.record_reflection``)."""

from datetime import date, datetime

import pandas as pd
import streamlit as st

from tracker.analytics import readiness as ready
from tracker.models import label
from tracker.services.planning import record_reflection
from tracker.services.rounds import set_objectives_done
from tracker.ui import data, track
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import day, local_time, md_escape, tier_name
from tracker.ui.layout import empty_state, header
from tracker.ui.track import labels_of

require_app_entry()  # first: a run that bypassed app.py reruns through it

REFLECT_ERRORS = "reflection_errors"
REFLECT_KEY = "reflect_round"
QUEUE_SHOWN = 8
BANK_SHOWN = 200  # question bank rows shown (the most recent matches)
PREP_SHOWN = 200  # job-description prep rows shown (the least prepared first)

header("Readiness", "What to study next, from every round you have done.")
today = date.today()
tz = datetime.now().astimezone().tzinfo
# every section reads results cached per write (and widget values): data.shared, data.derived
overview = data.shared(
    ready.readiness_overview,
    "applications",
    "rounds",
    "objectives",
    "feedback",
    today=today,
    tz=tz,
    bank_shown=BANK_SHOWN,
    prep_shown=PREP_SHOWN,
)

if overview["empty"]:
    empty_state(
        "Nothing here yet. Log your interview rounds and their feedback: this page then shows "
        "which kinds of round you are weakest at, your learning objectives and every question "
        "you were asked.",
        link="pages/log_round.py",
        link_label="Log a round",
    )
    st.stop()

# ------------------------------------------------------------------ readiness by kind
st.subheader("Readiness by round kind")
readiness = overview["readiness"]
if readiness.empty:
    st.info(
        "No round logged yet. Once you record rounds and their outcomes, each kind of round "
        "shows here with your practice count and pass rate, weakest first.",
        icon=":material/info:",
    )
else:
    decided = readiness["passed"] + readiness["failed"]
    st.caption(
        "Weakest first: lowest pass rate (kinds with no known outcome yet count as weakest), "
        "then lowest self-rating. Pass rate = passed / (passed + failed); pending and unknown "
        "outcomes are left out."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Round kind": readiness["kind_label"],
                "Rounds done": readiness["practice_count"],
                "Pass rate": readiness["pass_rate"] * 100,  # shown as whole percent
                "Passed": readiness["passed"].astype(str) + " of " + decided.astype(str),
                "Avg self-rating": readiness["avg_rating"],
                "Last done": readiness["last_done"].map(day),
                "Upcoming": readiness["upcoming"],
                "Open objectives": readiness["open_objectives"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Pass rate": st.column_config.ProgressColumn(
                "Pass rate", format="%.0f %%", min_value=0.0, max_value=100.0
            ),
            "Avg self-rating": st.column_config.NumberColumn(format="%.1f / 5"),
        },
    )

# ------------------------------------------------------------------ learning objectives
st.subheader("Learning objectives")
items = overview["items"]  # one dict per checklist item, in the checklist's order


def toggle_objective(objective_ids: list[int], key: str) -> None:
    """One click, one transaction: tick (or untick) every objective behind the item."""
    done = bool(st.session_state[key])

    data.write(
        lambda session: set_objectives_done(session=session, objective_ids=objective_ids, done=done)
    )


if not items:
    st.info(
        "No learning objective yet. Write them in a round's feedback (one per line) and they "
        "become a checklist here, shown before the rounds they matter for.",
        icon=":material/info:",
    )
else:
    n_open = sum(not item["done"] for item in items)
    show_done = st.toggle(
        f"Show done objectives ({len(items) - n_open})", value=False, key="show_done"
    )
    st.caption(
        f"{n_open} open. Grouped by round kind: the kinds with a round coming up come first, "
        "so you know what to work on before it."
    )
    groups: dict[str, list[dict]] = {}  # by kind, in the checklist's order
    for item in items:
        if show_done or not item["done"]:
            groups.setdefault(item["kind"], []).append(item)
    for group in groups.values():
        first = group[0]
        upcoming = pd.notna(first["next_round_at"])
        title = md_escape(first["kind_label"] or "Any round")
        if upcoming:
            title += (
                f" · next: {md_escape(first['next_round_company'])}, "
                f"{local_time(first['next_round_at'])}"
            )
        with st.expander(
            f"{title} ({sum(not item['done'] for item in group)} open)",
            expanded=upcoming,
            icon=":material/event:" if upcoming else ":material/checklist:",
        ):
            for item in group:
                ids, sources = item["ids"], item["sources"]
                key = f"objective_{int(ids[0])}"  # an objective is behind one item only
                repeat = f" (noted after {item['count']} rounds)" if item["count"] > 1 else ""
                st.checkbox(
                    md_escape(item["text"]) + repeat,
                    value=bool(item["done"]),
                    key=key,
                    on_change=toggle_objective,
                    args=(ids, key),
                    help="From the round(s) at "
                    + ", ".join(sources)
                    + (
                        f" and {item['count'] - len(sources)} more"
                        if item["count"] > len(sources)
                        else ""
                    ),
                )

# ------------------------------------------------------------------ reflection queue
st.subheader("Reflections due")
chosen = st.session_state.get(REFLECT_KEY)
queue = data.derived(
    ready.reflection_view,
    "rounds",
    "feedback",
    today=today,
    tz=tz,
    shown=QUEUE_SHOWN,
    chosen=chosen,
)
if chosen is not None and queue["chosen"] is None:
    st.session_state.pop(REFLECT_KEY, None)
    chosen = None

if chosen is not None:
    row = queue["chosen"]
    with st.container(border=True):
        st.markdown(
            f"**Reflect on {md_escape(row['kind_label'])} at {md_escape(row['company'])}** "
            f"({day(row['day'])}, {label(row['outcome']).lower()})"
        )
        st.caption(
            "A day or two later, calmly: what went well, what to improve, and what you will "
            "practise before the next round of this kind."
        )
        with st.form("reflection_form"):
            questions = st.text_area(
                "Questions asked (one per line)",
                value=row["questions_asked"] if isinstance(row["questions_asked"], str) else "",
                height=90,
            )
            went_well = st.text_area("What went well", height=80)
            data.field_error(REFLECT_ERRORS, "went_well")
            to_improve = st.text_area("What to improve", height=80)
            objectives_text = st.text_area(
                "Learning objectives (one per line: each becomes a checklist item)", height=80
            )
            save, cancel = st.columns([1, 5])
            submitted = save.form_submit_button("Save reflection", type="primary")
            cancelled = cancel.form_submit_button("Cancel")
        if submitted:
            saved = data.write(
                lambda s: record_reflection(
                    session=s,
                    round_id=int(chosen),
                    went_well=went_well,
                    to_improve=to_improve,
                    learning_objectives=objectives_text,
                    questions_asked=questions,
                ),
                errors_key=REFLECT_ERRORS,
            )
            if saved is not None:
                st.session_state.pop(REFLECT_KEY, None)
                st.toast("Reflection saved.", icon=":material/check:")
            st.rerun()  # closes the form, or shows the message next to the field
        if cancelled:
            st.session_state.pop(REFLECT_KEY, None)
            st.session_state.pop(REFLECT_ERRORS, None)
            st.rerun()

if queue["n"] == 0:
    st.success(
        "No reflection due: every round done more than a day ago has one.",
        icon=":material/check_circle:",
    )
else:
    st.caption(
        f"{queue['n']:,} round(s) done at least a day ago with no reflection yet, the "
        "longest-waiting first."
    )
    for item in queue["head"]:
        text_col, button_col = st.columns([5, 1], vertical_alignment="center")
        text_col.markdown(
            f"**{md_escape(item['company'])}** · {md_escape(item['kind_label'])} · "
            f"{day(item['day'])} ({item['days_ago']} days ago) · {label(item['outcome'])}"
        )
        round_id = item["round_id"]
        if button_col.button("Reflect", key=f"reflect_{round_id}", icon=":material/edit:"):
            st.session_state[REFLECT_KEY] = int(round_id)
            st.session_state.pop(REFLECT_ERRORS, None)
            st.rerun()
    if queue["n"] > QUEUE_SHOWN:
        st.caption(f"and {queue['n'] - QUEUE_SHOWN:,} more: reflect on these first.")

# ------------------------------------------------------------------ question bank
st.subheader("Question bank")
choices = overview["bank"]  # with the unfiltered page of the bank
if choices["total"] == 0:
    st.info(
        "No question noted yet. Note the questions right after each round (one per line in "
        "its feedback): they collect here, searchable.",
        icon=":material/info:",
    )
else:
    search_col, kind_col, company_col, track_col = st.columns([2, 1, 1, 1])
    text = search_col.text_input("Search questions", placeholder="e.g. attention, A/B test")
    kind_names = choices["kind_names"]
    kinds = kind_col.multiselect("Round kind", list(kind_names), format_func=kind_names.get)
    companies, company_text = [], ""
    if len(choices["companies"]) > track.PICK_LIMIT:  # a cohort's: too many to pick from
        company_text = company_col.text_input(
            "Company",
            placeholder="Part of a name",
            help=f"{len(choices['companies']):,} companies have questions: type part of a name.",
        ).strip()
    else:
        companies = company_col.multiselect("Company", choices["companies"])
    tracks = track_col.multiselect("Track", choices["tracks"], format_func=label)
    filtered = text.split() or kinds or companies or tracks or company_text
    bank = (
        choices
        if not filtered
        else data.derived(
            ready.question_bank_page,
            "feedback",
            "rounds",
            tz=tz,
            text=text,
            kinds=tuple(kinds),
            companies=tuple(companies),
            tracks=tuple(tracks),
            company_text=company_text,
            shown=BANK_SHOWN,
        )
    )
    recent = bank["recent"]  # the bank is sorted most recent first
    st.caption(
        f"{bank['found']:,} of {choices['total']:,} questions"
        + (
            f" · showing the {BANK_SHOWN} most recent: search or filter to find older ones"
            if bank["found"] > BANK_SHOWN
            else ""
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Question": recent["question"],
                "Round kind": recent["kind_label"],
                "Company": recent["company"],
                "Track": labels_of(recent["track"]),
                "Date": recent["day"].dt.strftime("%d %b %Y").fillna("—"),
                "Outcome": labels_of(recent["outcome"]),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Question": st.column_config.TextColumn(width=360),
            "Round kind": st.column_config.TextColumn(width=130),
            "Company": st.column_config.TextColumn(width=140),
            "Track": st.column_config.TextColumn(width=120),
            "Date": st.column_config.TextColumn(width=95),
            "Outcome": st.column_config.TextColumn(width=75),
        },
    )

# ------------------------------------------------------------------ prep from the JD
st.subheader("Prep from job descriptions")
prep_view = overview["prep"]
prep = prep_view["head"]
if prep.empty:
    st.info(
        "No open application has a job description yet. Paste the posting's text into an "
        "application and the topics it asks for (PyTorch, ML system design, A/B testing...) "
        "show here.",
        icon=":material/info:",
    )
else:
    st.caption(
        "Topics found in each open application's job description. “Not prepared” means no "
        "round of a kind that tests it done yet and no open objective that mentions it."
        + (
            f" Showing the {PREP_SHOWN} least prepared of {prep_view['n']:,} applications."
            if prep_view["n"] > PREP_SHOWN
            else ""
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Company": prep["company"],
                "Role": prep["role_title"],
                "Tier": prep["tier"].map(tier_name),
                "Not prepared": prep["unprepared"].map(", ".join),
                "All topics asked for": prep["topics"].map(", ".join),
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Company": st.column_config.TextColumn(width=140),
            "Role": st.column_config.TextColumn(width=170),
            "Tier": st.column_config.TextColumn(width=110),
            "Not prepared": st.column_config.TextColumn(width=230),
            "All topics asked for": st.column_config.TextColumn(width=260),
        },
    )
