"""SQLModel tables and the domain's enums: the one schema of the tracker.

Layout follows fastapi/full-stack-fastapi-template: a ``*Base`` class holds the fields a user
edits, ``*Create`` / ``*Update`` are what the services accept, and the ``table=True`` class
adds keys and bookkeeping.

Conventions every layer relies on:
- Enums are ``StrEnum`` stored as plain strings (portable across SQLite and PostgreSQL, no
  native enum types to migrate). ``LABELS`` gives the text a user sees.
- Money is an integer of the currency's major unit (e.g. 185000 USD); percentages that feed
  money maths are stored exactly: the bonus in basis points (1500 = 15 %), vesting shares as
  hundredths of a percent (2500 = 25 %), so nothing drifts.
- Timestamps (``*_at``) are timezone-aware, stored in UTC and shown in local time;
  ``*_on`` fields are calendar dates.
- ``is_demo`` marks rows created by the demo campaign, removable in one action.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import pandas as pd
import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC (the storage convention)."""
    return datetime.now(UTC)


def _str(length: int = 32) -> sa.String:
    return sa.String(length)


# --------------------------------------------------------------------------- enums


class CompanyType(StrEnum):
    startup = "startup"
    scale_up = "scale_up"
    public = "public"
    big_tech = "big_tech"
    enterprise = "enterprise"
    other = "other"


