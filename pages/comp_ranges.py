"""Compensation ranges: the user's own table of market ranges, edited in place.

The table is an ``st.data_editor``: edits, added and deleted rows stay pending (checked as
the user types) until "Save changes" applies them in one transaction
(``services.ranges.apply_range_edits``); deleting asks for confirmation. CSV export and
import sit below the table; the export is built only when clicked. The app ships no market
data; demo rows are marked. The table (``ui.ranges.range_table``) is held per data version.
"""

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from tracker.io.ranges_csv import CSV_COLUMNS, RangeCsvError, export_ranges_csv, parse_ranges_csv
from tracker.models import Level, Track, label
from tracker.services.frames import ranges_frame
from tracker.services.ranges import (
    FIELD_NAMES,
    MONEY_FIELDS,
    apply_range_edits,
    import_ranges,
    plan_range_edits,
)
from tracker.services.settings import CURRENCIES
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.layout import empty_state, header
from tracker.ui.ranges import range_table

require_app_entry()  # first: a run that bypassed app.py reruns through it

ERRORS = "comp_ranges_errors"
IMPORT_ERRORS = "comp_ranges_import_errors"

header(
    "Compensation ranges",
    "Your own table of market ranges (p25 / p50 / p75) by track, level, location and "
    "currency. The app ships no market data: research yours (Levels.fyi, Glassdoor, "
    "recruiters) and note the source and date.",
)
table = data.shared(range_table, "ranges")  # sorted and converted once per data version
rows = table.rows
settings = data.settings()
st.session_state.setdefault("ranges_editor_version", 0)
editor_key = f"ranges_editor_{st.session_state['ranges_editor_version']}"


def reset_editor() -> None:
    """Drop pending edits: a new editor key starts from the saved table."""
    st.session_state["ranges_editor_version"] += 1
    st.session_state.pop("confirm_range_delete", None)


if rows.empty:
    empty_state(
        "No range yet. Add one with the + at the bottom right of the table, or import a CSV "
        "below. Each offer on Offer comparison is placed on the range of its track, level "
        "and currency."
    )
elif rows["is_demo"].any():
    st.info(
        "Rows ticked “Demo” are examples of the demo campaign, not market data. "
        "Remove them with the demo data in Settings.",
        icon=":material/science:",
    )

money = {
    field: st.column_config.NumberColumn(
        f"{FIELD_NAMES[field.split('_')[0]].replace(' compensation', '')} {field.split('_')[1]}",
        min_value=1,
        step=1,
        format="localized",
        required=True,
        help="A whole yearly amount in the row's currency.",
    )
    for field in MONEY_FIELDS
}
st.caption(
    "Base = base salary; Total = total yearly compensation (base + bonus + equity per year "
    "+ sign-on per year). Each needs p25 ≤ p50 ≤ p75."
)
st.data_editor(
    table.shown,
    key=editor_key,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    height=min(len(rows) + 2, 16) * 35 + 3,
    disabled=["is_demo"],
    column_config={
        "track": st.column_config.SelectboxColumn(
            "Track", options=[t.value for t in Track], format_func=label, required=True
        ),
        "level": st.column_config.SelectboxColumn(
            "Level",
            options=[lv.value for lv in Level],
            format_func=label,
            required=True,
            width="small",
        ),
        "location": st.column_config.TextColumn("Location", max_chars=200),
        "currency": st.column_config.SelectboxColumn(
            "Currency",
            options=CURRENCIES,
            required=True,
            default=settings.default_currency,
            width="small",
        ),
        **money,
        "source": st.column_config.TextColumn(
            "Source", max_chars=200, help="Where the numbers come from, e.g. Levels.fyi."
        ),
        "as_of": st.column_config.DateColumn("As of", format="YYYY-MM-DD", width="small"),
        "is_demo": st.column_config.CheckboxColumn(
            "Demo", help="An example of the demo campaign", width="small"
        ),
    },
)

state = st.session_state.get(editor_key, {})
edited = {int(k): v for k, v in state.get("edited_rows", {}).items() if v}
added = [
    row for row in state.get("added_rows", []) if any(v not in (None, "") for v in row.values())
]
deleted = sorted(int(p) for p in state.get("deleted_rows", []))
row_values = table.values
plan = plan_range_edits(
    rows=row_values,
    edited_rows=edited,
    added_rows=state.get("added_rows", []),
    deleted_rows=deleted,
)


def describe(key: str) -> tuple[str, dict]:
    """A row key of the plan as the text a user finds in the table, and its values."""
    kind, number = key.split(":")
    position = int(number)
    if kind == "row":
        values = (
            {**row_values[position], **edited.get(position, {})} if position < len(rows) else {}
        )
        return f"Row {position + 1}", values
    return f"New row {position + 1}", state.get("added_rows", [])[position]


