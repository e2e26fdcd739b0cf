"""Pipeline analytics: where the search leaks (pure pandas: frames in, frames out).

Every function takes the frames of ``tracker.services.frames`` (applications, stage events,
rounds) and follows the definitions of ``/work/shared/DESIGN.md``:

* **Reached stage S**: the application has a StageEvent at S or at any later stage. The
  application's current stage counts as an event too (an imported application may have no
  history), and an application closed as "offer accepted/declined" reached the offer.
  Wishlist items that were never applied to are not in any funnel.
* **Conversion S -> T** = reached(T) / reached(S) for consecutive stages; "from applied" uses
  reached(applied) as the denominator. A division by zero gives NaN (shown as "—").
* **Response**: the first event after applied that came from the company: a stage later than
  applied, a round (dated when it was booked or held, whichever is earlier), or a rejection.
  **Days to first response** = response date - applied date.
* **Outcome** of an application: ``offer`` (reached the offer stage), else its close reason
  (``rejected``, ``withdrew``, ``ghosted``), else ``open``. A reopened application is open.

``application_facts`` computes one row per applied application once per page run; the
funnel, the splits, the Sankey and the career lens all read that frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from tracker.models import STAGE_ORDER, TIERS, CompanyType, Level, Source, Stage, Track, label

FUNNEL_STAGES: list[str] = [s.value for s in Stage if s != Stage.wishlist]
"""Stages of the funnel, in order: applied ... offer."""

_STAGE_LABELS: dict[str, str] = {s.value: label(s.value) for s in Stage}

APPLIED_RANK = STAGE_ORDER[Stage.applied]
OFFER_RANK = STAGE_ORDER[Stage.offer]

MIN_GROUP = 5
"""A group with fewer applications than this is flagged as too few to judge."""

OUTCOMES: list[str] = ["offer", "rejected", "withdrew", "ghosted", "open"]
OUTCOME_LABELS: dict[str, str] = {
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrew": "Withdrew",
    "ghosted": "Ghosted",
    "open": "Still open",
}

SPLITS: dict[str, str] = {
    "tier": "Interest tier",
    "source": "Source",
    "company_type": "Company type",
    "track": "Track",
    "level": "Level targeted",
}
"""Columns the funnel can be split by, with the name a user reads."""

_SPLIT_ORDER: dict[str, list] = {
    "tier": [1, 2, 3],
    "source": [s.value for s in Source],
    "company_type": [c.value for c in CompanyType],
    "track": [t.value for t in Track],
    "level": [lv.value for lv in Level],
}
NOT_SET = "Not set"

FACT_COLUMNS = [
    "application_id", "company", "role_title", "applied_on", "furthest_rank", "furthest_stage",
    "outcome", "closed_on", "offer_on", "response_on", "days_to_response",
    "tier", "source", "company_type", "track", "level",
]  # fmt: skip


def as_day(series: pd.Series) -> pd.Series:
    """Dates or UTC timestamps as naive day-precision datetimes (in the values' own unit)."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind == "M":  # floored in numpy
        unit = dtype.unit if isinstance(dtype, pd.DatetimeTZDtype) else np.datetime_data(dtype)[0]
        days = day_array(series).astype(f"datetime64[{unit}]")
        return pd.Series(days, index=series.index, name=series.name)
    values = pd.to_datetime(series, errors="coerce")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    return values.dt.normalize()


def day_array(series: pd.Series) -> np.ndarray:
    """``as_day`` of the values as a ``datetime64[D]`` array (NaT where missing); datetime
    columns are floored to the day in numpy, without pandas' per-call overhead."""
    return instant_array(series).astype("datetime64[D]")


def instant_array(series: pd.Series) -> np.ndarray:
    """Dates or timestamps as a naive ``datetime64`` array in their own unit (UTC for
    timezone-aware ones, as ``as_day`` reads them; NaT where missing or unreadable)."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return series.to_numpy(dtype=f"datetime64[{dtype.unit}]")  # the UTC instants
    if dtype.kind == "M":
        return series.to_numpy()
    values = pd.to_datetime(series, errors="coerce")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    return values.to_numpy()


_RANK_OF: dict[str, float] = {stage: float(rank) for stage, rank in STAGE_ORDER.items()}


def coded(values: pd.Series, table: dict, default: float = np.nan) -> np.ndarray:
    """``table[value]`` for each value as floats (``default`` for a missing or unknown one).

    One dictionary look-up per distinct value (``pd.factorize``), not one per row.
    """
    codes, uniques = pd.factorize(values)
    known = [table.get(value, default) for value in uniques]
    return np.asarray([*known, default], dtype="float64")[codes]  # code -1 (missing): default


def is_value(values: pd.Series, value: str) -> np.ndarray:
    """``values == value`` as a numpy bool array (False where missing)."""
    return (values == value).to_numpy(dtype=bool, na_value=False)


def _mapped(values: pd.Series, table: dict[str, str]) -> pd.Series:
    """``values.map(table)`` for a table of strings whose keys cover the values (a ``str``
    Series), with one look-up per distinct value (``pd.factorize``) and no per-row strings."""
    codes, uniques = pd.factorize(values)
    texts = pd.array([table.get(value) for value in uniques], dtype="str")
    return pd.Series(texts.take(codes, allow_fill=True), index=values.index, name=values.name)


def present_counts(values: pd.Series, *, sort: bool = True) -> pd.Series:
    """``values.value_counts()`` of the values present only: on a category column (as the
    read side gives enum and name columns) value_counts also lists every unused category,
    with 0."""
    counts = values.value_counts(sort=sort)
    return counts[counts > 0]


def row_positions(ids: pd.Series, apps: pd.DataFrame) -> np.ndarray:
    """The row number in ``apps`` of each application id (-1 for an id not in apps)."""
    return pd.Index(apps["id"]).get_indexer(ids)


_NOT_SEEN = np.iinfo("int64").max
_NAT = np.iinfo("int64").min  # NaT's int64 value, in every unit


def earliest_per_row(rows: np.ndarray, days: np.ndarray, size: int) -> np.ndarray:
    """The earliest of ``days`` (``datetime64``) per row 0..size-1 of ``rows``, NaT for a
    row without any; NaT days and rows -1 are left out."""
    keep = (rows >= 0) & ~np.isnat(days)
    out = np.full(size, _NOT_SEEN, dtype="int64")
    np.minimum.at(out, rows[keep], days[keep].view("int64"))
    out[out == _NOT_SEEN] = _NAT
    return out.view(days.dtype)


def latest_per_row(rows: np.ndarray, days: np.ndarray, size: int) -> np.ndarray:
    """The latest of ``days`` (``datetime64``) per row 0..size-1 of ``rows`` (NaT for a
    row without any; NaT days and rows -1 are left out)."""
    keep = (rows >= 0) & ~np.isnat(days)
    out = np.full(size, _NAT, dtype="int64")  # NaT is the smallest int64
    np.maximum.at(out, rows[keep], days[keep].view("int64"))
    return out.view(days.dtype)


def _highest_per_row(rows: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """The largest of ``values`` per row 0..size-1 (NaN for a row without any; NaN values
    and rows -1 are left out)."""
    keep = rows >= 0
    out = np.full(size, np.nan)
    np.fmax.at(out, rows[keep], values[keep])
    return out


def ratio(numerator, denominator):
    """numerator / denominator, NaN where the denominator is 0 (works on numbers and arrays)."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return float(out) if out.ndim == 0 else out


def _first_responses(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    event_rows: np.ndarray,
    event_rank: np.ndarray,
    event_day: np.ndarray,
) -> np.ndarray:
    """``response_dates`` per row of ``apps`` (``datetime64[D]``), from the events' rows in
    apps, stage ranks and days computed once by the caller."""
    size = len(apps)
    kind = coded(events["event_type"], {"stage": 1.0, "closed": 2.0})
    rejected = coded(events["close_reason"], {"rejected": 1.0}) == 1.0
    answered = ((kind == 1.0) & (event_rank > APPLIED_RANK)) | ((kind == 2.0) & rejected)
    booked = np.fmin(day_array(rounds["scheduled_at"]), day_array(rounds["created_at"]))
    first = np.fmin(
        earliest_per_row(event_rows[answered], event_day[answered], size),
        earliest_per_row(row_positions(rounds["application_id"], apps), booked, size),
    )
    applied = day_array(apps["applied_on"])
    return np.where(first < applied, applied, first)  # a comparison with NaT is False


_STAGE_OF_RANK: dict[int, str] = {rank: stage for stage, rank in STAGE_ORDER.items()}


def _days_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole days from ``start`` to ``end`` (``datetime64[D]`` arrays), negative ones as 0:
    int64, or float64 with NaN where either is missing (as ``Series.dt.days`` gives)."""
    days = whole_days(end - start)
    return np.maximum(days, 0)  # NaN stays NaN


def _ns_series(days: np.ndarray, index: pd.Index) -> pd.Series:
    """A ``datetime64[ns]`` Series of the days (the dtype the facts' looked-up dates have)."""
    return pd.Series(days.astype("datetime64[ns]"), index=index)


def response_dates(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> pd.Series:
    """The date of each application's first response (NaT without one), indexed by its id.

    Candidates are StageEvents at a stage after applied, closings as rejected, and rounds
    (the earlier of the day it was booked and the day it is scheduled). A candidate dated
    before the applied date counts as a response on the applied date.
    """
    rows = row_positions(events["application_id"], apps)
    first = _first_responses(
        apps,
        events,
        rounds,
        rows,
        coded(events["stage"], _RANK_OF),
        day_array(events["occurred_on"]),
    )
    return _ns_series(first, pd.Index(apps["id"].to_numpy())).rename("on")


def application_facts(
    apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame
) -> pd.DataFrame:
    """One row per application that was applied to (see FACT_COLUMNS).

    ``furthest_rank`` is the STAGE_ORDER rank of the furthest stage reached; ``offer_on`` the
    first day it reached the offer; ``response_on`` / ``days_to_response`` its first response.
    Per-application reductions of the events and rounds are done on row numbers in numpy
    (``tests/analytics/test_pipeline_equivalence.py`` checks them against a groupby version).
    """
    if apps.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    size = len(apps)
    event_rows = row_positions(events["application_id"], apps)
    event_rank = coded(events["stage"], _RANK_OF)  # NaN without a (known) stage
    event_day = day_array(events["occurred_on"])
    rank = np.fmax(coded(apps["stage"], _RANK_OF), _highest_per_row(event_rows, event_rank, size))
    at_least_applied = event_rank >= APPLIED_RANK
    first_applied = earliest_per_row(
        event_rows[at_least_applied], event_day[at_least_applied], size
    )
    applied_on = as_day(apps["applied_on"])
    applied_day = applied_on.to_numpy().astype("datetime64[D]")
    applied_day = np.where(np.isnat(applied_day), first_applied, applied_day)  # fillna
    applied_on = pd.Series(applied_day.astype(applied_on.dtype), index=apps.index)
    rank = np.where(~np.isnat(applied_day), np.maximum(rank, APPLIED_RANK), rank)
    codes, reasons = pd.factorize(apps["close_reason"])  # code -1: no close reason
    offer_close = np.asarray(
        [r in ("offer_accepted", "offer_declined") for r in reasons] + [False], dtype=bool
    )[codes]
    rank = np.nan_to_num(np.where(offer_close, OFFER_RANK, rank), nan=0.0).astype("int64")

    at_offer = event_rank == OFFER_RANK
    offer_day = earliest_per_row(event_rows[at_offer], event_day[at_offer], size)
    closed_on = as_day(apps["closed_on"])
    closed_day = closed_on.to_numpy().astype("datetime64[D]")
    offer_day = np.where(np.isnat(offer_day) & offer_close, closed_day, offer_day)
    offer_on = _ns_series(offer_day, apps.index)

    as_outcome = [r if r in OUTCOMES else "open" for r in reasons]
    outcome = np.asarray([*as_outcome, "open"], dtype=object)[codes]  # code -1: no reason
    outcome[np.isnat(closed_day)] = "open"
    outcome[rank >= OFFER_RANK] = "offer"

    response_day = _first_responses(apps, events, rounds, event_rows, event_rank, event_day)
    response_on = _ns_series(response_day, apps.index)
    rank = pd.Series(rank, index=apps.index)
    columns = {
        "application_id": apps["id"],
        "company": apps.get("company", pd.Series("", index=apps.index)),
        "role_title": apps["role_title"],
        "applied_on": applied_on,
        "furthest_rank": rank,
        "furthest_stage": _mapped(rank, _STAGE_OF_RANK),
        "outcome": outcome,
        "closed_on": closed_on,
        "offer_on": offer_on,
        "response_on": response_on,
        "days_to_response": _days_between(applied_day, response_day),
        **{name: apps[name] for name in ("tier", "source", "company_type", "track", "level")},
    }
    keep = applied_on.notna().to_numpy() & (rank.to_numpy() >= APPLIED_RANK)
    # arrays, not Series: the frame is built without aligning 16 indexes
    facts = {
        name: values[keep] if isinstance(values, np.ndarray) else values.array[keep]
        for name, values in columns.items()
    }
    facts["outcome"] = pd.Series(facts["outcome"], dtype="object")  # not inferred as str
    return pd.DataFrame(facts)


_FUNNEL_RANKS = np.array([STAGE_ORDER[s] for s in FUNNEL_STAGES], dtype="float64")


def _reached_matrix(facts: pd.DataFrame) -> np.ndarray:
    """A boolean column per funnel stage (FUNNEL_STAGES order): did the application reach it."""
    ranks = facts["furthest_rank"].to_numpy(dtype="float64")
    return ranks[:, None] >= _FUNNEL_RANKS[None, :]


def _conversion_frame(reached: np.ndarray) -> dict[str, np.ndarray]:
    previous = np.concatenate([[np.nan], reached[:-1]])
    return {
        "from_previous": ratio(reached, previous) if len(reached) else reached,
        "from_applied": ratio(reached, np.full(len(reached), reached[0] if len(reached) else 0)),
    }


def _reached_counts(facts: pd.DataFrame) -> np.ndarray:
    """Applications that reached each funnel stage (FUNNEL_STAGES order), as int64."""
    return _reached_matrix(facts).sum(axis=0).astype("int64")


def funnel(facts: pd.DataFrame) -> pd.DataFrame:
    """Applications that reached each stage, with conversion from the previous stage and
    from applied (``from_previous`` is NaN for applied itself)."""
    reached = _reached_counts(facts)
    conv = _conversion_frame(reached)
    out = pd.DataFrame(
        {
            "stage": FUNNEL_STAGES,
            "label": [label(s) for s in FUNNEL_STAGES],
            "reached": reached,
            "from_previous": conv["from_previous"],
            "from_applied": conv["from_applied"],
        }
    )
    out.loc[0, "from_previous"] = np.nan
    return out


def group_label(column: str, value) -> str:
    """The text a user reads for a group value of a split column."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_SET
    if column == "tier":
        return TIERS.get(int(value), f"Tier {value}")
    return label(value)


def group_keys(facts: pd.DataFrame, by: str) -> pd.Series:
    return facts[by].astype("object").where(facts[by].notna(), NOT_SET)


def ordered_groups(present: list, by: str) -> list:
    known = [g for g in _SPLIT_ORDER.get(by, []) if g in present]
    rest = sorted((g for g in present if g not in known and g != NOT_SET), key=str)
    return known + rest + ([NOT_SET] if NOT_SET in present else [])


def funnel_split(facts: pd.DataFrame, by: str) -> pd.DataFrame:
    """The funnel per group of ``by`` (a SPLITS key), long: one row per group and stage.

    Columns: group, group_label, n (applications applied in the group), too_few
    (n < MIN_GROUP), stage, stage_label, reached, from_previous, from_applied.
    """
    columns = [
        "group", "group_label", "n", "too_few", "stage", "stage_label",
        "reached", "from_previous", "from_applied",
    ]  # fmt: skip
    if facts.empty:
        return pd.DataFrame(columns=columns)
    codes, uniques = pd.factorize(group_keys(facts, by))
    matrix = _reached_matrix(facts)
    counts = np.stack(  # groups (in uniques' order) x stages
        [
            np.bincount(codes, weights=matrix[:, i], minlength=len(uniques))
            for i in range(len(FUNNEL_STAGES))
        ],
        axis=1,
    )
    groups = ordered_groups(list(uniques), by)
    where = {group: i for i, group in enumerate(uniques)}
    reached = counts[[where[group] for group in groups]].astype("int64")
    previous = np.concatenate([np.full((len(groups), 1), np.nan), reached[:, :-1]], axis=1)
    n = reached[:, 0]
    out = pd.DataFrame(
        {
            "group": np.repeat(np.array(groups, dtype="object"), len(FUNNEL_STAGES)),
            "group_label": np.repeat([group_label(by, g) for g in groups], len(FUNNEL_STAGES)),
            "n": np.repeat(n, len(FUNNEL_STAGES)),
            "too_few": np.repeat(n < MIN_GROUP, len(FUNNEL_STAGES)),
            "stage": np.tile(FUNNEL_STAGES, len(groups)),
            "stage_label": np.tile([label(s) for s in FUNNEL_STAGES], len(groups)),
            "reached": reached.ravel(),
            "from_previous": ratio(reached, previous).ravel(),
            "from_applied": ratio(reached, n[:, None]).ravel(),
        }
    )
    return out


def _split_blocks(split: pd.DataFrame) -> int | None:
    """The number of groups when ``split`` is laid out as ``funnel_split`` makes it (one block
    of FUNNEL_STAGES rows per group, one group per (label, n, too_few), every share known);
    None otherwise."""
    size = len(FUNNEL_STAGES)
    blocks, rest = divmod(len(split), size)
    if rest or not blocks or split["from_applied"].isna().any():
        return None
    if split["stage"].tolist() != FUNNEL_STAGES * blocks:
        return None
    keys = list(
        zip(
            split["group_label"].tolist(),
            split["n"].tolist(),
            split["too_few"].tolist(),
            strict=True,
        )
    )
    heads = keys[::size]
    regular = keys == [head for head in heads for _ in range(size)]
    named = all(isinstance(head[0], str) for head in heads)
    return blocks if regular and named and len(set(heads)) == blocks else None


def split_table(split: pd.DataFrame) -> pd.DataFrame:
    """The long split as a table: one row per group, n, share reaching each stage, flag."""
    if split.empty:
        return pd.DataFrame(columns=["group", "n", *[label(s) for s in FUNNEL_STAGES[1:]]])
    blocks = _split_blocks(split)
    if blocks is None:  # not funnel_split's layout: let pandas pivot it
        wide = split.pivot_table(
            index=["group_label", "n", "too_few"],
            columns="stage",
            values="from_applied",
            sort=False,
        )
        wide = wide[FUNNEL_STAGES[1:]].rename(columns=label).reset_index()
        return wide.rename(columns={"group_label": "group"})
    size = len(FUNNEL_STAGES)
    heads = split.iloc[::size]
    shares = split["from_applied"].to_numpy(dtype="float64").reshape(blocks, size)
    wide = pd.DataFrame(
        {
            "group": heads["group_label"].array,
            "n": heads["n"].array,
            "too_few": heads["too_few"].array,
            **{label(s): shares[:, i + 1] for i, s in enumerate(FUNNEL_STAGES[1:])},
        }
    )
    wide.columns.name = "stage"  # as pivot_table names them
    return wide


def outcome_flows(facts: pd.DataFrame) -> pd.DataFrame:
    """Links of the Sankey: applied -> each stage -> outcomes.

    From every stage before the offer, one link to the next stage (the applications that
    reached it) and one link per outcome for the applications whose furthest stage it is
    (rejected there, withdrew, ghosted, still open). The offer is the last node. Columns:
    source, target (node keys "stage:<stage>" / "outcome:<outcome>"), value; zero links
    are left out.
    """
    columns = ["source", "target", "value"]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    reached = _reached_counts(facts)
    links = [
        (f"stage:{s}", f"stage:{t}", int(n))
        for s, t, n in zip(FUNNEL_STAGES[:-1], FUNNEL_STAGES[1:], reached[1:], strict=True)
    ]
    ended = (facts["outcome"] != "offer").to_numpy()
    stage_codes, stages = pd.factorize(facts["furthest_stage"].to_numpy()[ended])
    outcome_codes, outcomes = pd.factorize(facts["outcome"].to_numpy()[ended])
    known = (stage_codes >= 0) & (outcome_codes >= 0)
    counts = np.bincount(
        stage_codes[known] * len(outcomes) + outcome_codes[known],
        minlength=len(stages) * len(outcomes),
    ).reshape(len(stages), len(outcomes))
    ends = sorted(  # (stage, outcome) in order, as a groupby gives them
        (stage, outcome, int(counts[i, j]))
        for i, stage in enumerate(stages)
        for j, outcome in enumerate(outcomes)
        if counts[i, j]
    )
    links += [(f"stage:{s}", f"outcome:{o}", value) for s, o, value in ends]
    order = {f"stage:{s}": i for i, s in enumerate(FUNNEL_STAGES)}
    links.sort(key=lambda link: order.get(link[0], len(order)))  # stable: stage by stage
    flows = pd.DataFrame(links, columns=columns)
    return flows.loc[flows["value"] > 0].reset_index(drop=True)


def node_label(key: str) -> str:
    """The text of a Sankey node key ("stage:technical" -> "Technical rounds")."""
    kind, _, value = key.partition(":")
    return OUTCOME_LABELS.get(value, value) if kind == "outcome" else label(value)


def _instants(series: pd.Series) -> np.ndarray:
    """Dates or UTC timestamps as int64 nanoseconds, missing ones after every other value
    (the order ``sort_values(na_position="last")`` gives)."""
    out = instant_array(series).view("int64").copy()
    out[out == _NAT] = _NOT_SEEN
    return out


def event_order(events: pd.DataFrame) -> np.ndarray:
    """Row positions of ``events`` sorted by application, day and id (stable; a missing day
    last), as ``sort_values(["application_id", "occurred_on", "id"], kind="stable")``."""
    positions = _event_positions(events)
    return np.arange(len(events)) if positions is None else positions


def _event_positions(events: pd.DataFrame) -> np.ndarray | None:
    """``event_order``, or None when the rows are in that order already (the frames come
    sorted so: a linear check instead of a sort, and no positions to index with)."""
    keys = (
        events["id"].to_numpy(),
        _instants(events["occurred_on"]),
        events["application_id"].to_numpy(),
    )
    return None if _in_order(*keys) else np.lexsort(keys)


def _in_order(ids: np.ndarray, instants: np.ndarray, app_ids: np.ndarray) -> bool:
    """Whether rows are already sorted by application id, then instant, then id."""
    # one difference array alive at a time (a cohort's events: 4 MiB each)
    step = np.diff(app_ids)
    if (step < 0).any():
        return False
    same_app = step == 0
    step = np.diff(instants)
    if (same_app & (step < 0)).any():
        return False
    tie = same_app & (step == 0)
    del step, same_app
    return not (tie & (np.diff(ids) < 0)).any()


def time_in_stage(events: pd.DataFrame) -> pd.DataFrame:
    """Days spent in each stage from applied to final, one row per completed stay.

    A stay starts with a StageEvent at the stage (or a reopening at it) and ends with the
    application's next event of any kind (a new stage, a closing). A stay still running has
    no end yet and is left out. Columns: application_id, stage, stage_label, days.
    """
    columns = ["application_id", "stage", "stage_label", "days"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    # a cohort has ~500,000 events: arrays of their length are few, one byte where it can
    order = _event_positions(events)  # None: in event order already

    def ordered(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    app_ids = ordered(events["application_id"].to_numpy())
    has_next = np.zeros(len(events), dtype=bool)  # the application has a later event
    np.equal(app_ids[1:], app_ids[:-1], out=has_next[:-1])
    del app_ids
    starts = _is_one_of(events["event_type"], ["stage", "reopened"])
    starts &= _is_one_of(events["stage"], FUNNEL_STAGES[:-1])
    candidates = np.flatnonzero(ordered(starts) & has_next)  # positions in event order
    del has_next, starts
    occurred = ordered(day_array(events["occurred_on"]))
    next_on = occurred[candidates + 1]  # the next event's day
    dated = ~np.isnat(next_on)
    at = candidates[dated]
    rows = at if order is None else order[at]
    stages = events["stage"].array.take(rows)
    return pd.DataFrame(  # arrays, not Series: no index to align
        {
            "application_id": events["application_id"].to_numpy()[rows],
            "stage": stages,
            "stage_label": _mapped(pd.Series(stages), _STAGE_LABELS).array,
            "days": whole_days(next_on[dated] - occurred[at]),
        }
    )


def _is_one_of(values: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """``values.isin(wanted)`` as a bool array; a category column is matched on its codes
    (``isin`` would build an array of eight-byte codes first)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        hits = np.flatnonzero(values.cat.categories.isin(wanted))
        return np.isin(values.cat.codes.to_numpy(), hits)
    return values.isin(wanted).to_numpy()


def whole_days(delta: np.ndarray) -> np.ndarray:
    """A ``timedelta64[D]`` array as day counts: int64, or float64 with NaN where missing
    (as ``Series.dt.days`` gives)."""
    missing = np.isnat(delta)
    days = delta.astype("int64")
    return np.where(missing, np.nan, days) if missing.any() else days


def box_statistics(values) -> dict[str, float]:
    """What a box plot draws of the numbers (missing ones left out): quartiles ``q1``,
    ``median``, ``q3`` (linear interpolation), whiskers ``lowerfence`` / ``upperfence`` at the
    furthest values within 1.5 IQR, and the ``mean``; computed as pandas' quantile, min and
    mean compute them, to the last bit, without building Series."""
    numbers = np.asarray(values)
    missing = np.isnan(numbers) if numbers.dtype.kind == "f" else np.zeros(len(numbers), bool)
    present = numbers[~missing]
    q1, median, q3 = (float(q) for q in np.quantile(present, [0.25, 0.5, 0.75]))
    reach = 1.5 * (q3 - q1)
    total = np.where(missing, 0, numbers).sum(dtype="float64")  # as pandas' nanmean sums
    return {
        "q1": q1,
        "median": median,
        "q3": q3,
        "lowerfence": float(present[present >= q1 - reach].min()),
        "upperfence": float(present[present <= q3 + reach].max()),
        "mean": float(total / len(present)),
    }


def response_summary(facts: pd.DataFrame) -> dict[str, float | int]:
    """applied, responded, response_rate (NaN without applications), median_days."""
    applied = len(facts)
    responded = int(facts["response_on"].notna().sum()) if applied else 0
    days = facts["days_to_response"].dropna() if applied else pd.Series(dtype="float64")
    return {
        "applied": applied,
        "responded": responded,
        "response_rate": ratio(responded, applied),
        "median_days": float(days.median()) if len(days) else float("nan"),
    }


def _monday_numbers(values: pd.Series) -> np.ndarray:
    """The Monday of each date's week as days since 1970-01-01 (missing dates left out)."""
    days = day_array(values)
    numbers = days[~np.isnat(days)].astype("datetime64[D]").astype("int64")
    return numbers - (numbers + 3) % 7  # 1 January 1970 was a Thursday


def weekly_activity(facts: pd.DataFrame, rounds: pd.DataFrame) -> pd.DataFrame:
    """Applications sent and rounds done per week (Monday), every week of the span filled.

    Rounds done = status "done", counted in the week they were held.
    """
    columns = ["week", "applications", "rounds"]
    sent = _monday_numbers(facts["applied_on"])
    held = _monday_numbers(rounds.loc[is_value(rounds["status"], "done"), "scheduled_at"])
    weeks = np.concatenate([sent, held])
    if len(weeks) == 0:
        return pd.DataFrame(columns=columns)
    first, last = int(weeks.min()), int(weeks.max())
    span = pd.date_range(pd.Timestamp(first, unit="D"), pd.Timestamp(last, unit="D"), freq="7D")
    return pd.DataFrame(
        {
            "week": span,
            "applications": np.bincount((sent - first) // 7, minlength=len(span)),
            "rounds": np.bincount((held - first) // 7, minlength=len(span)),
        }
    )


def filter_applications(
    apps: pd.DataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    tracks: list[str] | None = None,
    tiers: list[int] | None = None,
    include_closed: bool = True,
) -> pd.DataFrame:
    """The applications the Pipeline filters select.

    ``start``/``end`` bound the applied date (inclusive; an application never applied to is
    out when a bound is given); empty ``tracks``/``tiers`` mean all; ``include_closed=False``
    keeps open applications only.
    """
    keep = pd.Series(True, index=apps.index)
    applied = as_day(apps["applied_on"])
    if start is not None:
        keep &= applied >= pd.Timestamp(start)
    if end is not None:
        keep &= applied <= pd.Timestamp(end)
    if tracks:
        keep &= apps["track"].isin(tracks)
    if tiers:
        keep &= apps["tier"].isin(tiers)
    if not include_closed:
        keep &= apps["closed_on"].isna()
    return apps if keep.all() else apps.loc[keep]  # no copy when every row is kept


def of_applications(frame: pd.DataFrame, apps: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``frame`` (events, rounds...) that belong to the given applications."""
    keep = frame["application_id"].isin(apps["id"])
    return frame if keep.all() else frame.loc[keep]  # no copy when every row is kept


def filter_bounds(apps: pd.DataFrame) -> dict[str, object]:
    """What the Pipeline filters offer: ``first`` / ``last`` applied day (None when nothing
    was applied to) and ``tracks``, the set of tracks the applications have."""
    applied = apps["applied_on"].dropna()
    return {
        "first": applied.min().date() if len(applied) else None,
        "last": applied.max().date() if len(applied) else None,
        "tracks": set(apps["track"].dropna()),
    }


def chosen_frames(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    facts: pd.DataFrame | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    tracks: tuple[str, ...] = (),
    tiers: tuple[int, ...] = (),
    include_closed: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(facts, events, rounds) of the applications the Pipeline filters select.

    Facts are per application, so computing them on the selected applications equals
    filtering the facts of all of them: given ``facts`` (``application_facts`` of these
    frames, as the pages hold them), they are filtered instead of computed again.
    """
    chosen = filter_applications(
        apps,
        start=start,
        end=end,
        tracks=list(tracks),
        tiers=list(tiers),
        include_closed=include_closed,
    )
    events = of_applications(events, chosen)
    rounds = of_applications(rounds, chosen)
    if facts is None:
        return application_facts(chosen, events, rounds), events, rounds
    return facts_of(facts, chosen), events, rounds


def facts_of(facts: pd.DataFrame, apps: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``facts`` of the applications ``apps``: what ``application_facts`` of
    those applications alone gives (days as int64 again when none is missing)."""
    if apps.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    keep = facts["application_id"].isin(apps["id"]).to_numpy()
    if keep.all():
        return facts
    part = facts.loc[keep].reset_index(drop=True)
    days = part["days_to_response"]
    if days.dtype == "float64" and days.notna().all():
        part["days_to_response"] = days.astype("int64")
    return part