class Sponsorship(StrEnum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


class Track(StrEnum):
    ml_engineer = "ml_engineer"
    data_scientist = "data_scientist"
    applied_scientist = "applied_scientist"
    other = "other"


class Level(StrEnum):
    intern = "intern"
    junior = "junior"
    mid = "mid"
    senior = "senior"
    staff = "staff"
    principal = "principal"
    manager = "manager"


class RemoteMode(StrEnum):
    onsite = "onsite"
    hybrid = "hybrid"
    remote = "remote"


class Source(StrEnum):
    referral = "referral"
    recruiter_inbound = "recruiter_inbound"
    cold_application = "cold_application"
    networking = "networking"
    internal = "internal"
    other = "other"


class Stage(StrEnum):
    """Pipeline stages in order; ``STAGE_ORDER`` gives the rank used by "reached"."""

    wishlist = "wishlist"
    applied = "applied"
    recruiter_screen = "recruiter_screen"
    hiring_manager = "hiring_manager"
    technical = "technical"
    final = "final"
    offer = "offer"


STAGES: list[Stage] = list(Stage)
STAGE_ORDER: dict[str, int] = {s.value: i for i, s in enumerate(Stage)}


class CloseReason(StrEnum):
    rejected = "rejected"
    withdrew = "withdrew"
    ghosted = "ghosted"
    offer_declined = "offer_declined"
    offer_accepted = "offer_accepted"


class EventType(StrEnum):
    """What a StageEvent records: a stage change, a closing, or a reopening."""

    stage = "stage"
    closed = "closed"
    reopened = "reopened"


class RoundFormat(StrEnum):
    phone = "phone"
    video = "video"
    onsite = "onsite"


class RoundStatus(StrEnum):
    scheduled = "scheduled"
    done = "done"
    cancelled = "cancelled"
    no_show = "no_show"


class Outcome(StrEnum):
    pending = "pending"
    passed = "passed"
    failed = "failed"
    unknown = "unknown"


class FeedbackSource(StrEnum):
    self = "self"
    recruiter = "recruiter"
    interviewer = "interviewer"


class RedFlagCategory(StrEnum):
    overwork = "overwork"
    ghosting = "ghosting"
    high_turnover = "high_turnover"
    unprepared_interviewers = "unprepared_interviewers"
    unfair_interview = "unfair_interview"
    evasive_team_value = "evasive_team_value"
    bad_reviews = "bad_reviews"
    gut_feeling = "gut_feeling"
    other = "other"


class OfferStatus(StrEnum):
    pending = "pending"
    negotiating = "negotiating"
    accepted = "accepted"
    declined = "declined"
    expired = "expired"


TIERS: dict[int, str] = {1: "Tier 1 · dream", 2: "Tier 2 · good", 3: "Tier 3 · practice"}

LABELS: dict[str, str] = {
    # company types
    "startup": "Startup",
    "scale_up": "Scale-up",
    "public": "Public company",
    "big_tech": "Big tech",
    "enterprise": "Non-tech enterprise",
    "other": "Other",
    # sponsorship
    "yes": "Yes",
    "no": "No",
    "unknown": "Unknown",
    # tracks
    "ml_engineer": "ML engineer",
    "data_scientist": "Data scientist",
    "applied_scientist": "Applied / research scientist",
    # levels
    "intern": "Intern",
    "junior": "Junior",
    "mid": "Mid",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
    "manager": "Manager",
    # remote modes / formats
    "onsite": "On-site",
    "hybrid": "Hybrid",
    "remote": "Remote",
    "phone": "Phone",
    "video": "Video",
    # sources
    "referral": "Referral",
    "recruiter_inbound": "Recruiter inbound",
    "cold_application": "Cold application",
    "networking": "Networking / event",
    "internal": "Internal",
    # stages
    "wishlist": "Wishlist",
    "applied": "Applied",
    "recruiter_screen": "Recruiter screen",
    "hiring_manager": "Hiring manager",
    "technical": "Technical rounds",
    "final": "Final / onsite",
    "offer": "Offer",
    # close reasons
    "rejected": "Rejected by them",
    "withdrew": "I withdrew",
    "ghosted": "Ghosted",
    "offer_declined": "Offer declined",
    "offer_accepted": "Offer accepted",
    # round status / outcome
    "scheduled": "Scheduled",
    "done": "Done",
    "cancelled": "Cancelled",
    "no_show": "No-show",
    "pending": "Pending",
    "passed": "Passed",
    "failed": "Failed",
    # feedback sources
    "self": "Self",
    "recruiter": "Recruiter",
    "interviewer": "Interviewer",
    # red flags
    "overwork": "Overwork expected",
    "ghosting": "Ghosting",
    "high_turnover": "High turnover",
    "unprepared_interviewers": "Unprepared / prepared-questions-only interviewers",
    "unfair_interview": "Unfair or rude interview",
    "evasive_team_value": "Evasive about the team's value",
    "bad_reviews": "Bad reviews",
    "gut_feeling": "Gut feeling",
    # offer status
    "negotiating": "Negotiating",
    "accepted": "Accepted",
    "declined": "Declined",
    "expired": "Expired",
}


def label(value: object) -> str:
    """The user-facing text of an enum value (falls back to the value itself); a missing
    value (None, or NaN / NA from a frame's text column) is ""."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    key = value.value if isinstance(value, StrEnum) else str(value)
    return LABELS.get(key, key.replace("_", " ").capitalize())


# The round kinds of DOMAIN.md with their typical length; seeded into ``round_kind`` by the
# first migration. Users may add their own kinds.
DEFAULT_ROUND_KINDS: list[tuple[str, str, int]] = [
    ("recruiter_screen", "Recruiter screen", 30),
    ("hiring_manager", "Hiring manager", 45),
    ("coding", "Coding (DS&A)", 60),
    ("ml_coding", "ML coding", 45),
    ("ml_concepts", "ML concepts / breadth", 45),
    ("ml_depth", "ML depth / resume deep-dive", 45),
    ("ml_system_design", "ML system design", 45),
    ("case_study", "Case study / product sense", 45),
    ("statistics", "Statistics & probability", 45),
    ("sql", "SQL / data manipulation", 45),
    ("behavioral", "Behavioral", 30),
    ("take_home", "Take-home", 240),
    ("team_match", "Team match / final / offer call", 30),
]


# --------------------------------------------------------------------------- tables


class CompanyBase(SQLModel):
    name: str = Field(sa_type=sa.String(200))
    company_type: CompanyType = Field(default=CompanyType.other, sa_type=_str())
    industry: str = Field(default="", sa_type=sa.String(200))
    website: str = Field(default="", sa_type=sa.String(500))
    sponsors_visa: Sponsorship = Field(default=Sponsorship.unknown, sa_type=_str(16))
    research_notes: str = Field(default="", sa_type=sa.Text)
    questions_to_ask: str = Field(default="", sa_type=sa.Text)


class CompanyCreate(CompanyBase):
    is_demo: bool = False


class CompanyUpdate(SQLModel):
    name: str | None = None
    company_type: CompanyType | None = None
    industry: str | None = None
    website: str | None = None
    sponsors_visa: Sponsorship | None = None
    research_notes: str | None = None
    questions_to_ask: str | None = None


class Company(CompanyBase, table=True):
    __tablename__ = "company"

    id: int | None = Field(default=None, primary_key=True)
    # lower-cased name: the unique key that makes "Acme" and "ACME" the same company
    name_key: str = Field(sa_type=sa.String(200), sa_column_kwargs={"unique": True})
    is_demo: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ApplicationBase(SQLModel):
    company_id: int = Field(foreign_key="company.id", ondelete="CASCADE", index=True)
    role_title: str = Field(sa_type=sa.String(200))
    track: Track = Field(default=Track.ml_engineer, sa_type=_str())
    level: Level | None = Field(default=None, sa_type=_str())
    level_label: str = Field(default="", sa_type=sa.String(50))  # the company's own label, e.g. L5
    location: str = Field(default="", sa_type=sa.String(200))
    remote_mode: RemoteMode | None = Field(default=None, sa_type=_str())
    source: Source = Field(default=Source.cold_application, sa_type=_str())
    referrer: str = Field(default="", sa_type=sa.String(200))
    posting_url: str = Field(default="", sa_type=sa.String(1000))
    job_description: str = Field(default="", sa_type=sa.Text)
    keywords: str = Field(default="", sa_type=sa.Text)  # comma-separated
    tier: int = 2  # 1 = dream, 2 = good, 3 = practice (validated by the services)
    career_lens: str = Field(default="", sa_type=sa.Text)
    interview_format: str = Field(
        default="", sa_type=sa.Text
    )  # what the user learned about this company's loop
    notes: str = Field(default="", sa_type=sa.Text)
    saved_on: date | None = None
    applied_on: date | None = None
    reapply_after: date | None = None
    next_follow_up: date | None = None
    planned_week: date | None = None  # Monday of the week the planner puts it in


class ApplicationCreate(ApplicationBase):
    stage: Stage = Stage.applied
    is_demo: bool = False


class ApplicationUpdate(SQLModel):
    company_id: int | None = None
    role_title: str | None = None
    track: Track | None = None
    level: Level | None = None
    level_label: str | None = None
    location: str | None = None
    remote_mode: RemoteMode | None = None
    source: Source | None = None
    referrer: str | None = None
    posting_url: str | None = None
    job_description: str | None = None
    keywords: str | None = None
    tier: int | None = None
    career_lens: str | None = None
    interview_format: str | None = None
    notes: str | None = None
    saved_on: date | None = None
    applied_on: date | None = None
    reapply_after: date | None = None
    next_follow_up: date | None = None
    planned_week: date | None = None


class Application(ApplicationBase, table=True):
    __tablename__ = "application"

    id: int | None = Field(default=None, primary_key=True)
    stage: Stage = Field(default=Stage.applied, sa_type=_str(), index=True)
    closed_on: date | None = None
    close_reason: CloseReason | None = Field(default=None, sa_type=_str())
    archived: bool = False
    is_demo: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class StageEvent(SQLModel, table=True):
    """One change in an application's life: a new stage, a closing, or a reopening."""

    __tablename__ = "stage_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    event_type: EventType = Field(default=EventType.stage, sa_type=_str(16))
    stage: Stage | None = Field(default=None, sa_type=_str())  # for event_type == stage
    close_reason: CloseReason | None = Field(default=None, sa_type=_str())
    occurred_on: date
    note: str = Field(default="", sa_type=sa.Text)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class RoundKind(SQLModel, table=True):
    """A kind of interview round; the defaults come from DOMAIN.md, users add their own."""

    __tablename__ = "round_kind"

    key: str = Field(primary_key=True, sa_type=sa.String(50))
    label: str = Field(sa_type=sa.String(100))
    default_minutes: int = 45
    builtin: bool = False


class RoundBase(SQLModel):
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    kind: str = Field(foreign_key="round_kind.key", sa_type=sa.String(50), index=True)
    scheduled_at: datetime | None = None  # aware; stored in UTC
    duration_minutes: int = 45
    format: RoundFormat = Field(default=RoundFormat.video, sa_type=_str(16))
    interviewers: str = Field(default="", sa_type=sa.Text)
    status: RoundStatus = Field(default=RoundStatus.scheduled, sa_type=_str(16))
    outcome: Outcome = Field(default=Outcome.pending, sa_type=_str(16))
    self_rating: int | None = None  # 1-5
    notes: str = Field(default="", sa_type=sa.Text)


class RoundCreate(RoundBase):
    is_demo: bool = False


class RoundUpdate(SQLModel):
    kind: str | None = None
    scheduled_at: datetime | None = None
    duration_minutes: int | None = None
    format: RoundFormat | None = None
    interviewers: str | None = None
    status: RoundStatus | None = None
    outcome: Outcome | None = None
    self_rating: int | None = None
    notes: str | None = None


class Round(RoundBase, table=True):
    __tablename__ = "interview_round"

    id: int | None = Field(default=None, primary_key=True)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class FeedbackBase(SQLModel):
    round_id: int = Field(foreign_key="interview_round.id", ondelete="CASCADE", index=True)
    questions_asked: str = Field(default="", sa_type=sa.Text)  # one question per line
    went_well: str = Field(default="", sa_type=sa.Text)
    to_improve: str = Field(default="", sa_type=sa.Text)
    learning_objectives: str = Field(default="", sa_type=sa.Text)  # one objective per line
    source: FeedbackSource = Field(default=FeedbackSource.self, sa_type=_str(16))
    reflect_after: date | None = None
    reflected_on: date | None = None  # set once the calm, day-after reflection is written


class FeedbackCreate(FeedbackBase):
    is_demo: bool = False


class Feedback(FeedbackBase, table=True):
    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class LearningObjective(SQLModel, table=True):
    """A checklist item born from feedback, linked to the round (and kind) that produced it."""

    __tablename__ = "learning_objective"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=sa.String(500))
    kind: str | None = Field(default=None, foreign_key="round_kind.key", sa_type=sa.String(50))
    round_id: int | None = Field(
        default=None, foreign_key="interview_round.id", ondelete="SET NULL", index=True
    )
    done: bool = False
    done_on: date | None = None
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class RedFlagBase(SQLModel):
    company_id: int = Field(foreign_key="company.id", ondelete="CASCADE", index=True)
    application_id: int | None = Field(
        default=None, foreign_key="application.id", ondelete="SET NULL"
    )
    round_id: int | None = Field(
        default=None, foreign_key="interview_round.id", ondelete="SET NULL"
    )
    category: RedFlagCategory = Field(default=RedFlagCategory.other, sa_type=_str())
    severity: int = 2  # 1 minor - 3 serious
    note: str = Field(default="", sa_type=sa.Text)
    observed_on: date


