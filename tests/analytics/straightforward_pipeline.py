"""The straightforward pandas versions of the Pipeline and Overview computations and of the
Pipeline charts (groupby, merges, row-wise min/max, validated plotly figures built with
``base_layout``), as they were before they were made fast: ``test_pipeline_equivalence``
checks that the fast versions return exactly the same on generated campaigns. Not used by
the app."""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.analytics.overview import (
    DEADLINE_WINDOW_DAYS,
    DELTA_DAYS,
    LIVE_OFFER_STATUSES,
    KeyFigure,
    OverviewSummary,
)
from tracker.analytics.pipeline import (
    APPLIED_RANK,
    FACT_COLUMNS,
    FUNNEL_STAGES,
    MIN_GROUP,
    OFFER_RANK,
    OUTCOMES,
    SPLITS,
    group_keys,
    group_label,
    node_label,
    ordered_groups,
    ratio,
    response_summary,
)
from tracker.charts import (
    BOX_POINTS_MAX,
    OUTCOME_COLORS,
    STAGE_COLOR,
    TIER_COLORS,
    _group_name,
    _pct_text,
    base_layout,
)
from tracker.models import STAGE_ORDER, Stage, label

_STAGE_LABELS: dict[str, str] = {s.value: label(s.value) for s in Stage}
_STAGES = pd.Index(list(STAGE_ORDER), dtype="object")
_RANKS = np.array(list(STAGE_ORDER.values()), dtype="float64")


def _frozen(fig: go.Figure) -> dict:
    return fig.to_dict()


# ------------------------------------------------------------------ pipeline analytics


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


def _rank(stages: pd.Series) -> pd.Series:
    """The STAGE_ORDER rank of each stage as a float (NaN for a missing or unknown one)."""
    where = _STAGES.get_indexer(stages.to_numpy(dtype="object", na_value=None))
    return pd.Series(np.where(where >= 0, _RANKS[where], np.nan), index=stages.index)


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


# ------------------------------------------------------------------ overview analytics


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


# ------------------------------------------------------------------ pipeline charts


def funnel_chart(funnel) -> go.Figure:
    """The funnel (``analytics.pipeline.funnel``): applications reaching each stage."""
    text = [
        f"{n} · {_pct_text(a)}" if i else f"{n} applied"
        for i, (n, a) in enumerate(zip(funnel["reached"], funnel["from_applied"], strict=True))
    ]
    hover = [
        f"{lbl}: {n} reached<br>{_pct_text(p)} of the previous stage<br>{_pct_text(a)} of applied"
        for lbl, n, p, a in zip(
            funnel["label"],
            funnel["reached"],
            funnel["from_previous"],
            funnel["from_applied"],
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Funnel(
            y=list(funnel["label"]),
            x=list(funnel["reached"]),
            text=text,
            textinfo="text",
            hovertext=hover,
            hoverinfo="text",
            marker={"color": STAGE_COLOR},
            connector={"fillcolor": "#e0f2f1"},
        )
    )
    return base_layout(fig, "Furthest stage reached (applications · % of applied)")


def funnel_split_chart(split, title: str, *, tier_colors: bool = False) -> go.Figure:
    """Share of each group's applications reaching each stage after applied, side by side.

    ``split`` is ``analytics.pipeline.funnel_split``; groups too small to judge are faded and
    hatched, and their legend entry says so.
    """
    fig = go.Figure()
    later = split.loc[split["stage"] != "applied"]
    for group, rows in later.groupby("group", sort=False):
        first = rows.iloc[0]
        too_few = bool(first["too_few"])
        fig.add_bar(
            name=_group_name(first["group_label"], int(first["n"]), too_few),
            x=list(rows["stage_label"]),
            y=[None if v != v else v * 100 for v in rows["from_applied"]],
            customdata=list(zip(rows["reached"], rows["n"], strict=True)),
            hovertemplate="%{x}: %{y:.0f} % of applied (%{customdata[0]} of %{customdata[1]})"
            "<extra>%{fullData.name}</extra>",
            marker={
                "color": TIER_COLORS.get(int(group)) if tier_colors else None,
                "opacity": 0.45 if too_few else 1.0,
                "pattern": {"shape": "/" if too_few else ""},
            },
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="% of the group's applications", ticksuffix=" %", rangemode="tozero")
    return base_layout(fig, title, height=420)


def sankey_chart(flows) -> go.Figure:
    """Flows from applied through the stages to the outcomes (``pipeline.outcome_flows``)."""
    keys = list(dict.fromkeys([*flows["source"], *flows["target"]]))
    index = {key: i for i, key in enumerate(keys)}
    totals_in = flows.groupby("target")["value"].sum()
    totals_out = flows.groupby("source")["value"].sum()
    labels = [
        f"{node_label(k)} ({int(max(totals_in.get(k, 0), totals_out.get(k, 0)))})" for k in keys
    ]
    colors = [
        OUTCOME_COLORS.get(k.partition(":")[2], STAGE_COLOR)
        if k.startswith("outcome:") or k == "stage:offer"
        else STAGE_COLOR
        for k in keys
    ]
    link_colors = [
        "rgba(198,40,40,0.25)" if t == "outcome:rejected" else "rgba(31,138,158,0.18)"
        for t in flows["target"]
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "color": colors, "pad": 18, "thickness": 16},
            textfont={"color": "#263238", "size": 13, "shadow": "0 0 3px white"},
            link={
                "source": [index[s] for s in flows["source"]],
                "target": [index[t] for t in flows["target"]],
                "value": list(flows["value"]),
                "color": link_colors,
            },
        )
    )
    return base_layout(fig, "Where applications go: stages to outcomes", height=460)


