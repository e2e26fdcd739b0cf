"""The straightforward pandas versions of the Readiness and Interview performance
computations and charts (merges, groupby, crosstab, validated plotly figures), as they were
before they were made fast: ``test_fast_paths`` checks that the fast versions return exactly
the same on generated data. Not used by the app."""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tracker.analytics.performance import CONFIDENT, DECIDED, HALVES, PASS_COLUMNS, UNSURE
from tracker.analytics.pipeline import (
    MIN_GROUP,
    OUTCOME_LABELS,
    OUTCOMES,
    as_day,
    group_keys,
    group_label,
    ordered_groups,
    ratio,
)
from tracker.analytics.readiness import BULLET, QUESTION_COLUMNS, READINESS_COLUMNS, TZ
from tracker.analytics.topics import TOPICS, application_topics, objective_topics
from tracker.charts import FONT, OUTCOME_COLORS, STAGE_COLOR, _group_name, _pct_text
from tracker.models import DEFAULT_ROUND_KINDS, label

# ------------------------------------------------------------------ readiness


def local_day(stamps: pd.Series, tz: TZ = "UTC") -> pd.Series:
    """UTC timestamps as naive calendar days (midnight) in ``tz``; NaT stays NaT."""
    stamps = pd.to_datetime(stamps, utc=True)
    return stamps.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize()


def kind_labels(rounds: pd.DataFrame) -> dict[str, str]:
    """Round kind -> the label a user reads: the built-in kinds, then the rounds' own labels."""
    labels = {key: text for key, text, _minutes in DEFAULT_ROUND_KINDS}
    if not rounds.empty:
        pairs = rounds[["kind", "kind_label"]].drop_duplicates()
        labels.update(zip(pairs["kind"], pairs["kind_label"], strict=False))
    return labels


def _is_done(rounds: pd.DataFrame) -> pd.Series:
    return rounds["status"] == "done"


def readiness_by_kind(
    rounds: pd.DataFrame,
    objectives: pd.DataFrame | None = None,
    *,
    today: date,
    tz: TZ = "UTC",
) -> pd.DataFrame:
    """Per round kind: practice count, pass rate, average self-rating, last done; weakest first.

    A kind is listed when the user has done, scheduled, or has an open objective for it.
    "Upcoming" counts scheduled rounds from ``today`` on (undated ones included). Weakest
    first means: lowest pass rate (a kind with no decided round yet counts as the weakest:
    nothing is proven), then lowest average self-rating, then fewest rounds done.
    """
    objectives = objectives if objectives is not None else pd.DataFrame(columns=["kind", "done"])
    if rounds.empty and objectives.empty:
        return pd.DataFrame(columns=READINESS_COLUMNS)
    days = local_day(rounds["scheduled_at"], tz) if not rounds.empty else pd.Series(dtype="M8[ns]")
    done = rounds[_is_done(rounds)].assign(
        day=days, is_passed=rounds["outcome"] == "passed", is_failed=rounds["outcome"] == "failed"
    )
    per_kind = done.groupby("kind").agg(
        practice_count=("id", "size"),
        passed=("is_passed", "sum"),
        failed=("is_failed", "sum"),
        avg_rating=("self_rating", "mean"),
        last_done=("day", "max"),
    )
    scheduled = rounds[
        (rounds["status"] == "scheduled") & (days.isna() | (days >= pd.Timestamp(today)))
    ]
    upcoming = scheduled.groupby("kind").size().rename("upcoming")
    open_obj = objectives[~objectives["done"].astype(bool)] if not objectives.empty else objectives
    open_count = open_obj.dropna(subset=["kind"]).groupby("kind").size().rename("open_objectives")
    kinds = sorted(set(per_kind.index) | set(upcoming.index) | set(open_count.index))
    table = (
        pd.DataFrame(index=pd.Index(kinds, name="kind"))
        .join(per_kind)
        .join(upcoming)
        .join(open_count)
        .reset_index()
    )
    for column in ("practice_count", "passed", "failed", "upcoming", "open_objectives"):
        table[column] = table[column].fillna(0).astype(int)
    decided = table["passed"] + table["failed"]
    table["pass_rate"] = (table["passed"] / decided.where(decided > 0)).astype(float)
    labels = kind_labels(rounds)
    table["kind_label"] = table["kind"].map(lambda k: labels.get(k) or label(k))
    table["last_done"] = pd.to_datetime(table["last_done"])
    order = table.assign(
        _rate=table["pass_rate"].fillna(-1.0),
        _rating=table["avg_rating"].fillna(0.0),
    ).sort_values(["_rate", "_rating", "practice_count", "kind_label"], kind="stable")
    return order[READINESS_COLUMNS].reset_index(drop=True)


