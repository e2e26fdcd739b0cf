"""Log a round: The fastest path after an interview."""

from tracker.ui.layout import planned_page

planned_page(
    "Log a round",
    "The fastest path after an interview.",
    [
        "Pick the application and the kind of round (duration pre-filled)",
        "Schedule it, or record outcome, self-rating, questions asked, what went well,"
        " what to improve and learning objectives",
        "The stage advances when a round implies it",
    ],
)
