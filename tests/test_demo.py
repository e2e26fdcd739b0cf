"""The demo campaign: realistic, deterministic, marked as demo and removable alone."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa

from tests.conftest import DEMO_TODAY
from tracker import db, demo
from tracker.analytics import planner
from tracker.models import ApplicationCreate, CompanyCreate, RoundCreate
from tracker.services import applications, companies, frames, rounds
from tracker.services.settings import Settings


def _load(url: str, today: date = DEMO_TODAY) -> None:
    with db.session_scope(url) as session:
        demo.load_demo(session=session, today=today)


def _snapshot(url: str) -> dict:
    with db.read_session(url) as session:
        return {
            "apps": frames.applications_frame(session)[
                ["company", "role_title", "tier", "stage", "applied_on", "close_reason"]
            ].to_dict("records"),
            "rounds": frames.rounds_frame(session)[["kind", "outcome", "scheduled_at"]].to_dict(
                "records"
            ),
        }


def test_demo_covers_the_campaign(db_url):
    _load(db_url)
    with db.read_session(db_url) as session:
        apps = frames.applications_frame(session)
        rnds = frames.rounds_frame(session)
        offers = frames.offers_frame(session)
        flags = frames.red_flags_frame(session)
        ranges = frames.ranges_frame(session)
        feedback = frames.feedback_frame(session)
    assert 55 <= len(apps) <= 65
    span = (apps["applied_on"].max() - apps["applied_on"].min()).days
    assert 90 <= span <= 130
    assert set(apps["tier"]) == {1, 2, 3}
    assert set(apps["source"]) >= {"referral", "recruiter_inbound", "cold_application"}
    assert set(apps["company_type"]) == {
        "startup", "scale_up", "public", "big_tech", "enterprise", "other"
    }  # fmt: skip
    assert set(apps["track"]) == {"ml_engineer", "data_scientist", "applied_scientist", "other"}
    assert {"passed", "failed"} <= set(rnds["outcome"])
    assert (rnds["status"] == "scheduled").sum() >= 3  # something coming up
    assert 3 <= len(offers) <= 4
    assert len({tuple(v) for v in offers["vesting_bp_by_year"]}) == len(offers)
    assert len(flags) >= 5 and len(ranges) >= 4
    assert feedback["questions_asked"].str.len().gt(0).all()
    assert apps["is_demo"].all()


def test_demo_planner_shows_every_warning_with_a_late_track(db_url):
    _load(db_url)
    with db.read_session(db_url) as session:
        apps = frames.applications_frame(session)
        rnds = frames.rounds_frame(session)
    # the whole search follows the strategy: practice first, dream jobs later
    first_applied = apps.groupby("tier")["applied_on"].min()
    assert first_applied[3] < first_applied[2] < first_applied[1]
    # the applied-scientist track opened two to three weeks ago, next to a four-month search
    track_start = apps.groupby("track")["applied_on"].min()
    late = (pd.Timestamp(DEMO_TODAY) - track_start["applied_scientist"]).days
    assert 14 <= late <= 21
    assert (track_start.drop("applied_scientist") < track_start["applied_scientist"]).all()
    # ...and booked its dream rounds at once, lower-tier ones after them
    mine = planner.with_days(rnds[rnds["track"] == "applied_scientist"])
    dream = mine[mine["tier"] == 1]
    assert len(dream) >= 2 and (dream["day"] > pd.Timestamp(DEMO_TODAY)).any()
    assert (mine["tier"] > 1).any()
    defaults = Settings()
    warnings = planner.all_warnings(
        apps,
        rnds,
        today=DEMO_TODAY,
        min_rounds=defaults.inversion_min_rounds,
        per_week=defaults.overload_per_week,
    )
    assert set(warnings["warning"]) == {"inversion", "overload", "clustering"}
    # clustering of that track only: the search as a whole is spread over four months
    assert warnings.loc[warnings["warning"] == "clustering", "title"].tolist() == [
        "Applied / research scientist track: every tier-1 round is in the first weeks of its search"
    ]


def test_demo_is_deterministic(tmp_path):
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    _load(first)
    _load(second)
    assert _snapshot(first) == _snapshot(second)
    db.dispose_engines()


def test_reloading_the_demo_replaces_it(db_url):
    _load(db_url)
    _load(db_url)
    with db.read_session(db_url) as session:
        assert len(frames.applications_frame(session)) == 60


def test_clear_demo_keeps_the_users_rows(db_url):
    with db.session_scope(db_url) as session:
        mine = companies.create_company(session=session, data=CompanyCreate(name="My Co"))
        applications.create_application(
            session=session, data=ApplicationCreate(company_id=mine.id, role_title="DS")
        )
    _load(db_url)
    with db.session_scope(db_url) as session:
        demo_app = session.exec(
            sa.text("SELECT id FROM application WHERE is_demo ORDER BY id LIMIT 1")
        ).scalar()
        # the user logs their own round on a demo application: that application is kept
        rounds.create_round(
            session=session, data=RoundCreate(application_id=demo_app, kind="coding")
        )
    with db.session_scope(db_url) as session:
        removed = demo.clear_demo(session=session)
    assert removed == 59
    with db.read_session(db_url) as session:
        apps = frames.applications_frame(session)
        assert sorted(apps["role_title"])[0] == "DS"
        assert len(apps) == 2 and not apps["is_demo"].any()
        assert frames.ranges_frame(session).empty
        assert len(frames.rounds_frame(session)) == 1
        assert not demo.has_demo(session=session)
