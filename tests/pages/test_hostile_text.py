"""User text is shown as plain text on every page and never crashes one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.pages.conftest import PAGES, PROJECT, no_exception
from tracker import db
from tracker.models import (
    ApplicationCreate,
    CompanyCreate,
    FeedbackCreate,
    OfferCreate,
    RedFlagCreate,
    RoundCreate,
    RoundStatus,
)
from tracker.services import applications, companies, offers, redflags, rounds

SCRIPT = "<script>alert('x')</script>"
HOSTILE_TEXTS = [
    SCRIPT,
    "[click](javascript:alert(1))",
    '=HYPERLINK("http://evil")',
    "שלום \u202eevil",
    "**not bold** <b>nor this</b>",
]


def _hostile_campaign(url: str) -> None:
    with db.session_scope(url) as session:
        for n, text in enumerate(HOSTILE_TEXTS):
            company = companies.create_company(
                session=session,
                data=CompanyCreate(name=f"{text} {n}", research_notes=text, questions_to_ask=text),
            )
            app = applications.create_application(
                session=session,
                data=ApplicationCreate(
                    company_id=company.id,
                    role_title=text,
                    notes=text,
                    job_description=text,
                    career_lens=text,
                    tier=n % 3 + 1,
                    applied_on=date.today() - timedelta(days=30),
                ),
            )
            rnd = rounds.create_round(
                session=session,
                data=RoundCreate(
                    application_id=app.id,
                    kind="coding",
                    interviewers=text,
                    status=RoundStatus.done,
                    outcome="passed",
                    self_rating=3,
                    scheduled_at=datetime.now(UTC) - timedelta(days=3),
                ),
            )
            rounds.save_feedback(
                session=session,
                data=FeedbackCreate(
                    round_id=rnd.id, questions_asked=text, learning_objectives=text
                ),
            )
            redflags.create_red_flag(
                session=session,
                data=RedFlagCreate(company_id=company.id, note=text, observed_on=date.today()),
            )
            offers.create_offer(
                session=session,
                data=OfferCreate(application_id=app.id, base_salary=100000, notes=text),
            )


@pytest.mark.parametrize("page", PAGES)
def test_pages_survive_hostile_text(open_page, sqlite_url, page):
    _hostile_campaign(sqlite_url)
    at = open_page(page)
    no_exception(at)
    for element in at.markdown:  # markdown may show it, but never as live HTML
        assert "<script>" not in element.value or not getattr(element.proto, "allow_html", False)


def test_no_page_allows_raw_html():
    sources = list((PROJECT / "pages").glob("*.py")) + list(
        (PROJECT / "tracker" / "ui").glob("*.py")
    )
    offenders = [
        p.name for p in sources if re.search(r"unsafe_allow_html\s*=\s*True", p.read_text())
    ]
    assert offenders == []
