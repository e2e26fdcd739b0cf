"""Interview performance page on empty data, on demo data, and without any outcome yet."""

from datetime import date

from tests.pages.conftest import no_exception
from tracker import db
from tracker.models import ApplicationCreate, CompanyCreate
from tracker.services.applications import create_application
from tracker.services.companies import create_company


def test_empty_database(open_page):
    at = open_page("pages/performance.py")
    no_exception(at)
    assert at.title[0].value == "Interview performance"
    assert "record whether you passed" in at.info[0].value


def test_demo_shows_rates_trend_self_rating_and_lens(open_page):
    at = open_page("pages/performance.py", demo=True)
    no_exception(at)
    assert [s.value for s in at.subheader] == [
        "Pass rate by round kind",
        "Are you improving?",
        "Self-rating vs outcome",
        "Career lens",
    ]
    # pass rates, trend, self-rating, and one lens chart per tab
    assert len(at.get("plotly_chart")) == 5
    reading = at.info[-1].value
    assert "the strongest difference" in reading or "Not enough" in reading
    rates = at.dataframe[0].value
    assert {"Round kind", "Pass rate", "Passed", "Failed", "Pending"} <= set(rates.columns)
    assert len(at.tabs) == 2


def test_applications_without_outcomes_still_show_the_career_lens(open_page, sqlite_url):
    with db.session_scope(sqlite_url) as s:
        company = create_company(session=s, data=CompanyCreate(name="Acme", company_type="startup"))
        create_application(
            session=s,
            data=ApplicationCreate(
                company_id=company.id, role_title="Data Scientist", applied_on=date(2026, 1, 5)
            ),
        )
    at = open_page("pages/performance.py")
    no_exception(at)
    assert "record whether you passed" in at.info[0].value
    assert "Not enough to compare" in at.info[-1].value
    assert len(at.get("plotly_chart")) == 2  # the two career-lens charts
