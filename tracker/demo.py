"""The demo campaign: a deterministic, realistic ML / DS job search to explore the dashboard.

About 60 applications over ~4 months ending around ``today``: every tier, source, company
type and track; rounds with outcomes, feedback with real-sounding questions, red flags,
four offers with different vesting schedules, and comp ranges for the tracks and levels
used. The ML-engineer / data-scientist search follows the strategy (practice first, dream
jobs later); the applied-scientist search opened only two weeks ago and booked its dream
rounds straight away (``LATE_SEARCH``), so the planner has each of its warnings to show.
It is written through the services (so it obeys the same validation) in one transaction;
every row is marked ``is_demo`` and ``clear_demo`` removes exactly those rows. The same
``seed`` and ``today`` always give the same campaign.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.models import (
    STAGE_ORDER,
    Application,
    ApplicationCreate,
    CloseReason,
    Company,
    CompanyCreate,
    CompanyType,
    CompRange,
    CompRangeCreate,
    Feedback,
    FeedbackCreate,
    FeedbackSource,
    LearningObjective,
    Level,
    Offer,
    OfferCreate,
    OfferStatus,
    Outcome,
    RedFlag,
    RedFlagCategory,
    RedFlagCreate,
    RemoteMode,
    Round,
    RoundCreate,
    RoundFormat,
    RoundStatus,
    Source,
    Sponsorship,
    Stage,
    StageEvent,
    Track,
)
from tracker.services import applications as app_service
from tracker.services import companies as company_service
from tracker.services import offers as offer_service
from tracker.services import ranges as range_service
from tracker.services import redflags as flag_service
from tracker.services import rounds as round_service

SEED = 20261122
CAMPAIGN_DAYS = 120
CAMPAIGN_APPLICATIONS = 56  # plus the late-started search (LATE_SEARCH): 60 in all

COMPANIES: list[tuple[str, CompanyType, str]] = [
    ("Lumina Robotics", CompanyType.startup, "Robotics"),
    ("Quanta Health AI", CompanyType.startup, "Healthcare"),
    ("Fernweh Travel", CompanyType.startup, "Travel"),
    ("Parcelly", CompanyType.startup, "Logistics"),
    ("Nimbus Labs", CompanyType.startup, "Developer tools"),
    ("Tidepool Energy", CompanyType.startup, "Energy"),
    ("Cobalt Credit", CompanyType.scale_up, "Fintech"),
    ("Orbital Maps", CompanyType.scale_up, "Geospatial"),
    ("Kestrel Security", CompanyType.scale_up, "Cybersecurity"),
    ("Brightpath Learning", CompanyType.scale_up, "Education"),
    ("Vireo Commerce", CompanyType.scale_up, "E-commerce"),
    ("Helix Bio", CompanyType.scale_up, "Biotech"),
    ("Meridian Bank", CompanyType.public, "Banking"),
    ("Atlas Freight", CompanyType.public, "Logistics"),
    ("Sundial Media", CompanyType.public, "Media"),
    ("Crescent Insurance", CompanyType.public, "Insurance"),
    ("Pinecone Retail", CompanyType.public, "Retail"),
    ("Gigascale", CompanyType.big_tech, "Cloud"),
    ("Searchlight", CompanyType.big_tech, "Search & ads"),
    ("Streamwave", CompanyType.big_tech, "Streaming"),
    ("Socialite", CompanyType.big_tech, "Social media"),
    ("Northwind Manufacturing", CompanyType.enterprise, "Manufacturing"),
    ("Greenfield Agritech", CompanyType.enterprise, "Agriculture"),
    ("Civic Transit Authority", CompanyType.other, "Public sector"),
]

ROLES: dict[Track, list[str]] = {
    Track.ml_engineer: ["Machine Learning Engineer", "ML Platform Engineer", "MLOps Engineer"],
    Track.data_scientist: ["Data Scientist", "Product Data Scientist", "Data Scientist, Growth"],
    Track.applied_scientist: ["Applied Scientist", "Research Scientist, NLP"],
    Track.other: ["Analytics Engineer", "ML Solutions Architect"],
}


class LateApplication(NamedTuple):
    """One application of the late-started search; days are relative to ``today``."""

    company: str
    role: str
    tier: int
    source: Source
    level: Level
    applied_days_ago: int
    rounds: list[tuple[str, int, Outcome | None]]  # kind, day, outcome (None: scheduled)


# The applied-scientist search, opened about two weeks before ``today`` while the rest of the
# campaign has run for four months (no earlier application in that track): both dream
# companies booked straight away, the practice rounds only after them. The planner shows
# the mistake: an inversion, and every tier-1 round of that track in its first weeks.
LATE_TRACK = Track.applied_scientist
LATE_SEARCH = [
    LateApplication("Searchlight", "Research Scientist, NLP", 1, Source.referral, Level.senior,
                    16, [("hiring_manager", -9, Outcome.passed), ("ml_coding", 2, None)]),
    LateApplication("Streamwave", "Applied Scientist", 1, Source.recruiter_inbound,
                    Level.senior, 15,
                    [("recruiter_screen", -8, Outcome.passed), ("ml_concepts", 3, None)]),
    LateApplication("Nimbus Labs", "Applied Scientist", 3, Source.cold_application, Level.mid,
                    14, [("recruiter_screen", 6, None)]),
    LateApplication("Orbital Maps", "Applied Scientist", 2, Source.networking, Level.mid, 13,
                    [("recruiter_screen", 9, None)]),
]  # fmt: skip

LOCATIONS = ["Berlin", "London", "Amsterdam", "Remote (EU)", "Zurich", "Munich"]
LEVEL_LABELS = {Level.mid: "L4", Level.senior: "L5", Level.staff: "L6"}

QUESTIONS: dict[str, list[str]] = {
    "recruiter_screen": [
        "Walk me through your background in two minutes.",
        "Why are you looking to leave your current role?",
        "What compensation range are you targeting?",
    ],
    "hiring_manager": [
        "Tell me about the last model you took to production end to end.",
        "How do you decide between a quick heuristic and a model?",
    ],
    "coding": [
        "Merge k sorted lists; what is the time complexity?",
        "Find the longest substring without repeating characters.",
        "Top-k frequent elements in a stream.",
    ],
    "ml_coding": [
        "Implement k-means from scratch in NumPy.",
        "Implement scaled dot-product attention in PyTorch.",
        "Write a 2D convolution filter without library calls.",
    ],
    "ml_concepts": [
        "Explain the bias-variance trade-off with an example.",
        "L1 vs L2 regularisation: when would you pick each?",
        "SGD vs mini-batch gradient descent: trade-offs?",
        "Why and when do you scale features?",
    ],
    "ml_depth": [
        "How did you detect and handle data drift in your last project?",
        "How did you explain the model's decisions to stakeholders?",
    ],
    "ml_system_design": [
        "Design a recommender for a news feed, from candidate generation to ranking.",
        "Design an ETA prediction service; how do you monitor it?",
        "Design a bot detector for sign-ups at scale.",
    ],
    "case_study": [
        "How would you improve Google Maps for cyclists?",
        "Sign-ups dropped 10 % last week: how do you investigate?",
    ],
    "statistics": [
        "Design an A/B test for a new checkout flow; how long must it run?",
        "Derive the MLE of a Bernoulli parameter.",
        "What is a p-value, to a product manager?",
    ],
    "sql": [
        "Rolling 7-day active users with a window function.",
        "Deduplicate events keeping the latest per user in pandas.",
    ],
    "behavioral": [
        "Tell me about a conflict with a colleague and how you resolved it.",
        "Describe a project that failed. What did you learn?",
    ],
    "take_home": ["Build a churn model on the provided dataset and write up the results."],
    "team_match": ["What would you want to work on in your first six months?"],
}

IMPROVE: dict[str, tuple[str, str]] = {
    "coding": ("Talk through complexity before coding", "Practise 2 medium graph problems/day"),
    "ml_coding": ("Vectorise instead of looping", "Re-implement attention without notes"),
    "ml_concepts": ("Give a concrete example for each concept", "Review regularisation notes"),
    "ml_depth": ("Quantify impact of the deployed model", "Prepare a drift-monitoring story"),
    "ml_system_design": (
        "Start with requirements and metrics, not the model",
        "Study two recommender system designs end to end",
    ),
    "case_study": ("Structure the answer before diving in", "Practise metric trees"),
    "statistics": ("State assumptions of the test first", "Redo power-analysis exercises"),
    "sql": ("Check edge cases with NULLs", "Practise window functions"),
    "behavioral": ("Use STAR and keep it under 3 minutes", "Write two more STAR stories"),
}

RED_FLAG_NOTES: dict[RedFlagCategory, str] = {
    RedFlagCategory.overwork: "Manager said weekends are 'sometimes needed' before launches.",
    RedFlagCategory.ghosting: "No answer for three weeks after the onsite.",
    RedFlagCategory.high_turnover: "'Don't have high expectations at first' - team of 5 lost 3.",
    RedFlagCategory.unprepared_interviewers: "Interviewer read questions from a sheet only.",
    RedFlagCategory.unfair_interview: "Guess-my-number question, sarcastic about past employer.",
    RedFlagCategory.evasive_team_value: "Could not say what the team's models are used for.",
    RedFlagCategory.bad_reviews: "Glassdoor: repeated complaints about reorganisations.",
    RedFlagCategory.gut_feeling: "Would not enjoy working with them eight hours a day.",
}


def _as_utc(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _plan_applications(rng: random.Random, today: date) -> list[dict]:
    """The shape of the campaign: one dict per application, decided up front.

    The four-month search covers every track but the late-started one (``LATE_TRACK``).
    """
    start = today - timedelta(days=CAMPAIGN_DAYS)
    plans = []
    tracks = [Track.ml_engineer] * 4 + [Track.data_scientist] * 3
    tracks += [Track.ml_engineer, Track.data_scientist, Track.other]
    sources = (
        [Source.cold_application] * 5
        + [Source.referral] * 2
        + [Source.recruiter_inbound] * 2
        + [Source.networking, Source.internal, Source.other]
    )
    for i in range(CAMPAIGN_APPLICATIONS):
        company = COMPANIES[i % len(COMPANIES)] if i < 48 else rng.choice(COMPANIES)
        # the strategy: practice (tier 3) first, dream jobs (tier 1) later in the campaign
        tier = 3 if i % 3 == 0 else (2 if i % 3 == 1 else 1)
        if company[1] == CompanyType.big_tech:
            tier = 1 if i % 2 else 2
        offset = {3: 0, 2: 20, 1: 45}[tier] + rng.randint(0, 60)
        applied = start + timedelta(days=min(offset, CAMPAIGN_DAYS - 3))
        track = tracks[i % len(tracks)]
        plans.append(
            {
                "company": company,
                "track": track,
                "role": rng.choice(ROLES[track]),
                "level": rng.choice([Level.mid, Level.senior, Level.senior, Level.staff]),
                "tier": tier,
                "source": sources[i % len(sources)],
                "applied_on": applied,
                "wishlist": i >= CAMPAIGN_APPLICATIONS - 4,
                "remote": rng.choice(list(RemoteMode)),
                "location": rng.choice(LOCATIONS),
            }
        )
    # four processes that end in an offer, started early enough to get there
    early = [p for p in plans if not p["wishlist"] and (today - p["applied_on"]).days > 75]
    for plan in early[1:8:2]:
        plan["offer_bound"] = True
    return plans


def _plan_late_search(today: date) -> list[dict]:
    """The late-started search (``LATE_SEARCH``) as plans like those of the campaign."""
    by_name = {spec[0]: spec for spec in COMPANIES}
    return [
        {
            "company": by_name[late.company],
            "track": LATE_TRACK,
            "role": late.role,
            "level": late.level,
            "tier": late.tier,
            "source": late.source,
            "applied_on": today - timedelta(days=late.applied_days_ago),
            "wishlist": False,
            "remote": RemoteMode.hybrid,
            "location": LOCATIONS[n % len(LOCATIONS)],
            "late_rounds": late.rounds,
        }
        for n, late in enumerate(LATE_SEARCH)
    ]


def _create_company(session: Session, rng: random.Random, spec) -> Company:
    name, ctype, industry = spec
    existing = company_service.find_company(session=session, name=name)
    if existing is not None:
        return existing
    slug = name.lower().replace(" ", "")
    return company_service.create_company(
        session=session,
        data=CompanyCreate(
            name=name,
            company_type=ctype,
            industry=industry,
            website=f"https://{slug}.example.com",
            sponsors_visa=rng.choice(list(Sponsorship)),
            research_notes=f"{industry} {ctype.value.replace('_', '-')}; ML used in production.",
            questions_to_ask="How does code review work?\nWhat is the delivery cycle?\n"
            "What are you working on yourself?",
            is_demo=True,
        ),
    )


TECHNICAL_BY_TRACK: dict[Track, list[str]] = {
    Track.ml_engineer: ["coding", "ml_coding", "ml_system_design", "ml_concepts", "ml_depth"],
    Track.data_scientist: ["statistics", "sql", "case_study", "ml_concepts", "coding"],
    Track.applied_scientist: ["ml_concepts", "ml_coding", "ml_depth", "statistics", "coding"],
    Track.other: ["sql", "case_study", "coding", "ml_system_design", "take_home"],
}


def _loop_for(rng: random.Random, track: Track) -> list[str]:
    """A company's loop for this track: screen, manager, four technical rounds, behavioral."""
    technical = rng.sample(TECHNICAL_BY_TRACK[track], k=4)
    return ["recruiter_screen", "hiring_manager", *technical, "behavioral"]


