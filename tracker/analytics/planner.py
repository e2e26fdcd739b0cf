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

The frames hold thousands of rounds but a plan is about the few still ahead, and pandas
costs per operation far more than per row on frames this size: each function picks the rows
it needs through numpy arrays of a few columns (``_RoundArrays``), computes local days for
those rows only, and builds what the page shows from plain lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray
from pandas.arrays import NumpyExtensionArray

from tracker.analytics.readiness import TZ, kind_labels, local_day
from tracker.analytics.topics import TOPIC_BY_KEY, TOPICS, match_topics
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
PREP_COLUMNS = [
    "round_id", "application_id", "company", "role_title", "kind", "kind_label",
    "scheduled_at", "done_count", "passed", "failed", "pass_rate", "avg_rating",
    "objectives",
]  # fmt: skip
GAP_COLUMNS = ["topic", "topic_label", "companies", "kinds", "first_round_at"]
LIVE_STATUSES = ("scheduled", "done")  # rounds that take (or took) a slot in a week
# More than any UTC offset: a round this long before a local midnight (in UTC) falls on an
# earlier local day in every time zone, so a UTC bound can rule rows out before local days.
_DAY_MARGIN = pd.Timedelta(days=2)


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


def _names(names: pd.Series | list, limit: int = 3) -> str:
    """Distinct names in order, at most ``limit`` of them, e.g. "A, B, C and 2 more"."""
    distinct = list(dict.fromkeys(names))
    shown = ", ".join(distinct[:limit])
    return f"{shown} and {len(distinct) - limit} more" if len(distinct) > limit else shown


# --------------------------------------------------------------------------- arrays


def _utc(values: pd.Series) -> np.ndarray:
    """Timestamps (UTC when naive) as naive UTC ``datetime64`` in the column's unit."""
    stamps = values.array
    if not isinstance(values.dtype, pd.DatetimeTZDtype):  # aware ones count from UTC already
        stamps = pd.to_datetime(values, utc=True).array
    return stamps.asi8.view(f"M8[{stamps.unit}]")


def _local(utc: np.ndarray, tz: TZ, *, days: bool = True) -> np.ndarray:
    """Naive UTC ``datetime64`` as naive local times in ``tz``, in the same unit (``days``:
    their calendar days at midnight, as ``readiness.local_day``); NaT stays NaT."""
    local = pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(tz).tz_localize(None)
    return (local.normalize() if days else local).to_numpy()


def _week_of(days: np.ndarray) -> np.ndarray:
    """The Monday of each day (``datetime64`` at midnight), in the unit ``_mondays`` gives."""
    weekday = (days.astype("M8[D]").view("i8") + 3) % 7  # 1 January 1970 was a Thursday
    return days - weekday.astype("m8[D]").astype("m8[us]")


def _moment(day: date | pd.Timestamp) -> np.datetime64:
    return pd.Timestamp(day).to_datetime64()


def _flag(values: pd.Series) -> np.ndarray:
    """A boolean Series as a numpy array, missing values False."""
    if values.dtype == bool:
        return values.to_numpy()
    return values.to_numpy(dtype=bool, na_value=False)


@dataclass(frozen=True)
class _RoundArrays:
    """The rounds frame's columns the planner selects rows by, as numpy arrays."""

    utc: np.ndarray  # scheduled_at as naive UTC datetime64; NaT: no date yet
    scheduled: np.ndarray  # status == "scheduled"
    done: np.ndarray  # status == "done"
    tier: np.ndarray
    ids: np.ndarray
    apps: np.ndarray  # application_id

    @classmethod
    def of(cls, rounds: pd.DataFrame) -> _RoundArrays:
        """The arrays of ``rounds`` (a frame of ``services.frames.rounds_frame``)."""
        return cls(
            utc=_utc(rounds["scheduled_at"]),
            scheduled=_flag(rounds["status"] == "scheduled"),
            done=_flag(rounds["status"] == "done"),
            tier=rounds["tier"].to_numpy(),
            ids=rounds["id"].to_numpy(),
            apps=rounds["application_id"].to_numpy(),
        )

    @property
    def dated(self) -> np.ndarray:
        return ~np.isnat(self.utc)

    def maybe_from(self, day: date | pd.Timestamp) -> np.ndarray:
        """Rounds that may fall on local ``day`` or later in any time zone (see
        ``_DAY_MARGIN``): the only ones whose local day needs computing for that test."""
        return self.utc >= _moment(pd.Timestamp(day) - _DAY_MARGIN)


