"""The least-interesting-first planner: pure functions over the frames of ``services.frames``.

Definitions (the one meaning used by the Planner page, its tests and the README):

- **Open application**: not closed and not archived (wishlist items included: the plan says
  when to apply).
- **Recommended order**: tier 3 (practice) before tier 2 before tier 1 (dream); within a tier
  the application further along the pipeline first (its next conversation is nearer), then
  the earliest *deadline* (its next scheduled round, else its follow-up date; none = last),
  then the oldest application (id) so ties are stable.
- **Upcoming round**: status "scheduled" and dated today or later (in the user's time zone).
- **Inversion** (thresholds are parameters): an upcoming tier-1 round of kind K before the
  user has done ``min_rounds`` rounds of kind K at *other* applications (done rounds, plus
  scheduled ones that come earlier), or an upcoming tier-1 round with lower-tier rounds
  already scheduled strictly later.
- **Overload**: more than ``per_week`` interviews (scheduled or done, not cancelled) in one
  Monday-to-Sunday week, this week or later.
- **Clustering**: at least two tier-1 rounds, at least one still upcoming, and all of them
  inside the first ``first_weeks`` weeks of the search (the search starts on the earliest
  applied date, else the earliest round). Checked for the whole search and for each track's
  own search (a track's search starts on its earliest applied date, else its earliest
  round): a track opened late whose dream rounds are all booked at once is warned about even
  when the search as a whole is spread out. A track holding every tier-1 round of a
  clustered search adds no second warning.

Rounds without a date cannot be placed in time: they are left out of the timeline and of
every warning (the recommended order shows them as "date to be set").
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from tracker.analytics.readiness import (
    TZ,
    covered_topics,
    kind_labels,
    local_day,
    readiness_by_kind,
)
from tracker.analytics.topics import TOPIC_BY_KEY, application_topics
from tracker.models import STAGE_ORDER, STAGES, label

WARNING_COLUMNS = ["warning", "title", "reason", "fix", "application_id", "round_id", "week"]
ORDER_COLUMNS = [
    "rank",
    "application_id",
    "company",
    "role_title",
    "tier",
    "stage",
    "next_round_id",
    "next_round_kind",
    "next_round_at",
    "deadline",
    "planned_week",
]
TIMELINE_COLUMNS = ["item", "application_id", "round_id", "row", "tier", "start", "end", "text"]
LIVE_STATUSES = ("scheduled", "done")  # rounds that take (or took) a slot in a week


def monday(day: date | pd.Timestamp) -> pd.Timestamp:
    """The Monday of the week ``day`` falls in (as a day-precision Timestamp)."""
    stamp = pd.Timestamp(day).normalize()
    return stamp - pd.Timedelta(days=stamp.weekday())


def _mondays(days: pd.Series) -> pd.Series:
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def _fmt_day(day: pd.Timestamp) -> str:
    return pd.Timestamp(day).strftime("%a %d %b")


def _fmt_week(day: pd.Timestamp) -> str:
    return pd.Timestamp(day).strftime("%d %b %Y")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _names(names: pd.Series, limit: int = 3) -> str:
    """Distinct names in order, at most ``limit`` of them, e.g. "A, B, C and 2 more"."""
    distinct = list(dict.fromkeys(names))
    shown = ", ".join(distinct[:limit])
    return f"{shown} and {len(distinct) - limit} more" if len(distinct) > limit else shown


def open_applications(apps: pd.DataFrame) -> pd.DataFrame:
    """Applications that are neither closed nor archived."""
    if apps.empty:
        return apps
    return apps[apps["closed_on"].isna() & ~apps["archived"].astype(bool)]


def with_days(rounds: pd.DataFrame, tz: TZ = "UTC") -> pd.DataFrame:
    """Rounds with ``day`` (local calendar day of ``scheduled_at``) and ``week`` (its Monday)."""
    out = rounds.copy()
    out["day"] = local_day(out["scheduled_at"], tz)
    out["week"] = _mondays(out["day"])
    return out


def upcoming_rounds(rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC") -> pd.DataFrame:
    """Scheduled, dated rounds from ``today`` on, soonest first, with ``day`` and ``week``."""
    dated = with_days(rounds, tz)
    keep = (dated["status"] == "scheduled") & (dated["day"] >= pd.Timestamp(today))
    return dated[keep].sort_values(["scheduled_at", "id"])


def tier_stage_counts(apps: pd.DataFrame) -> pd.DataFrame:
    """Open applications counted by tier and stage (every tier x stage pair, zeros included)."""
    grid = pd.MultiIndex.from_product(
        [[1, 2, 3], [s.value for s in STAGES]], names=["tier", "stage"]
    )
    live = open_applications(apps)
    counts = live.groupby(["tier", "stage"]).size() if not live.empty else pd.Series(dtype=int)
    table = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    table["stage_label"] = table["stage"].map(label)
    table["count"] = table["count"].astype(int)
    return table


def recommended_order(
    apps: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """The open applications in the order to take them (see the module docstring)."""
    live = open_applications(apps)
    if live.empty:
        return pd.DataFrame(columns=ORDER_COLUMNS)
    dated = with_days(rounds, tz) if not rounds.empty else rounds.assign(day=pd.NaT)
    waiting = dated[
        (dated["status"] == "scheduled")
        & (dated["day"].isna() | (dated["day"] >= pd.Timestamp(today)))
    ]
    # the next round per application: the soonest dated one, else an undated one
    nxt = waiting.sort_values(["scheduled_at", "id"], na_position="last").drop_duplicates(
        "application_id"
    )
    nxt = nxt[["application_id", "id", "kind_label", "scheduled_at"]].rename(
        columns={
            "id": "next_round_id",
            "kind_label": "next_round_kind",
            "scheduled_at": "next_round_at",
        }
    )
    table = live.rename(columns={"id": "application_id"}).merge(
        nxt, on="application_id", how="left"
    )
    round_day = local_day(table["next_round_at"], tz)
    table["deadline"] = round_day.fillna(table["next_follow_up"])
    table = table.assign(_stage=table["stage"].map(STAGE_ORDER)).sort_values(
        ["tier", "_stage", "deadline", "application_id"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    )
    table["rank"] = range(1, len(table) + 1)
    return table[ORDER_COLUMNS].reset_index(drop=True)


def timeline_items(apps: pd.DataFrame, rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Scheduled rounds (dated) and planned weeks of open applications, one row per item.

    ``start``/``end`` are naive local datetimes; a round spans its duration, a planned week
    spans Monday to the next Monday. ``row`` is the "Company · role" line it sits on.
    """
    parts = []
    if not rounds.empty:
        sched = rounds[(rounds["status"] == "scheduled") & rounds["scheduled_at"].notna()]
        if not sched.empty:
            start = (
                pd.to_datetime(sched["scheduled_at"], utc=True)
                .dt.tz_convert(tz)
                .dt.tz_localize(None)
            )
            parts.append(
                pd.DataFrame(
                    {
                        "item": "round",
                        "application_id": sched["application_id"].to_numpy(),
                        "round_id": sched["id"].to_numpy(),
                        "row": (sched["company"] + " · " + sched["role_title"]).to_numpy(),
                        "tier": sched["tier"].astype(int).to_numpy(),
                        "start": start.to_numpy(),
                        "end": (
                            start + pd.to_timedelta(sched["duration_minutes"], unit="m")
                        ).to_numpy(),
                        "text": (sched["kind_label"]).to_numpy(),
                    }
                )
            )
    live = open_applications(apps)
    if not live.empty:
        planned = live[live["planned_week"].notna()]
        if not planned.empty:
            parts.append(
                pd.DataFrame(
                    {
                        "item": "planned",
                        "application_id": planned["id"].to_numpy(),
                        "round_id": pd.NA,
                        "row": (planned["company"] + " · " + planned["role_title"]).to_numpy(),
                        "tier": planned["tier"].astype(int).to_numpy(),
                        "start": planned["planned_week"].to_numpy(),
                        "end": (planned["planned_week"] + pd.Timedelta(days=7)).to_numpy(),
                        "text": "Planned week",
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    items = pd.concat(parts, ignore_index=True)
    items["round_id"] = items["round_id"].astype("Int64")
    return items.sort_values(["start", "tier"], kind="stable")[TIMELINE_COLUMNS].reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- warnings


def _warning_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=WARNING_COLUMNS)
    frame["application_id"] = frame["application_id"].astype("Int64")
    frame["round_id"] = frame["round_id"].astype("Int64")
    frame["week"] = pd.to_datetime(frame["week"])
    return frame


def _utc_times(values: pd.Series) -> np.ndarray:
    """UTC-aware timestamps as naive UTC ``datetime64`` (for sorting and ``searchsorted``)."""
    return pd.to_datetime(values, utc=True).dt.tz_localize(None).to_numpy("datetime64[us]")


def _practice_counts(dream: pd.DataFrame, live: pd.DataFrame) -> np.ndarray:
    """Per dream round: live rounds of its kind at other applications that are done, or
    scheduled before it (sorted times and ``searchsorted``: no pairing of every two rounds)."""
    done = live[live["status"] == "done"]
    count = dream["kind"].map(done.groupby("kind").size()).fillna(0).to_numpy()
    own = pd.MultiIndex.from_arrays([dream["kind"], dream["application_id"]])
    count = (
        count - done.groupby(["kind", "application_id"]).size().reindex(own).fillna(0).to_numpy()
    )
    pending = live[(live["status"] != "done") & live["scheduled_at"].notna()]
    when = _utc_times(dream["scheduled_at"])
    kinds = dream["kind"].to_numpy()
    for kind, group in pending.groupby("kind"):
        mask = kinds == kind
        if mask.any():
            times = np.sort(_utc_times(group["scheduled_at"]))
            count[mask] += np.searchsorted(times, when[mask], side="left")
    mine = dream[["id", "kind", "application_id", "scheduled_at"]].merge(
        pending[["kind", "application_id", "scheduled_at"]],
        on=["kind", "application_id"],
        suffixes=("", "_other"),
    )
    own_earlier = mine[mine["scheduled_at_other"] < mine["scheduled_at"]].groupby("id").size()
    count = count - dream["id"].map(own_earlier).fillna(0).to_numpy()
    return count.astype(int)


def _later_lower(dream: pd.DataFrame, lower: pd.DataFrame, limit: int = 3) -> pd.DataFrame:
    """Per dream round: ``n_later`` lower-tier rounds scheduled strictly later, the
    ``last_at`` of them and their ``companies`` (``_names``: distinct, in time order)."""
    lower = lower.sort_values("scheduled_at", kind="stable")
    times = _utc_times(lower["scheduled_at"])
    names = lower["company"].tolist()
    first = np.searchsorted(times, _utc_times(dream["scheduled_at"]), side="right")
    distinct_from = np.zeros(len(names) + 1, dtype=int)  # distinct names in names[i:]
    seen: set = set()
    for i in range(len(names) - 1, -1, -1):
        seen.add(names[i])
        distinct_from[i] = len(seen)
    companies = []
    for i in first:
        shown: list = []
        j = i
        while len(shown) < limit and j < len(names):
            if names[j] not in shown:
                shown.append(names[j])
            j += 1
        more = distinct_from[i] - len(shown)
        companies.append(", ".join(shown) + (f" and {more} more" if more > 0 else ""))
    n_later = len(names) - first
    last = lower["scheduled_at"].iloc[-1] if len(lower) else pd.NaT
    return pd.DataFrame(
        {
            "n_later": n_later,
            "last_at": pd.to_datetime([last if n else pd.NaT for n in n_later], utc=True),
            "companies": companies,
        },
        index=dream.index,
    )


def inversion_warnings(
    rounds: pd.DataFrame, *, today: date, min_rounds: int, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Upcoming tier-1 rounds taken before enough practice, or before lower-tier rounds."""
    if rounds.empty:
        return _warning_frame([])
    dated = with_days(rounds, tz)
    dream = upcoming_rounds(rounds, today=today, tz=tz)
    dream = dream[dream["tier"] == 1]
    if dream.empty:
        return _warning_frame([])
    live = dated[dated["status"].isin(LIVE_STATUSES)]
    # practice of the same kind elsewhere: done, or scheduled before the dream round
    dream = dream.assign(practice=_practice_counts(dream, live))
    # lower-tier rounds already scheduled strictly later than the dream round
    lower = dated[
        (dated["status"] == "scheduled") & (dated["tier"] > 1) & dated["scheduled_at"].notna()
    ]
    dream = dream.join(_later_lower(dream, lower))
    last_day = local_day(dream["last_at"], tz)

    rows: list[dict] = []
    for r, last in zip(dream.itertuples(index=False), last_day, strict=True):
        when = _fmt_day(r.day)
        if r.practice < min_rounds:
            missing = min_rounds - r.practice
            rows.append(
                {
                    "warning": "inversion",
                    "title": f"{r.company}: tier-1 {r.kind_label} round too early",
                    "reason": (
                        f"Your tier-1 {r.kind_label} round at {r.company} is on {when}, but by "
                        f"then you will have done {_plural(r.practice, 'round')} of that kind "
                        f"elsewhere; your plan asks for {min_rounds} first."
                    ),
                    "fix": (
                        f"Book {_plural(missing, 'more ' + r.kind_label + ' round')} with a "
                        f"tier-3 or tier-2 company before {when}, or ask {r.company} for a "
                        "later slot."
                    ),
                    "application_id": r.application_id,
                    "round_id": r.id,
                    "week": r.week,
                }
            )
        if r.n_later > 0:
            rows.append(
                {
                    "warning": "inversion",
                    "title": f"{r.company}: tier-1 round before practice rounds",
                    "reason": (
                        f"Your tier-1 {r.kind_label} round at {r.company} on {when} comes before "
                        f"{_plural(int(r.n_later), 'lower-tier round')} already scheduled later "
                        f"({r.companies}), the last on {_fmt_day(last)}."
                    ),
                    "fix": (
                        f"Ask {r.company} to move it after {_fmt_day(last)}, or bring the "
                        "practice rounds forward."
                    ),
                    "application_id": r.application_id,
                    "round_id": r.id,
                    "week": r.week,
                }
            )
    return _warning_frame(rows)


def week_load(rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Interviews per week (scheduled or done, dated), with the companies in that week."""
    columns = ["week", "interviews", "companies"]
    if rounds.empty:
        return pd.DataFrame(columns=columns)
    dated = with_days(rounds, tz)
    live = dated[dated["status"].isin(LIVE_STATUSES) & dated["day"].notna()]
    if live.empty:
        return pd.DataFrame(columns=columns)
    live = live.sort_values(["tier", "scheduled_at"])
    return (
        live.groupby("week")
        .agg(interviews=("id", "size"), companies=("company", _names))
        .reset_index()
    )


def overload_warnings(
    rounds: pd.DataFrame, *, today: date, per_week: int, tz: TZ = "UTC", look_ahead: int = 4
) -> pd.DataFrame:
    """Weeks (this one or later) with more than ``per_week`` interviews.

    The fix names the lightest of the ``look_ahead`` following weeks (the first one on a tie).
    """
    load = week_load(rounds, tz=tz)
    if load.empty:
        return _warning_frame([])
    this_week = monday(today)
    busy = load[(load["week"] >= this_week) & (load["interviews"] > per_week)]
    per = load.set_index("week")["interviews"]
    rows = []
    for w in busy.itertuples(index=False):
        options = pd.date_range(w.week + pd.Timedelta(days=7), periods=look_ahead, freq="7D")
        lightest = per.reindex(options, fill_value=0).idxmin()
        excess = int(w.interviews) - per_week
        rows.append(
            {
                "warning": "overload",
                "title": f"Week of {_fmt_week(w.week)}: {w.interviews} interviews",
                "reason": (
                    f"The week of {_fmt_week(w.week)} has {w.interviews} interviews "
                    f"({w.companies}); your limit is {per_week} a week, so there is little "
                    "time left to prepare and reflect."
                ),
                "fix": (
                    f"Move {_plural(excess, 'round')} to the week of {_fmt_week(lightest)} "
                    f"({int(per.get(lightest, 0))} booked so far), starting with the tier-1 "
                    "ones: dream jobs gain most from being later."
                ),
                "application_id": None,
                "round_id": None,
                "week": w.week,
            }
        )
    return _warning_frame(rows)


def search_start(
    apps: pd.DataFrame, rounds: pd.DataFrame, *, tz: TZ = "UTC", track: str | None = None
) -> pd.Timestamp:
    """The first day of the search: the earliest applied date, else the earliest round.

    With ``track``, the first day of that track's search (its applications and rounds only).
    """
    if track is not None:
        apps = apps[apps["track"] == track] if "track" in apps else apps.iloc[0:0]
        rounds = rounds[rounds["track"] == track] if "track" in rounds else rounds.iloc[0:0]
    applied = apps["applied_on"].min() if not apps.empty else pd.NaT
    if pd.notna(applied):
        return pd.Timestamp(applied).normalize()
    if rounds.empty:
        return pd.NaT
    return local_day(rounds["scheduled_at"], tz).min()


def _clustering_row(
    dream: pd.DataFrame,
    start: pd.Timestamp,
    *,
    today: date,
    first_weeks: int,
    track: str | None = None,
    overall_start: pd.Timestamp = pd.NaT,
) -> dict | None:
    """The clustering warning for these tier-1 rounds of a search starting on ``start``."""
    upcoming = dream[(dream["status"] == "scheduled") & (dream["day"] >= pd.Timestamp(today))]
    if len(dream) < 2 or upcoming.empty or pd.isna(start):
        return None
    window_end = start + pd.Timedelta(weeks=first_weeks)
    if not (dream["day"] < window_end).all():
        return None
    weeks = _plural(first_weeks, "week")
    after = monday(window_end + pd.Timedelta(days=6))  # the first week after the window
    started = f"it started on {_fmt_week(start)}"
    if track is None:
        title = "Every tier-1 round is in the first weeks of your search"
        where = f"All {len(dream)} tier-1 rounds fall in the first {weeks} of your search"
        practice = "tier-3 practice interviews"
    else:
        name = label(track)
        title = f"{name} track: every tier-1 round is in the first weeks of its search"
        where = (
            f"All {len(dream)} tier-1 rounds in the {name} track fall in the first {weeks} "
            "of that track's search"
        )
        if pd.notna(overall_start) and overall_start < start:
            started += f", your search as a whole on {_fmt_week(overall_start)}"
        practice = f"tier-3 practice interviews for {name} roles"
    return {
        "warning": "clustering",
        "title": title,
        "reason": (
            f"{where} ({started}): you will meet your dream companies before practice "
            "rounds have sharpened you."
        ),
        "fix": (
            f"Ask for later slots for the {_plural(len(upcoming), 'upcoming tier-1 round')} "
            f"(from the week of {_fmt_week(after)}), and fill the first weeks with {practice}."
        ),
        "application_id": None,
        "round_id": None,
        "week": monday(upcoming["day"].min()),
    }


def clustering_warnings(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    today: date,
    first_weeks: int = 3,
    tz: TZ = "UTC",
) -> pd.DataFrame:
    """A warning when every tier-1 round falls in the first ``first_weeks`` weeks of the
    search, and one per track whose tier-1 rounds all fall in the first ``first_weeks`` weeks
    of that track's own search (see the module docstring); the whole search first, then the
    tracks by the day their search started."""
    if rounds.empty:
        return _warning_frame([])
    dated = with_days(rounds, tz)
    dream = dated[(dated["tier"] == 1) & dated["status"].isin(LIVE_STATUSES) & dated["day"].notna()]
    overall_start = search_start(apps, rounds, tz=tz)
    overall = _clustering_row(dream, overall_start, today=today, first_weeks=first_weeks)
    rows = [] if overall is None else [overall]
    by_track = []
    tracks = dream.groupby("track", sort=True) if "track" in dream else []
    for track, in_track in tracks:
        if overall is not None and len(in_track) == len(dream):
            continue  # the same rounds as the whole search's warning: one is enough
        start = search_start(apps, rounds, tz=tz, track=track)
        row = _clustering_row(
            in_track,
            start,
            today=today,
            first_weeks=first_weeks,
            track=track,
            overall_start=overall_start,
        )
        if row is not None:
            by_track.append((start, row))
    rows += [row for _, row in sorted(by_track, key=lambda pair: pair[0])]
    return _warning_frame(rows)


def all_warnings(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    today: date,
    min_rounds: int,
    per_week: int,
    first_weeks: int = 3,
    tz: TZ = "UTC",
) -> pd.DataFrame:
    """Every planner warning: inversions, then overloads, then clustering, by week."""
    parts = [
        inversion_warnings(rounds, today=today, min_rounds=min_rounds, tz=tz),
        overload_warnings(rounds, today=today, per_week=per_week, tz=tz),
        clustering_warnings(apps, rounds, today=today, first_weeks=first_weeks, tz=tz),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _warning_frame([])
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- tier-1 prep


def tier1_prep(
    rounds: pd.DataFrame, objectives: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Each upcoming tier-1 round with the user's record at its kind and open objectives.

    ``done_count``/``pass_rate``/``avg_rating`` are those of ``readiness_by_kind`` for that kind
    (all applications); ``objectives`` lists the open learning objectives of the kind.
    """
    columns = [
        "round_id", "application_id", "company", "role_title", "kind", "kind_label",
        "scheduled_at", "done_count", "passed", "failed", "pass_rate", "avg_rating",
        "objectives",
    ]  # fmt: skip
    if rounds.empty:
        return pd.DataFrame(columns=columns)
    dream = upcoming_rounds(rounds, today=today, tz=tz)
    dream = dream[dream["tier"] == 1]
    if dream.empty:
        return pd.DataFrame(columns=columns)
    ready = readiness_by_kind(rounds, objectives, today=today, tz=tz)[
        ["kind", "practice_count", "passed", "failed", "pass_rate", "avg_rating"]
    ].rename(columns={"practice_count": "done_count"})
    if objectives.empty:
        open_texts = pd.Series(dtype=object, name="objectives")
    else:
        still_open = objectives[~objectives["done"].astype(bool)].dropna(subset=["kind"])
        open_texts = (
            still_open.groupby("kind")["text"]
            .agg(lambda texts: list(dict.fromkeys(texts)))  # each distinct objective once
            .rename("objectives")
        )
    table = dream.rename(columns={"id": "round_id"}).merge(ready, on="kind", how="left")
    table = table.join(open_texts, on="kind")
    table["objectives"] = table["objectives"].apply(lambda v: v if isinstance(v, list) else [])
    return table[columns].reset_index(drop=True)


def tier1_topic_gaps(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    objectives: pd.DataFrame,
    *,
    today: date,
    tz: TZ = "UTC",
) -> pd.DataFrame:
    """Topics that applications with an upcoming tier-1 round ask for (in their job
    description) where the user has neither done a round of a kind that tests the topic nor
    an open learning objective that mentions it."""
    columns = ["topic", "topic_label", "companies", "kinds", "first_round_at"]
    if rounds.empty or apps.empty:
        return pd.DataFrame(columns=columns)
    dream = upcoming_rounds(rounds, today=today, tz=tz)
    dream = dream[dream["tier"] == 1]
    if dream.empty:
        return pd.DataFrame(columns=columns)
    first = dream.groupby("application_id")["scheduled_at"].min()
    needed = application_topics(apps[apps["id"].isin(first.index)])
    if needed.empty:
        return pd.DataFrame(columns=columns)
    gaps = needed[~needed["topic"].isin(covered_topics(rounds, objectives))]
    if gaps.empty:
        return pd.DataFrame(columns=columns)
    names = apps.set_index("id")["company"]
    gaps = gaps.assign(
        company=gaps["application_id"].map(names),
        first_round_at=gaps["application_id"].map(first),
    )
    table = gaps.groupby(["topic", "topic_label"], as_index=False).agg(
        companies=("company", lambda c: ", ".join(dict.fromkeys(c))),
        first_round_at=("first_round_at", "min"),
    )
    labels = kind_labels(rounds)
    table["kinds"] = table["topic"].map(
        lambda key: ", ".join(labels.get(k) or label(k) for k in TOPIC_BY_KEY[key].kinds)
    )
    return table.sort_values(["first_round_at", "topic_label"])[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- reapply


def reapply_calendar(apps: pd.DataFrame, *, today: date) -> pd.DataFrame:
    """Applications the company rejected, with when the user may reapply; soonest first.

    ``status``: "Reapply now" once the date has passed, "In N days" before it, and "Ask HR"
    when no date is known yet (DOMAIN.md: ask how long before you may reapply).
    """
    columns = [
        "application_id",
        "company",
        "role_title",
        "tier",
        "closed_on",
        "reapply_after",
        "status",
    ]
    if apps.empty:
        return pd.DataFrame(columns=columns)
    rejected = apps[apps["close_reason"] == "rejected"].rename(columns={"id": "application_id"})
    if rejected.empty:
        return pd.DataFrame(columns=columns)
    days_left = (rejected["reapply_after"] - pd.Timestamp(today)).dt.days
    status = pd.Series("Ask HR for the date", index=rejected.index)
    status = status.mask(days_left.notna() & (days_left <= 0), "Reapply now")
    status = status.mask(days_left > 0, "In " + days_left.astype("Int64").astype(str) + " days")
    rejected = rejected.assign(status=status)
    rejected = rejected.sort_values(
        ["reapply_after", "closed_on"], ascending=[True, False], na_position="last"
    )
    return rejected[columns].reset_index(drop=True)


def week_options(today: date, weeks: int = 26) -> list[date]:
    """Mondays from this week on, for a "planned week" picker."""
    first = monday(today).date()
    return [first + timedelta(weeks=n) for n in range(weeks)]
