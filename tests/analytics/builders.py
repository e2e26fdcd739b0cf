"""Hand-built input frames for the analytics tests, shaped like tracker.services.frames.

Each builder takes a few dicts (only the fields a test cares about) and returns a DataFrame
with exactly the columns and dtypes the read side produces; ``test_builders_match_frames``
checks the columns against the real frames.
"""

from __future__ import annotations

import pandas as pd

from tracker.models import Application, Feedback, Offer, Round, StageEvent
from tracker.services.frames import CATEGORY_COLUMNS, DATE_COLUMNS, TIMESTAMP_COLUMNS

APP_COLUMNS = [c.name for c in Application.__table__.columns] + [
    "company",
    "company_type",
    "sponsors_visa",
]
EVENT_COLUMNS = [c.name for c in StageEvent.__table__.columns]
ROUND_COLUMNS = [c.name for c in Round.__table__.columns] + [
    "kind_label", "tier", "track", "level", "role_title", "company_id", "company", "company_type",
]  # fmt: skip
FEEDBACK_COLUMNS = [c.name for c in Feedback.__table__.columns] + ["written"]
OFFER_COLUMNS = [c.name for c in Offer.__table__.columns] + [
    "role_title", "track", "level_targeted", "tier", "company_id", "company",
]  # fmt: skip

KIND_LABELS = {
    "recruiter_screen": "Recruiter screen",
    "hiring_manager": "Hiring manager",
    "coding": "Coding (DS&A)",
    "ml_system_design": "ML system design",
    "statistics": "Statistics & probability",
}

APP_DEFAULTS = {
    "role_title": "ML Engineer", "track": "ml_engineer", "level": "senior", "source":
    "cold_application", "tier": 2, "stage": "applied", "archived": False, "is_demo": False,
    "company_type": "startup", "sponsors_visa": "unknown",
}  # fmt: skip


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in frame.columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], errors="coerce")
        elif column in TIMESTAMP_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], errors="coerce", utc=True)
        elif column in CATEGORY_COLUMNS:  # as the read side gives them
            frame[column] = frame[column].astype("str").astype("category")
    return frame


def as_text(data):
    """``data`` with its categorical columns as plain text: for comparing two results whose
    labels may come as either (the read side's category columns, mapped, stay categories)."""
    if isinstance(data, pd.Series):
        return data.astype("str") if isinstance(data.dtype, pd.CategoricalDtype) else data
    kinds = {c: "str" for c, t in data.dtypes.items() if isinstance(t, pd.CategoricalDtype)}
    return data.astype(kinds) if kinds else data


class OnText:
    """A module of straightforward implementations (the tests' oracles), called with every
    frame argument ``as_text``: they predate the read side's category columns."""

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type):
            return value

        def call(*args, **kwargs):
            def plain(v):
                return as_text(v) if isinstance(v, pd.DataFrame | pd.Series) else v

            return value(*map(plain, args), **{k: plain(v) for k, v in kwargs.items()})

        return call


def apps_frame(*rows: dict) -> pd.DataFrame:
    full = []
    for row in rows:
        values = {**APP_DEFAULTS, **row}
        values.setdefault("company", f"Company {values['id']}")
        values.setdefault("company_id", values["id"])
        full.append(values)
    frame = _frame(full, APP_COLUMNS)
    frame["archived"] = frame["archived"].astype(bool)
    return frame


def events_frame(*rows: tuple) -> pd.DataFrame:
    """Rows as (application_id, event_type, stage, occurred_on[, close_reason])."""
    full = [
        {
            "id": n + 1,
            "application_id": row[0],
            "event_type": row[1],
            "stage": row[2],
            "occurred_on": row[3],
            "close_reason": row[4] if len(row) > 4 else None,
            "note": "",
            "is_demo": False,
        }
        for n, row in enumerate(rows)
    ]
    return _frame(full, EVENT_COLUMNS)


def rounds_frame(*rows: dict) -> pd.DataFrame:
    full = []
    for n, row in enumerate(rows):
        values = {
            "id": n + 1, "status": "done", "outcome": "pending", "self_rating": None,
            "duration_minutes": 45, "format": "video", "interviewers": "", "notes": "",
            "tier": 2, "track": "ml_engineer", "level": "senior", "role_title": "ML Engineer",
            "company_type": "startup", "is_demo": False, **row,
        }  # fmt: skip
        values.setdefault("kind_label", KIND_LABELS.get(values["kind"], values["kind"]))
        values.setdefault("created_at", values.get("scheduled_at"))
        values.setdefault("company", f"Company {values['application_id']}")
        values.setdefault("company_id", values["application_id"])
        full.append(values)
    return _frame(full, ROUND_COLUMNS)


def feedback_frame(*rows: dict) -> pd.DataFrame:
    """Feedback rows as the frame gives them, plus the reflection texts it leaves out (for
    the straightforward oracles): ``written`` is computed from them as the query does."""
    full = [{"id": n + 1, "source": "self", "is_demo": False, **row} for n, row in enumerate(rows)]
    for row in full:
        texts = (row.get("went_well"), row.get("to_improve"))
        row["written"] = any(isinstance(t, str) and t.strip() for t in texts)
    return _frame(full, FEEDBACK_COLUMNS)


def offers_frame(*rows: dict) -> pd.DataFrame:
    full = [
        {
            "id": n + 1,
            "currency": "EUR",
            "company": f"Company {row['application_id']}",
            "role_title": "ML Engineer",
            **row,
        }  # fmt: skip
        for n, row in enumerate(rows)
    ]
    return _frame(full, OFFER_COLUMNS)


