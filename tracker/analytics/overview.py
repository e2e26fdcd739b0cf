"""Overview analytics: the key figures with their 30-day deltas and what needs attention.

Pure pandas over the frames of ``tracker.services.frames`` and ``application_facts``.
Every key figure is computed "as of" a day, and its delta is the figure today minus the
same figure as of 30 days earlier (``DELTA_DAYS``):

* **Open applications**: applied on or before the day, not archived, and not closed at the
  end of that day (a closing followed by a reopening counts as open again).
* **Interviews this week**: rounds (not cancelled, not no-show) scheduled in the Monday-Sunday
  week of the day.
* **Offers**: applications that had reached the offer stage by the day.
* **Response rate** and **median days to first response**: over the applications applied
  by the day, counting responses that had come by the day (DESIGN.md's "Response").

What needs attention: reflections due, follow-ups due, offer deadlines within
``DEADLINE_WINDOW_DAYS``, and applications that look ghosted (DESIGN.md: open, applied, no
event for N days; a round, booked or held, counts as an event, and offers are left to the
deadline list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from tracker.analytics.pipeline import OFFER_RANK, as_day, lookup_days, ratio

DELTA_DAYS = 30
DEADLINE_WINDOW_DAYS = 14
LIVE_OFFER_STATUSES = ("pending", "negotiating")


@dataclass(frozen=True)
class KeyFigure:
    """One headline number, its value 30 days earlier, and how to show it."""

    key: str
    title: str
    value: float
    previous: float
    unit: str = ""  # "%" for a share 0..1, "days", or "" for a count
    higher_is_better: bool = True

    @property
    def delta(self) -> float:
        return self.value - self.previous


def _open_as_of(apps: pd.DataFrame, events: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Per application (apps' index): open at the end of ``day``."""
    applied = as_day(apps["applied_on"]) <= day
    flips = events.loc[
        events["event_type"].isin(["closed", "reopened"]) & (as_day(events["occurred_on"]) <= day)
    ]
    flips = flips.sort_values(["application_id", "occurred_on", "id"], kind="stable")
    last = flips.groupby("application_id")["event_type"].last()
    closed = apps["id"].map(last).eq("closed")
    no_history = ~apps["id"].isin(events["application_id"])
    closed |= no_history & (as_day(apps["closed_on"]) <= day)
    return applied & ~closed & ~apps["archived"].astype(bool)


def _interviews_in_week(rounds: pd.DataFrame, day: pd.Timestamp) -> int:
    monday = day - pd.Timedelta(days=day.weekday())
    when = as_day(rounds["scheduled_at"])
    held = ~rounds["status"].isin(["cancelled", "no_show"])
    return int((held & (when >= monday) & (when < monday + pd.Timedelta(days=7))).sum())


def _figures_as_of(
    facts: pd.DataFrame, apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame, day
) -> dict[str, float]:
    applied = facts.loc[facts["applied_on"] <= day]
    answered = applied["response_on"].notna() & (applied["response_on"] <= day)
    days = applied.loc[answered, "days_to_response"]
    offers = (facts["furthest_rank"] >= OFFER_RANK) & (
        facts["offer_on"].isna() | (facts["offer_on"] <= day)
    )
    return {
        "open": int(_open_as_of(apps, events, day).sum()),
        "interviews_week": _interviews_in_week(rounds, day),
        "offers": int(offers.sum()),
        "response_rate": ratio(int(answered.sum()), len(applied)),
        "median_days": float(days.median()) if len(days) else float("nan"),
    }


def key_figures(
    facts: pd.DataFrame,
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    today: date,
) -> list[KeyFigure]:
    """The five headline numbers today and 30 days earlier (see the module docstring)."""
    now = pd.Timestamp(today)
    current = _figures_as_of(facts, apps, events, rounds, now)
    before = _figures_as_of(facts, apps, events, rounds, now - pd.Timedelta(days=DELTA_DAYS))
    spec = [
        ("open", "Open applications", "", True),
        ("interviews_week", "Interviews this week", "", True),
        ("offers", "Offers", "", True),
        ("response_rate", "Response rate", "%", True),
        ("median_days", "Days to response", "days", False),
    ]
    return [
        KeyFigure(key, title, current[key], before[key], unit, better)
        for key, title, unit, better in spec
    ]


def upcoming_rounds(rounds: pd.DataFrame, now: pd.Timestamp, days: int = 7) -> pd.DataFrame:
    """Scheduled rounds from ``now`` (UTC-aware) to ``now + days``, soonest first."""
    when = rounds["scheduled_at"]
    keep = (
        (rounds["status"] == "scheduled") & (when >= now) & (when < now + pd.Timedelta(days=days))
    )
    return rounds.loc[keep].sort_values("scheduled_at")


