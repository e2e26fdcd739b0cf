"""Export & backup: leave with all your data any time, and bring a backup back.

Downloads are built only when clicked (``data.deferred``), from one read of the database:
each table as CSV, one XLSX workbook, the full JSON backup, and on SQLite a consistent
copy of the database file. Restore loads a JSON backup into an empty database after a
confirmation; the rules are in ``tracker.io.export``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from tracker import db
from tracker.io import export
from tracker.ui import data
from tracker.ui.entry import require_app_entry
from tracker.ui.layout import header

require_app_entry()  # first: a run that bypassed app.py reruns through it

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

header(
    "Export & backup",
    "Leave with all your data, any time: spreadsheets, a full backup, a copy of the database.",
)
restored_message = st.session_state.pop("restore_done", None)
if restored_message:
    st.success(restored_message, icon=":material/check_circle:")

counts, empty = data.row_counts()  # cached until the next write
stamp = date.today().isoformat()


def csv_of(name: str):
    return data.deferred(lambda s: export.table_csv(s, name))


# ------------------------------------------------------------------------ spreadsheets

st.subheader("Spreadsheets")
if empty:
    st.info(
        "Your database holds no applications yet: the files below only contain the "
        "built-in round kinds. Import a file or restore a backup first.",
        icon=":material/lightbulb:",
    )
st.caption(
    "Every table, with its ids so rows can be matched across files. Text that a "
    "spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe."
)
st.download_button(
    "Workbook: every table as a sheet (.xlsx)",
    data=data.deferred(export.workbook_bytes),
    file_name=f"job-tracker-{stamp}.xlsx",
    mime=XLSX_MIME,
    icon=":material/table_view:",
    on_click="ignore",
    type="primary",
)
grid = st.columns(4)
for position, (name, (_, stem)) in enumerate(export.TABLES.items()):
    rows = counts[name]
    grid[position % 4].download_button(
        f"{stem.replace('_', ' ').capitalize()} · {rows} row{'s' if rows != 1 else ''}",
        data=csv_of(name),
        file_name=f"{stem}.csv",
        mime=CSV_MIME,
        icon=":material/csv:",
        on_click="ignore",
        key=f"csv_{name}",
        width="stretch",
    )

# ------------------------------------------------------------------------ backup

st.subheader("Full backup")
st.caption(
    "One JSON file with every table, the schema revision and the time of the export. "
    "Restore it into an empty database, here or with `tracker restore FILE`."
)
left, right = st.columns(2)
left.download_button(
    "Download the JSON backup",
    data=data.deferred(lambda s: export.backup_bytes(s)),
    file_name=f"job-tracker-backup-{stamp}.json",
    mime="application/json",
    icon=":material/backup:",
    on_click="ignore",
    width="stretch",
)
url = db.database_url()
if db.sqlite_path(url) is not None:
    right.download_button(
        "Download a copy of the database file (.db)",
        data=lambda: export.sqlite_copy(url),
        file_name=f"tracker-{stamp}.db",
        mime="application/vnd.sqlite3",
        icon=":material/database:",
        on_click="ignore",
        width="stretch",
        help="A consistent copy made with SQLite's online backup, safe while the app runs. "
        "Open it with any SQLite tool, or point TRACKER_DATABASE_URL at it.",
    )
else:
    right.caption(
        "A copy of the database file is offered on SQLite only; on this database use the "
        "JSON backup (or your database server's own backup tools)."
    )

# ------------------------------------------------------------------------ restore

st.subheader("Restore a backup")
if not empty:
    st.info(
        "Restoring only works on an empty database, so nothing you have is overwritten "
        "or mixed. To restore, start the tracker on a new database (for example "
        "`TRACKER_DATABASE_URL=sqlite:///restored.db tracker run`) and come back here, "
        "or run `tracker --database-url sqlite:///restored.db restore FILE.json`.",
        icon=":material/info:",
    )
    st.stop()

counter = st.session_state.get("restore_counter", 0)
uploaded = st.file_uploader(
    "A JSON backup made by this page or `tracker backup`",
    type=["json"],
    key=f"restore_file_{counter}",
)
if uploaded is None:
    st.stop()
try:
    document = export.parse_backup(uploaded.getvalue())
except export.BackupError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

summary = export.backup_summary(document)
st.write(
    f"Backup of {document.get('exported_at', 'an unknown time')}, schema revision "
    f"{document.get('schema_revision')}: {sum(summary.values())} rows."
)
st.dataframe(
    pd.DataFrame(
        [(export.TABLES[name][1].replace("_", " "), n) for name, n in summary.items()],
        columns=["Table", "Rows"],
    ),
    hide_index=True,
)
if st.button("Restore this backup", icon=":material/restore:", key="restore_ask"):
    st.session_state["confirm_restore"] = True
if st.session_state.get("confirm_restore"):
    st.warning(
        "Load every row of this backup into this empty database? Its settings and "
        "round kinds replace the defaults.",
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    if yes.button("Yes, restore", type="primary", key="restore_yes"):
        try:
            restored = data.write(lambda s: export.restore_backup(s, document))
        except export.BackupError as exc:
            st.session_state.pop("confirm_restore", None)
            st.error(str(exc), icon=":material/error:")
            st.stop()
        st.session_state.pop("confirm_restore", None)
        st.session_state["restore_counter"] = counter + 1
        st.session_state["restore_done"] = (
            f"Restored {sum(restored.values())} rows from {uploaded.name}: "
            f"{restored.get('application', 0)} applications, "
            f"{restored.get('company', 0)} companies."
        )
        st.rerun()
    if no.button("Cancel", key="restore_no"):
        st.session_state.pop("confirm_restore", None)
        st.rerun()
