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
from typing import Any

import numpy as np
import pandas as pd

from tracker.analytics.pipeline import (
    OFFER_RANK,
    as_day,
    coded,
    day_array,
    event_order,
    instant_array,
    latest_per_row,
    ratio,
    row_positions,
    whole_days,
)

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


@dataclass(frozen=True)
class _History:
    """What the key figures read, as arrays computed once for every day they are asked of.

    Facts' rows: ``applied``, ``response``, ``response_days`` (days to it), ``offer_reached``
    and ``offer_on``. Applications' rows: ``app_applied``, ``app_closed``, ``live`` (not
    archived) and ``no_history`` (no event at all). Closings and reopenings in event order:
    ``flip_rows`` (their application's row), ``flip_closed`` and ``flip_day``. Rounds not
    cancelled nor missed: ``held_day``. Days are numpy ``datetime64`` arrays.
    """

    applied: np.ndarray
    response: np.ndarray
    response_days: np.ndarray
    offer_reached: np.ndarray
    offer_on: np.ndarray
    app_applied: np.ndarray
    app_closed: np.ndarray
    live: np.ndarray
    no_history: np.ndarray
    flip_rows: np.ndarray
    flip_closed: np.ndarray
    flip_day: np.ndarray
    held_day: np.ndarray


def _history(
    facts: pd.DataFrame, apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame
) -> _History:
    """The arrays of ``_History`` (see there)."""
    order = event_order(events)
    closing = coded(events["event_type"], {"closed": 1.0, "reopened": 0.0})[order]
    rows = row_positions(events["application_id"], apps)[order]
    flips = ~np.isnan(closing) & (rows >= 0)  # closings and reopenings
    held = ~rounds["status"].isin(["cancelled", "no_show"]).to_numpy()
    return _History(
        applied=instant_array(facts["applied_on"]),
        response=instant_array(facts["response_on"]),
        response_days=facts["days_to_response"].to_numpy(dtype="float64"),
        offer_reached=(facts["furthest_rank"] >= OFFER_RANK).to_numpy(),
        offer_on=instant_array(facts["offer_on"]),
        app_applied=day_array(apps["applied_on"]),
        app_closed=day_array(apps["closed_on"]),
        live=~apps["archived"].astype(bool).to_numpy(),
        no_history=~apps["id"].isin(events["application_id"]).to_numpy(),
        flip_rows=rows[flips],
        flip_closed=closing[flips] == 1.0,
        flip_day=day_array(events["occurred_on"])[order][flips],
        held_day=day_array(rounds["scheduled_at"])[held],
    )


def _open_count(history: _History, day: np.datetime64) -> int:
    """Applications open at the end of ``day``: applied by then, not archived, and closed
    neither by their last closing/reopening up to that day nor, without any event, by their
    closed date."""
    flips = history.flip_day <= day
    rows, closed_flips = history.flip_rows[flips], history.flip_closed[flips]
    last = np.ones(len(rows), dtype=bool)  # the last flip of each application
    last[:-1] = rows[1:] != rows[:-1]
    closed = np.zeros(len(history.app_applied), dtype=bool)
    closed[rows[last]] = closed_flips[last]
    closed |= history.no_history & (history.app_closed <= day)
    return int((history.live & (history.app_applied <= day) & ~closed).sum())


