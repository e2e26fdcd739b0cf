"""Planner: Least interesting first: the order to take your interviews in."""

from tracker.ui.layout import planned_page

planned_page(
    "Planner",
    "Least interesting first: the order to take your interviews in.",
    [
        "Interest tiers at a glance",
        "The recommended order (tier 3 before 2 before 1) with planned weeks",
        "A timeline of scheduled and planned rounds coloured by tier",
        "Warnings: tier-1 rounds too early, overloaded weeks, dream jobs clustered at the start",
        "Calendar (.ics) export",
    ],
)
