"""Journey 4: import a CSV through the Import page and find the rows in Applications.

A person exports a spreadsheet from another tracker (headers as people write them, one status
per row), uploads it, checks the suggested mapping and the preview, imports, and opens the
Applications page: the three companies are there, each at the stage its status means.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_exception, main, open_page, settle

CSV = """Employer,Job Title,Status,Date Applied,Link
Orchid Analytics,Data Scientist,Applied,2026-09-01,https://jobs.example.com/1
Basalt AI,ML Engineer,Phone screen,2026-09-03,https://jobs.example.com/2
Quokka Labs,Applied Scientist,Rejected,2026-09-05,https://jobs.example.com/3
"""
COMPANIES = ["Orchid Analytics", "Basalt AI", "Quokka Labs"]


def test_import_a_csv_and_see_the_rows(page, server, tmp_path):
    source = tmp_path / "my_tracker_export.csv"
    source.write_text(CSV, encoding="utf-8")

    open_page(page, server, "import_data")
    main(page).locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(source)
    # the preview: three rows to create, no errors, and the import button says so
    go = main(page).get_by_role("button", name="Import 3 applications")
    expect(go).to_be_visible()
    settle(page)
    assert_no_exception(page)
    expect(go).to_be_enabled()
    go.click()
    expect(main(page).get_by_role("link", name="See applications")).to_be_visible()
    settle(page)
    assert_no_exception(page)

    main(page).get_by_role("link", name="See applications").click()
    expect(main(page).get_by_text("3 of 3 applications", exact=False)).to_be_visible()
    settle(page)
    assert_no_exception(page)
    # every imported application is in the picker that opens its detail view
    main(page).get_by_role("combobox", name="Open an application").click()
    options = page.get_by_role("listbox")
    expect(options).to_be_visible()
    for company in COMPANIES:
        expect(options.get_by_text(company, exact=False)).to_be_visible()
