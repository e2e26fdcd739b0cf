"""Compensation ranges: Your table of market ranges by track, level and location."""

from tracker.ui.layout import planned_page

planned_page(
    "Compensation ranges",
    "Your table of market ranges by track, level and location.",
    [
        "An editable table of p25/p50/p75 base and total compensation",
        "CSV import and export",
    ],
)