def next_round_by_kind(rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC") -> pd.DataFrame:
    """For each kind, the soonest scheduled round from ``today`` on: when and with whom."""
    columns = ["kind", "next_round_id", "next_round_at", "next_round_company"]
    if rounds.empty:
        return pd.DataFrame(columns=columns)
    days = local_day(rounds["scheduled_at"], tz)
    upcoming = rounds[(rounds["status"] == "scheduled") & (days >= pd.Timestamp(today))]
    first = upcoming.sort_values(["scheduled_at", "id"]).drop_duplicates("kind")
    return first.rename(
        columns={
            "id": "next_round_id",
            "scheduled_at": "next_round_at",
            "company": "next_round_company",
        }
    )[columns].reset_index(drop=True)


def objective_checklist(
    objectives: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Learning objectives with the round that produced them and the next round they matter for.

    Order: open objectives whose kind has an upcoming round first (soonest round first), then
    the other open ones (newest first), then the done ones (most recently done first).
    """
    columns = [
        "id", "text", "kind", "kind_label", "done", "done_on", "round_id", "from_company",
        "from_day", "next_round_id", "next_round_at", "next_round_company",
    ]  # fmt: skip
    if objectives.empty:
        return pd.DataFrame(columns=columns)
    source = rounds[["id", "company", "scheduled_at"]].rename(
        columns={"id": "round_id", "company": "from_company"}
    )
    source["from_day"] = local_day(source.pop("scheduled_at"), tz)
    table = objectives.merge(source, on="round_id", how="left").merge(
        next_round_by_kind(rounds, today=today, tz=tz), on="kind", how="left"
    )
    labels = kind_labels(rounds)
    table["kind_label"] = table["kind"].map(
        lambda k: labels.get(k) or label(k) if isinstance(k, str) and k else ""
    )
    table["done"] = table["done"].astype(bool)
    table = table.assign(
        _group=np.select(
            [~table["done"] & table["next_round_at"].notna(), ~table["done"]], [0, 1], 2
        ),
        _when=table["next_round_at"],
        _created=table["created_at"] if "created_at" in table else table["id"],
    )
    table = table.sort_values(
        ["_group", "_when", "done_on", "_created", "id"],
        ascending=[True, True, False, False, True],
        na_position="last",
        kind="stable",
    )
    return table[columns].reset_index(drop=True)


def question_bank(feedback: pd.DataFrame, rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Every question asked in any round (one per line of feedback), with that round's context."""
    if feedback.empty or rounds.empty:
        return pd.DataFrame(columns=QUESTION_COLUMNS)
    lines = (
        feedback[["round_id", "questions_asked"]]
        .assign(question=feedback["questions_asked"].fillna("").str.split(r"\r?\n"))
        .explode("question")
    )
    lines["question"] = lines["question"].str.replace(BULLET, "", regex=True).str.strip()
    lines = lines[lines["question"].str.len() > 0]
    context = rounds[
        ["id", "kind", "kind_label", "company", "role_title", "track", "scheduled_at", "outcome"]
    ].rename(columns={"id": "round_id"})
    context["day"] = local_day(context.pop("scheduled_at"), tz)
    bank = lines.merge(context, on="round_id", how="inner")
    bank = bank.sort_values(["day", "round_id"], ascending=[False, True], na_position="last")
    return bank[QUESTION_COLUMNS].reset_index(drop=True)


def filter_question_bank(
    bank: pd.DataFrame,
    *,
    text: str = "",
    kinds: list[str] | tuple[str, ...] = (),
    companies: list[str] | tuple[str, ...] = (),
    tracks: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """The questions containing every word of ``text`` (any case), limited to the picked
    kinds, companies and tracks (an empty pick means all)."""
    keep = pd.Series(True, index=bank.index)
    for word in text.split():
        keep &= bank["question"].str.contains(word, case=False, regex=False)
    if kinds:
        keep &= bank["kind"].isin(kinds)
    if companies:
        keep &= bank["company"].isin(companies)
    if tracks:
        keep &= bank["track"].isin(tracks)
    return bank[keep]


def has_reflection(feedback: pd.DataFrame) -> pd.Series:
    """Whether each feedback row holds a reflection (a date, or "went well" / "to improve")."""
    if feedback.empty:
        return pd.Series(dtype=bool)
    written = feedback["went_well"].fillna("").str.strip().ne("") | feedback["to_improve"].fillna(
        ""
    ).str.strip().ne("")
    return feedback["reflected_on"].notna() | written


def reflection_queue(
    rounds: pd.DataFrame, feedback: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Rounds done at least a day ago (by their date, else when they were logged) with no
    reflection yet; the longest-waiting first. ``feedback_id`` is the round's unreflected
    feedback, if notes were taken."""
    columns = [
        "round_id", "company", "role_title", "kind", "kind_label", "tier", "day", "days_ago",
        "outcome", "feedback_id", "questions_asked",
    ]  # fmt: skip
    if rounds.empty:
        return pd.DataFrame(columns=columns)
    done = rounds[_is_done(rounds)].copy()
    when = done["scheduled_at"].fillna(done["updated_at"])
    done["day"] = local_day(when, tz)
    done = done[done["day"] <= pd.Timestamp(today) - pd.Timedelta(days=1)]
    if not feedback.empty:
        reflected_rounds = feedback.loc[has_reflection(feedback), "round_id"]
        done = done[~done["id"].isin(reflected_rounds)]
        notes = feedback.sort_values("id").drop_duplicates("round_id", keep="last")
        notes = notes[["round_id", "id", "questions_asked"]].rename(columns={"id": "feedback_id"})
    else:
        notes = pd.DataFrame(columns=["round_id", "feedback_id", "questions_asked"])
    queue = done.rename(columns={"id": "round_id"}).merge(notes, on="round_id", how="left")
    queue["days_ago"] = (pd.Timestamp(today) - queue["day"]).dt.days.astype(int)
    queue = queue.sort_values(["day", "round_id"])
    return queue[columns].reset_index(drop=True)


def covered_topics(rounds: pd.DataFrame, objectives: pd.DataFrame) -> set[str]:
    """Topics the user has prepared: a done round of a kind that tests the topic, or an open
    learning objective whose text mentions it."""
    done_kinds = set(rounds.loc[rounds["status"] == "done", "kind"]) if not rounds.empty else set()
    covered = {t.key for t in TOPICS if done_kinds & set(t.kinds)}
    if not objectives.empty:
        still_open = objectives[~objectives["done"].astype(bool)]
        # only which topics are covered matters: match each distinct text once
        covered |= set(objective_topics(still_open.drop_duplicates("text"))["topic"])
    return covered


def _topics_of_distinct_texts(apps: pd.DataFrame) -> pd.DataFrame:
    """``application_topics(apps)``, matching each distinct job description once (a cohort
    often shares postings), in the same row order (per application, vocabulary order)."""
    codes, texts = pd.factorize(apps["job_description"].fillna("").astype(str))
    distinct = pd.DataFrame({"id": np.arange(len(texts)), "job_description": texts})
    per_text = application_topics(distinct).rename(columns={"application_id": "_text"})
    link = pd.DataFrame({"application_id": apps["id"].to_numpy(), "_text": codes})
    found = link.merge(per_text, on="_text", how="inner")
    return (
        found.drop(columns="_text")
        .sort_values("application_id", kind="stable")
        .reset_index(drop=True)
    )


def jd_prep(apps: pd.DataFrame, rounds: pd.DataFrame, objectives: pd.DataFrame) -> pd.DataFrame:
    """Per open application with a job description: the topics it asks for, and those among
    them the user has not prepared yet (see ``covered_topics``); most unprepared first."""
    columns = ["application_id", "company", "role_title", "tier", "topics", "unprepared"]
    if apps.empty:
        return pd.DataFrame(columns=columns)
    live = apps[apps["closed_on"].isna() & ~apps["archived"].astype(bool)]
    found = _topics_of_distinct_texts(live)
    if found.empty:
        return pd.DataFrame(columns=columns)
    covered = covered_topics(rounds, objectives)
    grouped = found.groupby("application_id", sort=False)
    per_app = grouped["topic_label"].agg(list).to_frame("topics")
    missing = found[~found["topic"].isin(covered)]
    per_app["unprepared"] = (
        missing.groupby("application_id", sort=False)["topic_label"]
        .agg(list)
        .reindex(per_app.index)
    )
    per_app["unprepared"] = [v if isinstance(v, list) else [] for v in per_app["unprepared"]]
    table = live.rename(columns={"id": "application_id"}).join(
        per_app, on="application_id", how="inner"
    )
    table = table.assign(_n=table["unprepared"].str.len()).sort_values(
        ["_n", "tier", "application_id"], ascending=[False, True, True]
    )
    return table[columns].reset_index(drop=True)


def checklist_items(checklist: pd.DataFrame) -> pd.DataFrame:
    """The checklist with the same objective written after several rounds of a kind shown
    once: one row per (kind, text), keeping ``objective_checklist``'s order.

    ``ids`` are the objectives behind the item (ticking it ticks them all); ``done`` is true
    when all of them are done; ``sources`` says which rounds produced it (the first five).
    """
    columns = [
        "kind", "kind_label", "text", "ids", "count", "done", "sources",
        "next_round_at", "next_round_company",
    ]  # fmt: skip
    if checklist.empty:
        return pd.DataFrame(columns=columns)
    source = (
        checklist["from_company"].fillna("feedback")
        + " ("
        + checklist["from_day"].dt.strftime("%d %b %Y").fillna("no date")
        + ")"
    )
    items = (
        checklist.assign(source=source, kind=checklist["kind"].fillna(""))
        .groupby(["kind", "text"], sort=False)
        .agg(
            kind_label=("kind_label", "first"),
            ids=("id", list),
            count=("id", "size"),
            done=("done", "all"),
            sources=("source", lambda values: list(values)[:5]),  # the first five
            next_round_at=("next_round_at", "first"),
            next_round_company=("next_round_company", "first"),
        )
        .reset_index()
    )
    return items[columns]


def readiness_overview(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    objectives: pd.DataFrame,
    feedback: pd.DataFrame,
    *,
    today: date,
    tz: TZ = "UTC",
    bank_shown: int = 200,
    prep_shown: int = 200,
) -> dict[str, object]:
    """Everything of the Readiness page that no widget changes: ``empty`` (no round and no
    application), ``readiness`` (``readiness_by_kind``), ``items`` (``checklist_items`` of
    the ``objective_checklist``, one dict per item: cheap to loop over), ``bank`` (what its
    filters offer, with the unfiltered ``question_bank_page``: ``total``, ``kind_names``,
    ``companies``, ``tracks``, ``found``, ``recent``) and ``prep`` (``jd_prep_page``)."""
    bank = question_bank(feedback, rounds, tz=tz)
    return {
        "empty": rounds.empty and apps.empty,
        "readiness": readiness_by_kind(rounds, objectives, today=today, tz=tz),
        "items": checklist_items(
            objective_checklist(objectives, rounds, today=today, tz=tz)
        ).to_dict("records"),
        "bank": {
            **_bank_choices(bank),
            **_bank_page(bank, shown=bank_shown),
        },
        "prep": jd_prep_page(apps, rounds, objectives, shown=prep_shown),
    }


def reflection_view(
    rounds: pd.DataFrame,
    feedback: pd.DataFrame,
    *,
    today: date,
    tz: TZ = "UTC",
    shown: int = 8,
    chosen: int | None = None,
) -> dict[str, object]:
    """The ``reflection_queue``: ``n`` rounds in it, the first ``shown`` (``head``, one dict
    per round) and the row of round ``chosen`` (None when it is not in the queue)."""
    queue = reflection_queue(rounds, feedback, today=today, tz=tz)
    row = queue[queue["round_id"] == chosen] if chosen is not None else queue.iloc[:0]
    return {
        "n": len(queue),
        "head": queue.head(shown).to_dict("records"),
        "chosen": row.iloc[0] if len(row) else None,
    }


def _bank_choices(bank: pd.DataFrame) -> dict[str, object]:
    """What the question bank's filters offer: ``total`` questions, ``kind_names`` (kind ->
    label, sorted by label), ``companies`` (sorted) and ``tracks`` (sorted)."""
    kind_names = dict(zip(bank["kind"], bank["kind_label"], strict=False))
    return {
        "total": len(bank),
        "kind_names": {k: kind_names[k] for k in sorted(kind_names, key=kind_names.get)},
        "companies": sorted(bank["company"].unique()),
        "tracks": sorted(bank["track"].unique()),
    }


def _bank_page(bank: pd.DataFrame, *, shown: int, **filters: object) -> dict[str, object]:
    found = filter_question_bank(bank, **filters)
    return {"found": len(found), "recent": found.head(shown)}


def jd_prep_page(
    apps: pd.DataFrame, rounds: pd.DataFrame, objectives: pd.DataFrame, *, shown: int = 200
) -> dict[str, object]:
    """``jd_prep``: ``n`` open applications with topics and the first ``shown`` (``head``)."""
    prep = jd_prep(apps, rounds, objectives)
    return {"n": len(prep), "head": prep.head(shown)}


# ------------------------------------------------------------------ performance


def round_day(rounds: pd.DataFrame) -> pd.Series:
    """The day a round took place (scheduled day, else the day it was logged)."""
    return as_day(rounds["scheduled_at"]).fillna(as_day(rounds["created_at"]))


def _kind_labels(rounds: pd.DataFrame) -> pd.Series:
    return rounds.drop_duplicates("kind").set_index("kind")["kind_label"]


def pass_rates(rounds: pd.DataFrame) -> pd.DataFrame:
    """Per round kind: passed, failed, decided, undecided (pending/unknown), pass_rate.

    Sorted by decided rounds (most evidence first); kinds with no round are absent.
    """
    if rounds.empty:
        return pd.DataFrame(columns=PASS_COLUMNS)
    counts = pd.crosstab(rounds["kind"], rounds["outcome"])
    counts = counts.reindex(columns=["passed", "failed"], fill_value=0)
    out = counts.assign(
        decided=counts["passed"] + counts["failed"],
        undecided=rounds.groupby("kind").size() - counts["passed"] - counts["failed"],
    )
    out["pass_rate"] = ratio(out["passed"], out["decided"])
    out["kind_label"] = _kind_labels(rounds).reindex(out.index)
    out = out.reset_index().rename(columns={"index": "kind"})
    out = out.sort_values(["decided", "kind_label"], ascending=[False, True], kind="stable")
    return out[PASS_COLUMNS].reset_index(drop=True)


def search_midpoint(rounds: pd.DataFrame) -> pd.Timestamp | None:
    """The middle day between the first and the last decided round (None without any)."""
    days = round_day(rounds.loc[rounds["outcome"].isin(DECIDED)]).dropna()
    if days.empty:
        return None
    return (days.min() + (days.max() - days.min()) / 2).normalize()


def pass_rate_trend(rounds: pd.DataFrame) -> pd.DataFrame:
    """Pass rate per kind in the first vs the second half of the search.

    Columns: kind, kind_label, half ("First half"/"Second half"), passed, failed, decided,
    pass_rate. Every kind with a decided round has both halves (decided 0 -> NaN rate).
    """
    columns = ["kind", "kind_label", "half", "passed", "failed", "decided", "pass_rate"]
    decided = rounds.loc[rounds["outcome"].isin(DECIDED)]
    middle = search_midpoint(rounds)
    if middle is None:
        return pd.DataFrame(columns=columns)
    half = np.where(round_day(decided) <= middle, HALVES[0], HALVES[1])
    counts = pd.crosstab([decided["kind"], half], decided["outcome"])
    counts = counts.reindex(columns=list(DECIDED), fill_value=0)
    full = pd.MultiIndex.from_product(
        [counts.index.get_level_values(0).unique(), list(HALVES)], names=["kind", "half"]
    )
    counts = counts.rename_axis(["kind", "half"]).reindex(full, fill_value=0)
    out = counts.reset_index()
    out["decided"] = out["passed"] + out["failed"]
    out["pass_rate"] = ratio(out["passed"], out["decided"])
    out["kind_label"] = out["kind"].map(_kind_labels(rounds))
    return out[columns]


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """One row per kind: pass rate and count in each half and the change in points."""
    columns = ["kind_label", "first_rate", "first_n", "second_rate", "second_n", "change"]
    if trend.empty:
        return pd.DataFrame(columns=columns)
    wide = trend.pivot_table(
        index="kind_label", columns="half", values=["pass_rate", "decided"], dropna=False
    )
    out = pd.DataFrame(
        {
            "kind_label": wide.index,
            "first_rate": wide[("pass_rate", HALVES[0])].to_numpy(),
            "first_n": wide[("decided", HALVES[0])].fillna(0).astype(int).to_numpy(),
            "second_rate": wide[("pass_rate", HALVES[1])].to_numpy(),
            "second_n": wide[("decided", HALVES[1])].fillna(0).astype(int).to_numpy(),
        }
    )
    out["change"] = out["second_rate"] - out["first_rate"]
    return out.sort_values("kind_label").reset_index(drop=True)


def self_rating_vs_outcome(rounds: pd.DataFrame) -> pd.DataFrame:
    """Decided, self-rated rounds per kind and self-rating (1-5).

    Columns: kind, kind_label, self_rating, passed, failed, decided, pass_rate.
    """
    columns = ["kind", "kind_label", "self_rating", "passed", "failed", "decided", "pass_rate"]
    rated = rounds.loc[rounds["outcome"].isin(DECIDED) & rounds["self_rating"].notna()]
    if rated.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab([rated["kind"], rated["self_rating"].astype(int)], rated["outcome"])
    counts = counts.reindex(columns=list(DECIDED), fill_value=0).reset_index()
    counts["decided"] = counts["passed"] + counts["failed"]
    counts["pass_rate"] = ratio(counts["passed"], counts["decided"])
    counts["kind_label"] = counts["kind"].map(_kind_labels(rounds))
    return counts[columns]


def calibration(rounds: pd.DataFrame) -> pd.DataFrame:
    """Per kind: how well the self-rating predicted the outcome.

    Columns: kind_label, rated (decided rounds with a self-rating), mean_passed / mean_failed
    (average self-rating of passed / failed rounds), overconfident (rated >= 4 and failed),
    underconfident (rated <= 2 and passed). Most misjudged kinds first.
    """
    columns = [
        "kind_label",
        "rated",
        "mean_passed",
        "mean_failed",
        "overconfident",
        "underconfident",
    ]
    rated = rounds.loc[rounds["outcome"].isin(DECIDED) & rounds["self_rating"].notna()]
    if rated.empty:
        return pd.DataFrame(columns=columns)
    rating = rated["self_rating"].astype(float)
    passed = rated["outcome"] == "passed"
    frame = pd.DataFrame(
        {
            "kind": rated["kind"],
            "rated": 1,
            "r_passed": rating.where(passed),
            "r_failed": rating.where(~passed),
            "overconfident": (~passed & (rating >= CONFIDENT)).astype(int),
            "underconfident": (passed & (rating <= UNSURE)).astype(int),
        }
    )
    out = frame.groupby("kind").agg(
        rated=("rated", "sum"),
        mean_passed=("r_passed", "mean"),
        mean_failed=("r_failed", "mean"),
        overconfident=("overconfident", "sum"),
        underconfident=("underconfident", "sum"),
    )
    out["kind_label"] = _kind_labels(rounds).reindex(out.index)
    out["_miss"] = out["overconfident"] + out["underconfident"]
    out = out.sort_values(["_miss", "rated"], ascending=[False, False], kind="stable")
    return out[columns].reset_index(drop=True)


def career_lens(facts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Outcomes per group of ``by`` ("company_type" or "level", any SPLITS key).

    Columns: group, group_label, n, too_few, then per outcome its count and ``<outcome>_share``
    (count / n).
    """
    share_cols = [f"{o}_share" for o in OUTCOMES]
    columns = ["group", "group_label", "n", "too_few", *OUTCOMES, *share_cols]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    keys = group_keys(facts, by)
    counts = pd.crosstab(keys, facts["outcome"]).reindex(columns=OUTCOMES, fill_value=0)
    counts = counts.reindex(ordered_groups(list(counts.index), by))
    n = counts.sum(axis=1)
    out = counts.copy()
    for outcome in OUTCOMES:
        out[f"{outcome}_share"] = ratio(counts[outcome], n)
    out.insert(0, "n", n)
    out.insert(1, "too_few", n < MIN_GROUP)
    out = out.reset_index(names="group")
    out.insert(1, "group_label", [group_label(by, g) for g in out["group"]])
    return out[columns]


def _pct(value: float) -> str:
    return f"{value:.0%}".replace("%", " %")


def lens_reading(lenses: dict[str, pd.DataFrame], outcomes=("offer", "rejected")) -> str:
    """One line naming the strongest difference in the career lens.

    Among groups with enough applications (not ``too_few``), for each lens and each outcome
    in ``outcomes``, the gap between the group with the highest and the lowest share; the
    widest gap is read out. Without two comparable groups, says so.
    """
    best: tuple[float, str, str, pd.Series, pd.Series] | None = None
    for dimension, lens in lenses.items():
        judged = lens.loc[~lens["too_few"].astype(bool)] if len(lens) else lens
        if len(judged) < 2:
            continue
        for outcome in outcomes:
            share = judged[f"{outcome}_share"].astype(float)
            high, low = judged.loc[share.idxmax()], judged.loc[share.idxmin()]
            gap = float(share.max() - share.min())
            if best is None or gap > best[0]:
                best = (gap, dimension, outcome, high, low)
    if best is None or best[0] <= 0:
        return (
            f"Not enough to compare yet: the career lens needs two groups of at least "
            f"{MIN_GROUP} applications with different outcomes."
        )
    _, dimension, outcome, high, low = best
    return (
        f"{OUTCOME_LABELS[outcome]}: {_pct(high[f'{outcome}_share'])} of "
        f"{high['group_label']} applications ({int(high[outcome])} of {int(high['n'])}) vs "
        f"{_pct(low[f'{outcome}_share'])} of {low['group_label']} applications "
        f"({int(low[outcome])} of {int(low['n'])}): the strongest difference, by {dimension}."
    )


# ------------------------------------------------------------------ charts


def base_layout(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """The house style: a title, readable labels, no clutter."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "y": -0.15},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#eceff1")
    return fig


def pass_rate_chart(rates) -> go.Figure:
    """Pass rate per round kind (``analytics.performance.pass_rates``), with its counts."""
    rows = rates.loc[rates["decided"] > 0].sort_values("pass_rate", kind="stable")
    fig = go.Figure(
        go.Bar(
            x=[v * 100 for v in rows["pass_rate"]],
            y=list(rows["kind_label"]),
            orientation="h",
            text=[
                f"{_pct_text(r)} ({p} of {d})"
                for r, p, d in zip(rows["pass_rate"], rows["passed"], rows["decided"], strict=True)
            ],
            textposition="auto",
            marker={"color": STAGE_COLOR},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title="pass rate = passed / (passed + failed)",
        range=[0, 105],
        ticksuffix=" %",
        showgrid=True,
        gridcolor="#eceff1",
    )
    return base_layout(fig, "Pass rate by round kind", height=max(260, 60 + 34 * len(rows)))


def pass_trend_chart(trend) -> go.Figure:
    """Pass rate per kind in the first vs the second half of the search."""
    fig = go.Figure()
    colors = {"First half": "#9aa5b1", "Second half": STAGE_COLOR}
    for half, rows in trend.groupby("half", sort=False):
        fig.add_bar(
            name=half,
            y=list(rows["kind_label"]),
            x=[None if v != v else v * 100 for v in rows["pass_rate"]],
            orientation="h",
            text=[
                f"{p} of {d}" if d else "none"
                for p, d in zip(rows["passed"], rows["decided"], strict=True)
            ],
            textposition="auto",
            marker={"color": colors.get(half)},
            hovertemplate="%{y}, %{fullData.name}: %{x:.0f} % (%{text})<extra></extra>",
        )
    n_kinds = trend["kind"].nunique()
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 105], ticksuffix=" %", showgrid=True, gridcolor="#eceff1")
    fig.update_yaxes(autorange="reversed")
    return base_layout(
        fig, "Pass rate: first vs second half of the search", height=max(300, 80 + 52 * n_kinds)
    )


def self_rating_chart(ratings) -> go.Figure:
    """Pass rate by self-rating per kind (``analytics.performance.self_rating_vs_outcome``):
    a dot per kind and rating, sized by rounds, coloured by pass rate."""
    sizes = list(ratings["decided"])
    biggest = max(sizes) if sizes else 1
    fig = go.Figure(
        go.Scatter(
            x=list(ratings["self_rating"]),
            y=list(ratings["kind_label"]),
            mode="markers+text",
            text=[f"{p}/{d}" for p, d in zip(ratings["passed"], ratings["decided"], strict=True)],
            textposition="middle right",
            marker={
                "size": [12 + 26 * s / biggest for s in sizes],
                "color": [v * 100 for v in ratings["pass_rate"]],
                "colorscale": "RdYlGn",
                "cmin": 0,
                "cmax": 100,
                "line": {"color": "#37474f", "width": 0.5},
                "colorbar": {"title": {"text": "pass %"}, "ticksuffix": " %"},
            },
            hovertemplate="%{y}, rated %{x}/5: passed %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="your self-rating (1 = poor, 5 = excellent)", range=[0.5, 5.9], dtick=1)
    n_kinds = ratings["kind"].nunique()
    return base_layout(fig, "Self-rating vs outcome", height=max(280, 90 + 40 * n_kinds))


def career_lens_chart(lens, title: str) -> go.Figure:
    """Outcomes per group as shares of its applications (``analytics.performance.career_lens``)."""
    from tracker.analytics.pipeline import OUTCOME_LABELS, OUTCOMES

    names = [
        _group_name(g, int(n), bool(f))
        for g, n, f in zip(lens["group_label"], lens["n"], lens["too_few"], strict=True)
    ]
    fig = go.Figure()
    for outcome in OUTCOMES:
        fig.add_bar(
            name=OUTCOME_LABELS[outcome],
            y=names,
            x=[None if v != v else v * 100 for v in lens[f"{outcome}_share"]],
            orientation="h",
            customdata=list(lens[outcome]),
            marker={"color": OUTCOME_COLORS[outcome]},
            hovertemplate="%{y}: %{x:.0f} % %{fullData.name} (%{customdata})<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, title, height=max(260, 110 + 36 * len(names)))