def _run_loop(
    session: Session, rng: random.Random, app: Application, plan: dict, today: date
) -> None:
    """Rounds for one application: done ones with outcomes, maybe one upcoming."""
    skip_screen = plan["source"] == Source.referral  # referrals go straight to the manager
    kinds = _loop_for(rng, plan["track"])[1 if skip_screen else 0 :]
    depth = rng.choices([0, 1, 2, 3, 4, 5, 6], weights=[14, 10, 9, 8, 6, 5, 4])[0]
    if plan["tier"] == 3:
        depth = max(depth, 1)  # practice interviews are taken
    if plan.get("offer_bound"):
        depth = 6
    day = plan["applied_on"] + timedelta(days=rng.randint(5, 14))
    n_kinds = len(kinds[:depth]) if depth else 0
    for n, kind in enumerate(kinds[:depth]):
        if n >= 3 and kind in ("take_home",):
            continue
        final = n == n_kinds - 1 and depth >= 5
        upcoming = day > today
        fmt = RoundFormat.onsite if final else RoundFormat.video
        if kind == "recruiter_screen":
            fmt = RoundFormat.phone
        skill = 0.55 + 0.04 * n + (0.1 if plan["tier"] == 1 else 0)
        passed = plan.get("offer_bound") or rng.random() < skill
        rnd = round_service.create_round(
            session=session,
            data=RoundCreate(
                application_id=app.id,
                kind=kind,
                scheduled_at=_as_utc(day, rng.choice([9, 10, 13, 15, 16])),
                format=fmt,
                interviewers=rng.choice(["Priya S.", "Tom K.", "Ana M.", "Jonas W.", ""]),
                status=RoundStatus.scheduled if upcoming else RoundStatus.done,
                outcome=(
                    Outcome.pending if upcoming else (Outcome.passed if passed else Outcome.failed)
                ),
                self_rating=None if upcoming else rng.randint(2, 5),
                is_demo=True,
            ),
        )
        if upcoming:
            return
        questions = rng.sample(QUESTIONS[kind], k=min(2, len(QUESTIONS[kind])))
        improve = IMPROVE.get(kind, ("Prepare sharper questions for them", "Research the team"))
        reflected = rng.random() < 0.8 or (today - day).days > 10
        round_service.save_feedback(
            session=session,
            data=FeedbackCreate(
                round_id=rnd.id,
                questions_asked="\n".join(questions),
                went_well="Clear structure; good rapport." if reflected else "",
                to_improve=improve[0] if reflected else "",
                learning_objectives=improve[1] if reflected and rng.random() < 0.7 else "",
                source=rng.choice([FeedbackSource.self] * 3 + [FeedbackSource.recruiter]),
                is_demo=True,
            ),
        )
        if not passed:
            app_service.close_application(
                session=session,
                application_id=app.id,
                reason=CloseReason.rejected,
                on=min(day + timedelta(days=rng.randint(1, 6)), today),
            )
            return
        day += timedelta(days=rng.randint(4, 12))
    if plan.get("offer_bound"):
        plan["offer"] = True
    elif app.closed_on is None and depth and rng.random() < 0.6:
        # an open process: the next round is booked within the coming two weeks
        next_kind = kinds[depth] if depth < len(kinds) else "team_match"
        upcoming = today + timedelta(days=rng.randint(1, 14))
        round_service.create_round(
            session=session,
            data=RoundCreate(
                application_id=app.id,
                kind=next_kind,
                scheduled_at=_as_utc(upcoming, rng.choice([9, 11, 14, 16])),
                format=RoundFormat.video,
                is_demo=True,
            ),
        )