def summary_box(values, name: str) -> go.Box:
    """A horizontal box drawn from its quartiles and 1.5 IQR whiskers (Plotly's own rule),
    without sending every value to the browser (for boxes of many values)."""
    q1, median, q3 = (float(v) for v in values.quantile([0.25, 0.5, 0.75]))
    reach = 1.5 * (q3 - q1)
    low = float(values[values >= q1 - reach].min())
    high = float(values[values <= q3 + reach].max())
    return go.Box(
        y=[name],
        q1=[q1],
        median=[median],
        q3=[q3],
        lowerfence=[low],
        upperfence=[high],
        mean=[float(values.mean())],
        orientation="h",
        name=name,
        boxpoints=False,
        marker={"color": STAGE_COLOR},
        line={"color": STAGE_COLOR},
    )


def time_in_stage_chart(stays) -> go.Figure:
    """Days spent in each stage (``analytics.pipeline.time_in_stage``), one box per stage."""
    fig = go.Figure()
    for stage in FUNNEL_STAGES[:-1]:
        days = stays.loc[stays["stage"] == stage, "days"]
        if len(days) > BOX_POINTS_MAX:
            fig.add_trace(summary_box(days, f"{label(stage)} (n={len(days)})"))
        elif len(days):
            fig.add_box(
                x=list(days),
                name=f"{label(stage)} (n={len(days)})",
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"color": STAGE_COLOR, "size": 5, "opacity": 0.6},
                line={"color": STAGE_COLOR},
                hovertemplate="%{x} days<extra>%{fullData.name}</extra>",
            )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(
        title="days in the stage", rangemode="tozero", showgrid=True, gridcolor="#eceff1"
    )
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, "Time in stage")


def response_time_chart(facts) -> go.Figure:
    """Days from applying to the first response, as a histogram with the median marked.

    The browser gets one value per distinct day count with its number of applications
    (``histfunc="sum"``): the same bars as one value per application, in far less data.
    """
    days = facts["days_to_response"].dropna()
    per_day = days.value_counts().sort_index()
    fig = go.Figure(
        go.Histogram(
            x=list(per_day.index),
            y=[int(n) for n in per_day],
            histfunc="sum",
            xbins={"size": 2, "start": 0},
            marker={"color": STAGE_COLOR},
            hovertemplate="%{x} days: %{y} applications<extra></extra>",
        )
    )
    if len(days):
        median = float(days.median())
        fig.add_vline(
            x=median,
            line={"color": "#37474f", "dash": "dash"},
            annotation_text=f"median {median:.0f} days",
            annotation_position="top right",
        )
    fig.update_xaxes(title="days from applying to the first response", rangemode="tozero")
    fig.update_yaxes(title="applications")
    return base_layout(fig, "Time to first response")


def weekly_activity_chart(weekly) -> go.Figure:
    """Applications sent and rounds done per week (``analytics.pipeline.weekly_activity``)."""
    fig = go.Figure()
    weeks = list(weekly["week"])
    fig.add_bar(
        name="Applications sent",
        x=weeks,
        y=list(weekly["applications"]),
        marker={"color": STAGE_COLOR},
    )
    fig.add_bar(name="Rounds done", x=weeks, y=list(weekly["rounds"]), marker={"color": "#e0a526"})
    fig.update_layout(barmode="group", hovermode="x unified")
    fig.update_xaxes(tickformat="%d %b")
    fig.update_yaxes(title="count", rangemode="tozero")
    return base_layout(fig, "Weekly activity")


def pipeline_view(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    by: str = "source",
    start: date | None = None,
    end: date | None = None,
    tracks: tuple[str, ...] = (),
    tiers: tuple[int, ...] = (),
    include_closed: bool = True,
) -> dict[str, Any]:
    """The Pipeline page for the filtered applications (``pipeline.chosen_frames``): ``n``,
    ``summary`` (``response_summary``), ``funnel``, ``split_table`` (``split_table`` of the
    funnel split by ``by``) and frozen ``figures`` (funnel, split, sankey, stays, response,
    weekly; stays / response are None without data)."""
    facts, events, rounds = chosen_frames(
        apps, events, rounds, start=start, end=end, tracks=tracks, tiers=tiers,
        include_closed=include_closed,
    )  # fmt: skip
    if facts.empty:
        return {"n": 0}
    summary = response_summary(facts)
    stages = funnel(facts)
    split = funnel_split(facts, by)
    split_title = f"Share reaching each stage, by {SPLITS[by].lower()}"
    stays = time_in_stage(events)
    figures = {
        "funnel": _frozen(funnel_chart(stages)),
        "split": _frozen(funnel_split_chart(split, split_title, tier_colors=by == "tier")),
        "sankey": _frozen(sankey_chart(outcome_flows(facts))),
        "stays": None if stays.empty else _frozen(time_in_stage_chart(stays)),
        "response": _frozen(response_time_chart(facts)) if summary["responded"] else None,
        "weekly": _frozen(weekly_activity_chart(weekly_activity(facts, rounds))),
    }
    return {
        "n": len(facts),
        "summary": summary,
        "funnel": stages,
        "split_table": split_table(split),
        "figures": figures,
    }
