"""Hostile input at every service-layer create/update: stored as plain text, or refused.

Property-based (hypothesis): empty, whitespace, 100k-character strings, unicode and RTL
text, NUL bytes, HTML/script tags, ``javascript:`` markdown links, formula prefixes, negative
and huge numbers, dates far in the past or future. Every call either stores the value and
reads it back unchanged, or raises ValidationError with a message; nothing else escapes.
Runs on SQLite and on PostgreSQL (which refuses NUL bytes and over-long VARCHARs itself).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import db
from tracker.models import (
    Application,
    ApplicationCreate,
    Company,
    CompanyCreate,
    CompRangeCreate,
    FeedbackCreate,
    OfferCreate,
    RedFlagCreate,
    RoundCreate,
)
from tracker.services import applications, companies, offers, ranges, redflags, rounds
from tracker.services.errors import ValidationError

HOSTILE = [
    "",
    "   ",
    "\t\n",
    "x" * 100_000,
    "שלום עולם مرحبا",  # RTL
    "\u202eevil\u202c",  # RTL override
    "nul\x00byte",
    "<script>alert(1)</script>",
    "<b>bold</b><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2-2",
    "@SUM(A1)",
    "😀 emoji ç é ß 漢字",
    "a\r\nb",
    "' OR 1=1; --",
]
texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
numbers = st.one_of(
    st.sampled_from([0, -1, -(10**12), 10**12, 2**31, 2**63, 10**30]),
    st.integers(min_value=-(10**7), max_value=10**7),
)
dates = st.one_of(
    st.sampled_from([date(1, 1, 1), date(1900, 1, 1), date(9999, 12, 31)]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _stored_or_refused(url, action, read_back=None):
    try:
        with db.session_scope(url) as session:
            row = action(session)
            row_id = row.id
    except ValidationError as exc:
        assert exc.errors and all(isinstance(m, str) and m for m in exc.errors.values())
        return None
    if read_back is not None:
        with db.read_session(url) as session:
            read_back(session, row_id)
    return row_id


@pytest.fixture
def app_id(db_url):
    with db.session_scope(db_url) as session:
        company = companies.create_company(session=session, data=CompanyCreate(name="Base Co"))
        return applications.create_application(
            session=session,
            data=ApplicationCreate(company_id=company.id, role_title="ML", applied_on=date.today()),
        ).id


@HYPOTHESIS
@given(name=texts, notes=texts, website=texts)
def test_company_create(db_url, name, notes, website):
    def check(session, row_id):
        stored = session.get(Company, row_id)
        assert stored.research_notes == notes  # plain text, unchanged

    _stored_or_refused(
        db_url,
        lambda s: companies.create_company(
            session=s, data=CompanyCreate(name=name, research_notes=notes, website=website)
        ),
        check,
    )


@HYPOTHESIS
@given(role=texts, notes=texts, url=texts, tier=numbers, applied=dates, saved=dates)
def test_application_create_and_update(db_url, app_id, role, notes, url, tier, applied, saved):
    def create(session):
        company = session.get(Company, 1)
        return applications.create_application(
            session=session,
            data=ApplicationCreate(
                company_id=company.id,
                role_title=role,
                notes=notes,
                posting_url=url,
                tier=tier,
                applied_on=applied,
                saved_on=saved,
            ),
        )

    def check(session, row_id):
        stored = session.get(Application, row_id)
        assert stored.notes == notes and stored.role_title == role.strip()

    _stored_or_refused(db_url, create, check)
    _stored_or_refused(
        db_url,
        lambda s: applications.update_application(
            session=s,
            application_id=app_id,
            data=applications.ApplicationUpdate(role_title=role, notes=notes, tier=tier),
        ),
    )


@HYPOTHESIS
@given(text=texts, minutes=numbers, rating=numbers)
def test_round_and_feedback(db_url, app_id, text, minutes, rating):
    round_id = _stored_or_refused(
        db_url,
        lambda s: rounds.create_round(
            session=s,
            data=RoundCreate(
                application_id=app_id,
                kind="coding",
                interviewers=text,
                duration_minutes=minutes,
                self_rating=rating,
            ),
        ),
    )
    if round_id is not None:
        _stored_or_refused(
            db_url,
            lambda s: rounds.save_feedback(
                session=s,
                data=FeedbackCreate(
                    round_id=round_id, questions_asked=text, learning_objectives=text
                ),
            ),
        )


@HYPOTHESIS
@given(note=texts, severity=numbers, observed=dates)
def test_red_flag(db_url, app_id, note, severity, observed):
    _stored_or_refused(
        db_url,
        lambda s: redflags.create_red_flag(
            session=s,
            data=RedFlagCreate(company_id=1, note=note, severity=severity, observed_on=observed),
        ),
    )


@HYPOTHESIS
@given(
    currency=st.one_of(st.sampled_from(["EUR", "usd", "", "€"]), texts),
    base=numbers,
    equity=numbers,
    sign_on=st.lists(numbers, max_size=5),
    vesting=st.lists(numbers, max_size=12),
    cliff=numbers,
    notes=texts,
)
def test_offer(db_url, app_id, currency, base, equity, sign_on, vesting, cliff, notes):
    _stored_or_refused(
        db_url,
        lambda s: offers.create_offer(
            session=s,
            data=OfferCreate(
                application_id=app_id,
                currency=currency,
                base_salary=base,
                equity_grant_total=equity,
                sign_on_by_year=sign_on,
                vesting_bp_by_year=vesting,
                cliff_months=cliff,
                notes=notes,
            ),
        ),
    )


@HYPOTHESIS
@given(values=st.lists(numbers, min_size=6, max_size=6), location=texts, source=texts)
def test_comp_range(db_url, values, location, source):
    keys = ["base_p25", "base_p50", "base_p75", "total_p25", "total_p50", "total_p75"]
    _stored_or_refused(
        db_url,
        lambda s: ranges.create_range(
            session=s,
            data=CompRangeCreate(
                currency="EUR",
                location=location,
                source=source,
                **dict(zip(keys, values, strict=True)),
            ),
        ),
    )