def _run_late_rounds(session: Session, app: Application, plan: dict, today: date) -> None:
    """The scripted rounds of a late-search application: those with an outcome are done (in
    the past, with feedback), the others are booked (still scheduled, from today on)."""
    for kind, days, outcome in plan["late_rounds"]:
        day = today + timedelta(days=days)
        done = outcome is not None
        rnd = round_service.create_round(
            session=session,
            data=RoundCreate(
                application_id=app.id,
                kind=kind,
                scheduled_at=_as_utc(day, 14 if done else 10),
                format=RoundFormat.phone if kind == "recruiter_screen" else RoundFormat.video,
                interviewers="Ana M." if done else "",
                status=RoundStatus.done if done else RoundStatus.scheduled,
                outcome=outcome if done else Outcome.pending,
                self_rating=4 if done else None,
                is_demo=True,
            ),
        )
        if done:
            improve = IMPROVE.get(kind, ("Prepare sharper questions for them", "Research the team"))
            round_service.save_feedback(
                session=session,
                data=FeedbackCreate(
                    round_id=rnd.id,
                    questions_asked="\n".join(QUESTIONS[kind][:2]),
                    went_well="Clear structure; good rapport.",
                    to_improve=improve[0],
                    source=FeedbackSource.self,
                    is_demo=True,
                ),
            )