class RedFlagCreate(RedFlagBase):
    is_demo: bool = False


class RedFlag(RedFlagBase, table=True):
    __tablename__ = "red_flag"

    id: int | None = Field(default=None, primary_key=True)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class OfferBase(SQLModel):
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    currency: str = Field(default="USD", sa_type=sa.String(3))
    base_salary: int = 0  # per year, major unit
    target_bonus_bp: int = 0  # target bonus, basis points of base (1500 = 15 %)
    sign_on_by_year: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    equity_grant_total: int = 0  # value of the whole grant at offer time
    vesting_bp_by_year: list[int] = Field(  # share vesting each year, 1/100 % (sum 10000)
        default_factory=lambda: [2500, 2500, 2500, 2500], sa_column=Column(JSON)
    )
    cliff_months: int = 12
    relocation: int = 0
    level_offered: Level | None = Field(default=None, sa_type=_str())
    level_label: str = Field(default="", sa_type=sa.String(50))
    location: str = Field(default="", sa_type=sa.String(200))
    received_on: date | None = None
    deadline: date | None = None
    status: OfferStatus = Field(default=OfferStatus.pending, sa_type=_str(16))
    notes: str = Field(default="", sa_type=sa.Text)


class OfferCreate(OfferBase):
    is_demo: bool = False


