"""Journey 1: first run on an empty database, load the demo, open every page.

Each page must open without an exception and show its main content, as a person would
recognise it: the Board's cards, the Pipeline's charts, the Import page's file picker... The
table of pages below must name every page of the navigation, so a new page cannot slip past.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_no_exception, open_page, settle


def by_testid(name: str) -> Callable[[Page], Locator]:
    return lambda page: page.locator(f"[data-testid='stMain'] [data-testid='{name}']")


def board_cards(page: Page) -> Locator:
    """A card is a bordered box in a stage column, with its Move menu and Open link."""
    return page.locator("[data-testid='stColumn'] [data-testid='stPopover']").filter(
        has=page.get_by_role("button", name="Move")
    )


# url path -> (what the user should see there, how to find it)
MAIN_CONTENT: dict[str, tuple[str, Callable[[Page], Locator]]] = {
    "": ("key figures", by_testid("stMetric")),
    "applications": ("the applications table", by_testid("stDataFrame")),
    "board": ("cards in stage columns", board_cards),
    "log_round": ("the round form", by_testid("stForm")),
    "companies": ("the companies table", by_testid("stDataFrame")),
    "red_flags": ("the red flags table", by_testid("stDataFrame")),
    "planner": ("the planner's charts", by_testid("stPlotlyChart")),
    "readiness": ("readiness tables", by_testid("stDataFrame")),
    "pipeline": ("the funnel chart", by_testid("stPlotlyChart")),
    "performance": ("pass-rate charts", by_testid("stPlotlyChart")),
    "offer_comparison": ("the side-by-side table", by_testid("stTable")),
    "comp_ranges": ("the range table", by_testid("stDataFrame")),
    "import_data": ("the file picker", by_testid("stFileUploader")),
    "export": ("download buttons", by_testid("stDownloadButton")),
    "settings": ("the settings form", by_testid("stForm")),
}


def url_path(href: str) -> str:
    return urlparse(href).path.strip("/")


def test_first_run_welcome_demo_and_every_page(page, server):
    expect(page.get_by_text("Welcome to your job search tracker")).to_be_visible()
    expect(page.get_by_text("interest you least")).to_be_visible()
    expect(page.get_by_role("link", name="Add your first application")).to_be_visible()

    page.get_by_role("button", name="Load demo data").click()
    expect(page.get_by_text("Open applications").first).to_be_visible(timeout=30000)
    settle(page)
    assert_no_exception(page)

    links = page.locator("[data-testid='stSidebarNavLink']")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    paths = [url_path(href) for href in hrefs]
    assert sorted(paths) == sorted(MAIN_CONTENT), "update MAIN_CONTENT with the navigation"
    for path in paths:
        open_page(page, server, path)
        assert_no_exception(page)
        expect(page.locator("h1").first).to_be_visible()
        what, find = MAIN_CONTENT[path]
        content = find(page)
        assert content.count() > 0, f"/{path}: {what} not shown"
        expect(content.first).to_be_visible()