def empty_frames() -> dict[str, pd.DataFrame]:
    return {
        "applications": apps_frame(),
        "events": events_frame(),
        "rounds": rounds_frame(),
        "feedback": feedback_frame(),
        "offers": offers_frame(),
    }


# ------------------------------------------------------------------ the shared campaign
# today = 2026-03-31 (a Tuesday). Hand-computed facts are in the tests' docstrings.
TODAY = pd.Timestamp("2026-03-31").date()


def campaign() -> dict[str, pd.DataFrame]:
    """Six applications covering the edge cases the analytics must get right.

    1 cold / startup / tier 3: screen, hiring manager, rejected after the HM round.
    2 referral / public / tier 1: skipped the recruiter screen, HM -> technical -> final ->
      offer, accepted.
    3 cold / startup / tier 2: ghosted, then reopened (resurrected), reached the screen;
      a round without outcome (unknown) and one still scheduled.
    4 cold / startup / tier 3: applied, no answer at all (looks ghosted), follow-up due.
    5 wishlist only: never applied.
    6 recruiter inbound / big tech / no level: applied, withdrew.
    """
    apps = apps_frame(
        {"id": 1, "tier": 3, "applied_on": "2026-01-05", "stage": "hiring_manager",
         "closed_on": "2026-01-25", "close_reason": "rejected", "next_follow_up": "2026-03-01"},
        {"id": 2, "tier": 1, "source": "referral", "company_type": "public",
         "applied_on": "2026-01-10", "stage": "offer", "closed_on": "2026-03-01",
         "close_reason": "offer_accepted", "level": "staff"},
        {"id": 3, "applied_on": "2026-01-20", "stage": "recruiter_screen",
         "next_follow_up": "2026-04-10"},
        {"id": 4, "tier": 3, "applied_on": "2026-02-01", "next_follow_up": "2026-03-20"},
        {"id": 5, "stage": "wishlist", "saved_on": "2026-02-15"},
        {"id": 6, "source": "recruiter_inbound", "company_type": "big_tech", "level": None,
         "applied_on": "2026-03-01", "closed_on": "2026-03-05", "close_reason": "withdrew"},
    )  # fmt: skip
    events = events_frame(
        (1, "stage", "applied", "2026-01-05"),
        (1, "stage", "recruiter_screen", "2026-01-12"),
        (1, "stage", "hiring_manager", "2026-01-20"),
        (1, "closed", None, "2026-01-25", "rejected"),
        (2, "stage", "applied", "2026-01-10"),
        (2, "stage", "hiring_manager", "2026-01-15"),
        (2, "stage", "technical", "2026-01-25"),
        (2, "stage", "final", "2026-02-10"),
        (2, "stage", "offer", "2026-02-20"),
        (2, "closed", None, "2026-03-01", "offer_accepted"),
        (3, "stage", "applied", "2026-01-20"),
        (3, "closed", None, "2026-02-20", "ghosted"),
        (3, "reopened", "applied", "2026-03-01"),
        (3, "stage", "recruiter_screen", "2026-03-10"),
        (4, "stage", "applied", "2026-02-01"),
        (5, "stage", "wishlist", "2026-02-15"),
        (6, "stage", "applied", "2026-03-01"),
        (6, "closed", None, "2026-03-05", "withdrew"),
    )
    rounds = rounds_frame(
        {"application_id": 1, "kind": "recruiter_screen", "scheduled_at": "2026-01-12T10:00Z",
         "outcome": "passed", "self_rating": 4, "format": "phone"},
        {"application_id": 1, "kind": "hiring_manager", "scheduled_at": "2026-01-20T10:00Z",
         "outcome": "failed", "self_rating": 4},
        {"application_id": 2, "kind": "hiring_manager", "scheduled_at": "2026-01-15T10:00Z",
         "outcome": "passed", "self_rating": 5, "company_type": "public"},
        {"application_id": 2, "kind": "coding", "scheduled_at": "2026-01-25T10:00Z",
         "outcome": "passed", "self_rating": 3, "company_type": "public"},
        {"application_id": 2, "kind": "ml_system_design", "scheduled_at": "2026-02-10T10:00Z",
         "outcome": "passed", "self_rating": 2, "company_type": "public"},
        {"application_id": 3, "kind": "recruiter_screen", "scheduled_at": "2026-03-10T10:00Z",
         "outcome": "unknown"},
        {"application_id": 3, "kind": "coding", "scheduled_at": "2026-04-02T10:00Z",
         "status": "scheduled", "created_at": "2026-03-12T09:00Z"},
    )  # fmt: skip
    feedback = feedback_frame(
        {"round_id": 1, "reflect_after": "2026-01-13", "reflected_on": None},
        {"round_id": 2, "reflect_after": "2026-01-21", "reflected_on": "2026-01-22"},
        {"round_id": 6, "reflect_after": "2026-04-01", "reflected_on": None},
        {"round_id": 3, "reflect_after": None, "reflected_on": None},
    )
    offers = offers_frame(
        {"application_id": 2, "status": "accepted", "deadline": "2026-03-01"},
        {"application_id": 3, "status": "pending", "deadline": "2026-04-05"},
        {"application_id": 4, "status": "pending", "deadline": "2026-05-30"},
        {"application_id": 6, "status": "negotiating", "deadline": "2026-03-25"},
    )
    return {
        "applications": apps,
        "events": events,
        "rounds": rounds,
        "feedback": feedback,
        "offers": offers,
    }
