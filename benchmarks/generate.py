"""Bulk generator of a realistic cohort of job searches, for the benchmark (not the demo).

``generate(url, applications)`` creates the schema on any SQLAlchemy URL (through
``tracker.db.get_engine``, which migrates) and inserts, with SQLAlchemy Core ``executemany``
in one transaction per chunk of applications (never through the services or the UI):

- companies (about one per five applications), comp ranges (track x level x location);
- applications spread over the last year: ~8 % still on the wishlist, the rest applied, with
  tier, track, level, source, location and a short job description;
- about four interview rounds per application: a loop of screen -> hiring manager ->
  technical rounds -> final (on-site) -> team match, each passed or failed, later ones still
  scheduled when their date is in the future;
- stage events consistent with the rounds, exactly as the services write them (wishlist at
  ``saved_on``, applied at ``applied_on``, a stage change when a done round belongs to a later
  stage, a ``closed`` event for every closing: rejected after a failed round, ghosted or
  rejected without a response, withdrew, offer accepted / declined);
- feedback on ~75 % of done rounds (questions, went well, to improve, learning objectives),
  learning objectives as checklist items, red flags on ~15 % of applications, and offers for
  the few percent of loops that pass every round.

Rows follow ``tracker/models.py``: enums as their string values, ``sign_on_by_year`` /
``vesting_bp_by_year`` as lists, timestamps aware in UTC. Ids are assigned here (after the
highest existing id), and PostgreSQL sequences are moved past them at the end, so the app can
keep writing to the database afterwards. The same ``seed`` and ``today`` give the same data.

Run it alone: ``python -m benchmarks.generate sqlite:////tmp/cohort.db 10000``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:  # ``python benchmarks/generate.py`` from anywhere
    sys.path.insert(0, str(PROJECT_DIR))

from tracker import db  # noqa: E402
from tracker.demo import IMPROVE, QUESTIONS, RED_FLAG_NOTES, ROLES  # noqa: E402
from tracker.models import (  # noqa: E402
    STAGE_ORDER,
    Application,
    CloseReason,
    Company,
    CompanyType,
    CompRange,
    EventType,
    Feedback,
    FeedbackSource,
    LearningObjective,
    Level,
    Offer,
    OfferStatus,
    Outcome,
    RedFlag,
    RemoteMode,
    Round,
    RoundFormat,
    RoundStatus,
    Source,
    Sponsorship,
    Stage,
    StageEvent,
    Track,
)
from tracker.services.rounds import stage_for_round  # noqa: E402

SEED = 9
SPAN_DAYS = 365  # applications are spread over the last year
CHUNK_APPLICATIONS = 10_000  # applications (and their children) per transaction
BATCH_ROWS = 20_000  # rows per executemany call

WORDS_A = [
    "Lumina", "Quanta", "Fernweh", "Parcel", "Nimbus", "Tidepool", "Cobalt", "Orbital",
    "Kestrel", "Brightpath", "Vireo", "Helix", "Meridian", "Atlas", "Sundial", "Crescent",
    "Pinecone", "Giga", "Searchlight", "Streamwave", "Northwind", "Greenfield", "Civic",
    "Aurora", "Basalt", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Krypton", "Lattice", "Monsoon", "Nova", "Onyx", "Prism", "Quartz",
]  # fmt: skip
WORDS_B = [
    "Robotics", "Health", "Travel", "Logistics", "Labs", "Energy", "Credit", "Maps",
    "Security", "Learning", "Commerce", "Bio", "Bank", "Freight", "Media", "Insurance",
    "Retail", "Cloud", "Analytics", "Systems", "AI", "Data", "Mobility", "Games",
]  # fmt: skip
INDUSTRIES = [
    "Robotics", "Healthcare", "Travel", "Logistics", "Developer tools", "Energy", "Fintech",
    "Geospatial", "Cybersecurity", "Education", "E-commerce", "Biotech", "Banking", "Media",
]  # fmt: skip
LOCATIONS = ["Berlin", "London", "Amsterdam", "Remote (EU)", "Zurich", "Munich", "New York"]
RANGE_LOCATIONS = {"Germany": "EUR", "United Kingdom": "GBP", "Switzerland": "CHF", "US": "USD"}
INTERVIEWERS = ["Priya S.", "Tom K.", "Ana M.", "Jonas W.", "Lea B.", ""]
TECHNICAL = [
    "coding", "ml_coding", "ml_concepts", "ml_depth", "ml_system_design", "statistics", "sql",
    "case_study", "behavioral", "take_home",
]  # fmt: skip
# chance to pass a round: most loops run long (about four rounds per application) but few
# get through the on-site final and the team match, so only a few percent end in an offer
PASS_EARLY, PASS_FINAL, PASS_TEAM_MATCH = 0.93, 0.30, 0.45
NO_RESPONSE = 0.20  # applications the company never answers with a round
LEVEL_BASE = {
    Level.intern: 40_000, Level.junior: 60_000, Level.mid: 80_000, Level.senior: 100_000,
    Level.staff: 130_000, Level.principal: 160_000, Level.manager: 140_000,
}  # fmt: skip
VESTING = [[2500, 2500, 2500, 2500], [500, 1500, 4000, 4000], [4000, 3000, 2000, 1000]]


@dataclass
class Counts:
    """Rows written per table (and the seconds it took)."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class _Ids:
    """The next free id of every table with an integer key."""

    def __init__(self, first: dict[str, int]):
        self._counters = {table: itertools.count(start) for table, start in first.items()}

    def take(self, table: str) -> int:
        return next(self._counters[table])


