"""Import: bring a spreadsheet or another tracker's export, in four steps on one page.

1. upload a CSV / XLSX file (and pick the sheet of a workbook);
2. confirm the column mapping (prefilled from the headers) and the date options;
3. map the statuses of the file to stages (prefilled from the built-in table and the
   user's saved choices; unknown ones must be picked or are reported as errors);
4. preview (to create, duplicates skipped, errors with their line) and import, all or
   nothing, with a progress bar; then the report.

Everything between reruns lives in ``st.session_state`` under ``imp_*`` keys; the rules
(what is a duplicate, an error, a status) are in ``tracker.io.importer``.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import streamlit as st

from tracker.io import importer, parsing
from tracker.models import CloseReason, Stage, label
from tracker.services.settings import update_settings
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.fmt import md_escape
from tracker.ui.layout import header

require_app_entry()  # first: a run that bypassed app.py reruns through it

PROGRESS_BAR_FROM = 200  # rows: above this the import shows a progress bar
PREVIEW_ROWS = 500  # rows shown in each preview table
NOT_IMPORTED = "(not imported)"
OPEN = "(still open)"
STAGE_LABELS = {label(stage): stage for stage in Stage}
REASON_LABELS = {label(reason): reason for reason in CloseReason}
MODES = {
    "skip": "Import the valid rows and skip the rest",
    "abort": "Abort if any row has an error (import nothing)",
}

header(
    "Import",
    "Bring your spreadsheet or another tracker's export (Huntr, Teal, a home-made sheet...).",
)
settings = data.settings()


def reset() -> None:
    """Start again: a new uploader (so the old file is gone) and no state."""
    counter = st.session_state.get("imp_upload_counter", 0) + 1
    for key in [k for k in st.session_state if str(k).startswith("imp_")]:
        del st.session_state[key]
    st.session_state["imp_upload_counter"] = counter


# ------------------------------------------------------------------------ the report

report = st.session_state.get("imp_report")
if report is not None:
    st.success(report["summary"], icon=":material/check_circle:")
    if report["skipped"]:
        st.markdown(
            "**Rows not imported.** Fix them in the file and import it again: the rows "
            "already imported are recognised as duplicates and skipped."
        )
        st.dataframe(pd.DataFrame(report["skipped"]), hide_index=True, width="stretch")
    cols = st.columns([1, 1, 3])
    cols[0].page_link("pages/applications.py", label="See applications", icon=":material/list_alt:")
    cols[1].button("Import another file", icon=":material/upload_file:", on_click=reset)
    st.stop()

# ------------------------------------------------------------------------ 1. the file

st.subheader("1. Choose the file")
uploaded = st.file_uploader(
    "A CSV (any delimiter, UTF-8 or Latin-1) or an Excel workbook (.xlsx)",
    type=["csv", "tsv", "txt", "xlsx", "xlsm"],
    key=f"imp_file_{st.session_state.get('imp_upload_counter', 0)}",
)
if uploaded is None:
    st.info(
        "Export your applications from your current tracker or spreadsheet as CSV or "
        "XLSX. You will check how its columns and statuses are read, and see a preview, "
        "before anything is written.",
        icon=":material/lightbulb:",
    )
    st.stop()

raw = uploaded.getvalue()
file_key = f"{uploaded.file_id}"
sheet = None
if uploaded.name.lower().endswith((".xlsx", ".xlsm")) or raw.startswith(b"PK\x03\x04"):
    try:
        sheets = parsing.sheet_names(raw)
    except parsing.ImportFormatError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    if len(sheets) > 1:
        sheet = st.selectbox("Worksheet", sheets, key=f"imp_sheet_{file_key}")


def read_frame() -> pd.DataFrame:
    """The file as a table of text, read once per file and sheet."""
    cache_key = (file_key, sheet)
    if st.session_state.get("imp_frame_key") != cache_key:
        st.session_state["imp_frame"] = parsing.read_table(raw, uploaded.name, sheet=sheet)
        st.session_state["imp_frame_key"] = cache_key
    return st.session_state["imp_frame"]


try:
    frame = read_frame()
except parsing.ImportFormatError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

attrs = frame.attrs
if attrs.get("format") == "csv":
    delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(
        attrs.get("delimiter"), "other"
    )
    st.caption(f"{len(frame)} rows · {attrs.get('encoding')} text, {delimiter}-separated")
else:
    st.caption(f"{len(frame)} rows · sheet “{md_escape(attrs.get('sheet'))}”")
if frame.empty:
    st.warning(
        "This file has a header row but no data rows: there is nothing to import.",
        icon=":material/warning:",
    )
    st.stop()

# ------------------------------------------------------------------------ 2. mapping

st.subheader("2. Check how the columns are read")
st.caption(
    "Each column of your file goes into one field, or is ignored. Company and role "
    "title are required; a field takes one column."
)
suggested = parsing.suggest_mapping(frame.columns)
field_options: list[str | None] = [None, *parsing.TARGET_FIELDS]
mapping: dict[str, str | None] = {}
grid = st.columns(3)
for position, column in enumerate(frame.columns):
    samples = [v for v in frame[column].head(50).tolist() if v][:3]
    with grid[position % 3]:
        mapping[column] = st.selectbox(
            f"Column “{column}”",
            field_options,
            index=field_options.index(suggested.get(column)),
            format_func=lambda f: importer.FIELD_LABELS[f] if f else "(ignore)",
            key=f"imp_map_{file_key}_{position}",
            help="Examples: " + " · ".join(s[:40] for s in samples) if samples else "Empty",
        )
rating_header = next((h for h, f in mapping.items() if f == "tier"), None)
if importer.is_rating_header(rating_header):
    st.caption(
        f"“{md_escape(rating_header)}” looks like a 1-5 rating (higher is better): "
        "4-5 stars become tier 1, 3 becomes tier 2, 1-2 become tier 3."
    )

left, right = st.columns(2)
year = left.number_input(
    "Year of dates written without one (“May 9”)",
    min_value=1990,
    max_value=2100,
    value=pd.Timestamp.today().year,
    step=1,
    key=f"imp_year_{file_key}",
)
dayfirst = right.toggle(
    "Dates are day first (9/5/2024 is 9 May)",
    key=f"imp_dayfirst_{file_key}",
    help="Only matters when both numbers are 12 or less; 31/5/2024 is read right either way.",
)

try:
    importer.check_mapping(mapping, frame.columns)
except importer.MappingError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

# ------------------------------------------------------------------------ 3. statuses

saved_map: dict = dict(settings.import_status_map)
status_column = next((h for h, f in mapping.items() if f == "stage_status"), None)
chosen_statuses: dict[str, list[str | None]] = {}
if status_column is not None:
    st.subheader("3. Map the statuses to stages")
    counts = frame[status_column].loc[lambda s: s != ""].value_counts(sort=False)
    rows = []
    for text, count in counts.items():
        mapped = parsing.map_status(text, saved_map)
        rows.append(
            {
                "Status in the file": text,
                "Rows": int(count),
                "Stage": label(mapped[0]) if mapped else None,
                "Closed as": label(mapped[1]) if mapped and mapped[1] else OPEN,
            }
        )
    table = pd.DataFrame(rows, columns=["Status in the file", "Rows", "Stage", "Closed as"])
    unknown = [r["Status in the file"] for r in rows if r["Stage"] is None]
    if unknown:
        st.warning(
            f"{len(unknown)} status{'es' if len(unknown) != 1 else ''} not recognised: "
            "pick a stage for each in the table (rows left without one are reported as "
            "errors, never guessed).",
            icon=":material/help:",
        )
    st.session_state["imp_status_key"] = editor_key = f"imp_status_{file_key}"
    edited = st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        width="stretch",
        disabled=["Status in the file", "Rows"],
        column_config={
            "Stage": st.column_config.SelectboxColumn(
                "Stage", options=list(STAGE_LABELS), help="How far this application got"
            ),
            "Closed as": st.column_config.SelectboxColumn(
                "Closed as",
                options=[OPEN, *REASON_LABELS],
                help="Leave “still open” unless the process ended",
                required=True,
            ),
        },
    )
    for record in edited.to_dict("records"):
        stage = STAGE_LABELS.get(record["Stage"])
        if stage is None:
            continue
        reason = REASON_LABELS.get(record["Closed as"])
        chosen_statuses[record["Status in the file"]] = [
            stage.value,
            reason.value if reason else None,
        ]
    st.caption(
        "Your choices are remembered for the next import once you import. "
        "Without a status column, a row with an applied date is “Applied”, otherwise “Wishlist”."
    )

overrides = {**saved_map, **chosen_statuses}
options = importer.ImportOptions(
    mapping=mapping,
    status_overrides=overrides,
    year_for_yearless=int(year),
    dayfirst=dayfirst,
    default_currency=settings.default_currency,
)

# ------------------------------------------------------------------------ 4. preview


def current_plan() -> importer.ImportPlan:
    """The preview for these choices; recomputed only when a choice or the data changes."""
    signature = json.dumps(
        [file_key, sheet, mapping, overrides, int(year), dayfirst, data.data_version()],
        sort_keys=True,
        default=str,
    )
    if st.session_state.get("imp_plan_key") != signature:
        with data.session() as s:
            st.session_state["imp_plan"] = importer.plan_import(
                session=s, frame=frame, options=options
            )
        st.session_state["imp_plan_key"] = signature
    return st.session_state["imp_plan"]


plan = current_plan()
st.subheader(f"{4 if status_column else 3}. Preview")
metrics = st.columns(4)
metrics[0].metric("Rows to create", len(plan.rows))
metrics[1].metric("Duplicate rows, skipped", len(plan.duplicates))
metrics[2].metric("Rows with errors", len(plan.errors))
metrics[3].metric("New companies", len(plan.new_companies))


def issues_frame(issues: list[importer.RowIssue], reason: str) -> pd.DataFrame:
    return pd.DataFrame(
        [(i.line, i.company, i.role_title, i.message) for i in issues[:PREVIEW_ROWS]],
        columns=["Line", "Company", "Role", reason],
    )


tab_new, tab_dup, tab_err = st.tabs(
    [f"To create ({len(plan.rows)})", f"Duplicates ({len(plan.duplicates)})",
     f"Errors ({len(plan.errors)})"]
)  # fmt: skip
with tab_new:
    if plan.rows:
        preview = pd.DataFrame(
            [
                {
                    "Line": row.line,
                    "Company": row.company,
                    "Role": row.values["role_title"],
                    "Stage": importer.status_text((row.stage, row.close_reason)),
                    "Applied": row.values["applied_on"],
                    "Closed": row.closed_on,
                    "Tier": row.values["tier"],
                    "Notes": row.values["notes"],
                }
                for row in plan.rows[:PREVIEW_ROWS]
            ]
        )
        st.dataframe(preview, hide_index=True, width="stretch")
        if len(plan.rows) > PREVIEW_ROWS:
            st.caption(f"The first {PREVIEW_ROWS} of {len(plan.rows)} rows.")
    else:
        st.write("No new rows to create.")
with tab_dup:
    if plan.duplicates:
        st.caption("Same company, role and applied date as an application you already have.")
        st.dataframe(issues_frame(plan.duplicates, "Why"), hide_index=True, width="stretch")
    else:
        st.write("No duplicates.")
with tab_err:
    if plan.errors:
        st.dataframe(issues_frame(plan.errors, "Error"), hide_index=True, width="stretch")
    else:
        st.write("No errors.")

# ------------------------------------------------------------------------ import

mode = st.radio(
    "If some rows have errors",
    list(MODES),
    format_func=MODES.get,
    key=f"imp_mode_{file_key}",
    horizontal=True,
)
blocked = mode == "abort" and bool(plan.errors)
if blocked:
    st.info(
        "Nothing will be imported while rows have errors: fix them in the file, map the "
        "statuses above, or choose to skip the rows with errors.",
        icon=":material/info:",
    )
label_rows = f"{len(plan.rows)} application{'s' if len(plan.rows) != 1 else ''}"
clicked = st.button(
    f"Import {label_rows}",
    type="primary",
    icon=":material/upload:",
    disabled=blocked or not plan.rows,
    key="imp_go",
)
if clicked:
    run_options = dataclasses.replace(options, on_error=mode)
    remembered = {
        text: pair
        for text, pair in chosen_statuses.items()
        if parsing.map_status(text) != parsing.map_status(text, {text: pair})
    }
    new_keys = {parsing.normalise(text) for text in remembered}
    kept = {t: p for t, p in saved_map.items() if parsing.normalise(t) not in new_keys}
    bar = st.progress(0.0, text="Importing...") if len(plan.rows) > PROGRESS_BAR_FROM else None

    def show_progress(done: int, total: int) -> None:
        if bar is not None:
            bar.progress(done / total if total else 1.0, text=f"Importing: {done} of {total}")

    def run_import(s) -> importer.ImportReport:
        if remembered:
            update_settings(session=s, import_status_map={**kept, **remembered})
        return importer.execute_import(
            session=s, frame=frame, options=run_options, progress=show_progress
        )

    try:
        with st.spinner("Importing...") if bar is None else st.empty():
            done = data.write(run_import)
    except importer.ImportAborted as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    if done is not None:
        st.session_state["imp_report"] = {
            "summary": done.summary(),
            "skipped": [
                {"Line": i.line, "Company": i.company, "Role": i.role_title, "Reason": i.message}
                for i in done.skipped
            ],
        }
        st.rerun()
