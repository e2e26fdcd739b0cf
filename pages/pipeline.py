"""Pipeline: Where your search leaks."""

from tracker.ui.layout import planned_page

planned_page(
    "Pipeline",
    "Where your search leaks.",
    [
        "Funnel by furthest stage reached, with conversion rates",
        "The funnel split by tier, source, company type, track and level",
        "A Sankey of flows to outcomes",
        "Time to first response and time in stage",
        "Weekly activity",
    ],
)
