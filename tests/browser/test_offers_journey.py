"""Journey 3: two offers and a compensation range, then the comparison places both.

Setup only (before the server starts): two open applications for senior ML engineer roles in
Berlin, written through the tracker's services into the test's database. Then, in the
browser, a person enters each offer in the application's Offer tab, imports a range from a
CSV file on Compensation ranges, and opens Offer comparison: both offers are side by side,
and each card places the offer on the range with its percentile text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_no_exception, choose, main, open_page, settle
from tracker import db
from tracker.models import Level, Source, Stage, Track
from tracker.services import applications as app_service

ROLE = "Senior ML Engineer"
# company -> offer: base, bonus %, equity grant (4 years, 25 % a year), and where it lands on
# the range below (base 100k/120k/140k, total 130k/160k/190k: the percentile text is exact)
OFFERS = {
    "Orbital Maps": {
        "base": 100_000,
        "bonus": "10",
        "equity": 0,
        "base_text": "€100,000, ≈ p25",
        "total_text": "€110,000, below p25",  # 100k + 10k bonus
    },
    "Quanta Health": {
        "base": 140_000,
        "bonus": "0",
        "equity": 80_000,
        "base_text": "€140,000, ≈ p75",
        "total_text": "€160,000, ≈ p50",  # 140k + 80k / 4 years
    },
}
RANGES_CSV = (
    "track,level,location,currency,base_p25,base_p50,base_p75,"
    "total_p25,total_p50,total_p75,source,as_of\n"
    "ml_engineer,senior,Berlin,EUR,100000,120000,140000,130000,160000,190000,"
    f"Levels.fyi,{date.today().isoformat()}\n"
)


@pytest.fixture
def applications_for_offers(tmp_path) -> Iterator[None]:
    """The two applications, stored before the server opens the database."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    with db.session_scope(url) as session:
        for company in OFFERS:
            app_service.create_with_company(
                session=session,
                company_name=company,
                values={
                    "role_title": ROLE,
                    "track": Track.ml_engineer,
                    "level": Level.senior,
                    "tier": 2,
                    "source": Source.recruiter_inbound,
                    "location": "Berlin",
                    "stage": Stage.applied,
                    "applied_on": date.today() - timedelta(days=40),
                },
            )
    db.dispose_engines()
    yield


@pytest.fixture
def server(applications_for_offers, server) -> str:
    """The conftest's server, started on the database prepared above."""
    return server


def offer_card(page: Page, company: str) -> Locator:
    """The bordered card of one offer under "On your ranges" (one column of the grid)."""
    return (
        main(page)
        .locator("[data-testid='stColumn']")
        .filter(has_text=f"{company} · {ROLE}")
        .filter(has=page.get_by_text("Negotiation readiness"))
    )


def enter_offer(page: Page, server: str, company: str, offer: dict) -> None:
    open_page(page, server, "applications")
    choose(page, "Open an application", f"{company} — {ROLE}")
    tab = page.get_by_role("tab", name="Offer", exact=True)
    expect(tab).to_be_visible()
    settle(page)
    tab.click()
    form = (
        main(page)
        .locator("[data-testid='stForm']")
        .filter(has=page.get_by_role("button", name="Save offer"))
    )
    expect(form.get_by_text("No offer recorded")).to_have_count(0)
    choose(page, "Currency", "EUR", scope=form)
    for name, value in (
        ("Base salary per year", offer["base"]),
        ("Target bonus, % of base", offer["bonus"]),
        ("Equity grant, total value", offer["equity"]),
    ):
        form.get_by_role("spinbutton", name=name, exact=True).fill(str(value))
    choose(page, "Vesting schedule", "25/25/25/25", scope=form)
    choose(page, "Level offered", "Senior", scope=form)
    form.get_by_role("textbox", name="Location", exact=True).fill("Berlin")
    form.get_by_role("button", name="Save offer").click()
    expect(page.get_by_text("Offer saved: the application is at the offer stage.")).to_be_visible()
    settle(page)
    assert_no_exception(page)
    expect(main(page).get_by_text("Offer", exact=True).first).to_be_visible()


def test_two_offers_and_a_range_on_the_comparison(page, server, tmp_path: Path):
    # 1. Both offers, entered in their applications' Offer tab
    for company, offer in OFFERS.items():
        enter_offer(page, server, company, offer)

    # 2. A compensation range, imported from a CSV file
    open_page(page, server, "comp_ranges")
    expect(main(page).get_by_text("No range yet")).to_be_visible()
    expect(main(page).get_by_role("button", name="Download ranges CSV")).to_be_disabled()
    csv = tmp_path / "ranges.csv"
    csv.write_text(RANGES_CSV, encoding="utf-8")
    uploader = main(page).locator("[data-testid='stFileUploader']")
    uploader.locator("input[type='file']").set_input_files(csv)
    expect(main(page).get_by_text("1 row(s) read from ranges.csv.")).to_be_visible()
    settle(page)
    main(page).get_by_role("button", name="Import ranges").click()
    # the saved table now has a row: the empty state is gone and the export is enabled
    expect(main(page).get_by_text("No range yet")).to_have_count(0)
    settle(page)  # the rerun may briefly show the old button beside the new one
    expect(main(page).get_by_role("button", name="Download ranges CSV").last).to_be_enabled()
    assert_no_exception(page)

    # 3. Offer comparison: both offers side by side, each on the Berlin range
    open_page(page, server, "offer_comparison")
    assert_no_exception(page)
    side_by_side = main(page).locator("[data-testid='stTable']")
    for company in OFFERS:
        expect(side_by_side.get_by_text(company).first).to_be_visible()
    for company, offer in OFFERS.items():
        card = offer_card(page, company)
        expect(card).to_have_count(1)
        expect(
            card.get_by_text("Exact match: same track, level, location and currency.")
        ).to_be_visible()
        expect(card.get_by_role("combobox", name="Range")).to_have_value(
            "ML engineer · Senior · Berlin · EUR"
        )
        expect(card.locator("[data-testid='stPlotlyChart']")).to_be_visible()
        expect(card.get_by_text(f"Base salary: {offer['base_text']}")).to_be_visible()
        expect(
            card.get_by_text(f"Total compensation (annualised): {offer['total_text']}")
        ).to_be_visible()