@dataclass
class _Chunk:
    """The rows of one transaction, per table, in foreign-key order."""

    company: list[dict] = field(default_factory=list)
    application: list[dict] = field(default_factory=list)
    stage_event: list[dict] = field(default_factory=list)
    interview_round: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)
    learning_objective: list[dict] = field(default_factory=list)
    red_flag: list[dict] = field(default_factory=list)
    offer: list[dict] = field(default_factory=list)
    comp_range: list[dict] = field(default_factory=list)


TABLES: dict[str, sa.Table] = {
    "company": Company.__table__,
    "application": Application.__table__,
    "stage_event": StageEvent.__table__,
    "interview_round": Round.__table__,
    "feedback": Feedback.__table__,
    "learning_objective": LearningObjective.__table__,
    "red_flag": RedFlag.__table__,
    "offer": Offer.__table__,
    "comp_range": CompRange.__table__,
}


TRACKS = [Track.ml_engineer] * 4 + [Track.data_scientist] * 3 + list(Track)
LEVELS = [Level.junior, Level.mid, Level.mid, Level.senior, Level.senior, Level.senior,
          Level.staff, Level.principal, Level.manager]  # fmt: skip
SOURCES = [Source.cold_application] * 5 + list(Source)
TIERS = [1, 2, 2, 3]
REMOTE = [m.value for m in RemoteMode]
FEEDBACK_SOURCES = [FeedbackSource.self.value] * 3 + [s.value for s in FeedbackSource]
FLAG_CATEGORIES = list(RED_FLAG_NOTES)
HOURS = [9, 10, 13, 15, 16]
DAYS = [timedelta(days=n) for n in range(SPAN_DAYS + 400)]
_AT: dict[tuple[date, int], datetime] = {}


def _at(day: date, hour: int) -> datetime:
    """``day`` at ``hour`` o'clock UTC (memoised: a few thousand distinct values)."""
    key = (day, hour)
    value = _AT.get(key)
    if value is None:
        value = _AT[key] = datetime.combine(day, time(hour, 0), tzinfo=UTC)
    return value


