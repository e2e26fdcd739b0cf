"""Regenerate the README's screenshots: the real app on the demo campaign, in Chromium.

    .venv/bin/python scripts/screenshots.py

Uses the browser tests' machinery (tests/support/server.py): a fresh temporary database
with the demo loaded, `streamlit run app.py` on a free port, Debian's headless Chromium at
1400 px. Each page is saved to docs/screenshots/<page>.png, cut at 1,800 px high.
tests/test_readme.py checks that every screenshot the README shows is a page that exists.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.support.server import launch_chromium, streamlit_server, wait_for_app  # noqa: E402
from tracker import db, demo  # noqa: E402

OUT = PROJECT / "docs" / "screenshots"
PAGES = ["overview", "applications", "board", "planner", "pipeline", "offer_comparison"]
MAX_HEIGHT = 1800


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        with db.session_scope(url) as session:
            demo.load_demo(session=session)
        db.dispose_engines()
        with streamlit_server(url) as base, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": MAX_HEIGHT})
            for name in PAGES:
                page.goto(f"{base}/{name}")
                wait_for_app(page)
                page.wait_for_timeout(1500)  # let the charts draw
                path = OUT / f"{name}.png"
                page.screenshot(path=str(path), full_page=False)
                print(path.relative_to(PROJECT))
            browser.close()


if __name__ == "__main__":
    main()
