"""Building blocks of the Track pages (Applications, Board, Log a round, Companies, Red flags).

Two kinds of helpers live here:
- frame shaping (pure pandas, vectorised): the applications table, board cards, labels,
  red-flag counts per company, days since the last activity, the next scheduled round;
- form widgets shared by several pages: the application form (company picked or created
  inline), the red-flag form, the offer form (vesting presets or custom percentages) and
  the two-step delete confirmation.

Forms return what the user entered; the page hands it to a service through ``data.write``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import NoReturn

import numpy as np
import pandas as pd
import streamlit as st

from tracker.analytics.comp import (
    VESTING_PRESETS,
    bp_to_percent_text,
    parse_vesting_percentages,
    preset_name_for,
)
from tracker.analytics.pipeline import day_array, latest_per_row, present_counts, row_positions
from tracker.charts import TIER_COLORS
from tracker.models import LABELS as ENUM_LABELS
from tracker.models import (
    STAGE_ORDER,
    STAGES,
    Level,
    OfferStatus,
    RedFlagCategory,
    RemoteMode,
    Source,
    Stage,
    Track,
    label,
)
from tracker.services.settings import CURRENCIES
from tracker.ui import data
from tracker.ui.fmt import day, each_distinct, local_time, tier_name
from tracker.ui.forms import enum_select, tier_picker

CUSTOM = "Custom"
SEVERITY = {1: "1 · minor", 2: "2 · notable", 3: "3 · serious"}
OPEN_STATUSES = ("Open", "Closed", "Archived")


# --------------------------------------------------------------------------- frame shaping


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~:$])")


def plain(text: object) -> str:
    """User text made inert inside markdown (no links, emphasis, badges or icons)."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def now_utc() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC")


