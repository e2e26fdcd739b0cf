"""Companies: Research notes, company type, visa sponsorship and questions to ask."""

from tracker.ui.layout import planned_page

planned_page(
    "Companies",
    "Research notes, company type, visa sponsorship and questions to ask.",
    [
        "Every company with its type, industry, sponsorship and research notes",
        "Your short list of questions to ask each one",
        "Its applications and red flags",
    ],
)
