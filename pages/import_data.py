"""Import: Bring your spreadsheet or another tracker's export."""

from tracker.ui.layout import planned_page

planned_page(
    "Import",
    "Bring your spreadsheet or another tracker's export.",
    [
        "CSV or XLSX upload",
        "Column and status mapping with a preview",
        "An all-or-nothing import with a report",
    ],
)