def _figures_as_of(history: _History, day: pd.Timestamp) -> dict[str, float]:
    """The five key figures as of the end of ``day`` (module docstring)."""
    at = np.datetime64(day.date(), "D")
    applied = history.applied <= at
    answered = applied & (history.response <= at)  # NaT compares False
    days = history.response_days[answered]
    days = days[~np.isnan(days)]
    offers = history.offer_reached & (np.isnat(history.offer_on) | (history.offer_on <= at))
    monday = at - np.timedelta64(day.weekday(), "D")
    in_week = (history.held_day >= monday) & (history.held_day < monday + np.timedelta64(7, "D"))
    return {
        "open": _open_count(history, at),
        "interviews_week": int(in_week.sum()),
        "offers": int(offers.sum()),
        "response_rate": ratio(int(answered.sum()), int(applied.sum())),
        "median_days": float(np.median(days)) if len(days) else float("nan"),
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
    history = _history(facts, apps, events, rounds)
    current = _figures_as_of(history, now)
    before = _figures_as_of(history, now - pd.Timedelta(days=DELTA_DAYS))
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


def _columns_at(frame: pd.DataFrame, columns: list[str], rows: np.ndarray) -> dict[str, Any]:
    """The ``columns`` of ``frame`` at row positions ``rows``, each keeping its dtype, to build
    a frame from without ``.loc``'s overhead (an object column is a Series: a bare object
    array would be read as strings)."""
    taken: dict[str, Any] = {}
    for name in columns:
        values = frame[name]
        rows_of = values.array.take(rows)
        taken[name] = pd.Series(rows_of, dtype=object) if values.dtype == object else rows_of
    return taken


def _sort_order(frame: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    """The permutation of ``rows`` (positions in ``frame``) that ``sort_values(column)`` of
    those rows makes: the same sort (quicksort, missing values last) of the same values, on
    one Series instead of a whole frame."""
    return pd.Series(frame[column].array.take(rows)).sort_values().index.to_numpy()


def upcoming_rounds(rounds: pd.DataFrame, now: pd.Timestamp, days: int = 7) -> pd.DataFrame:
    """Scheduled rounds from ``now`` (UTC-aware) to ``now + days``, soonest first."""
    when = rounds["scheduled_at"]
    keep = (
        (rounds["status"] == "scheduled") & (when >= now) & (when < now + pd.Timedelta(days=days))
    )
    rows = np.flatnonzero(keep.to_numpy())
    return rounds.iloc[rows[_sort_order(rounds, "scheduled_at", rows)]]  # sort_values' order


def reflections_due(feedback: pd.DataFrame, rounds: pd.DataFrame, today: date) -> pd.DataFrame:
    """Feedback whose calm reflection is due (reflect-after passed, not reflected yet)."""
    due = feedback["reflected_on"].isna().to_numpy() & (
        day_array(feedback["reflect_after"]) <= np.datetime64(today, "D")  # NaT: not due
    )
    rows = np.flatnonzero(due)
    # an inner merge on the round id (unique in rounds): the round of each due feedback
    where = pd.Index(rounds["id"]).get_indexer(feedback["round_id"].to_numpy()[rows])
    rows, where = rows[where >= 0], where[where >= 0]
    order = _sort_order(feedback, "reflect_after", rows)
    info = ["company", "role_title", "kind_label", "scheduled_at"]
    return pd.DataFrame(
        {
            **_columns_at(feedback, ["id", "round_id", "reflect_after"], rows[order]),
            **_columns_at(rounds, info, where[order]),
        }
    )


def follow_ups_due(apps: pd.DataFrame, today: date) -> pd.DataFrame:
    """Open applications whose next follow-up date is today or earlier, oldest first."""
    day = np.datetime64(today, "D")
    follow_up = day_array(apps["next_follow_up"])
    due = (
        apps["closed_on"].isna().to_numpy()
        & ~apps["archived"].astype(bool).to_numpy()
        & (follow_up <= day)  # NaT: not due
    )
    rows = np.flatnonzero(due)
    rows = rows[_sort_order(apps, "next_follow_up", rows)]
    out = _columns_at(apps, ["id", "company", "role_title", "tier", "next_follow_up"], rows)
    out["days_overdue"] = whole_days(day - follow_up[rows])
    return pd.DataFrame(out)


def offer_deadlines(
    offers: pd.DataFrame, today: date, within_days: int = DEADLINE_WINDOW_DAYS
) -> pd.DataFrame:
    """Live offers (pending / negotiating) whose deadline is within ``within_days`` or has
    passed; ``days_left`` is negative once it has passed."""
    now = np.datetime64(today, "D")
    deadline = day_array(offers["deadline"])
    keep = offers["status"].isin(LIVE_OFFER_STATUSES).to_numpy() & (
        deadline <= now + np.timedelta64(within_days, "D")  # NaT: no deadline
    )
    rows = np.flatnonzero(keep)
    rows = rows[_sort_order(offers, "deadline", rows)]
    columns = ["id", "application_id", "company", "role_title", "deadline", "status"]
    out = _columns_at(offers, columns, rows)
    out["days_left"] = whole_days(deadline[rows] - now)
    return pd.DataFrame(out)


def last_activity(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> pd.Series:
    """Per application (apps' index): the day of its latest StageEvent or round."""
    size = len(apps)
    events_latest = latest_per_row(
        row_positions(events["application_id"], apps), day_array(events["occurred_on"]), size
    )
    booked = np.fmax(day_array(rounds["scheduled_at"]), day_array(rounds["created_at"]))
    rounds_latest = latest_per_row(row_positions(rounds["application_id"], apps), booked, size)
    latest = np.fmax(events_latest, rounds_latest).astype("datetime64[ns]")
    return pd.Series(latest, index=apps.index).fillna(as_day(apps["applied_on"]))


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
    latest = last_activity(apps, events, rounds).to_numpy()
    silent = whole_days(np.datetime64(today, "D") - latest.astype("datetime64[D]"))
    keep = (
        apps["closed_on"].isna().to_numpy()
        & ~apps["archived"].astype(bool).to_numpy()
        & apps["applied_on"].notna().to_numpy()
        & ~apps["stage"].isin(["wishlist", "offer"]).to_numpy()
        & (silent >= ghosting_days)  # NaN: never active
    )
    rows = np.flatnonzero(keep)
    # longest silence first, then by id: ids are unique, so the order is the only one
    rows = rows[np.lexsort((apps["id"].to_numpy()[rows], -silent[rows]))]
    out = _columns_at(apps, columns[:5], rows)
    out["last_activity"], out["days_silent"] = latest[rows], silent[rows]
    return pd.DataFrame(out)


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
        upcoming=upcoming_rounds(  # the columns the page shows, chosen before the rows
            rounds[["scheduled_at", "status", "company", "kind_label", "tier"]], start, days=9
        ),
        reflections=reflections_due(feedback, rounds, today),
        follow_ups=follow_ups_due(apps, today),
        deadlines=offer_deadlines(offers, today),
        ghosts=ghosting_candidates(apps, events, rounds, today, ghosting_days),
    )