def lookup(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values`` (indexed by id) looked up for each of ``keys``, aligned with ``keys``."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def labels_of(values: pd.Series) -> pd.Series:
    """``values.map(label)``, vectorised: a dict lookup, ``label`` only for unknown values.
    Text either way (a category column's labels are computed once per category)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = labels_of(pd.Series(values.cat.categories, dtype="str"))
        texts = pd.array(labels.tolist(), dtype="str")
        return pd.Series(texts.take(values.cat.codes.to_numpy(), allow_fill=True),
                         index=values.index, name=values.name)  # fmt: skip
    out = values.map(ENUM_LABELS)
    missing = out.isna()
    if missing.any():
        out = out.astype(object)
        out[missing] = values[missing].map(label)
    return out


def app_labels(apps: pd.DataFrame) -> dict[int, str]:
    """``{id: "Company — Role"}`` for pickers, in the frame's order."""
    text = apps["company"].astype(str) + " — " + apps["role_title"].astype(str)
    return dict(zip(apps["id"].astype(int), text, strict=True))


def red_flag_labels(flags: pd.DataFrame) -> list[str]:
    """ "Company · Category · 05 Mar 2026" per red flag, to pick one (vectorised: a cohort
    holds thousands)."""
    if flags.empty:
        return []
    noticed = pd.Series(each_distinct(flags["observed_on"], day, missing="no date"))
    text = (
        flags["company"].astype("str").fillna("").reset_index(drop=True)
        + " · "
        + labels_of(flags["category"]).astype("str").reset_index(drop=True)
        + " · "
        + noticed
    )
    return text.tolist()


def red_flag_counts(red_flags: pd.DataFrame) -> pd.Series:
    """Number of red flags per company id."""
    if red_flags.empty:
        return pd.Series(dtype="int64")
    return red_flags.groupby("company_id").size()


def last_activity(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> pd.Series:
    """The day of each application's latest event or past round (indexed by application id;
    the day it was applied when nothing else happened; left out with no day at all)."""
    size = len(apps)
    when = rounds["scheduled_at"]
    past = np.flatnonzero((when <= now_utc()).to_numpy())  # NaT compares False
    latest = np.fmax(
        latest_per_row(
            row_positions(events["application_id"], apps), day_array(events["occurred_on"]), size
        ),
        latest_per_row(
            row_positions(rounds["application_id"].iloc[past], apps),
            day_array(when.iloc[past]),
            size,
        ),
    )
    latest = np.fmax(latest, day_array(apps["applied_on"]))
    known = ~np.isnat(latest)
    return pd.Series(
        latest[known].astype("datetime64[s]"),
        index=pd.Index(apps["id"].to_numpy()[known], name="application_id"),
        name="when",
    )


def days_since(when: pd.Series) -> pd.Series:
    today = pd.Timestamp(date.today())
    return (today - when).dt.days


def next_rounds(rounds: pd.DataFrame) -> pd.DataFrame:
    """The next scheduled, future round of each application: ``kind_label``, ``scheduled_at``."""
    soon = (rounds["status"] == "scheduled") & (rounds["scheduled_at"] >= now_utc())
    upcoming = rounds.loc[soon, ["application_id", "kind_label", "scheduled_at"]]
    upcoming = upcoming.sort_values("scheduled_at")
    return upcoming.drop_duplicates("application_id").set_index("application_id")[
        ["kind_label", "scheduled_at"]
    ]


def with_status(apps: pd.DataFrame) -> pd.Series:
    """ "Open", "Closed" or "Archived" per application."""
    status = pd.Series("Open", index=apps.index)
    status = status.where(apps["closed_on"].isna(), "Closed")
    return status.where(~apps["archived"].astype(bool), "Archived")


def filter_applications(
    apps: pd.DataFrame,
    *,
    search: str = "",
    stages: Sequence[str] | None = None,
    tiers: Sequence[int] | None = None,
    tracks: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    company_types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The applications matching every given filter (an empty filter keeps everything)."""
    keep = pd.Series(True, index=apps.index)
    needle = search.strip().casefold()
    if needle:
        text = (
            apps["company"].astype("str").fillna("")
            + " "
            + apps["role_title"].astype("str").fillna("")
            + " "
        ) + apps["notes"].fillna("")
        keep &= text.str.casefold().str.contains(needle, regex=False)
    for column, wanted in (
        ("stage", stages),
        ("tier", tiers),
        ("track", tracks),
        ("source", sources),
        ("company_type", company_types),
    ):
        if wanted:
            keep &= apps[column].isin(wanted)
    if statuses:
        keep &= with_status(apps).isin(statuses)
    return apps if keep.all() else apps[keep]  # no copy of a cohort when every row is kept


APP_SORTS = {
    "Newest first": (["id"], [False]),
    "Oldest first": (["id"], [True]),
    "Applied, most recent first": (["applied_on", "id"], [False, False]),
    "Company (A–Z)": (["_company", "id"], [True, True]),
    "Tier (dream first)": (["tier", "id"], [True, False]),
    "Stage (furthest first)": (["_stage", "id"], [False, False]),
}


def sorted_ids(apps: pd.DataFrame, sort_by: str) -> list[int]:
    """The ids of the applications in one of the ``APP_SORTS`` orders (all rows, before any
    paging; only the sort keys are copied, not the rows)."""
    columns, ascending = APP_SORTS.get(sort_by, APP_SORTS["Newest first"])
    keys = apps[[c for c in columns if not c.startswith("_")]].copy()
    if "_company" in columns:
        keys["_company"] = apps["company"].astype("str").fillna("").str.casefold()
    if "_stage" in columns:
        keys["_stage"] = apps["stage"].map(STAGE_ORDER)
    keys = keys[columns]
    order = keys.sort_values(columns, ascending=ascending, na_position="last", kind="stable")
    return apps["id"].loc[order.index].astype(int).tolist()


def applications_table(
    apps: pd.DataFrame, red_flags: pd.DataFrame, rounds: pd.DataFrame
) -> pd.DataFrame:
    """What the Applications table shows, one row per application (indexed by id)."""
    flags = apps["company_id"].map(red_flag_counts(red_flags)).fillna(0).astype(int)
    nxt = next_rounds(rounds)
    status = with_status(apps)
    closed_reason = labels_of(apps["close_reason"])
    return pd.DataFrame(
        {
            "Company": apps["company"],
            "Role": apps["role_title"],
            "Tier": apps["tier"].map(lambda t: [tier_name(t)]),  # shown by tier_column()
            "Stage": labels_of(apps["stage"]),
            "Status": status.where(status != "Closed", "Closed · " + closed_reason),
            "Applied": apps["applied_on"].dt.date,
            "Next round": lookup(nxt["scheduled_at"], apps["id"]).map(local_time),
            "Red flags": flags,
            "Track": labels_of(apps["track"]),
            "Source": labels_of(apps["source"]),
            "Company type": labels_of(apps["company_type"]),
        }
    ).set_axis(apps["id"].astype(int))


def companies_table(
    companies: pd.DataFrame, apps: pd.DataFrame, red_flags: pd.DataFrame
) -> pd.DataFrame:
    """The Companies page's table: each company with its applications (all, open) and red
    flags."""
    per_company = apps.groupby("company_id").size()
    open_count = apps[apps["closed_on"].isna()].groupby("company_id").size()
    return pd.DataFrame(
        {
            "Company": companies["name"],
            "Type": labels_of(companies["company_type"]),
            "Industry": companies["industry"],
            "Sponsors visas": labels_of(companies["sponsors_visa"]),
            "Applications": lookup(per_company, companies["id"]).fillna(0).astype(int),
            "Open": lookup(open_count, companies["id"]).fillna(0).astype(int),
            "Red flags": lookup(red_flag_counts(red_flags), companies["id"]).fillna(0).astype(int),
        }
    )


PICK_LIMIT = 1_000  # at most this many applications are offered in a picker by name


def matching_applications(
    apps: pd.DataFrame, *, sort_by: str, **filters: object
) -> tuple[list[int], dict[int, str]]:
    """The ids of the applications matching ``filters`` (those of ``filter_applications``:
    hashable values, e.g. tuples) in ``sort_by`` order, and the "Company — Role" labels of the
    matches: what the Applications page caches per data version and filters
    (``data.derived``) so a click on a table row recomputes nothing. No labels when more
    than ``PICK_LIMIT`` match: a picker of a cohort's applications is no use (and heavy)."""
    shown = filter_applications(apps, **filters)
    labels = app_labels(shown) if len(shown) <= PICK_LIMIT else {}
    return sorted_ids(shown, sort_by), labels


def named_like(frame: pd.DataFrame, needle: str) -> tuple[int, list[int]]:
    """How many rows of ``frame`` have a ``name`` holding ``needle`` (any case), and the
    ids of the first ``PICK_LIMIT`` of them in frame order (what a picker can offer); none
    for an empty needle."""
    if not needle.strip():
        return 0, []
    names = frame["name"].astype("str").str.casefold()
    ids = frame["id"][names.str.contains(needle.strip().casefold(), regex=False).to_numpy()]
    return len(ids), ids.astype(int).head(PICK_LIMIT).tolist()


def applications_table_of(
    apps: pd.DataFrame,
    red_flags: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    ids: tuple[int, ...],
    hour: str = "",
) -> pd.DataFrame:
    """``applications_table`` of the applications ``ids``, in that order. ``hour`` (the
    current hour) only keys a cached copy, so "next round" moves on within the hour."""
    chosen = apps.set_index(apps["id"].astype(int), drop=False).loc[list(ids)]
    return applications_table(chosen, red_flags, rounds)


def tier_column(label: str = "Tier") -> object:
    """A table column showing a one-item list ``[tier_name(t)]`` as a label in the tier's
    colour (one map: TIER_COLORS). Cheaper to send than a pandas Styler painting each cell."""
    names = [tier_name(t) for t in sorted(TIER_COLORS)]
    colours = [TIER_COLORS[t] for t in sorted(TIER_COLORS)]
    return st.column_config.MultiselectColumn(label, options=names, color=colours)


def board_cards(
    apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame, red_flags: pd.DataFrame
) -> pd.DataFrame:
    """One row per open, unarchived application with what its board card shows."""
    columns = ["id", "company", "role_title", "tier", "stage", "company_id"]
    open_apps = apps.loc[apps["closed_on"].isna() & ~apps["archived"].astype(bool), columns]
    nxt = next_rounds(rounds)
    open_apps["next_round"] = lookup(nxt["kind_label"], open_apps["id"])
    open_apps["next_round_at"] = lookup(nxt["scheduled_at"], open_apps["id"])
    open_apps["idle_days"] = days_since(
        lookup(last_activity(apps, events, rounds), open_apps["id"])
    )
    open_apps["red_flags"] = (
        open_apps["company_id"].map(red_flag_counts(red_flags)).fillna(0).astype(int)
    )
    return open_apps.sort_values(["tier", "idle_days"], ascending=[True, False])


def board_columns(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    red_flags: pd.DataFrame,
    *,
    tiers: tuple[int, ...],
    per_column: int,
) -> tuple[int, pd.DataFrame, dict[str, int]]:
    """What the board draws: how many open applications there are at all, the first
    ``per_column`` cards of each stage among ``tiers`` (board_cards' order) and the number of
    cards per stage. Small, so a page can cache it per data version (``data.derived``)."""
    cards = board_cards(apps, events, rounds, red_flags)
    shown = cards[cards["tier"].isin(tiers)]
    counts = present_counts(shown["stage"])
    head = shown.groupby("stage", sort=False).head(per_column)
    columns = ["id", "company", "role_title", "tier", "stage", "red_flags"]
    columns += ["next_round", "next_round_at", "idle_days"]
    return len(cards), head[columns], {str(k): int(v) for k, v in counts.items()}


def picker_order(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> list[int]:
    """Open applications for "Log a round": those with a scheduled round first (the round
    most overdue or soonest first), then by the most recent activity."""
    candidates = apps[apps["closed_on"].isna() & ~apps["archived"].astype(bool)]
    scheduled = rounds[rounds["status"] == "scheduled"].groupby("application_id")["scheduled_at"]
    order = pd.DataFrame(
        {
            "id": candidates["id"].astype(int),
            "next": lookup(scheduled.min(), candidates["id"]),
            "recent": lookup(last_activity(apps, events, rounds), candidates["id"]),
        }
    )
    order["has_next"] = order["next"].notna()
    order = order.sort_values(
        ["has_next", "next", "recent"], ascending=[False, True, False], na_position="last"
    )
    return order["id"].tolist()


def round_picker(
    apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame
) -> tuple[list[int], dict[int, str]]:
    """The "Log a round" picker: ``picker_order`` and the label of each of its first
    ``PICK_LIMIT`` applications, "Company — Role", plus " · round <when>" when a round is
    booked (cached per data version)."""
    order = picker_order(apps, events, rounds)
    offered = order[:PICK_LIMIT]
    labels = app_labels(apps.set_index(apps["id"].astype(int), drop=False).loc[offered])
    scheduled = rounds.loc[rounds["status"] == "scheduled", ["application_id", "scheduled_at"]]
    next_at = scheduled.sort_values("scheduled_at").drop_duplicates("application_id")
    when = next_at.set_index("application_id")["scheduled_at"].reindex(offered)
    booked = dict(zip(offered, each_distinct(when, local_time, missing=None), strict=True))
    return order, {i: labels[i] + (f" · round {booked[i]}" if booked[i] else "") for i in offered}


def round_kinds() -> pd.DataFrame:
    """Every round kind with its label and typical length (cached until the next write)."""
    return data.load("round_kinds")["round_kinds"]


def local_datetime(on: date, at: time) -> datetime:
    """A date and time picked in the browser, as an aware datetime in local time."""
    return datetime.combine(on, at).astimezone()


# --------------------------------------------------------------------------- writing


FLASH = "track_flash"


def flash(message: str) -> None:
    """A success message shown once, at the top of the next run (survives st.rerun)."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    if message := st.session_state.pop(FLASH, None):
        st.success(message, icon=":material/check_circle:")


def form_key(name: str) -> str:
    """The current key of a form that starts empty again after each successful save."""
    return f"{name}_{st.session_state.get(f'generation_{name}', 0)}"


def save(
    action: Callable,
    errors_key: str,
    done: str | Callable[[object], str] | None = None,
    *,
    reset_form: str | None = None,
) -> NoReturn:
    """Run one user action, then rerun so the whole page shows the new state.

    On success ``done`` (a text, or a function of the action's result) is flashed and the
    form named ``reset_form`` (see ``form_key``) starts empty; on bad input the messages wait
    in ``st.session_state[errors_key]`` to show next to their fields, and the widgets keep
    what the user typed.
    """
    result = data.write(action, errors_key=errors_key)
    if errors_key not in st.session_state:
        if done:
            flash(done(result) if callable(done) else done)
        if reset_form:
            generation = f"generation_{reset_form}"
            st.session_state[generation] = st.session_state.get(generation, 0) + 1
    st.rerun()


# --------------------------------------------------------------------------- confirmation


def confirm_delete(key: str, what: str, consequences: list[str], on_confirm: Callable) -> None:
    """A "Delete" button that first asks, saying what goes with it; ``on_confirm`` runs on yes."""
    flag = f"confirm_{key}"
    if not st.session_state.get(flag):
        if st.button(f"Delete {what}", icon=":material/delete:", key=f"ask_{key}"):
            st.session_state[flag] = True
            st.rerun()
        return
    lines = "\n".join(f"- {line}" for line in consequences)
    st.warning(
        f"Delete {what}? This cannot be undone." + (f" It also deletes:\n{lines}" if lines else ""),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete", type="primary", key=f"yes_{key}", icon=":material/delete:"):
        st.session_state.pop(flag, None)
        on_confirm()
    if no.button("Cancel", key=f"no_{key}"):
        st.session_state.pop(flag, None)
        st.rerun()


def impact_lines(impact: dict[str, int]) -> list[str]:
    """``{"rounds": 3, "offers": 0}`` -> ``["3 rounds"]`` (zero counts left out)."""
    return [f"{count} {what}" for what, count in impact.items() if count]


# --------------------------------------------------------------------------- application form


def application_form(
    form_key: str,
    errors_key: str,
    company_names: list[str],
    current: dict | None = None,
) -> tuple[str | None, dict, bool] | None:
    """The add/edit form; returns ``(company name, values, save anyway)`` when submitted.

    ``current`` holds an application's stored values when editing (then the stage is not
    shown: moving it is an action of its own).
    """
    cur = current or {}
    editing = current is not None
    with st.form(form_key, clear_on_submit=False):
        left, right = st.columns(2)
        with left:
            names = list(company_names)
            company = st.selectbox(
                "Company",
                names,
                index=names.index(cur["company"]) if cur.get("company") in names else None,
                accept_new_options=True,
                placeholder="Pick a company or type a new one",
                help="Type a name that is not in the list to create the company.",
            )
            data.field_error(errors_key, "company")
            role = st.text_input(
                "Role title",
                value=cur.get("role_title", ""),
                placeholder="e.g. Machine Learning Engineer",
            )
            data.field_error(errors_key, "role_title")
            track = enum_select("Track", list(Track), default=cur.get("track"))
            level = enum_select(
                "Level targeted", list(Level), default=cur.get("level"), optional=True
            )
            level_label = st.text_input(
                "Company's level label", value=cur.get("level_label", ""), placeholder="e.g. L5"
            )
            tier = tier_picker(default=int(cur.get("tier", 2)), key=f"{form_key}_tier")
            data.field_error(errors_key, "tier")
        with right:
            if editing:
                saved_on = _date_or_none(cur.get("saved_on"))
                applied_on = st.date_input(
                    "Applied on", value=_date_or_none(cur.get("applied_on")), format="YYYY-MM-DD"
                )
                stage = None
            else:
                stage = enum_select("Stage", [Stage.wishlist, Stage.applied], default=Stage.applied)
                applied_on = st.date_input(
                    "Applied on (or saved on, for the wishlist)",
                    value=date.today(),
                    format="YYYY-MM-DD",
                )
                saved_on = None
            data.field_error(errors_key, "applied_on")
            source = enum_select(
                "Source", list(Source), default=cur.get("source", Source.cold_application)
            )
            referrer = st.text_input(
                "Referrer", value=cur.get("referrer", ""), placeholder="Who referred you, if anyone"
            )
            location = st.text_input(
                "Location", value=cur.get("location", ""), placeholder="e.g. Berlin"
            )
            remote = enum_select(
                "Remote mode", list(RemoteMode), default=cur.get("remote_mode"), optional=True
            )
            url = st.text_input(
                "Posting URL", value=cur.get("posting_url", ""), placeholder="https://…"
            )
            data.field_error(errors_key, "posting_url")
        notes = st.text_area("Notes", value=cur.get("notes", ""), height=80)
        data.field_error(errors_key, "duplicate")
        allow_duplicate = st.checkbox(
            "Save anyway if the same company and role already exist",
            help="Two openings with the same title at one company do happen.",
        )
        data.field_error(errors_key, "_form")
        submitted = st.form_submit_button(
            "Save changes" if editing else "Add application",
            type="primary",
            icon=":material/save:" if editing else ":material/add:",
        )
    if not submitted:
        return None
    if tier is None:
        st.session_state[errors_key] = {"tier": "Pick an interest tier: 1, 2 or 3."}
        st.rerun()
    values = {
        "role_title": role,
        "track": track,
        "level": level,
        "level_label": level_label.strip(),
        "tier": tier,
        "source": source,
        "referrer": referrer.strip(),
        "location": location.strip(),
        "remote_mode": remote,
        "posting_url": url.strip(),
        "notes": notes,
    }
    if editing:
        values["applied_on"] = applied_on
        values["saved_on"] = saved_on
    else:
        values["stage"] = stage
        values["applied_on"] = applied_on if stage != Stage.wishlist else None
        values["saved_on"] = applied_on if stage == Stage.wishlist else None
    return company, values, allow_duplicate


def _date_or_none(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def stage_options_after(stage: str) -> list[Stage]:
    return [s for s in STAGES if s != Stage(stage)]


# --------------------------------------------------------------------------- red flag form


def red_flag_form(
    form_key: str,
    errors_key: str,
    *,
    application_options: dict[int, str] | None = None,
    round_options: dict[int, str] | None = None,
    default_application: int | None = None,
) -> dict | None:
    """Category, severity, note and date (plus optional application / round pickers)."""
    with st.form(form_key, clear_on_submit=False):
        category = enum_select("Category", list(RedFlagCategory), key=f"{form_key}_category")
        data.field_error(errors_key, "category")
        severity = st.segmented_control(
            "Severity", [1, 2, 3], default=2, format_func=SEVERITY.get, key=f"{form_key}_severity"
        )
        data.field_error(errors_key, "severity")
        application_id = None
        if application_options:
            ids = list(application_options)
            application_id = st.selectbox(
                "Application (optional)",
                ids,
                index=ids.index(default_application) if default_application in ids else None,
                format_func=application_options.get,
                placeholder="The company as a whole",
                key=f"{form_key}_application",
            )
            data.field_error(errors_key, "application_id")
        round_id = None
        if round_options:
            ids = list(round_options)
            round_id = st.selectbox(
                "During which round (optional)",
                ids,
                index=None,
                format_func=round_options.get,
                placeholder="Not tied to a round",
                key=f"{form_key}_round",
            )
            data.field_error(errors_key, "round_id")
        note = st.text_area(
            "What happened",
            placeholder="e.g. The manager said people usually leave after a few months",
            key=f"{form_key}_note",
        )
        observed_on = st.date_input(
            "Noticed on", value=date.today(), format="YYYY-MM-DD", key=f"{form_key}_on"
        )
        data.field_error(errors_key, "_form")
        if not st.form_submit_button("Add red flag", icon=":material/flag:"):
            return None
    if severity is None:
        st.session_state[errors_key] = {"severity": "Pick a severity: 1 (minor) to 3 (serious)."}
        st.rerun()
    return {
        "category": category,
        "severity": severity,
        "note": note.strip(),
        "observed_on": observed_on,
        "application_id": application_id,
        "round_id": round_id,
    }


def red_flag_list(flags: pd.DataFrame) -> None:
    """Red flags as plain text lines (user text is never rendered as markdown/HTML)."""
    for row in flags.itertuples():
        with st.container(border=True):
            st.markdown(
                f":red-badge[:material/flag: {label(row.category)}] "
                f":orange-badge[Severity {SEVERITY.get(int(row.severity), row.severity)}] "
                f":gray-badge[{day(row.observed_on)}]"
            )
            if row.note:
                st.text(row.note)


# --------------------------------------------------------------------------- offer form


def _vesting_default(current: dict) -> tuple[str, str]:
    vesting = list(current.get("vesting_bp_by_year") or VESTING_PRESETS["25/25/25/25"])
    name = preset_name_for(vesting)
    custom_text = " / ".join(bp_to_percent_text(bp).replace(" %", "") for bp in vesting)
    return (name or CUSTOM), ("" if name else custom_text)


def offer_form(
    form_key: str, errors_key: str, *, current: dict | None, default_currency: str
) -> dict | None:
    """The offer entry/edit form; returns the offer's values (money in whole units)."""
    cur = current or {}
    preset_default, custom_default = _vesting_default(cur)
    presets = [*VESTING_PRESETS, CUSTOM]
    with st.form(form_key, clear_on_submit=False):
        a, b, c = st.columns(3)
        currency = a.selectbox(
            "Currency",
            CURRENCIES,
            index=CURRENCIES.index(cur.get("currency") or default_currency)
            if (cur.get("currency") or default_currency) in CURRENCIES
            else 0,
        )
        base = b.number_input(
            "Base salary per year", min_value=0, step=1000, value=int(cur.get("base_salary", 0))
        )
        bonus_pct = c.number_input(
            "Target bonus, % of base",
            min_value=0.0,
            max_value=200.0,
            step=0.5,
            value=int(cur.get("target_bonus_bp", 0)) / 100,
        )
        with a:
            data.field_error(errors_key, "currency")
        with b:
            data.field_error(errors_key, "base_salary")
        with c:
            data.field_error(errors_key, "target_bonus_bp")
        d, e, f = st.columns(3)
        equity = d.number_input(
            "Equity grant, total value",
            min_value=0,
            step=1000,
            value=int(cur.get("equity_grant_total", 0)),
            help="The value of the whole grant at offer time, vesting over the schedule.",
        )
        preset = e.selectbox(
            "Vesting schedule",
            presets,
            index=presets.index(preset_default),
            help="Per-year share of the grant. Choose Custom to type your own.",
        )
        custom = f.text_input(
            "Custom schedule, % per year",
            value=custom_default,
            placeholder="e.g. 10 / 20 / 30 / 40",
            help="Used when the schedule is Custom. Must add up to 100 %.",
        )
        with e:
            data.field_error(errors_key, "vesting_bp_by_year")
        g, h, i = st.columns(3)
        cliff = g.number_input(
            "Cliff, months", min_value=0, max_value=48, value=int(cur.get("cliff_months", 12))
        )
        sign_on_text = h.text_input(
            "Sign-on per year",
            value=", ".join(str(x) for x in cur.get("sign_on_by_year") or []),
            placeholder="e.g. 20000, 10000",
            help="Amount paid in year 1, year 2, … separated by commas. Leave empty for none.",
        )
        with h:
            data.field_error(errors_key, "sign_on_by_year")
        relocation = i.number_input(
            "Relocation", min_value=0, step=500, value=int(cur.get("relocation", 0))
        )
        j, k, m = st.columns(3)
        level = j.selectbox(
            "Level offered",
            list(Level),
            index=list(Level).index(cur["level_offered"])
            if cur.get("level_offered") in list(Level)
            else None,
            format_func=label,
            placeholder="Not set",
        )
        level_label = k.text_input("Company's level label", value=cur.get("level_label", ""))
        location = m.text_input("Location", value=cur.get("location", ""))
        n, o, p = st.columns(3)
        received_on = n.date_input(
            "Received on",
            value=_date_or_none(cur.get("received_on")) or date.today(),
            format="YYYY-MM-DD",
        )
        deadline = o.date_input(
            "Decision deadline", value=_date_or_none(cur.get("deadline")), format="YYYY-MM-DD"
        )
        with o:
            data.field_error(errors_key, "deadline")
        statuses = [s for s in OfferStatus if s != OfferStatus.accepted]
        if cur.get("status") == OfferStatus.accepted:
            status = OfferStatus.accepted
            p.text_input("Status", value=label(status), disabled=True)
        else:
            status = p.selectbox(
                "Status",
                statuses,
                index=statuses.index(cur["status"]) if cur.get("status") in statuses else 0,
                format_func=label,
                help="To accept an offer, save it, then use “Accept this offer”.",
            )
        notes = st.text_area("Notes", value=cur.get("notes", ""), height=70)
        data.field_error(errors_key, "_form")
        submitted = st.form_submit_button("Save offer", type="primary", icon=":material/payments:")
    if not submitted:
        return None
    errors: dict[str, str] = {}
    try:
        vesting = (
            parse_vesting_percentages(custom) if preset == CUSTOM else list(VESTING_PRESETS[preset])
        )
    except ValueError as exc:
        errors["vesting_bp_by_year"] = str(exc)
        vesting = []
    try:
        sign_on = [int(x) for x in sign_on_text.replace(" ", "").replace("_", "").split(",") if x]
    except ValueError:
        errors["sign_on_by_year"] = "Write whole amounts separated by commas, e.g. 20000, 10000."
        sign_on = []
    if errors:
        st.session_state[errors_key] = errors
        st.rerun()
    return {
        "currency": currency,
        "base_salary": int(base),
        "target_bonus_bp": round(bonus_pct * 100),
        "equity_grant_total": int(equity),
        "vesting_bp_by_year": vesting,
        "cliff_months": int(cliff),
        "sign_on_by_year": sign_on,
        "relocation": int(relocation),
        "level_offered": level,
        "level_label": level_label.strip(),
        "location": location.strip(),
        "received_on": received_on,
        "deadline": deadline,
        "status": status,
        "notes": notes,
    }