def _make_offers(session: Session, apps: list[tuple[Application, dict]], today: date) -> None:
    offers = [a for a in apps if a[1].get("offer")][:4]
    schedules = [
        ([2500, 2500, 2500, 2500], [20000]),
        ([500, 1500, 4000, 4000], [30000, 15000]),
        ([4000, 3000, 2000, 1000], []),
        ([3333, 3333, 2222, 1112], [10000]),
    ]
    for n, (app, plan) in enumerate(offers):
        vesting, sign_on = schedules[n % len(schedules)]
        base = {Level.mid: 85000, Level.senior: 105000, Level.staff: 130000}[plan["level"]]
        base += 5000 * n
        app_service.move_stage(
            session=session, application_id=app.id, stage=Stage.offer, on=today - timedelta(n + 2)
        )
        offer_service.create_offer(
            session=session,
            data=OfferCreate(
                application_id=app.id,
                currency="EUR",
                base_salary=base,
                target_bonus_bp=[1000, 1500, 0, 2000][n % 4],
                sign_on_by_year=sign_on,
                equity_grant_total=[120000, 200000, 60000, 0][n % 4],
                vesting_bp_by_year=vesting,
                cliff_months=12,
                relocation=[5000, 0, 0, 8000][n % 4],
                level_offered=plan["level"] if n != 1 else Level.mid,
                location=["Berlin", "Munich", "Berlin", "Amsterdam"][n % 4],
                received_on=today - timedelta(days=n + 2),
                deadline=today + timedelta(days=5 + 4 * n),
                status=OfferStatus.negotiating if n == 0 else OfferStatus.pending,
                is_demo=True,
            ),
        )


