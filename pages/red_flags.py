"""Red flags: Every red flag you noted, by company."""

from tracker.ui.layout import planned_page

planned_page(
    "Red flags",
    "Every red flag you noted, by company.",
    [
        "Red flags by company with category and severity, filterable",
        "Add one from an application, a round or a company",
    ],
)