if plan.problems:
    st.error(
        f"{len(plan.problems)} row(s) need fixing before you can save:", icon=":material/error:"
    )
    problems = []
    for key, fields in plan.problems.items():
        where, values = describe(key)
        problems.append(
            {
                "Row": where,
                "Track": label(values.get("track")) if values.get("track") else "—",
                "Level": label(values.get("level")) if values.get("level") else "—",
                "Location": values.get("location") or "—",
                "Problem": " ".join(fields.values()),
            }
        )
    st.dataframe(pd.DataFrame(problems), hide_index=True, width="stretch")
saved_errors = data.form_errors(ERRORS)
if saved_errors and not plan.problems:
    st.error("Nothing was saved: " + " ".join(saved_errors.values()), icon=":material/error:")

pending = len(edited) + len(added) + len(deleted)
if pending:
    st.caption(
        f"Unsaved: {len(edited)} edited, {len(added)} added, {len(deleted)} deleted. "
        "Nothing is stored until you save."
    )


def export_data(include_demo: bool) -> Callable[[], bytes]:
    """The CSV of the saved ranges, built only when the user clicks the download."""
    return data.deferred(lambda s: export_ranges_csv(ranges_frame(s, include_demo)))


def save() -> None:
    summary = data.write(
        lambda s: apply_range_edits(
            session=s,
            row_ids=rows["id"].tolist(),
            edited_rows=edited,
            added_rows=state.get("added_rows", []),
            deleted_rows=deleted,
        ),
        errors_key=ERRORS,
    )
    if summary is not None:
        reset_editor()
        st.toast(
            f"Saved: {summary.added} added, {summary.updated} updated, {summary.deleted} deleted.",
            icon=":material/check_circle:",
        )
        st.rerun()


save_col, discard_col, _ = st.columns([1, 1, 4])
if save_col.button(
    "Save changes", type="primary", icon=":material/save:", disabled=not pending, width="stretch"
):
    if deleted:
        st.session_state["confirm_range_delete"] = True
    else:
        save()
if discard_col.button(
    "Discard changes", icon=":material/undo:", disabled=not pending, width="stretch"
):
    reset_editor()
    st.rerun()

if st.session_state.get("confirm_range_delete") and deleted:
    names = ", ".join(
        f"{label(row['track'])} · {label(row['level'])} · {row['location'] or 'any location'}"
        for row in (row_values[p] for p in deleted if p < len(row_values))
    )
    st.warning(f"Delete {len(deleted)} range(s) for good? {names}", icon=":material/delete:")
    yes, no, _ = st.columns([1, 1, 4])
    if yes.button("Yes, save and delete", type="primary", width="stretch"):
        st.session_state.pop("confirm_range_delete", None)
        save()
    if no.button("Cancel", width="stretch"):
        st.session_state.pop("confirm_range_delete", None)
        st.rerun()

st.divider()
export_col, import_col = st.columns(2)
with export_col:
    st.subheader("Export")
    st.write(
        "The saved table as CSV (UTF-8; cells a spreadsheet would run as formulas are "
        "prefixed with ')."
    )
    st.download_button(
        "Download ranges CSV",
        data=export_data(settings.show_demo) if not rows.empty else b"",
        file_name=f"comp_ranges_{date.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        disabled=rows.empty,
    )
with import_col:
    st.subheader("Import")
    st.write(
        "Columns: " + ", ".join(CSV_COLUMNS[:-1]) + " (demo optional). Rows are added; rows "
        "identical to a saved range are skipped. One bad row imports nothing."
    )
    st.session_state.setdefault("ranges_upload_version", 0)
    upload = st.file_uploader(
        "CSV or XLSX file",
        type=["csv", "tsv", "txt", "xlsx"],
        key=f"ranges_upload_{st.session_state['ranges_upload_version']}",
    )
    if upload is None:
        st.session_state.pop(IMPORT_ERRORS, None)
    else:
        try:
            parsed = parse_ranges_csv(upload.getvalue(), upload.name)
        except RangeCsvError as exc:
            st.error(str(exc), icon=":material/error:")
            parsed = None
        if parsed is not None:
            st.caption(f"{len(parsed)} row(s) read from {upload.name}.")
            if st.button("Import ranges", type="primary", icon=":material/upload:"):
                result = data.write(
                    lambda s: import_ranges(session=s, rows=parsed), errors_key=IMPORT_ERRORS
                )
                if result is not None:
                    st.session_state["ranges_upload_version"] += 1
                    reset_editor()
                    st.toast(
                        f"Imported {result.added} range(s); {result.skipped} identical skipped.",
                        icon=":material/check_circle:",
                    )
                    st.rerun()
            bad = data.form_errors(IMPORT_ERRORS)
            if bad:
                st.error("Nothing was imported. Fix these lines and try again:")
                st.dataframe(
                    pd.DataFrame(
                        {
                            "Line": [int(k.split(":")[1]) for k in bad if k.startswith("line:")],
                            "Problem": [v for k, v in bad.items() if k.startswith("line:")],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )
