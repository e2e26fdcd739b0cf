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
    """Dates or UTC timestamps as naive day-precision datetimes."""
    values = pd.to_datetime(series, errors="coerce")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    return values.dt.normalize()


def lookup_days(ids: pd.Series, days_by_id: pd.Series) -> pd.Series:
    """``days_by_id`` (dates indexed by application id) looked up for each id, as dates."""
    return pd.Series(
        pd.to_datetime(days_by_id.reindex(ids.to_numpy()).to_numpy()), index=ids.index
    ).astype("datetime64[ns]")


_STAGES = pd.Index(list(STAGE_ORDER), dtype="object")
_RANKS = np.array(list(STAGE_ORDER.values()), dtype="float64")


def _rank(stages: pd.Series) -> pd.Series:
    """The STAGE_ORDER rank of each stage as a float (NaN for a missing or unknown one)."""
    where = _STAGES.get_indexer(stages.to_numpy(dtype="object", na_value=None))
    return pd.Series(np.where(where >= 0, _RANKS[where], np.nan), index=stages.index)


def ratio(numerator, denominator):
    """numerator / denominator, NaN where the denominator is 0 (works on numbers and arrays)."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return float(out) if out.ndim == 0 else out


def response_dates(apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame) -> pd.Series:
    """The date of each application's first response (NaT without one), indexed by its id.

    Candidates are StageEvents at a stage after applied, closings as rejected, and rounds
    (the earlier of the day it was booked and the day it is scheduled). A candidate dated
    before the applied date counts as a response on the applied date.
    """
    ev_rank = _rank(events["stage"])
    from_events = events.loc[
        ((events["event_type"] == "stage") & (ev_rank > APPLIED_RANK))
        | ((events["event_type"] == "closed") & (events["close_reason"] == "rejected")),
        ["application_id", "occurred_on"],
    ].rename(columns={"occurred_on": "on"})
    from_events["on"] = as_day(from_events["on"])
    booked = pd.concat([as_day(rounds["scheduled_at"]), as_day(rounds["created_at"])], axis=1).min(
        axis=1
    )
    from_rounds = pd.DataFrame({"application_id": rounds["application_id"], "on": booked})
    candidates = pd.concat([from_events, from_rounds], ignore_index=True).dropna(subset=["on"])
    first = candidates.groupby("application_id")["on"].min()
    applied = pd.Series(as_day(apps["applied_on"]).to_numpy(), index=apps["id"].to_numpy())
    first = first.reindex(applied.index)
    return first.where(first.isna() | applied.isna() | (first >= applied), applied)


def application_facts(
    apps: pd.DataFrame, events: pd.DataFrame, rounds: pd.DataFrame
) -> pd.DataFrame:
    """One row per application that was applied to (see FACT_COLUMNS).

    ``furthest_rank`` is the STAGE_ORDER rank of the furthest stage reached; ``offer_on`` the
    first day it reached the offer; ``response_on`` / ``days_to_response`` its first response.
    """
    if apps.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    staged = events.dropna(subset=["stage"])
    staged_rank = _rank(staged["stage"])
    event_rank = staged_rank.groupby(staged["application_id"]).max()
    rank = np.fmax(_rank(apps["stage"]), apps["id"].map(event_rank))
    first_applied = (
        as_day(staged.loc[staged_rank >= APPLIED_RANK, "occurred_on"])
        .groupby(staged["application_id"])
        .min()
    )
    applied_on = as_day(apps["applied_on"]).fillna(lookup_days(apps["id"], first_applied))
    rank = rank.where(applied_on.isna(), rank.clip(lower=APPLIED_RANK))
    offer_close = apps["close_reason"].isin(["offer_accepted", "offer_declined"])
    rank = rank.where(~offer_close, OFFER_RANK).fillna(0).astype("int64")

    offer_events = staged.loc[staged["stage"] == Stage.offer.value]
    offer_on = as_day(offer_events["occurred_on"]).groupby(offer_events["application_id"]).min()
    offer_on = lookup_days(apps["id"], offer_on)
    offer_on = offer_on.fillna(as_day(apps["closed_on"]).where(offer_close))

    closed = apps["closed_on"].notna()
    outcome = pd.Series("open", index=apps.index, dtype="object")
    outcome = outcome.mask(closed, apps["close_reason"])
    outcome = outcome.mask(rank >= OFFER_RANK, "offer")
    outcome = outcome.where(outcome.isin(OUTCOMES), "open")

    response_on = lookup_days(apps["id"], response_dates(apps, events, rounds))
    facts = pd.DataFrame(
        {
            "application_id": apps["id"],
            "company": apps.get("company", pd.Series("", index=apps.index)),
            "role_title": apps["role_title"],
            "applied_on": applied_on,
            "furthest_rank": rank,
            "furthest_stage": rank.map({v: k for k, v in STAGE_ORDER.items()}),
            "outcome": outcome,
            "closed_on": as_day(apps["closed_on"]),
            "offer_on": offer_on,
            "response_on": response_on,
            "days_to_response": (response_on - applied_on).dt.days.clip(lower=0),
            "tier": apps["tier"],
            "source": apps["source"],
            "company_type": apps["company_type"],
            "track": apps["track"],
            "level": apps["level"],
        }
    )
    return facts.loc[applied_on.notna() & (rank >= APPLIED_RANK)].reset_index(drop=True)


def _reached_matrix(facts: pd.DataFrame) -> pd.DataFrame:
    """A boolean column per funnel stage: did the application reach it."""
    ranks = facts["furthest_rank"].to_numpy(dtype="float64")
    stage_ranks = np.array([STAGE_ORDER[s] for s in FUNNEL_STAGES], dtype="float64")
    return pd.DataFrame(
        ranks[:, None] >= stage_ranks[None, :], columns=FUNNEL_STAGES, index=facts.index
    )


def _conversion_frame(reached: np.ndarray) -> dict[str, np.ndarray]:
    previous = np.concatenate([[np.nan], reached[:-1]])
    return {
        "from_previous": ratio(reached, previous) if len(reached) else reached,
        "from_applied": ratio(reached, np.full(len(reached), reached[0] if len(reached) else 0)),
    }


def funnel(facts: pd.DataFrame) -> pd.DataFrame:
    """Applications that reached each stage, with conversion from the previous stage and
    from applied (``from_previous`` is NaN for applied itself)."""
    reached = _reached_matrix(facts).sum().reindex(FUNNEL_STAGES).to_numpy(dtype="int64")
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
    keys = group_keys(facts, by)
    counts = _reached_matrix(facts).groupby(keys).sum()
    groups = ordered_groups(list(counts.index), by)
    counts = counts.reindex(groups)
    reached = counts.to_numpy(dtype="int64")  # groups x stages
    previous = np.concatenate([np.full((len(groups), 1), np.nan), reached[:, :-1]], axis=1)
    n = reached[:, 0]
    out = pd.DataFrame(
        {
            "group": np.repeat(np.array(groups, dtype="object"), len(FUNNEL_STAGES)),
            "group_label": np.repeat([group_label(by, g) for g in groups], len(FUNNEL_STAGES)),
            "n": np.repeat(n, len(FUNNEL_STAGES)),
            "stage": np.tile(FUNNEL_STAGES, len(groups)),
            "stage_label": np.tile([label(s) for s in FUNNEL_STAGES], len(groups)),
            "reached": reached.ravel(),
            "from_previous": ratio(reached, previous).ravel(),
            "from_applied": ratio(reached, n[:, None]).ravel(),
        }
    )
    out.insert(3, "too_few", out["n"] < MIN_GROUP)
    return out[columns]


def split_table(split: pd.DataFrame) -> pd.DataFrame:
    """The long split as a table: one row per group, n, share reaching each stage, flag."""
    if split.empty:
        return pd.DataFrame(columns=["group", "n", *[label(s) for s in FUNNEL_STAGES[1:]]])
    wide = split.pivot_table(
        index=["group_label", "n", "too_few"], columns="stage", values="from_applied", sort=False
    )
    wide = wide[FUNNEL_STAGES[1:]].rename(columns=label).reset_index()
    wide = wide.rename(columns={"group_label": "group"})
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
    reached = _reached_matrix(facts).sum()
    links = [
        (f"stage:{s}", f"stage:{t}", int(reached[t]))
        for s, t in zip(FUNNEL_STAGES[:-1], FUNNEL_STAGES[1:], strict=True)
    ]
    ends = (
        facts.loc[facts["outcome"] != "offer"]
        .groupby(["furthest_stage", "outcome"], observed=True)
        .size()
    )
    for (stage, outcome), value in ends.items():
        links.append((f"stage:{stage}", f"outcome:{outcome}", int(value)))
    flows = pd.DataFrame(links, columns=columns)
    order = {f"stage:{s}": i for i, s in enumerate(FUNNEL_STAGES)}
    flows["_o"] = flows["source"].map(order)
    flows = flows.sort_values("_o", kind="stable").drop(columns="_o")
    return flows.loc[flows["value"] > 0].reset_index(drop=True)


def node_label(key: str) -> str:
    """The text of a Sankey node key ("stage:technical" -> "Technical rounds")."""
    kind, _, value = key.partition(":")
    return OUTCOME_LABELS.get(value, value) if kind == "outcome" else label(value)


def time_in_stage(events: pd.DataFrame) -> pd.DataFrame:
    """Days spent in each stage from applied to final, one row per completed stay.

    A stay starts with a StageEvent at the stage (or a reopening at it) and ends with the
    application's next event of any kind (a new stage, a closing). A stay still running has
    no end yet and is left out. Columns: application_id, stage, stage_label, days.
    """
    columns = ["application_id", "stage", "stage_label", "days"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    ev = events.sort_values(["application_id", "occurred_on", "id"], kind="stable")
    app_ids = ev["application_id"].to_numpy()
    occurred = as_day(ev["occurred_on"]).to_numpy()
    same_app = np.append(app_ids[1:] == app_ids[:-1], False)  # a next event of this app
    next_on = np.where(same_app, np.append(occurred[1:], occurred[:1]), np.datetime64("NaT"))
    keep = (
        ev["event_type"].isin(["stage", "reopened"]).to_numpy()
        & ev["stage"].isin(FUNNEL_STAGES[:-1]).to_numpy()
        & ~np.isnat(next_on)
    )
    stages = ev["stage"].loc[keep].reset_index(drop=True)
    return pd.DataFrame(
        {
            "application_id": ev["application_id"].loc[keep].reset_index(drop=True),
            "stage": stages,
            "stage_label": stages.map(_STAGE_LABELS),
            "days": pd.Series(next_on[keep] - occurred[keep]).dt.days,
        }
    )


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


def week_start(values: pd.Series) -> pd.Series:
    """The Monday of each date's week."""
    days = as_day(values)
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def weekly_activity(facts: pd.DataFrame, rounds: pd.DataFrame) -> pd.DataFrame:
    """Applications sent and rounds done per week (Monday), every week of the span filled.

    Rounds done = status "done", counted in the week they were held.
    """
    columns = ["week", "applications", "rounds"]
    sent = week_start(facts["applied_on"]).value_counts() if len(facts) else pd.Series()
    done = rounds.loc[rounds["status"] == "done", "scheduled_at"]
    held = week_start(done).dropna().value_counts() if len(done) else pd.Series()
    weeks = pd.Index(sent.index).union(pd.Index(held.index)).dropna()
    if len(weeks) == 0:
        return pd.DataFrame(columns=columns)
    span = pd.date_range(weeks.min(), weeks.max(), freq="7D")
    return pd.DataFrame(
        {
            "week": span,
            "applications": sent.reindex(span, fill_value=0).to_numpy(dtype="int64"),
            "rounds": held.reindex(span, fill_value=0).to_numpy(dtype="int64"),
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
    return apps.loc[keep]


def of_applications(frame: pd.DataFrame, apps: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``frame`` (events, rounds...) that belong to the given applications."""
    return frame.loc[frame["application_id"].isin(apps["id"])]


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
    *,
    start: date | None = None,
    end: date | None = None,
    tracks: tuple[str, ...] = (),
    tiers: tuple[int, ...] = (),
    include_closed: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(facts, events, rounds) of the applications the Pipeline filters select.

    Facts are per application, so computing them on the selected applications equals
    filtering the facts of all of them.
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
    return application_facts(chosen, events, rounds), events, rounds
