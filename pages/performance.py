"""Interview performance: Are you getting better, and where?"""

from tracker.ui.layout import planned_page

planned_page(
    "Interview performance",
    "Are you getting better, and where?",
    [
        "Pass rate per round kind with counts, and its trend",
        "Self-rating vs outcome",
        "The career lens: outcomes by company type and level",
    ],
)