def reflections_due(feedback: pd.DataFrame, rounds: pd.DataFrame, today: date) -> pd.DataFrame:
    """Feedback whose calm reflection is due (reflect-after passed, not reflected yet)."""
    due = feedback.loc[
        feedback["reflected_on"].isna()
        & feedback["reflect_after"].notna()
        & (as_day(feedback["reflect_after"]) <= pd.Timestamp(today))
    ]
    info = rounds[["id", "company", "role_title", "kind_label", "scheduled_at"]]
    out = due[["id", "round_id", "reflect_after"]].merge(
        info.rename(columns={"id": "round_id"}), on="round_id", how="inner"
    )
    return out.sort_values("reflect_after").reset_index(drop=True)


def follow_ups_due(apps: pd.DataFrame, today: date) -> pd.DataFrame:
    """Open applications whose next follow-up date is today or earlier, oldest first."""
    due = apps.loc[
        apps["closed_on"].isna()
        & ~apps["archived"].astype(bool)
        & (as_day(apps["next_follow_up"]) <= pd.Timestamp(today))
    ]
    out = due[["id", "company", "role_title", "tier", "next_follow_up"]].copy()
    out["days_overdue"] = (pd.Timestamp(today) - as_day(out["next_follow_up"])).dt.days
    return out.sort_values("next_follow_up").reset_index(drop=True)


def offer_deadlines(
    offers: pd.DataFrame, today: date, within_days: int = DEADLINE_WINDOW_DAYS
) -> pd.DataFrame:
    """Live offers (pending / negotiating) whose deadline is within ``within_days`` or has
    passed; ``days_left`` is negative once it has passed."""
    now = pd.Timestamp(today)
    deadline = as_day(offers["deadline"])
    keep = (
        offers["status"].isin(LIVE_OFFER_STATUSES)
        & deadline.notna()
        & (deadline <= now + pd.Timedelta(days=within_days))
    )
    out = offers.loc[keep, ["id", "application_id", "company", "role_title", "deadline", "status"]]
    out = out.assign(days_left=(deadline[keep] - now).dt.days)
    return out.sort_values("deadline").reset_index(drop=True)


def last_activity(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> pd.Series:
    """Per application (apps' index): the day of its latest StageEvent or round."""
    ev = as_day(events["occurred_on"]).groupby(events["application_id"]).max()
    booked = pd.concat([as_day(rounds["scheduled_at"]), as_day(rounds["created_at"])], axis=1)
    rd = booked.max(axis=1).groupby(rounds["application_id"]).max()
    latest = np.fmax(lookup_days(apps["id"], ev), lookup_days(apps["id"], rd))
    return latest.fillna(as_day(apps["applied_on"]))


def ghosting_candidates(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    today: date,
    ghosting_days: int,
) -> pd.DataFrame:
    """Open, applied, not at the offer stage, and no event or round for ``ghosting_days``.

    Columns: id, company, role_title, tier, stage, last_activity, days_silent (longest
    silence first).
    """
    columns = ["id", "company", "role_title", "tier", "stage", "last_activity", "days_silent"]
    latest = last_activity(apps, events, rounds)
    silent = (pd.Timestamp(today) - latest).dt.days
    keep = (
        apps["closed_on"].isna()
        & ~apps["archived"].astype(bool)
        & apps["applied_on"].notna()
        & ~apps["stage"].isin(["wishlist", "offer"])
        & (silent >= ghosting_days)
    )
    out = apps.loc[keep, columns[:5]].assign(last_activity=latest[keep], days_silent=silent[keep])
    return out.sort_values(["days_silent", "id"], ascending=[False, True]).reset_index(drop=True)


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class OverviewSummary:
    """Everything the Overview shows, computed once per data version and day."""

    figures: list[KeyFigure]
    upcoming: pd.DataFrame  # scheduled rounds from the start of today to 8 days on
    reflections: pd.DataFrame
    follow_ups: pd.DataFrame
    deadlines: pd.DataFrame
    ghosts: pd.DataFrame


def overview_summary(
    facts: pd.DataFrame,
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    feedback: pd.DataFrame,
    offers: pd.DataFrame,
    *,
    today: date,
    ghosting_days: int,
) -> OverviewSummary:
    """The Overview's figures and lists; ``upcoming`` spans a day more than the next 7 days so
    the page can cut it at the current minute (``upcoming_rounds`` again) without recomputing.
    """
    start = pd.Timestamp(today, tz="UTC") - pd.Timedelta(days=1)
    return OverviewSummary(
        figures=key_figures(facts, apps, events, rounds, today),
        upcoming=upcoming_rounds(rounds, start, days=9)[
            ["scheduled_at", "status", "company", "kind_label", "tier"]
        ],
        reflections=reflections_due(feedback, rounds, today),
        follow_ups=follow_ups_due(apps, today),
        deadlines=offer_deadlines(offers, today),
        ghosts=ghosting_candidates(apps, events, rounds, today, ghosting_days),
    )
