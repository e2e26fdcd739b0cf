"""Journey 2: add an application, log a passed round with feedback, see it move.

On an empty database a person adds an application through the Applications form (a new
company typed in), checks the Pipeline's funnel, logs a passed recruiter screen with what
went well on Log a round, and then sees the card in the Board's "Recruiter screen" column
and the funnel's recruiter-screen count go from 0 to 1. The card's Move menu then moves it
to the hiring manager column.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    assert_no_exception,
    choose,
    choose_new,
    main,
    open_page,
    press_segment,
    settle,
)

COMPANY = "Nimbus Robotics"
ROLE = "Perception ML Engineer"


def funnel_texts(page: Page) -> list[str]:
    """The funnel chart's bar labels, Applied first ("1 applied", "1 · 100 %"); a stage that
    nobody reached has an empty bar and no label."""
    chart = main(page).locator("[data-testid='stPlotlyChart']").first
    expect(chart.get_by_text("Furthest stage reached")).to_be_visible()
    labels = chart.locator("svg text").all_text_contents()
    return [text for text in labels if re.fullmatch(r"\d+ applied|\d+ · \d+ %", text)]


def stage_column(page: Page, stage: str) -> Locator:
    """The Board column whose heading is ``stage`` ("Recruiter screen · 1")."""
    heading = page.get_by_text(re.compile(rf"^{re.escape(stage)} · \d+$"))
    return main(page).locator("[data-testid='stColumn']").filter(has=heading)


def test_add_application_log_round_board_and_funnel(page, server):
    # 1. Applications: add one, with a company that does not exist yet
    open_page(page, server, "applications")
    form = main(page).locator("[data-testid='stForm']")
    expect(form.get_by_role("button", name="Add application")).to_be_visible()
    choose_new(page, "Company", COMPANY, scope=form)
    form.get_by_role("textbox", name="Role title", exact=True).fill(ROLE)
    choose(page, "Track", "ML engineer", scope=form)
    press_segment(form, "Interest tier", "3 · practice")
    form.get_by_role("textbox", name="Location", exact=True).fill("Lisbon")
    form.get_by_role("button", name="Add application").click()
    expect(page.get_by_text(f"Added {ROLE} at {COMPANY}.")).to_be_visible()
    settle(page)
    assert_no_exception(page)
    expect(main(page).locator("[data-testid='stDataFrame']")).to_be_visible()

    # 2. Pipeline before the round: one applied, nobody at the recruiter screen or later
    open_page(page, server, "pipeline")
    before = funnel_texts(page)
    assert before == ["1 applied"], before

    # 3. Board before: the card sits in the Applied column
    open_page(page, server, "board")
    expect(stage_column(page, "Applied").get_by_text(COMPANY)).to_be_visible()
    expect(stage_column(page, "Recruiter screen").get_by_text(COMPANY)).to_have_count(0)

    # 4. Log a round: a recruiter screen that passed, with feedback
    open_page(page, server, "log_round")
    body = main(page)
    expect(body.get_by_role("combobox", name="Application")).to_have_value(
        re.compile(re.escape(COMPANY))
    )
    choose(page, "Kind of round", "Recruiter screen")
    settle(page)  # the form's keys depend on the kind: let that rerun finish
    form = body.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Save round")
    )
    press_segment(form, "Outcome", "Passed")
    press_segment(form, "How did it go? (self-rating)", "4")
    form.get_by_role("textbox", name="What went well", exact=True).fill(
        "Clear story about the lidar pipeline"
    )
    form.get_by_role("textbox", name="What to improve", exact=True).fill(
        "Shorter answer on salary expectations"
    )
    form.get_by_role("button", name="Save round").click()
    expect(
        page.get_by_text("Round saved. Stage moved from Applied to Recruiter screen.")
    ).to_be_visible()
    settle(page)
    assert_no_exception(page)

    # 5. Board after: the card has moved to the Recruiter screen column
    open_page(page, server, "board")
    expect(stage_column(page, "Recruiter screen").get_by_text(COMPANY)).to_be_visible()
    expect(stage_column(page, "Applied").get_by_text(COMPANY)).to_have_count(0)
    assert_no_exception(page)

    # 5b. The card's Move menu (its stages are drawn once it is open) moves it on
    stage_column(page, "Recruiter screen").get_by_role("button", name="Move").click()
    menu = page.locator("[data-testid='stPopoverBody']")
    expect(menu.get_by_text(f"Move {COMPANY} to")).to_be_visible()
    stages = menu.locator("button")
    expect(stages.filter(has_text="Hiring manager")).to_have_count(1)
    expect(stages.filter(has_text="Recruiter screen")).to_have_count(0)  # its own stage
    stages.filter(has_text="Hiring manager").click()
    expect(page.get_by_text(f"Moved {ROLE} at {COMPANY} to Hiring manager.")).to_be_visible()
    settle(page)
    expect(stage_column(page, "Hiring manager").get_by_text(COMPANY)).to_be_visible()
    expect(stage_column(page, "Recruiter screen").get_by_text(COMPANY)).to_have_count(0)
    assert_no_exception(page)

    # 6. Pipeline after: the furthest stage reached went from applied to the hiring manager
    open_page(page, server, "pipeline")
    after = funnel_texts(page)
    assert after == ["1 applied", "1 · 100 %", "1 · 100 %"], after
    assert_no_exception(page)

    # 7. The feedback is kept with the round, in the application's detail view
    open_page(page, server, "applications")
    choose(page, "Open an application", f"{COMPANY} — {ROLE}")
    expect(page.get_by_role("tab", name="Rounds & feedback")).to_be_visible()
    settle(page)
    page.get_by_role("tab", name="Rounds & feedback").click()
    main(page).get_by_text(re.compile(r"Recruiter screen · .* · Passed")).click()
    expect(page.get_by_text("Clear story about the lidar pipeline")).to_be_visible()
