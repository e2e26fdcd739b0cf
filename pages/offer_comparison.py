"""Offer comparison: Every offer side by side, against the market range."""

from tracker.ui.layout import planned_page

planned_page(
    "Offer comparison",
    "Every offer side by side, against the market range.",
    [
        "Base, bonus, equity, sign-on and relocation per offer",
        "Year 1-4 totals and the annualised total",
        "Each offer on its compensation range with an estimated percentile",
        "Negotiation readiness",
    ],
)
