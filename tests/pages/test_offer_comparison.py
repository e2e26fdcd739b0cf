"""Offer comparison page on empty and demo data, and with offers in two currencies."""

import json

from sqlmodel import select

from tests.pages.conftest import load_demo_into, no_exception
from tracker import db
from tracker.models import Offer, OfferCreate
from tracker.services.offers import create_offer

PAGE = "pages/offer_comparison.py"


def test_empty_database_guides_the_user(open_page):
    at = open_page(PAGE)
    no_exception(at)
    assert "No offer yet" in at.info[0].value


def test_demo_offers_side_by_side_on_their_ranges(open_page):
    at = open_page(PAGE, demo=True)
    no_exception(at)
    assert len(at.multiselect[0].value) == 4  # the demo's four open EUR offers
    side = at.table[0].value
    assert side.shape[1] == 4
    first = side.iloc[:, 0]
    # demo offer 1: 105000 base, 10 % bonus, 120000 over 25/25/25/25, 20000 sign-on in year 1
    assert first["Base salary"] == "€105,000"
    assert first["Year 1 total"] == "€165,500" and first["Year 2 total"] == "€145,500"
    assert first["Annualised total"] == "€150,500"
    assert first["Vesting"] == "25/25/25/25 % over 4 years · 12-month cliff"
    assert first["Interest tier"].startswith("Tier")
    assert "in EUR" in first["Rank by annualised total"]
    assert not at.warning  # one currency: no exchange-rate prompt
    # every offer gets a range picker defaulting to its closest demo range
    pickers = [s for s in at.selectbox if s.label == "Range"]
    assert len(pickers) == 4 and all(p.value is not None for p in pickers)
    text = " ".join(m.value for m in at.markdown)
    assert "Negotiation readiness" in text and "Two comparable offers" in text


def test_the_user_can_pick_another_range_or_none(open_page):
    at = open_page(PAGE, demo=True)
    picker = next(s for s in at.selectbox if s.label == "Range")
    assert picker.options[0] == "No range"
    picker.select_index(2).run()  # not the automatic match
    no_exception(at)
    assert any("A range you picked" in c.value for c in at.caption)
    next(s for s in at.selectbox if s.label == "Range").select_index(0).run()
    no_exception(at)
    assert any("No range picked" in c.value for c in at.caption)


def test_two_currencies_are_not_ranked_together_without_a_rate(open_page, sqlite_url):
    load_demo_into(sqlite_url)
    with db.session_scope(sqlite_url) as s:
        app_id = s.exec(select(Offer.application_id)).first()
        create_offer(
            session=s,
            data=OfferCreate(application_id=app_id, currency="USD", base_salary=200000),
        )
    at = open_page(PAGE)
    no_exception(at)
    assert "never added up or ranked" in at.warning[0].value
    usd = at.table[0].value.iloc[:, -1]
    assert usd["Base salary"] == "$200,000"
    assert usd["Rank by annualised total"] == "1 of 1 in USD"
    assert component_titles(at) == [
        "Pay per year by component (EUR)",
        "Pay per year by component (USD)",
    ]
    next(s for s in at.selectbox if s.label == "Compare in").set_value("EUR").run()
    rate = next(t for t in at.text_input if t.label == "1 USD = how many EUR?")
    rate.input("0.5").run()
    no_exception(at)
    assert "1 USD = 0.5 EUR" in at.info[0].value
    converted = at.table[0].value.iloc[:, -1]
    assert converted["Base salary"] == "€100,000"
    assert converted["Currency"] == "USD → EUR"
    assert converted["Rank by annualised total"].endswith("of 5")
    assert component_titles(at) == ["Pay per year by component (EUR)"]  # one chart now
    rate.input("abc").run()
    assert any("not a number" in e.value for e in at.error)


def component_titles(at) -> list[str]:
    """The titles of the page's pay-per-component charts, in page order."""
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    return [t for t in titles if t.startswith("Pay per year by component")]
