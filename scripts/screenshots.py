"""Regenerate the README's screenshots: the real app on the demo campaign, in Chromium.

    .venv/bin/python scripts/screenshots.py

Uses the browser tests' machinery (tests/support/server.py): a fresh temporary database
with the demo campaign loaded as of today, `streamlit run app.py` on a free port, Debian's
headless Chromium at 1400 px wide. Each page of ``PAGES`` is saved to
docs/screenshots/<page>.png: the whole page, cut at ``MAX_HEIGHT`` px so it stays readable.
tests/test_readme.py checks that the README shows exactly these pages and that each one is
still in the app's navigation.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.support.server import (  # noqa: E402
    app_exceptions,
    launch_chromium,
    streamlit_server,
    wait_for_app,
)
from tracker import db, demo  # noqa: E402

OUT = PROJECT / "docs" / "screenshots"
# url path (the page file's name, as in app.py's navigation) of every screenshot
PAGES = [
    "overview",
    "applications",
    "board",
    "planner",
    "pipeline",
    "performance",
    "offer_comparison",
]
DEFAULT_PAGE = "overview"  # app.py's default page lives at "/", not at "/overview"
WIDTH = 1400
MAX_HEIGHT = 1800
MAX_BYTES = 400_000
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .every(chart => chart.querySelector("svg.main-svg"))"""
CONTENT_HEIGHT_JS = """() => {
    const block = document.querySelector("[data-testid='stMainBlockContainer']");
    return Math.ceil(block.getBoundingClientRect().bottom + 24);
}"""


def load_demo_database(url: str) -> None:
    with db.session_scope(url) as session:
        demo.load_demo(session=session, today=date.today())
    db.dispose_engines()


def shoot(page: Page, base_url: str, name: str) -> Path:
    """One page, its whole height up to MAX_HEIGHT (Streamlit scrolls inside the app, so the
    viewport is made as tall as the content instead of a full-page capture)."""
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{base_url}/{'' if name == DEFAULT_PAGE else name}")
    wait_for_app(page)
    if page.get_by_text("Page not found").count():
        raise RuntimeError(f"/{name} is not a page of the app (Streamlit says: Page not found)")
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=30000)
    if errors := app_exceptions(page):
        raise RuntimeError(f"/{name} shows an exception: {errors[0][:500]}")
    height = min(int(page.evaluate(CONTENT_HEIGHT_JS)), MAX_HEIGHT)
    page.set_viewport_size({"width": WIDTH, "height": max(height, 900)})
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=30000)
    page.wait_for_timeout(800)  # charts resize to the new viewport
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    size = path.stat().st_size
    if size > MAX_BYTES:
        print(f"warning: {path.name} is {size // 1000} KB (over {MAX_BYTES // 1000} KB)")
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        load_demo_database(url)
        with streamlit_server(url) as base_url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": WIDTH, "height": 900})
            page.set_default_timeout(30000)
            # the first visit must be "/": a fresh server whose first request is a deep link
            # serves pages/<name>.py on its own, without app.py's navigation and layout
            page.goto(base_url)
            wait_for_app(page)
            for name in PAGES:
                path = shoot(page, base_url, name)
                print(f"{path.relative_to(PROJECT)}  {path.stat().st_size // 1000} KB")
            browser.close()


if __name__ == "__main__":
    main()