def _make_ranges(session: Session, plans: list[dict]) -> None:
    seen = sorted({(p["track"], p["level"]) for p in plans}, key=lambda k: (k[0], k[1]))
    level_base = {Level.mid: 90000, Level.senior: 112000, Level.staff: 140000}
    track_factor = {
        Track.ml_engineer: 1.05,
        Track.applied_scientist: 1.1,
        Track.data_scientist: 1.0,
        Track.other: 0.95,
    }
    for track, level in seen:
        p50 = int(round(level_base[level] * track_factor[track], -3))
        range_service.create_range(
            session=session,
            data=CompRangeCreate(
                track=track,
                level=level,
                location="Berlin",
                currency="EUR",
                base_p25=int(p50 * 0.88) // 1000 * 1000,
                base_p50=p50,
                base_p75=int(p50 * 1.15) // 1000 * 1000,
                total_p25=int(p50 * 1.0) // 1000 * 1000,
                total_p50=int(p50 * 1.2) // 1000 * 1000,
                total_p75=int(p50 * 1.45) // 1000 * 1000,
                source="Demo data (not market data)",
                as_of=date(2026, 10, 1),
                is_demo=True,
            ),
        )


def load_demo(*, session: Session, today: date | None = None, seed: int = SEED) -> int:
    """Write the demo campaign (after removing any earlier one); returns applications made."""
    today = today or date.today()
    clear_demo(session=session)
    rng = random.Random(seed)
    plans = _plan_applications(rng, today) + _plan_late_search(today)
    made: list[tuple[Application, dict]] = []
    for plan in plans:
        company = _create_company(session, rng, plan["company"])
        app = app_service.create_application(
            session=session,
            data=ApplicationCreate(
                company_id=company.id,
                role_title=plan["role"],
                track=plan["track"],
                level=plan["level"],
                level_label=LEVEL_LABELS.get(plan["level"], "")
                if plan["company"][1] == CompanyType.big_tech
                else "",
                location=plan["location"],
                remote_mode=plan["remote"],
                source=plan["source"],
                referrer="A former colleague" if plan["source"] == Source.referral else "",
                posting_url=f"https://jobs.example.com/{len(made) + 1}",
                job_description=f"{plan['role']} working on PyTorch models, ML system design, "
                "A/B testing and SQL pipelines.",
                tier=plan["tier"],
                career_lens=f"{plan['company'][1].value.replace('_', ' ')}: "
                + {1: "where I want to be", 2: "a good next step", 3: "practice"}[plan["tier"]],
                saved_on=plan["applied_on"] - timedelta(days=rng.randint(0, 5)),
                applied_on=None if plan["wishlist"] else plan["applied_on"],
                stage=Stage.wishlist if plan["wishlist"] else Stage.applied,
                is_demo=True,
            ),
        )
        made.append((app, plan))
        if plan["wishlist"]:
            continue
        if "late_rounds" in plan:
            _run_late_rounds(session, app, plan, today)
            continue
        _run_loop(session, rng, app, plan, today)
        last_activity = plan["applied_on"]
        if (
            app.closed_on is None
            and STAGE_ORDER[app.stage] == STAGE_ORDER[Stage.applied]
            and (today - last_activity).days > 30
            and rng.random() < 0.5
        ):
            app_service.close_application(
                session=session,
                application_id=app.id,
                reason=CloseReason.ghosted,
                on=last_activity + timedelta(days=28),
            )
    _make_offers(session, made, today)
    _make_flags(session, rng, made, today)
    _make_ranges(session, plans)
    session.flush()
    return len(made)


