"""Export & backup: Leave with all your data, any time."""

from tracker.ui.layout import planned_page

planned_page(
    "Export & backup",
    "Leave with all your data, any time.",
    [
        "Every table as CSV and as one XLSX workbook",
        "A full JSON backup and restore",
        "A copy of the database file",
    ],
)
