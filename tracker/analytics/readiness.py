"""Readiness and the learning loop: pure functions over the frames of ``services.frames``.

- ``readiness_by_kind``: per round kind, how much practice the user has had and how it went
  (practice count = rounds of that kind done; pass rate = passed / (passed + failed), pending
  and unknown left out, as DESIGN.md defines it), the weakest kinds first.
- ``objective_checklist``: learning objectives, the open ones that matter for the soonest
  upcoming round of their kind first.
- ``question_bank`` / ``filter_question_bank``: every question asked in any round, one per line
  of ``feedback.questions_asked``, with the round's kind, company, track and outcome.
- ``reflection_queue``: rounds done at least a day ago that have no reflection yet.

Rounds' ``scheduled_at`` is stored in UTC; "which day" questions use ``local_day`` with the
caller's time zone. Nothing here imports Streamlit or touches the database.
"""

from __future__ import annotations

from datetime import date, tzinfo

import numpy as np
import pandas as pd

from tracker.analytics.topics import TOPICS, application_topics, objective_topics
from tracker.models import DEFAULT_ROUND_KINDS, label

TZ = tzinfo | str

READINESS_COLUMNS = [
    "kind",
    "kind_label",
    "practice_count",
    "passed",
    "failed",
    "pass_rate",
    "avg_rating",
    "last_done",
    "upcoming",
    "open_objectives",
]
QUESTION_COLUMNS = [
    "question",
    "round_id",
    "kind",
    "kind_label",
    "company",
    "role_title",
    "track",
    "day",
    "outcome",
]
BULLET = r"^\s*(?:[-*•]|\d+[.)])\s*"


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
    table["kind_label"] = table["kind"].map(lambda k: labels.get(k) or label(k) if k else "")
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
    when all of them are done; ``sources`` says which rounds produced it.
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
            sources=("source", list),
            next_round_at=("next_round_at", "first"),
            next_round_company=("next_round_company", "first"),
        )
        .reset_index()
    )
    return items[columns]


# ------------------------------------------------------------------ page views
# The Readiness page's figures in small pieces, each cached per data version (and widget
# values) by ``tracker.ui.data.derived``: what a page run needs, never a whole table.


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


def question_bank_page(
    feedback: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    tz: TZ = "UTC",
    text: str = "",
    kinds: tuple[str, ...] = (),
    companies: tuple[str, ...] = (),
    tracks: tuple[str, ...] = (),
    shown: int = 200,
) -> dict[str, object]:
    """The questions matching the filters (``filter_question_bank``): ``found`` (how many)
    and ``recent``, the ``shown`` most recent of them."""
    bank = question_bank(feedback, rounds, tz=tz)
    return _bank_page(bank, shown=shown, text=text, kinds=kinds, companies=companies, tracks=tracks)


def jd_prep_page(
    apps: pd.DataFrame, rounds: pd.DataFrame, objectives: pd.DataFrame, *, shown: int = 200
) -> dict[str, object]:
    """``jd_prep``: ``n`` open applications with topics and the first ``shown`` (``head``)."""
    prep = jd_prep(apps, rounds, objectives)
    return {"n": len(prep), "head": prep.head(shown)}