class _Cohort:
    """Decides every row; one instance per ``generate`` call (holds the RNG and the ids)."""

    def __init__(self, rng: random.Random, ids: _Ids, today: date, company_ids: list[int]):
        self.rng = rng
        self.ids = ids
        self.today = today
        self.company_ids = company_ids
        self.now = _at(today, 8)
        self._random = rng.random

    def pick(self, seq):
        """``random.choice`` without its overhead (this runs millions of times)."""
        return seq[int(self._random() * len(seq))]

    def _two_lines(self, lines: list[str]) -> str:
        """Two different lines of ``lines`` (one when it has only one)."""
        if len(lines) < 2:
            return lines[0]
        first = int(self._random() * len(lines))
        second = (first + 1 + int(self._random() * (len(lines) - 1))) % len(lines)
        return f"{lines[first]}\n{lines[second]}"

    def between(self, low: int, high: int) -> int:
        """``random.randint`` without its overhead."""
        return low + int(self._random() * (high - low + 1))

    # ------------------------------------------------------------------ reference data

    def companies(self, n: int) -> list[dict]:
        rng, rows = self.rng, []
        pairs = [(a, b) for a in WORDS_A for b in WORDS_B]
        rng.shuffle(pairs)
        for i in range(n):
            a, b = pairs[i % len(pairs)]
            name = f"{a} {b}" if i < len(pairs) else f"{a} {b} {i // len(pairs) + 1}"
            ctype = self.pick(list(CompanyType))
            created = _at(self.today - DAYS[self.between(30, SPAN_DAYS + 30)], 9)
            cid = self.ids.take("company")
            rows.append(
                {
                    "id": cid,
                    "name": name,
                    "name_key": name.lower(),
                    "company_type": ctype.value,
                    "industry": self.pick(INDUSTRIES),
                    "website": f"https://{name.lower().replace(' ', '')}.example.com",
                    "sponsors_visa": self.pick(list(Sponsorship)).value,
                    "research_notes": f"{ctype.value.replace('_', '-')}; ML in production."
                    if self._random() < 0.6
                    else "",
                    "questions_to_ask": "How does code review work?\nWhat is the delivery cycle?"
                    if self._random() < 0.4
                    else "",
                    "is_demo": False,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            self.company_ids.append(cid)
        return rows

    def ranges(self) -> list[dict]:
        rows = []
        factor = {Track.ml_engineer: 1.05, Track.applied_scientist: 1.1}
        for track in Track:
            for level in Level:
                for location, currency in RANGE_LOCATIONS.items():
                    p50 = int(LEVEL_BASE[level] * factor.get(track, 1.0)) // 1000 * 1000
                    rows.append(
                        {
                            "id": self.ids.take("comp_range"),
                            "track": track.value,
                            "level": level.value,
                            "location": location,
                            "currency": currency,
                            "base_p25": int(p50 * 0.88) // 1000 * 1000,
                            "base_p50": p50,
                            "base_p75": int(p50 * 1.15) // 1000 * 1000,
                            "total_p25": p50,
                            "total_p50": int(p50 * 1.2) // 1000 * 1000,
                            "total_p75": int(p50 * 1.45) // 1000 * 1000,
                            "source": "Benchmark data (not market data)",
                            "as_of": self.today - DAYS[60],
                            "is_demo": False,
                            "created_at": self.now,
                        }
                    )
        return rows

    # ------------------------------------------------------------------ one application

    def application(self, chunk: _Chunk) -> None:
        today = self.today
        app_id = self.ids.take("application")
        company_id = self.pick(self.company_ids)
        track = self.pick(TRACKS)
        level = self.pick(LEVELS)
        source = self.pick(SOURCES)
        tier = self.pick(TIERS)
        role = self.pick(ROLES[track])
        applied = today - DAYS[self.between(1, SPAN_DAYS)]
        saved = applied - DAYS[self.between(0, 7)]
        wishlist = self._random() < 0.08
        app = {
            "id": app_id,
            "company_id": company_id,
            "role_title": role,
            "track": track.value,
            "level": level.value,
            "level_label": self.pick(["", "", "L4", "L5", "L6"]),
            "location": self.pick(LOCATIONS),
            "remote_mode": self.pick(REMOTE),
            "source": source.value,
            "referrer": "A former colleague" if source == Source.referral else "",
            "posting_url": f"https://jobs.example.com/{app_id}",
            "job_description": f"{role} working on PyTorch models, ML system design, "
            "A/B testing and SQL pipelines.",
            "keywords": "pytorch, sql, mlops" if self._random() < 0.5 else "",
            "tier": tier,
            "career_lens": {1: "where I want to be", 2: "a good next step", 3: "practice"}[tier],
            "interview_format": "",
            "notes": "",
            "saved_on": saved,
            "applied_on": None if wishlist else applied,
            "reapply_after": None,
            "next_follow_up": applied + DAYS[7] if self._random() < 0.2 else None,
            "planned_week": None,
            "stage": Stage.wishlist.value if wishlist else Stage.applied.value,
            "closed_on": None,
            "close_reason": None,
            "archived": False,
            "is_demo": False,
            "created_at": _at(saved, 18),
            "updated_at": _at(saved, 18),
        }
        chunk.application.append(app)
        self._event(chunk, app, EventType.stage, saved, stage=Stage.wishlist)
        if wishlist:
            return
        self._event(chunk, app, EventType.stage, applied, stage=Stage.applied)
        if self._random() < NO_RESPONSE:  # no answer from the company
            self._no_response(chunk, app)
        else:
            self._loop(chunk, app, source)
        if self._random() < 0.15:
            self._red_flag(chunk, app)
        if app["closed_on"] is not None and self._random() < 0.05:
            app["archived"] = True

    def _event(
        self,
        chunk: _Chunk,
        app: dict,
        event_type: EventType,
        on: date,
        *,
        stage: Stage | None = None,
        reason: CloseReason | None = None,
    ) -> None:
        chunk.stage_event.append(
            {
                "id": self.ids.take("stage_event"),
                "application_id": app["id"],
                "event_type": event_type.value,
                "stage": stage.value if stage is not None else None,
                "close_reason": reason.value if reason is not None else None,
                "occurred_on": on,
                "note": "",
                "is_demo": False,
                "created_at": _at(on, 19),
            }
        )
        if stage is not None and event_type == EventType.stage:
            app["stage"] = stage.value
        app["updated_at"] = _at(on, 19)

    def _close(self, chunk: _Chunk, app: dict, reason: CloseReason, on: date) -> None:
        on = min(on, self.today)
        app["closed_on"] = on
        app["close_reason"] = reason.value
        self._event(chunk, app, EventType.closed, on, reason=reason)

    def _no_response(self, chunk: _Chunk, app: dict) -> None:
        applied = app["applied_on"]
        waited = (self.today - applied).days
        if waited > 30 and self._random() < 0.6:
            self._close(chunk, app, CloseReason.ghosted, applied + DAYS[28])
        elif waited > 5 and self._random() < 0.5:
            days = self.between(3, min(20, waited))
            self._close(chunk, app, CloseReason.rejected, applied + DAYS[days])

    def _loop(self, chunk: _Chunk, app: dict, source: Source) -> None:
        today = self.today
        kinds = [] if source == Source.referral else ["recruiter_screen"]
        kinds += ["hiring_manager", *self.rng.sample(TECHNICAL, k=self.between(3, 4)), "ml_depth"]
        kinds = list(dict.fromkeys(kinds)) + ["team_match"]
        day = app["applied_on"] + DAYS[self.between(3, 14)]
        for n, kind in enumerate(kinds):
            final = n == len(kinds) - 2
            fmt = RoundFormat.onsite if final else RoundFormat.video
            if kind == "recruiter_screen":
                fmt = RoundFormat.phone
            if day > today:  # the next round is booked, nothing after it is known yet
                if (day - today).days <= 21:
                    self._round(chunk, app, kind, fmt, day, None)
                return
            chance = (
                PASS_TEAM_MATCH if kind == "team_match" else PASS_FINAL if final else PASS_EARLY
            )
            passed = self._random() < chance
            rnd = self._round(chunk, app, kind, fmt, day, passed)
            target = stage_for_round(kind, fmt)
            if STAGE_ORDER[target] > STAGE_ORDER[app["stage"]]:
                self._event(chunk, app, EventType.stage, day, stage=target)
            if self._random() < 0.75:
                self._feedback(chunk, rnd, kind, day)
            if not passed:
                self._close(chunk, app, CloseReason.rejected, day + DAYS[self.between(1, 6)])
                return
            if self._random() < 0.02:
                self._close(chunk, app, CloseReason.withdrew, day + DAYS[2])
                return
            day += DAYS[self.between(4, 12)]
        if day <= today:
            self._offer(chunk, app, day)

    def _round(
        self,
        chunk: _Chunk,
        app: dict,
        kind: str,
        fmt: RoundFormat,
        day: date,
        passed: bool | None,
    ) -> dict:
        scheduled = _at(day, self.pick(HOURS))
        created = _at(max(app["applied_on"], day - DAYS[7]), 12)
        done = passed is not None
        row = {
            "id": self.ids.take("interview_round"),
            "application_id": app["id"],
            "kind": kind,
            "scheduled_at": scheduled,
            "duration_minutes": 240 if kind == "take_home" else self.pick([30, 45, 45, 60]),
            "format": fmt.value,
            "interviewers": self.pick(INTERVIEWERS),
            "status": RoundStatus.done.value if done else RoundStatus.scheduled.value,
            "outcome": (
                (Outcome.passed if passed else Outcome.failed) if done else Outcome.pending
            ).value,
            "self_rating": self.between(1, 5) if done else None,
            "notes": "",
            "is_demo": False,
            "created_at": created,
            "updated_at": scheduled + timedelta(hours=2) if done else created,
        }
        chunk.interview_round.append(row)
        return row

    def _feedback(self, chunk: _Chunk, rnd: dict, kind: str, day: date) -> None:
        questions = QUESTIONS.get(kind) or QUESTIONS["behavioral"]
        improve = IMPROVE.get(kind, ("Prepare sharper questions for them", "Research the team"))
        reflected = self._random() < 0.8
        objective = improve[1] if reflected and self._random() < 0.5 else ""
        chunk.feedback.append(
            {
                "id": self.ids.take("feedback"),
                "round_id": rnd["id"],
                "questions_asked": self._two_lines(questions),
                "went_well": "Clear structure; good rapport." if reflected else "",
                "to_improve": improve[0] if reflected else "",
                "learning_objectives": objective,
                "source": self.pick(FEEDBACK_SOURCES),
                "reflect_after": None if reflected else day + DAYS[1],
                "reflected_on": day + DAYS[1] if reflected else None,
                "is_demo": False,
                "created_at": rnd["updated_at"],
                "updated_at": rnd["updated_at"],
            }
        )
        if objective:
            done = self._random() < 0.4
            chunk.learning_objective.append(
                {
                    "id": self.ids.take("learning_objective"),
                    "text": objective,
                    "kind": kind,
                    "round_id": rnd["id"],
                    "done": done,
                    "done_on": min(day + DAYS[self.between(2, 20)], self.today) if done else None,
                    "is_demo": False,
                    "created_at": rnd["updated_at"],
                }
            )

    def _offer(self, chunk: _Chunk, app: dict, day: date) -> None:
        received = min(day, self.today)
        self._event(chunk, app, EventType.stage, received, stage=Stage.offer)
        level = Level(app["level"])
        base = LEVEL_BASE[level] + self.between(-5, 15) * 1000
        age = (self.today - received).days
        if age <= 14:
            status = self.pick([OfferStatus.pending, OfferStatus.negotiating])
        else:
            status = self.pick(
                [
                    OfferStatus.accepted,
                    OfferStatus.declined,
                    OfferStatus.declined,
                    OfferStatus.expired,
                ]
            )
        chunk.offer.append(
            {
                "id": self.ids.take("offer"),
                "application_id": app["id"],
                "currency": self.pick(["EUR", "EUR", "USD", "GBP"]),
                "base_salary": base,
                "target_bonus_bp": self.pick([0, 1000, 1500, 2000]),
                "sign_on_by_year": self.pick([[], [10000], [20000, 10000]]),
                "equity_grant_total": self.pick([0, 60000, 120000, 200000]),
                "vesting_bp_by_year": self.pick(VESTING),
                "cliff_months": 12,
                "relocation": self.pick([0, 0, 5000]),
                "level_offered": level.value,
                "level_label": app["level_label"],
                "location": app["location"],
                "received_on": received,
                "deadline": received + DAYS[self.between(5, 14)],
                "status": status.value,
                "notes": "",
                "is_demo": False,
                "created_at": _at(received, 17),
                "updated_at": _at(received, 17),
            }
        )
        if status == OfferStatus.accepted:
            self._close(chunk, app, CloseReason.offer_accepted, received + DAYS[5])
        elif status in (OfferStatus.declined, OfferStatus.expired):
            self._close(chunk, app, CloseReason.offer_declined, received + DAYS[7])

    def _red_flag(self, chunk: _Chunk, app: dict) -> None:
        rounds = [r for r in chunk.interview_round[-8:] if r["application_id"] == app["id"]]
        rnd = self.pick(rounds) if rounds and self._random() < 0.5 else None
        category = self.pick(FLAG_CATEGORIES)
        observed = rnd["scheduled_at"].date() if rnd else app["applied_on"] + DAYS[3]
        chunk.red_flag.append(
            {
                "id": self.ids.take("red_flag"),
                "company_id": app["company_id"],
                "application_id": app["id"],
                "round_id": rnd["id"] if rnd else None,
                "category": category.value,
                "severity": self.pick([1, 2, 2, 3]),
                "note": RED_FLAG_NOTES[category],
                "observed_on": min(observed, self.today),
                "is_demo": False,
                "created_at": _at(min(observed, self.today), 20),
            }
        )


# ---------------------------------------------------------------------- writing


def _next_ids(conn: Connection) -> _Ids:
    first = {}
    for name, table in TABLES.items():
        top = conn.execute(sa.select(sa.func.max(table.c.id))).scalar()
        first[name] = int(top or 0) + 1
    return _Ids(first)


def _batches(rows: list[dict], size: int = BATCH_ROWS) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(conn: Connection, chunk: _Chunk, counts: Counts) -> None:
    for name, table in TABLES.items():
        rows = getattr(chunk, name)
        for batch in _batches(rows):
            conn.execute(table.insert(), batch)
        counts.add(name, len(rows))


def _fix_sequences(engine: Engine) -> None:
    """On PostgreSQL, move each serial sequence past the ids inserted explicitly."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for name in TABLES:
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
            )


def generate(
    url: str,
    applications: int,
    *,
    seed: int = SEED,
    today: date | None = None,
    companies: int | None = None,
) -> Counts:
    """Fill the database at ``url`` with ``applications`` applications and everything around.

    The schema is created (migrated) first; existing rows are kept and the new ids follow
    theirs. Every committed chunk bumps the data version, like any write of the app.
    """
    started = clock.perf_counter()
    today = today or date.today()
    engine = db.get_engine(url)
    rng = random.Random(seed)
    counts = Counts()
    with engine.begin() as conn:
        db.bump_data_version(conn)
        ids = _next_ids(conn)
        company_ids = [int(i) for i in conn.execute(sa.select(Company.id)).scalars()]
        cohort = _Cohort(rng, ids, today, company_ids)
        head = _Chunk(
            company=cohort.companies(companies or max(5, applications // 5)),
            comp_range=cohort.ranges(),
        )
        _insert(conn, head, counts)
    done = 0
    while done < applications:
        size = min(CHUNK_APPLICATIONS, applications - done)
        chunk = _Chunk()
        for _ in range(size):
            cohort.application(chunk)
        with engine.begin() as conn:
            db.bump_data_version(conn)
            _insert(conn, chunk, counts)
        done += size
    with engine.begin() as conn:  # a bulk load: no cache patches from its entries
        db.bump_data_version(conn)
        db.clear_change_log(conn)
    _fix_sequences(engine)
    counts.seconds = clock.perf_counter() - started
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="SQLAlchemy URL, e.g. sqlite:////tmp/cohort.db")
    parser.add_argument("applications", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    counts = generate(args.url, args.applications, seed=args.seed)
    rows = ", ".join(f"{name} {n:,}" for name, n in counts.rows.items())
    print(f"{counts.total:,} rows in {counts.seconds:.1f} s: {rows}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