class Offer(OfferBase, table=True):
    __tablename__ = "offer"

    id: int | None = Field(default=None, primary_key=True)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CompRangeBase(SQLModel):
    track: Track = Field(default=Track.ml_engineer, sa_type=_str())
    level: Level = Field(default=Level.senior, sa_type=_str())
    location: str = Field(default="", sa_type=sa.String(200))
    currency: str = Field(default="USD", sa_type=sa.String(3))
    base_p25: int
    base_p50: int
    base_p75: int
    total_p25: int
    total_p50: int
    total_p75: int
    source: str = Field(default="", sa_type=sa.String(200))
    as_of: date | None = None


class CompRangeCreate(CompRangeBase):
    is_demo: bool = False


class CompRange(CompRangeBase, table=True):
    __tablename__ = "comp_range"

    id: int | None = Field(default=None, primary_key=True)
    is_demo: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Setting(SQLModel, table=True):
    """One user preference, stored as JSON text; typed defaults live in services.settings."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, sa_type=sa.String(64))
    value: str = Field(default="null", sa_type=sa.Text)


class AppMeta(SQLModel, table=True):
    """A single row whose ``data_version`` every write bumps (the cache key of loaders)."""

    __tablename__ = "app_meta"

    id: int = Field(default=1, primary_key=True)
    data_version: int = 0
    # the log below is complete for versions above this one (older entries were pruned)
    change_log_floor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


#: Tables whose every inserted, updated or deleted row a database trigger records in the
#: change log (migration 0002), with their integer id column (None: logged as a whole).
LOGGED_TABLES: dict[str, str | None] = {
    "company": "id",
    "application": "id",
    "stage_event": "id",
    "interview_round": "id",
    "feedback": "id",
    "learning_objective": "id",
    "red_flag": "id",
    "offer": "id",
    "comp_range": "id",
    "round_kind": None,
}


class ChangeLog(SQLModel, table=True):
    """One row a write touched: written by triggers, read by the cached frames to reload
    only what changed since the version they hold (``row_id`` None: the whole table)."""

    __tablename__ = "change_log"

    id: int | None = Field(
        default=None, primary_key=True, sa_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    )
    version: int = Field(index=True)
    table_name: str = Field(sa_type=sa.String(32))
    row_id: int | None = Field(default=None, sa_type=sa.BigInteger())