def _make_flags(
    session: Session, rng: random.Random, made: list[tuple[Application, dict]], today: date
) -> None:
    categories = list(RED_FLAG_NOTES)
    for n, (app, plan) in enumerate(made[::5]):
        category = categories[n % len(categories)]
        flag_service.create_red_flag(
            session=session,
            data=RedFlagCreate(
                company_id=app.company_id,
                application_id=app.id,
                category=category,
                severity=rng.choice([1, 2, 2, 3]),
                note=RED_FLAG_NOTES[category],
                observed_on=min(plan["applied_on"] + timedelta(days=10), today),
                is_demo=True,
            ),
        )


DEMO_TABLES = (
    LearningObjective,
    Feedback,
    RedFlag,
    Offer,
    Round,
    StageEvent,
    Application,
    CompRange,
    Company,
)


def _adopt_demo_rows_with_user_children(session: Session) -> None:
    """A demo application or company the user added their own rows to becomes theirs."""
    user_children = [
        (Round, Round.application_id),
        (Offer, Offer.application_id),
        (RedFlag, RedFlag.application_id),
    ]
    for model, column in user_children:
        owned = sa.select(column).where(model.is_demo.is_(False), column.is_not(None))
        session.exec(
            sa.update(Application)
            .where(Application.is_demo.is_(True), Application.id.in_(owned))
            .values(is_demo=False)
        )
    for model in (Application, RedFlag):
        owned = sa.select(model.company_id).where(model.is_demo.is_(False))
        session.exec(
            sa.update(Company)
            .where(Company.is_demo.is_(True), Company.id.in_(owned))
            .values(is_demo=False)
        )


def clear_demo(*, session: Session) -> int:
    """Delete every demo row (and only those); returns how many applications went.

    Rows the user added under a demo application or company keep their parent: that parent
    is adopted (unmarked as demo) instead of deleted.
    """
    _adopt_demo_rows_with_user_children(session)
    count = session.exec(
        sa.select(sa.func.count()).select_from(Application).where(Application.is_demo.is_(True))
    ).one()[0]
    for model in DEMO_TABLES:
        session.exec(sa.delete(model).where(model.is_demo.is_(True)))
    session.flush()
    return int(count)


def has_demo(*, session: Session) -> bool:
    return (
        session.exec(select(Application.id).where(Application.is_demo.is_(True))).first()
        is not None
    )
