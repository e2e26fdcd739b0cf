"""Journey 4: import a CSV through the Import page and find its rows in Applications.

The file has a column the importer cannot guess ("Gig"): the person maps it to the role
title, checks the statuses and the preview, imports, and then finds every row in the
Applications table (its count, and each application in the "Open an application" picker).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_exception, choose, main, open_page, settle

ROWS = [  # company, role ("Gig"), status, applied
    ("Fjord Analytics", "Data Scientist", "Applied", "2025-03-03"),
    ("Larch & Co", "ML Engineer, Search", "Phone Screen", "2025-03-10"),
    ("Pebble Systems", "Applied Scientist", "Rejected", "2025-02-20"),
]


def write_csv(path: Path) -> Path:
    lines = ["Company,Gig,Status,Date Applied"]
    lines += [",".join(f'"{value}"' for value in row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_csv_then_rows_in_the_table(page, server, tmp_path):
    open_page(page, server, "import_data")
    body = main(page)
    upload = write_csv(tmp_path / "my_search.csv")
    body.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(upload)

    # 2. mapping: company, status and date are recognised, "Gig" is not (yet)
    expect(body.get_by_text("2. Check how the columns are read")).to_be_visible()
    expect(body.get_by_text("3 rows · utf-8 text, comma-separated")).to_be_visible()
    expect(body.get_by_role("combobox", name="Column “Company”")).to_have_value("Company")
    expect(body.get_by_role("combobox", name="Column “Date Applied”")).to_have_value("Applied date")
    expect(body.get_by_role("combobox", name="Column “Gig”")).to_have_value("(ignore)")
    expect(body.get_by_text("Pick the column that holds the role title.")).to_be_visible()
    settle(page)
    choose(page, "Column “Gig”", "Role title")

    # 3. statuses, all recognised; 4. preview: three to create, nothing else
    expect(body.get_by_text("3. Map the statuses to stages")).to_be_visible()
    expect(body.get_by_text("not recognised")).to_have_count(0)
    preview = body.get_by_text("4. Preview")
    expect(preview).to_be_visible()
    settle(page)
    metrics = body.locator("[data-testid='stMetric']")
    expect(metrics.filter(has_text="Rows to create")).to_contain_text("3")
    expect(metrics.filter(has_text="Rows with errors")).to_contain_text("0")
    expect(metrics.filter(has_text="New companies")).to_contain_text("3")
    assert_no_exception(page)

    body.get_by_role("button", name="Import 3 applications").click()
    see = body.get_by_role("link", name="See applications")
    expect(see).to_be_visible()
    expect(
        body.get_by_text(
            "Imported 3 applications, 3 new companies, 0 duplicates skipped, "
            "0 rows with errors skipped."
        )
    ).to_be_visible()
    settle(page)
    assert_no_exception(page)

    # the rows are in the Applications table
    see.click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    expect(body.get_by_text("3 of 3 applications")).to_be_visible()
    settle(page)
    expect(body.locator("[data-testid='stDataFrame']")).to_be_visible()
    body.get_by_role("combobox", name="Open an application").click()
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(len(ROWS))
    for company, role, _status, _applied in ROWS:
        expect(options.filter(has_text=f"{company} — {role}")).to_have_count(1)
    page.keyboard.press("Escape")

    # and the statuses became stages: the phone screen is at the recruiter screen
    choose(page, "Open an application", "Larch & Co — ML Engineer, Search")
    expect(page.get_by_role("tab", name="Timeline")).to_be_visible()
    expect(body.get_by_text("Recruiter screen").first).to_be_visible()
    assert_no_exception(page)
