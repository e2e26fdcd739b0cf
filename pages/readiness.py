"""Readiness: What to study next, from every round you have done."""

from tracker.ui.layout import planned_page

planned_page(
    "Readiness",
    "What to study next, from every round you have done.",
    [
        "Readiness by round kind: practice count, pass rate, self-rating, last done",
        "Learning objectives as a checklist",
        "The question bank",
        "Reflections due",
    ],
)
