"""Every page runs without an exception on an empty database and on the demo campaign."""

import pytest

from tests.pages.conftest import PAGES, no_exception


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_empty_database(open_page, page):
    at = open_page(page)
    no_exception(at)
    assert at.title, f"{page} shows no title"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_demo_data(open_page, page):
    at = open_page(page, demo=True)
    no_exception(at)
    assert at.title, f"{page} shows no title"
