"""Board: Your open applications as columns by stage."""

from tracker.ui.layout import planned_page

planned_page(
    "Board",
    "Your open applications as columns by stage.",
    [
        "Each open application as a card in its stage column: company, role, tier colour,"
        " next round and days since the last activity",
        "Move a card to another stage in one click (recorded as a stage event)",
    ],
)
