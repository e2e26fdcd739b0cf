"""Ring 3: the real app served by Streamlit, driven in Debian's headless Chromium.

Every test in this folder is marked ``browser``. Each gets a fresh server on a fresh SQLite
database; a failing test leaves a full-page screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.support.server import (
    app_exceptions,
    launch_chromium,
    save_failure_screenshot,
    streamlit_server,
    wait_for_app,
)

VIEWPORT = {"width": 1400, "height": 900}
# reruns take a moment, more so on a loaded 2-core machine: wait up to 30 s for what we expect
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# per module, so no Playwright loop outlives this folder (tests/support starts its own)
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """A fresh server on a fresh database; yields its base URL."""
    with streamlit_server(f"sqlite:///{tmp_path / 'tracker.db'}") as url:
        yield url


@pytest.fixture
def page(browser, server, request) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.set_default_timeout(30000)
    tab.goto(server)
    wait_for_app(tab)
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        save_failure_screenshot(tab, request.node.name)
    context.close()


def settle(page: Page) -> None:
    """Let a rerun start and finish (a click schedules it a moment later)."""
    page.wait_for_timeout(300)
    wait_for_app(page)


def open_page(page: Page, base_url: str, path: str) -> None:
    page.goto(f"{base_url.rstrip('/')}/{path.lstrip('/')}")
    wait_for_app(page)


def assert_no_exception(page: Page) -> None:
    assert app_exceptions(page) == []


def main(page: Page) -> Locator:
    """The page's main area (the sidebar's navigation repeats the page names)."""
    return page.locator("[data-testid='stMain']")


def choose(page: Page, label: str, option: str, *, scope: Locator | None = None) -> None:
    """Pick ``option`` in the selectbox labelled ``label``, as a person does: open, click."""
    area = scope if scope is not None else main(page)
    box = area.get_by_role("combobox", name=label)
    listbox = page.get_by_role("listbox")
    for _attempt in range(3):
        # the first click can be spent blurring a field just typed in (a number input
        # commits its value on blur): open the list again until it shows
        box.click()
        try:
            expect(listbox).to_be_visible(timeout=3000)
            break
        except AssertionError:
            continue
    listbox.get_by_role("option", name=option, exact=True).click()
    expect(listbox).to_have_count(0)


def choose_new(page: Page, label: str, text: str, *, scope: Locator | None = None) -> None:
    """Type a value that is not in a selectbox's list yet (``accept_new_options``)."""
    area = scope if scope is not None else main(page)
    box = area.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value(text)


def press_segment(scope: Locator, label: str, option: str) -> None:
    """Pick one option of a single-choice st.segmented_control / st.pills (a radio group)."""
    radio = scope.get_by_role("radiogroup", name=label).get_by_role(
        "radio", name=option, exact=True
    )
    radio.click()
    expect(radio).to_be_checked()