def _upcoming(
    arrays: _RoundArrays, *, today: date, tz: TZ, tier1: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the scheduled, dated rounds on ``today`` or later (tier 1 only with
    ``tier1``), soonest first then by id, and their local days."""
    keep = arrays.scheduled & arrays.maybe_from(today)
    if tier1:
        keep &= arrays.tier == 1
    positions = np.flatnonzero(keep)
    days = _local(arrays.utc[positions], tz)
    later = days >= _moment(today)
    positions, days = positions[later], days[later]
    order = np.lexsort((arrays.ids[positions], arrays.utc[positions].view("i8")))
    return positions[order], days[order]


def _count_equal(keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """For each query: how many of ``keys`` equal it."""
    keys = np.sort(keys)
    return np.searchsorted(keys, queries, "right") - np.searchsorted(keys, queries, "left")


def _count_before(
    keys: np.ndarray, times: np.ndarray, q_keys: np.ndarray, q_times: np.ndarray
) -> np.ndarray:
    """For each query (key, time): how many items have that key and a time strictly before.

    Keys are non-negative integers and times integers; one sort of ``key * scale + rank of
    time`` and two binary searches per query, no pairing of every item with every query.
    """
    ranks = np.unique(np.concatenate([times, q_times]), return_inverse=True)[1].reshape(-1)
    scale = len(ranks) + 1
    items = np.sort(keys.astype(np.int64) * scale + ranks[: len(times)])
    base = q_keys.astype(np.int64) * scale
    below = np.searchsorted(items, base + ranks[len(times) :], "left")
    return below - np.searchsorted(items, base, "left")


def _column(values: pd.Series, positions: np.ndarray) -> np.ndarray | ExtensionArray:
    """``values`` at ``positions`` (-1: missing, as a left merge leaves it), as the array of
    a new frame's column: in the dtype a merge gives (an int column with a gap turns float).
    """
    taken = values.array.take(positions, allow_fill=True)
    return taken.to_numpy() if isinstance(taken, NumpyExtensionArray) else taken


def _values(values: pd.Series, positions: np.ndarray) -> list:
    """``values`` at ``positions`` as a list (Python scalars, Timestamps, NaN if missing)."""
    return values.array.take(positions).tolist()


# --------------------------------------------------------------------------- the plan


def _open_positions(apps: pd.DataFrame) -> np.ndarray:
    """Positions of the applications that are neither closed nor archived."""
    if apps.empty:
        return np.zeros(0, dtype=np.int64)
    not_closed = apps["closed_on"].isna().to_numpy()
    return np.flatnonzero(not_closed & ~apps["archived"].astype(bool).to_numpy())


def open_applications(apps: pd.DataFrame) -> pd.DataFrame:
    """Applications that are neither closed nor archived."""
    if apps.empty:
        return apps
    return apps.iloc[_open_positions(apps)]


def with_days(rounds: pd.DataFrame, tz: TZ = "UTC") -> pd.DataFrame:
    """Rounds with ``day`` (local calendar day of ``scheduled_at``) and ``week`` (its Monday)."""
    out = rounds.copy()
    out["day"] = local_day(out["scheduled_at"], tz)
    out["week"] = _mondays(out["day"])
    return out


def upcoming_rounds(rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC") -> pd.DataFrame:
    """Scheduled, dated rounds from ``today`` on, soonest first, with ``day`` and ``week``."""
    positions, days = _upcoming(_RoundArrays.of(rounds), today=today, tz=tz)
    return rounds.iloc[positions].assign(day=days, week=_week_of(days))


def tier_stage_counts(apps: pd.DataFrame) -> pd.DataFrame:
    """Open applications counted by tier and stage (every tier x stage pair, zeros included)."""
    stages = [s.value for s in STAGES]
    counts = np.zeros((3, len(stages)), dtype=np.int64)
    live = _open_positions(apps)
    if len(live):
        tiers = apps["tier"].to_numpy()[live]
        column = pd.Index(stages).get_indexer(apps["stage"].iloc[live])
        counted = np.isin(tiers, (1, 2, 3)) & (column >= 0)
        np.add.at(counts, (tiers[counted].astype(np.int64) - 1, column[counted]), 1)
    return pd.DataFrame(
        {
            "tier": np.repeat(np.array([1, 2, 3], dtype=np.int64), len(stages)),
            "stage": stages * 3,
            "count": counts.reshape(-1),
            "stage_label": [label(s) for s in stages] * 3,
        }
    )


def _next_rounds(
    rounds: pd.DataFrame, app_ids: np.ndarray, *, today: date, tz: TZ
) -> tuple[np.ndarray, np.ndarray]:
    """Per application of ``app_ids``: the position of its next round (the soonest scheduled
    one from ``today`` on, else an undated scheduled one; -1: none) and that round's day."""
    found = np.full(len(app_ids), -1)
    if rounds.empty:
        unit = _utc(rounds["scheduled_at"]).dtype
        return found, np.full(len(app_ids), np.datetime64("NaT"), dtype=unit)
    arrays = _RoundArrays.of(rounds)
    undated = ~arrays.dated
    waiting = np.flatnonzero(arrays.scheduled & (undated | arrays.maybe_from(today)))
    days = _local(arrays.utc[waiting], tz)
    keep = undated[waiting] | (days >= _moment(today))
    waiting, days = waiting[keep], days[keep]
    when = arrays.utc[waiting].view("i8").copy()
    when[undated[waiting]] = np.iinfo(np.int64).max  # undated ones after every dated one
    order = np.lexsort((arrays.ids[waiting], when))
    waiting, days = waiting[order], days[order]
    firsts, first_at = np.unique(arrays.apps[waiting], return_index=True)
    slot = pd.Index(firsts).get_indexer(app_ids)
    has = slot >= 0
    found[has] = waiting[first_at[slot[has]]]
    next_day = np.full(len(app_ids), np.datetime64("NaT"), dtype=days.dtype)
    next_day[has] = days[first_at[slot[has]]]
    return found, next_day


def _stage_ranks(stages: ExtensionArray | np.ndarray) -> np.ndarray:
    """``STAGE_ORDER`` of each stage (-1: not a stage)."""
    at = pd.Index(list(STAGE_ORDER)).get_indexer(stages)
    return np.where(at >= 0, np.array(list(STAGE_ORDER.values()))[np.maximum(at, 0)], -1)


def recommended_order(
    apps: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """The open applications in the order to take them (see the module docstring)."""
    live = _open_positions(apps)
    if not len(live):
        return pd.DataFrame(columns=ORDER_COLUMNS)
    app_ids = apps["id"].to_numpy()[live]
    found, next_day = _next_rounds(rounds, app_ids, today=today, tz=tz)
    deadline = pd.Series(next_day).fillna(pd.Series(_column(apps["next_follow_up"], live)))
    deadline = deadline.to_numpy()
    stage = _stage_ranks(apps["stage"].array.take(live))
    due = deadline.view("i8").copy()
    due[np.isnat(deadline)] = np.iinfo(np.int64).max  # no deadline: last
    # tier 3 first, then further along, then the nearest deadline, then the oldest (id)
    order = np.lexsort(
        (app_ids, due, np.where(stage >= 0, -stage, 1), -apps["tier"].to_numpy()[live])
    )  # (an unknown stage: after every known one)
    picked, nxt = live[order], found[order]
    return pd.DataFrame(
        {
            "rank": np.arange(1, len(live) + 1, dtype=np.int64),
            "application_id": _column(apps["id"], picked),
            "company": _column(apps["company"], picked),
            "role_title": _column(apps["role_title"], picked),
            "tier": _column(apps["tier"], picked),
            "stage": _column(apps["stage"], picked),
            "next_round_id": _column(rounds["id"], nxt),
            "next_round_kind": _column(rounds["kind_label"], nxt),
            "next_round_at": _column(rounds["scheduled_at"], nxt),
            "deadline": deadline[order],
            "planned_week": _column(apps["planned_week"], picked),
        }
    )


def timeline_items(apps: pd.DataFrame, rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Scheduled rounds (dated) and planned weeks of open applications, one row per item.

    ``start``/``end`` are naive local datetimes; a round spans its duration, a planned week
    spans Monday to the next Monday. ``row`` is the "Company · role" line it sits on.
    """
    arrays = _RoundArrays.of(rounds) if not rounds.empty else None
    sched = np.zeros(0, dtype=np.int64)
    if arrays is not None:
        sched = np.flatnonzero(arrays.scheduled & arrays.dated)
    live = _open_positions(apps)
    planned = live[apps["planned_week"].notna().to_numpy()[live]] if len(live) else live
    if not len(sched) and not len(planned):
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    columns: dict[str, list[np.ndarray]] = {c: [] for c in TIMELINE_COLUMNS}
    if arrays is not None and len(sched):
        start = _local(arrays.utc[sched], tz, days=False)
        minutes = pd.to_timedelta(_column(rounds["duration_minutes"], sched), unit="m")
        company, role = rounds["company"].iloc[sched], rounds["role_title"].iloc[sched]
        columns["item"].append(np.full(len(sched), "round", dtype=object))
        columns["application_id"].append(arrays.apps[sched])
        columns["round_id"].append(arrays.ids[sched])
        columns["row"].append(
            (company.astype("str") + " · " + role.astype("str")).to_numpy(dtype=object)
        )
        columns["tier"].append(arrays.tier[sched].astype(int))
        columns["start"].append(start)
        columns["end"].append(start + np.asarray(minutes))
        columns["text"].append(np.array(_values(rounds["kind_label"], sched), dtype=object))
    if len(planned):
        week = pd.Series(_column(apps["planned_week"], planned))
        company, role = apps["company"].iloc[planned], apps["role_title"].iloc[planned]
        columns["item"].append(np.full(len(planned), "planned", dtype=object))
        columns["application_id"].append(apps["id"].to_numpy()[planned])
        columns["round_id"].append(np.zeros(len(planned), dtype=np.int64))
        columns["row"].append(
            (company.astype("str") + " · " + role.astype("str")).to_numpy(dtype=object)
        )
        columns["tier"].append(apps["tier"].to_numpy()[planned].astype(int))
        columns["start"].append(week.to_numpy())
        columns["end"].append((week + pd.Timedelta(days=7)).to_numpy())
        columns["text"].append(np.full(len(planned), "Planned week", dtype=object))
    joined = {c: np.concatenate(parts) for c, parts in columns.items()}
    order = np.lexsort((joined["tier"], joined["start"].view("i8")))  # stable: by start, tier
    no_round = np.arange(len(joined["round_id"])) >= len(sched)
    items = {c: values[order] for c, values in joined.items()}
    items["round_id"] = pd.arrays.IntegerArray(items["round_id"], no_round[order])
    return pd.DataFrame(items)


TIMELINE_LINES = 60  # lines ("Company · role") the timeline draws: ~1,800 px at most


def soonest_lines(items: pd.DataFrame, today: date, lines: int | None = None) -> pd.DataFrame:
    """The items (:func:`timeline_items`) of the ``lines`` timeline lines whose next item is
    soonest: an item is ahead when it ends on ``today`` or later. Lines with nothing ahead
    (a scheduled round in the past, not logged yet) come after those, latest first. The
    items keep their order; all of them when there are no more lines than that (default
    ``TIMELINE_LINES``)."""
    lines = TIMELINE_LINES if lines is None else lines
    if items.empty:
        return items
    code, names = pd.factorize(items["row"])  # lines in order of first appearance
    if len(names) <= lines:
        return items
    start = items["start"].to_numpy().astype("datetime64[ns]").view("i8")
    end = items["end"].to_numpy().astype("datetime64[ns]").view("i8")
    never, ever = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    ahead = end >= np.datetime64(today, "ns").astype("i8")
    upcoming = np.full(len(names), never)  # per line: the start of its next item
    np.minimum.at(upcoming, code[ahead], start[ahead])
    latest = np.full(len(names), ever)  # per line: the end of its last item
    np.maximum.at(latest, code, end)
    behind = upcoming == never  # nothing ahead: after the others, latest first
    order = np.lexsort((np.arange(len(names)), np.where(behind, -latest, upcoming), behind))
    return items[np.isin(code, order[:lines])]


# --------------------------------------------------------------------------- warnings


def _warning_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=WARNING_COLUMNS)
    frame["application_id"] = frame["application_id"].astype("Int64")
    frame["round_id"] = frame["round_id"].astype("Int64")
    frame["week"] = pd.to_datetime(frame["week"])
    return frame


def _practice_counts(rounds: pd.DataFrame, arrays: _RoundArrays, dream: np.ndarray) -> np.ndarray:
    """Per dream round (positions): rounds of its kind at other applications that are done,
    or scheduled (dated) before it."""
    kinds = pd.factorize(rounds["kind"])[0]
    apps = np.unique(arrays.apps, return_inverse=True)[1].reshape(-1)
    pair = kinds * (apps.max() + 1) + apps  # (kind, application) as one key
    known = kinds >= 0
    done = np.flatnonzero(arrays.done & known)
    count = _count_equal(kinds[done], kinds[dream]) - _count_equal(pair[done], pair[dream])
    pending = np.flatnonzero(arrays.scheduled & arrays.dated & known)
    times, when = arrays.utc[pending].view("i8"), arrays.utc[dream].view("i8")
    count += _count_before(kinds[pending], times, kinds[dream], when)
    count -= _count_before(pair[pending], times, pair[dream], when)
    return np.where(known[dream], count, 0)


def _later_lower(
    rounds: pd.DataFrame, arrays: _RoundArrays, dream: np.ndarray, limit: int = 3
) -> tuple[np.ndarray, list[str], np.datetime64]:
    """Per dream round (positions): how many lower-tier rounds are scheduled strictly later
    and their companies (``_names``: distinct, in time order); and when the last one is."""
    lower = np.flatnonzero(arrays.scheduled & (arrays.tier > 1) & arrays.dated)
    lower = lower[np.argsort(arrays.utc[lower], kind="stable")]
    names = _values(rounds["company"], lower)
    first = np.searchsorted(arrays.utc[lower], arrays.utc[dream], side="right").tolist()
    codes = pd.factorize(pd.Series(names, dtype=object))[0]
    last_time = np.zeros(len(names) + 1, dtype=np.int64)  # 1 where a name occurs last
    last_time[len(names) - 1 - np.unique(codes[::-1], return_index=True)[1]] = 1
    distinct_from = np.cumsum(last_time[::-1])[::-1].tolist()  # distinct names in names[i:]
    shown_from: dict[int, str] = {}
    for i in set(first):
        shown: list = []
        j = i
        while len(shown) < min(limit, distinct_from[i]):
            if names[j] not in shown:
                shown.append(names[j])
            j += 1
        more = distinct_from[i] - len(shown)
        shown_from[i] = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    last = arrays.utc[lower[-1]] if len(lower) else np.datetime64("NaT")
    return len(names) - np.array(first), [shown_from[i] for i in first], last


def _inversion_rows(
    rounds: pd.DataFrame, arrays: _RoundArrays, *, today: date, min_rounds: int, tz: TZ
) -> list[dict]:
    """``inversion_warnings``' rows."""
    dream, days = _upcoming(arrays, today=today, tz=tz, tier1=True)
    if not len(dream):
        return []
    # practice of the same kind elsewhere: done, or scheduled before the dream round
    practice = _practice_counts(rounds, arrays, dream).tolist()
    # lower-tier rounds already scheduled strictly later than the dream round
    n_later, companies, last_at = _later_lower(rounds, arrays, dream)
    last = _fmt_day(_local(np.array([last_at]), tz)[0]) if not np.isnat(last_at) else ""
    rows: list[dict] = []
    fields = zip(
        _values(rounds["company"], dream),
        _values(rounds["kind_label"], dream),
        arrays.apps[dream].tolist(),
        arrays.ids[dream].tolist(),
        days,
        _week_of(days),
        practice,
        n_later.tolist(),
        companies,
        strict=True,
    )
    shown: dict = {}  # day -> (its text, its Monday): rounds share days
    for company, kind, app_id, round_id, day, week, done, later, names in fields:
        if day not in shown:
            shown[day] = (_fmt_day(day), pd.Timestamp(week))
        when, week = shown[day]
        if done < min_rounds:
            missing = min_rounds - done
            rows.append(
                {
                    "warning": "inversion",
                    "title": f"{company}: tier-1 {kind} round too early",
                    "reason": (
                        f"Your tier-1 {kind} round at {company} is on {when}, but by "
                        f"then you will have done {_plural(done, 'round')} of that kind "
                        f"elsewhere; your plan asks for {min_rounds} first."
                    ),
                    "fix": (
                        f"Book {_plural(missing, 'more ' + kind + ' round')} with a "
                        f"tier-3 or tier-2 company before {when}, or ask {company} for a "
                        "later slot."
                    ),
                    "application_id": app_id,
                    "round_id": round_id,
                    "week": week,
                }
            )
        if later > 0:
            rows.append(
                {
                    "warning": "inversion",
                    "title": f"{company}: tier-1 round before practice rounds",
                    "reason": (
                        f"Your tier-1 {kind} round at {company} on {when} comes before "
                        f"{_plural(later, 'lower-tier round')} already scheduled later "
                        f"({names}), the last on {last}."
                    ),
                    "fix": (
                        f"Ask {company} to move it after {last}, or bring the "
                        "practice rounds forward."
                    ),
                    "application_id": app_id,
                    "round_id": round_id,
                    "week": week,
                }
            )
    return rows


def inversion_warnings(
    rounds: pd.DataFrame, *, today: date, min_rounds: int, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Upcoming tier-1 rounds taken before enough practice, or before lower-tier rounds."""
    if rounds.empty:
        return _warning_frame([])
    arrays = _RoundArrays.of(rounds)
    return _warning_frame(
        _inversion_rows(rounds, arrays, today=today, min_rounds=min_rounds, tz=tz)
    )


def _live_weeks(
    rounds: pd.DataFrame, arrays: _RoundArrays, *, tz: TZ, since: pd.Timestamp | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the live (scheduled or done), dated rounds, on local day ``since`` or
    later when given, by tier then time (then frame order); and the Monday of each."""
    keep = (arrays.scheduled | arrays.done) & arrays.dated
    if since is not None:
        keep &= arrays.maybe_from(since)
    positions = np.flatnonzero(keep)
    days = _local(arrays.utc[positions], tz)
    if since is not None:
        later = days >= _moment(since)
        positions, days = positions[later], days[later]
    order = np.lexsort((arrays.utc[positions].view("i8"), arrays.tier[positions]))
    return positions[order], _week_of(days[order])


def week_load(rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Interviews per week (scheduled or done, dated), with the companies in that week."""
    columns = ["week", "interviews", "companies"]
    if rounds.empty:
        return pd.DataFrame(columns=columns)
    positions, weeks = _live_weeks(rounds, _RoundArrays.of(rounds), tz=tz)
    if not len(positions):
        return pd.DataFrame(columns=columns)
    names = _values(rounds["company"], positions)
    distinct, inverse, counts = np.unique(weeks, return_inverse=True, return_counts=True)
    per_week: list[list] = [[] for _ in distinct]
    for code, name in zip(inverse.reshape(-1).tolist(), names, strict=True):
        per_week[code].append(name)
    return pd.DataFrame(
        {"week": distinct, "interviews": counts, "companies": [_names(n) for n in per_week]}
    )


def _overload_rows(
    rounds: pd.DataFrame,
    arrays: _RoundArrays,
    *,
    today: date,
    per_week: int,
    tz: TZ,
    look_ahead: int = 4,
) -> list[dict]:
    """``overload_warnings``' rows."""
    this_week = monday(today)
    # only this week and later can be busy, and the weeks to move rounds to come later still
    positions, weeks = _live_weeks(rounds, arrays, tz=tz, since=this_week)
    distinct, inverse, counts = np.unique(weeks, return_inverse=True, return_counts=True)
    busy = np.flatnonzero(counts > per_week)
    if not len(busy):
        return []
    names = _values(rounds["company"], positions)
    inverse = inverse.reshape(-1).tolist()
    steps = np.arange(1, look_ahead + 1) * np.timedelta64(7, "D")
    rows = []
    for code in busy.tolist():
        week = pd.Timestamp(distinct[code])
        interviews = int(counts[code])
        companies = _names([n for n, c in zip(names, inverse, strict=True) if c == code])
        options = distinct[code] + steps
        at = np.minimum(np.searchsorted(distinct, options), len(distinct) - 1)
        booked = np.where(distinct[at] == options, counts[at], 0)
        lightest = pd.Timestamp(options[int(np.argmin(booked))])  # the first one on a tie
        excess = interviews - per_week
        rows.append(
            {
                "warning": "overload",
                "title": f"Week of {_fmt_week(week)}: {interviews} interviews",
                "reason": (
                    f"The week of {_fmt_week(week)} has {interviews} interviews "
                    f"({companies}); your limit is {per_week} a week, so there is little "
                    "time left to prepare and reflect."
                ),
                "fix": (
                    f"Move {_plural(excess, 'round')} to the week of {_fmt_week(lightest)} "
                    f"({int(booked.min())} booked so far), starting with the tier-1 "
                    "ones: dream jobs gain most from being later."
                ),
                "application_id": None,
                "round_id": None,
                "week": week,
            }
        )
    return rows


def overload_warnings(
    rounds: pd.DataFrame, *, today: date, per_week: int, tz: TZ = "UTC", look_ahead: int = 4
) -> pd.DataFrame:
    """Weeks (this one or later) with more than ``per_week`` interviews.

    The fix names the lightest of the ``look_ahead`` following weeks (the first one on a tie).
    """
    if rounds.empty:
        return _warning_frame([])
    rows = _overload_rows(
        rounds, _RoundArrays.of(rounds), today=today, per_week=per_week, tz=tz,
        look_ahead=look_ahead,
    )  # fmt: skip
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


def _first_day(applied: np.ndarray, utc: np.ndarray, tz: TZ) -> pd.Timestamp:
    """``search_start`` of the applications' ``applied`` dates and the rounds' ``utc`` times."""
    applied = applied[~np.isnat(applied)]
    if len(applied):
        return pd.Timestamp(applied.min()).normalize()
    days = _local(utc[~np.isnat(utc)], tz)
    return pd.Timestamp(days.min()) if len(days) else pd.NaT


def _clustering_row(
    days: np.ndarray,
    upcoming: np.ndarray,
    start: pd.Timestamp,
    *,
    first_weeks: int,
    track: str | None = None,
    overall_start: pd.Timestamp = pd.NaT,
) -> dict | None:
    """The clustering warning for tier-1 rounds on local ``days`` (``upcoming``: the ones
    still scheduled from today on) of a search starting on ``start``."""
    if len(days) < 2 or not upcoming.any() or pd.isna(start):
        return None
    window_end = start + pd.Timedelta(weeks=first_weeks)
    if not (days < _moment(window_end)).all():
        return None
    weeks = _plural(first_weeks, "week")
    after = monday(window_end + pd.Timedelta(days=6))  # the first week after the window
    started = f"it started on {_fmt_week(start)}"
    n_upcoming = int(upcoming.sum())
    if track is None:
        title = "Every tier-1 round is in the first weeks of your search"
        where = f"All {len(days)} tier-1 rounds fall in the first {weeks} of your search"
        practice = "tier-3 practice interviews"
    else:
        name = label(track)
        title = f"{name} track: every tier-1 round is in the first weeks of its search"
        where = (
            f"All {len(days)} tier-1 rounds in the {name} track fall in the first {weeks} "
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
            f"Ask for later slots for the {_plural(n_upcoming, 'upcoming tier-1 round')} "
            f"(from the week of {_fmt_week(after)}), and fill the first weeks with {practice}."
        ),
        "application_id": None,
        "round_id": None,
        "week": monday(pd.Timestamp(days[upcoming].min())),
    }


def _clustering_rows(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    arrays: _RoundArrays,
    *,
    today: date,
    first_weeks: int,
    tz: TZ,
) -> list[dict]:
    """``clustering_warnings``' rows."""
    dream = np.flatnonzero((arrays.tier == 1) & (arrays.scheduled | arrays.done) & arrays.dated)
    days = _local(arrays.utc[dream], tz)
    upcoming = arrays.scheduled[dream] & (days >= _moment(today))
    applied = apps["applied_on"].to_numpy() if not apps.empty else np.zeros(0, dtype="M8[s]")
    overall_start = _first_day(applied, arrays.utc, tz)
    overall = _clustering_row(days, upcoming, overall_start, first_weeks=first_weeks)
    rows = [] if overall is None else [overall]
    if "track" not in rounds:
        return rows
    round_tracks, tracks = pd.factorize(rounds["track"], sort=True)  # sorted, as groupby
    app_tracks = pd.Index(tracks).get_indexer(apps["track"]) if "track" in apps else None
    in_dream = round_tracks[dream]
    by_track = []
    for code in np.unique(in_dream[in_dream >= 0]).tolist():
        in_track = in_dream == code
        if overall is not None and in_track.all():
            continue  # the same rounds as the whole search's warning: one is enough
        mine = applied[app_tracks == code] if app_tracks is not None else applied[:0]
        start = _first_day(mine, arrays.utc[round_tracks == code], tz)
        row = _clustering_row(
            days[in_track],
            upcoming[in_track],
            start,
            first_weeks=first_weeks,
            track=tracks[code],
            overall_start=overall_start,
        )
        if row is not None:
            by_track.append((start, row))
    return rows + [row for _, row in sorted(by_track, key=lambda pair: pair[0])]


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
    rows = _clustering_rows(
        apps, rounds, _RoundArrays.of(rounds), today=today, first_weeks=first_weeks, tz=tz
    )
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
    if rounds.empty:
        return _warning_frame([])
    arrays = _RoundArrays.of(rounds)  # read once, shared by the three checks
    rows = _inversion_rows(rounds, arrays, today=today, min_rounds=min_rounds, tz=tz)
    rows += _overload_rows(rounds, arrays, today=today, per_week=per_week, tz=tz)
    rows += _clustering_rows(apps, rounds, arrays, today=today, first_weeks=first_weeks, tz=tz)
    return _warning_frame(rows)


# --------------------------------------------------------------------------- tier-1 prep


def _kind_record(
    rounds: pd.DataFrame, arrays: _RoundArrays, positions: np.ndarray
) -> dict[str, np.ndarray]:
    """For the kind of each round at ``positions``: the user's record at that kind, as
    ``readiness_by_kind`` counts it (``practice_count`` = rounds done, ``pass_rate`` =
    passed / (passed + failed), ``avg_rating`` = mean self-rating of the rounds done)."""
    kinds, _ = pd.factorize(rounds["kind"])
    n = max(int(kinds.max()) + 1 if len(kinds) else 0, 1)
    done = arrays.done & (kinds >= 0)
    outcome = rounds["outcome"]
    passed = done & _flag(outcome == "passed")
    failed = done & _flag(outcome == "failed")
    rating = pd.to_numeric(rounds["self_rating"]).to_numpy(dtype=float, na_value=np.nan)
    rated = done & ~np.isnan(rating)
    done_count = np.bincount(kinds[done], minlength=n)
    n_passed = np.bincount(kinds[passed], minlength=n)
    n_failed = np.bincount(kinds[failed], minlength=n)
    n_rated = np.bincount(kinds[rated], minlength=n)
    rating_sum = np.bincount(kinds[rated], weights=rating[rated], minlength=n)
    decided = n_passed + n_failed
    mine = kinds[positions]
    with np.errstate(invalid="ignore", divide="ignore"):
        pass_rate = np.where(decided > 0, n_passed / decided, np.nan)
        avg_rating = np.where(n_rated > 0, rating_sum / n_rated, np.nan)
    return {
        "done_count": done_count[mine].astype(np.int64),
        "passed": n_passed[mine].astype(np.int64),
        "failed": n_failed[mine].astype(np.int64),
        "pass_rate": pass_rate[mine].astype(float),
        "avg_rating": avg_rating[mine].astype(float),
    }


def _open_objectives(objectives: pd.DataFrame, kinds: set) -> dict[str, list[str]]:
    """The open learning objectives of each of ``kinds``: each distinct text once, in order."""
    if objectives.empty:
        return {}
    wanted = np.flatnonzero(
        ~objectives["done"].astype(bool).to_numpy() & _flag(objectives["kind"].isin(kinds))
    )
    pairs = zip(
        _values(objectives["kind"], wanted), _values(objectives["text"], wanted), strict=True
    )
    texts: dict[str, list[str]] = {}
    for kind, text in dict.fromkeys(pairs):  # each (kind, text) once, in order
        texts.setdefault(kind, []).append(text)
    return texts


def tier1_prep(
    rounds: pd.DataFrame, objectives: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Each upcoming tier-1 round with the user's record at its kind and open objectives.

    ``done_count``/``pass_rate``/``avg_rating`` are those of ``readiness_by_kind`` for that kind
    (all applications); ``objectives`` lists the open learning objectives of the kind.
    """
    if rounds.empty:
        return pd.DataFrame(columns=PREP_COLUMNS)
    arrays = _RoundArrays.of(rounds)
    dream, _ = _upcoming(arrays, today=today, tz=tz, tier1=True)
    if not len(dream):
        return pd.DataFrame(columns=PREP_COLUMNS)
    kinds = _values(rounds["kind"], dream)
    texts = _open_objectives(objectives, {k for k in kinds if not pd.isna(k)})
    table = {
        "round_id": _column(rounds["id"], dream),
        **{c: _column(rounds[c], dream) for c in PREP_COLUMNS[1:7]},
        **_kind_record(rounds, arrays, dream),
        "objectives": pd.Series([list(texts.get(k, ())) for k in kinds], dtype=object),
    }
    return pd.DataFrame(table)


def _uncovered(topics: list[str], rounds: pd.DataFrame, objectives: pd.DataFrame) -> list[str]:
    """The ``topics`` that ``readiness.covered_topics`` leaves out: no done round of a kind
    that tests them, no open learning objective whose text mentions them."""
    done = set(rounds.loc[_flag(rounds["status"] == "done"), "kind"].unique().tolist())
    missing = [t for t in topics if not done & set(TOPIC_BY_KEY[t].kinds)]
    if missing and not objectives.empty:
        still_open = objectives[~objectives["done"].astype(bool)]
        for text in still_open["text"].drop_duplicates().fillna("").astype(str).tolist():
            mentioned = {key for key, _ in match_topics(text)}
            missing = [t for t in missing if t not in mentioned]
            if not missing:
                break
    return missing


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
    if rounds.empty or apps.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    arrays = _RoundArrays.of(rounds)
    dream, _ = _upcoming(arrays, today=today, tz=tz, tier1=True)
    if not len(dream):
        return pd.DataFrame(columns=GAP_COLUMNS)
    # each application's first upcoming tier-1 round (``dream`` is soonest first)
    first: dict[int, int] = {}
    for app_id, position in zip(arrays.apps[dream].tolist(), dream.tolist(), strict=True):
        first.setdefault(app_id, position)
    asking = np.flatnonzero(apps["id"].isin(list(first)).to_numpy())
    descriptions = [
        t if isinstance(t, str) else "" if pd.isna(t) else str(t)
        for t in _values(apps["job_description"], asking)
    ]
    topics_of = {text: [key for key, _ in match_topics(text)] for text in set(descriptions)}
    asked: dict[str, list[int]] = {}  # topic -> applications (positions), in frame order
    for position, text in zip(asking.tolist(), descriptions, strict=True):
        for key in topics_of[text]:
            asked.setdefault(key, []).append(position)
    needed = [t.key for t in TOPICS if t.key in asked]  # vocabulary order
    gaps = _uncovered(needed, rounds, objectives) if needed else []
    if not gaps:
        return pd.DataFrame(columns=GAP_COLUMNS)
    companies = apps["company"].tolist()
    app_ids = apps["id"].tolist()
    # a topic's first round: the soonest first round of the applications asking for it
    firsts = {
        t: min((first[app_ids[p]] for p in asked[t]), key=arrays.utc.__getitem__) for t in gaps
    }
    gaps.sort(key=lambda t: (arrays.utc[firsts[t]], TOPIC_BY_KEY[t].label))
    wanted = {k for t in gaps for k in TOPIC_BY_KEY[t].kinds}
    kinds = rounds["kind"]
    labels = kind_labels(rounds.loc[_flag(kinds.isin(wanted)), ["kind", "kind_label"]])
    return pd.DataFrame(
        {
            "topic": gaps,
            "topic_label": [TOPIC_BY_KEY[t].label for t in gaps],
            "companies": [", ".join(dict.fromkeys(companies[p] for p in asked[t])) for t in gaps],
            "kinds": [
                ", ".join(labels.get(k) or label(k) for k in TOPIC_BY_KEY[t].kinds) for t in gaps
            ],
            "first_round_at": _column(rounds["scheduled_at"], np.array([firsts[t] for t in gaps])),
        }
    )


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
    rejected = np.flatnonzero(_flag(apps["close_reason"] == "rejected"))
    if not len(rejected):
        return pd.DataFrame(columns=columns)
    after = apps["reapply_after"].to_numpy()[rejected]
    closed = apps["closed_on"].to_numpy()[rejected]
    left = after - _moment(today)
    known = ~np.isnat(left)
    days = np.zeros(len(left), dtype=np.int64)
    days[known] = left[known] // np.timedelta64(1, "D")
    status = np.full(len(left), "Ask HR for the date", dtype=object)
    status[known & (days <= 0)] = "Reapply now"
    ahead = known & (days > 0)
    status[ahead] = [f"In {n} days" for n in days[ahead].tolist()]
    # the soonest reapply date first (none: last), then the latest rejection (none: last)
    last = np.iinfo(np.int64).max
    soonest = np.where(np.isnat(after), last, after.view("i8"))
    latest = np.where(np.isnat(closed), last, -closed.view("i8"))
    order = np.lexsort((latest, soonest))
    picked = rejected[order]
    table = {c: _column(apps[c], picked) for c in ("company", "role_title", "tier", "closed_on")}
    return pd.DataFrame(
        {
            "application_id": _column(apps["id"], picked),
            **table,
            "reapply_after": _column(apps["reapply_after"], picked),
            "status": status[order],
        }
    )


def week_options(today: date, weeks: int = 26) -> list[date]:
    """Mondays from this week on, for a "planned week" picker."""
    first = monday(today).date()
    return [first + timedelta(weeks=n) for n in range(weeks)]
