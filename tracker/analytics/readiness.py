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

The tables are computed with positions and numpy (``factorize``, ``bincount``, ``lexsort``)
rather than merges and groupbys, which cost more than the work on frames of this size; they
equal the straightforward pandas versions (``tests/analytics/straightforward.py``). The page
views compute the rounds' days and kind labels once, and build only the rows a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

import numpy as np
import pandas as pd

from tracker.analytics.pipeline import present_counts
from tracker.analytics.topics import (
    TOPIC_BY_KEY,
    TOPICS,
    match_topics,
    mentions,
)
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


def _round_days(rounds: pd.DataFrame, tz: TZ) -> pd.Series:
    """``local_day`` of every round's ``scheduled_at`` (what most tables here share)."""
    if rounds.empty:
        return pd.Series(dtype="M8[ns]")
    return local_day(rounds["scheduled_at"], tz)


def _first_pairs(a: pd.Series, b: pd.Series) -> tuple[list, list]:
    """The distinct (a, b) pairs in the order they first appear (``drop_duplicates``)."""
    a_code, a_values = pd.factorize(a, use_na_sentinel=False)
    b_code, b_values = pd.factorize(b, use_na_sentinel=False)
    pairs = pd.unique(a_code * len(b_values) + b_code)  # pd.unique keeps that order
    return a_values[pairs // len(b_values)].tolist(), b_values[pairs % len(b_values)].tolist()


def kind_labels(rounds: pd.DataFrame) -> dict[str, str]:
    """Round kind -> the label a user reads: the built-in kinds, then the rounds' own labels."""
    labels = {key: text for key, text, _minutes in DEFAULT_ROUND_KINDS}
    if not rounds.empty:
        kinds, names = _first_pairs(rounds["kind"], rounds["kind_label"])
        labels.update(zip(kinds, names, strict=False))
    return labels


def _is_done(rounds: pd.DataFrame) -> pd.Series:
    return rounds["status"] == "done"


def _flags(condition: pd.Series) -> np.ndarray:
    """A boolean Series as a numpy array, missing as False."""
    return condition.to_numpy(dtype=bool, na_value=False)


def _taken(values: pd.Series, at: np.ndarray) -> pd.Series:
    """``values`` at positions ``at``, -1 giving a missing value, as a left merge does (an
    integer column becomes float only when a value is missing)."""
    return pd.Series(values.array.take(at, allow_fill=True))


def _mapped(values: pd.Series, function) -> np.ndarray:
    """``values.map(function)`` as an object array, calling ``function`` once per distinct
    value."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return np.array([function(v) for v in distinct.tolist()] or [None], dtype=object)[codes]


def _first_rows(code: np.ndarray) -> np.ndarray:
    """The position of the first row of each code, for codes numbered in the order they
    first appear (as ``pd.factorize`` numbers them); -1 codes are left out."""
    before = np.maximum.accumulate(np.concatenate([[-1], code]))[:-1]
    return np.flatnonzero(code > before)


def _latest_day(days: np.ndarray, groups: np.ndarray, size: int) -> np.ndarray:
    """The latest of ``days`` (datetime64) per group 0..size-1 of ``groups``; NaT for a group
    without a dated one (as ``groupby(...).max()``)."""
    out = np.full(size, np.iinfo(np.int64).min, dtype="int64")  # NaT is the smallest int64
    np.maximum.at(out, groups, days.view("int64"))
    return out.view(days.dtype)


def _readiness_by_kind(
    rounds: pd.DataFrame,
    objectives: pd.DataFrame,
    *,
    days: pd.Series,
    labels: dict[str, str],
    today: date,
) -> pd.DataFrame:
    """``readiness_by_kind`` from the rounds' ``local_day`` and ``kind_labels``."""
    code, kinds = pd.factorize(rounds["kind"])  # -1: no kind (left out, as by groupby)
    size, kinds = len(kinds), kinds.tolist()
    status, outcome = rounds["status"], rounds["outcome"]
    done = _flags(status == "done") & (code >= 0)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(code[mask], minlength=size)

    rating = rounds["self_rating"].to_numpy(dtype="float64", na_value=np.nan)
    rated = done & ~np.isnan(rating)
    day_values = days.to_numpy()
    from_today = np.isnat(day_values) | (day_values >= np.datetime64(today))
    per_kind = {
        "practice_count": count(done),
        "passed": count(done & _flags(outcome == "passed")),
        "failed": count(done & _flags(outcome == "failed")),
        # self-ratings are whole numbers: their sums, hence the means, are exact
        "rating_sum": np.bincount(code[rated], weights=rating[rated], minlength=size),
        "rating_n": count(rated),
        "last_done": _latest_day(day_values[done], code[done], size),
        "upcoming": count(_flags(status == "scheduled") & (code >= 0) & from_today),
    }
    open_count: dict = {}
    if not objectives.empty:
        still_open = objectives.loc[~objectives["done"].astype(bool), "kind"].dropna()
        open_count = present_counts(still_open, sort=False).to_dict()
    listed = (per_kind["practice_count"] > 0) | (per_kind["upcoming"] > 0)
    table_kinds = sorted({kinds[i] for i in np.flatnonzero(listed).tolist()} | set(open_count))
    if not table_kinds:
        return pd.DataFrame(columns=READINESS_COLUMNS)
    where = {kind: i for i, kind in enumerate(kinds)}
    at = np.array([where.get(kind, -1) for kind in table_kinds], dtype="int64")
    seen = at >= 0

    def of_table(values: np.ndarray, missing: object = 0) -> np.ndarray:
        out = np.full(len(at), missing, dtype=values.dtype)
        out[seen] = values[at[seen]]
        return out

    columns = {name: of_table(values) for name, values in per_kind.items() if name != "last_done"}
    passed, failed = columns["passed"], columns["failed"]
    decided, rating_n = passed + failed, columns["rating_n"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pass_rate = np.where(decided > 0, passed / np.where(decided > 0, decided, 1), np.nan)
        avg_rating = np.where(rating_n > 0, columns["rating_sum"] / np.maximum(rating_n, 1), np.nan)
    kind_label = [labels.get(k) or label(k) for k in table_kinds]
    # weakest first: no decided round counts as the lowest rate, no rating as the lowest
    keys = list(
        zip(
            np.nan_to_num(pass_rate, nan=-1.0).tolist(),
            np.nan_to_num(avg_rating, nan=0.0).tolist(),
            columns["practice_count"].tolist(),
            kind_label,
            strict=True,
        )
    )
    order = np.array(sorted(range(len(keys)), key=keys.__getitem__))  # stable, as sort_values
    return pd.DataFrame(
        {
            "kind": [table_kinds[i] for i in order],
            "kind_label": [kind_label[i] for i in order],
            "practice_count": columns["practice_count"][order].astype("int64"),
            "passed": passed[order].astype("int64"),
            "failed": failed[order].astype("int64"),
            "pass_rate": pass_rate[order],
            "avg_rating": avg_rating[order],
            "last_done": of_table(per_kind["last_done"], np.datetime64("NaT"))[order],
            "upcoming": columns["upcoming"][order].astype("int64"),
            "open_objectives": np.array(
                [open_count.get(table_kinds[i], 0) for i in order], dtype="int64"
            ),
        },
        columns=READINESS_COLUMNS,
    )


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
    return _readiness_by_kind(
        rounds, objectives, days=_round_days(rounds, tz), labels=kind_labels(rounds), today=today
    )


NEXT_ROUND_COLUMNS = ["kind", "next_round_id", "next_round_at", "next_round_company"]


def _next_round_by_kind(rounds: pd.DataFrame, *, days: pd.Series, today: date) -> pd.DataFrame:
    """``next_round_by_kind`` from the rounds' ``local_day``."""
    if rounds.empty:
        return pd.DataFrame(columns=NEXT_ROUND_COLUMNS)
    day_values = days.to_numpy()
    scheduled = _flags(rounds["status"] == "scheduled") & (day_values >= np.datetime64(today))
    upcoming = np.flatnonzero(scheduled)  # NaT compares False: undated rounds are left out
    when, ids = rounds["scheduled_at"].array.asi8[upcoming], rounds["id"].to_numpy()[upcoming]
    upcoming = upcoming[np.lexsort([ids, when])]  # soonest first (then by id)
    code, _ = pd.factorize(rounds["kind"].array.take(upcoming), use_na_sentinel=False)
    first = upcoming[_first_rows(code)]  # each kind's soonest round
    return pd.DataFrame(
        {
            "kind": rounds["kind"].array.take(first),
            "next_round_id": rounds["id"].array.take(first),
            "next_round_at": rounds["scheduled_at"].array.take(first),
            "next_round_company": rounds["company"].array.take(first),
        }
    )


def next_round_by_kind(rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC") -> pd.DataFrame:
    """For each kind, the soonest scheduled round from ``today`` on: when and with whom."""
    return _next_round_by_kind(rounds, days=_round_days(rounds, tz), today=today)


CHECKLIST_COLUMNS = [
    "id", "text", "kind", "kind_label", "done", "done_on", "round_id", "from_company",
    "from_day", "next_round_id", "next_round_at", "next_round_company",
]  # fmt: skip


def _sort_keys(values: pd.Series, *, descending: bool = False) -> list[np.ndarray]:
    """Keys of a datetime or number column for ``np.lexsort`` (most significant first), as
    ``sort_values(na_position="last")`` orders it: missing values last either way."""
    missing = values.isna().to_numpy()
    if values.dtype.kind == "M":
        number = values.array.asi8.copy()
    else:
        number = values.to_numpy(dtype="float64", na_value=0.0)
    number[missing] = 0
    return [missing, -number if descending else number]


def _objective_checklist(
    objectives: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    days: pd.Series,
    labels: dict[str, str],
    upcoming: pd.DataFrame,
) -> pd.DataFrame:
    """``objective_checklist`` from the rounds' ``local_day``, ``kind_labels`` and
    ``next_round_by_kind``: each objective's round and next round found by position (-1:
    none, as a left merge leaves it), the rows sorted before any column is built."""
    source = pd.Index(rounds["id"]).get_indexer(objectives["round_id"])
    soonest = pd.Index(upcoming["kind"]).get_indexer(objectives["kind"])
    next_at = _taken(upcoming["next_round_at"], soonest)
    done = objectives["done"].astype(bool).to_numpy()
    group = np.select([~done & next_at.notna().to_numpy(), ~done], [0, 1], 2)
    created = objectives["created_at"] if "created_at" in objectives else objectives["id"]
    keys = [
        group,
        *_sort_keys(next_at),
        *_sort_keys(objectives["done_on"], descending=True),
        *_sort_keys(created, descending=True),
        *_sort_keys(objectives["id"]),
    ]
    order = np.lexsort(keys[::-1])
    source, soonest = source[order], soonest[order]
    kind_label = _mapped(
        objectives["kind"], lambda k: labels.get(k) or label(k) if isinstance(k, str) and k else ""
    )
    return pd.DataFrame(
        {
            "id": objectives["id"].to_numpy()[order],
            "text": objectives["text"].array.take(order),
            "kind": objectives["kind"].array.take(order),
            "kind_label": kind_label[order],
            "done": done[order],
            "done_on": objectives["done_on"].array.take(order),
            "round_id": objectives["round_id"].array.take(order),
            "from_company": rounds["company"].array.take(source, allow_fill=True),
            "from_day": days.array.take(source, allow_fill=True),
            "next_round_id": upcoming["next_round_id"].array.take(soonest, allow_fill=True),
            "next_round_at": next_at.array.take(order),
            "next_round_company": upcoming["next_round_company"].array.take(
                soonest, allow_fill=True
            ),
        },
        columns=CHECKLIST_COLUMNS,
    )


def objective_checklist(
    objectives: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Learning objectives with the round that produced them and the next round they matter for.

    Order: open objectives whose kind has an upcoming round first (soonest round first), then
    the other open ones (newest first), then the done ones (most recently done first).
    """
    if objectives.empty:
        return pd.DataFrame(columns=CHECKLIST_COLUMNS)
    days = _round_days(rounds, tz)
    return _objective_checklist(
        objectives,
        rounds,
        days=days,
        labels=kind_labels(rounds),
        upcoming=_next_round_by_kind(rounds, days=days, today=today),
    )


def _question_lines(texts: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The questions of each text, one per non-empty line with its bullet taken off: the
    questions (in order) and how many each text has."""
    lines = texts.str.split(r"\r?\n").explode()
    lines = lines.str.replace(BULLET, "", regex=True).str.strip()
    lines = lines[lines.str.len() > 0]
    counts = np.bincount(lines.index.to_numpy(dtype="int64"), minlength=len(texts))
    return lines.reset_index(drop=True), counts


@dataclass(frozen=True)
class _BankRows:
    """The question bank before its columns are built, in bank order (most recent first):
    each question's position in ``questions`` and its round's in the rounds."""

    questions: pd.Series  # the questions of the distinct ``questions_asked`` texts
    line: np.ndarray  # per question of the bank: its position in ``questions``
    at: np.ndarray  # per question of the bank: its round's position in the rounds

    def frame(
        self, rounds: pd.DataFrame, days: pd.Series, rows: slice = slice(None)
    ) -> pd.DataFrame:
        """The bank's ``rows`` as ``question_bank`` returns them (``days``: the rounds')."""
        at = self.at[rows]
        bank = {
            "question": self.questions.array.take(self.line[rows]),
            "round_id": rounds["id"].to_numpy()[at],
        }
        for column in QUESTION_COLUMNS[2:]:
            bank[column] = (days if column == "day" else rounds[column]).array.take(at)
        return pd.DataFrame(bank, columns=QUESTION_COLUMNS)


def _bank_rows(feedback: pd.DataFrame, rounds: pd.DataFrame, *, days: pd.Series) -> _BankRows:
    """Every question of the feedback (a distinct ``questions_asked`` text is split once:
    feedback often repeats a list of questions), joined to its round (an inner join) and
    sorted by the round's day, most recent first (undated last), then round id."""
    text_code, texts = pd.factorize(feedback["questions_asked"].fillna(""))
    questions, per_text = _question_lines(pd.Series(texts))
    starts = np.concatenate([[0], np.cumsum(per_text)[:-1]])
    round_of = pd.Index(rounds["id"]).get_indexer(feedback["round_id"].to_numpy())
    n_lines = np.where(round_of >= 0, per_text[text_code], 0)  # per feedback row
    total = int(n_lines.sum())
    small = np.int32 if max(total, len(rounds), len(questions)) < 2**31 else np.int64
    before = np.concatenate([[0], np.cumsum(n_lines)[:-1]])
    # per question (a cohort has about a million): positions as int32, one sort key
    line = np.repeat((starts[text_code] - before).astype(small), n_lines)
    line += np.arange(total, dtype=small)
    at = np.repeat(round_of.astype(small), n_lines)
    # each round's place in bank order (day, most recent first, undated last; then id): a
    # stable sort of the questions by it is lexsort([round_id, ticks[at], missing[at]])
    missing, ticks = _sort_keys(days, descending=True)
    place = np.empty(len(rounds), dtype=small)
    place[np.lexsort([rounds["id"].to_numpy(), ticks, missing])] = np.arange(len(rounds))
    order = np.argsort(place[at], kind="stable")
    return _BankRows(questions, line[order], at[order])


def _question_bank(
    feedback: pd.DataFrame, rounds: pd.DataFrame, *, days: pd.Series
) -> pd.DataFrame:
    """``question_bank`` from the rounds' ``local_day``."""
    if feedback.empty or rounds.empty:
        return pd.DataFrame(columns=QUESTION_COLUMNS)
    return _bank_rows(feedback, rounds, days=days).frame(rounds, days)


def question_bank(feedback: pd.DataFrame, rounds: pd.DataFrame, *, tz: TZ = "UTC") -> pd.DataFrame:
    """Every question asked in any round (one per line of feedback), with that round's context."""
    return _question_bank(feedback, rounds, days=_round_days(rounds, tz))


def filter_question_bank(
    bank: pd.DataFrame,
    *,
    text: str = "",
    kinds: list[str] | tuple[str, ...] = (),
    companies: list[str] | tuple[str, ...] = (),
    tracks: list[str] | tuple[str, ...] = (),
    company_text: str = "",
) -> pd.DataFrame:
    """The questions containing every word of ``text`` (any case), limited to the picked
    kinds, companies and tracks (an empty pick means all) and to the companies whose name
    holds ``company_text`` (any case; a cohort's companies are too many to pick from)."""
    keep = pd.Series(True, index=bank.index)
    for word in text.split():
        keep &= bank["question"].str.contains(word, case=False, regex=False)
    if company_text.strip():
        names = bank["company"].astype("str")
        keep &= names.str.contains(company_text.strip(), case=False, regex=False).to_numpy()
    if kinds:
        keep &= bank["kind"].isin(kinds)
    if companies:
        keep &= bank["company"].isin(companies)
    if tracks:
        keep &= bank["track"].isin(tracks)
    return bank[keep]


def has_reflection(feedback: pd.DataFrame) -> pd.Series:
    """Whether each feedback row holds a reflection: a date, or text in "went well" / "to
    improve" (the frame's ``written``)."""
    if feedback.empty:
        return pd.Series(dtype=bool)
    return feedback["reflected_on"].notna() | feedback["written"].astype(bool)


QUEUE_COLUMNS = [
    "round_id", "company", "role_title", "kind", "kind_label", "tier", "day", "days_ago",
    "outcome", "feedback_id", "questions_asked",
]  # fmt: skip


@dataclass(frozen=True)
class _QueueRows:
    """The reflection queue before its columns are built, longest-waiting first: the rounds'
    positions, their days and the positions of their notes in the feedback (-1: none)."""

    done: np.ndarray
    day: pd.Series
    note: np.ndarray

    def frame(
        self,
        rounds: pd.DataFrame,
        feedback: pd.DataFrame,
        today: date,
        rows: slice = slice(None),
    ) -> pd.DataFrame:
        """The queue's ``rows`` as ``reflection_queue`` returns them (index: their positions
        in the whole queue). As a left merge would, ``feedback_id`` is float when a round of
        the whole queue has no notes."""
        done, day, note = self.done[rows], self.day.iloc[rows], self.note[rows]
        feedback_id = feedback["id"].to_numpy()[np.where(note >= 0, note, 0)]
        if (self.note < 0).any():
            feedback_id = np.where(note >= 0, feedback_id, np.nan)
        queue = {column: rounds[column].array.take(done) for column in QUEUE_COLUMNS[1:6]}
        return pd.DataFrame(
            {
                "round_id": rounds["id"].to_numpy()[done],
                **queue,
                "day": day.array,
                "days_ago": (pd.Timestamp(today) - day).dt.days.astype(int).to_numpy(),
                "outcome": rounds["outcome"].array.take(done),
                "feedback_id": feedback_id,
                "questions_asked": feedback["questions_asked"].array.take(note, allow_fill=True),
            },
            index=pd.RangeIndex(len(self.done))[rows],
        )


def _queue_rows(rounds: pd.DataFrame, feedback: pd.DataFrame, *, today: date, tz: TZ) -> _QueueRows:
    """``reflection_queue``'s rounds, with feedback taken (non-empty frames)."""
    done = np.flatnonzero(_flags(_is_done(rounds)))
    when = rounds["scheduled_at"].iloc[done].fillna(rounds["updated_at"].iloc[done])
    day = local_day(when, tz).reset_index(drop=True)
    reflected = feedback.loc[has_reflection(feedback), "round_id"]
    round_ids = rounds["id"].to_numpy()[done]
    waiting = _flags(day <= pd.Timestamp(today) - pd.Timedelta(days=1)) & ~np.isin(
        round_ids, reflected.to_numpy()
    )
    done, day, round_ids = done[waiting], day[waiting], round_ids[waiting]
    order = np.lexsort([round_ids, *_sort_keys(day)[::-1]])  # by day, then round id
    done, day, round_ids = done[order], day.take(order).reset_index(drop=True), round_ids[order]
    # the notes of a round: its feedback of the highest id
    by_id = np.argsort(feedback["id"].to_numpy(), kind="stable")
    of_round = feedback["round_id"].to_numpy()[by_id]
    notes = by_id[~pd.Series(of_round).duplicated(keep="last").to_numpy()]
    note = pd.Index(feedback["round_id"].to_numpy()[notes]).get_indexer(round_ids)
    return _QueueRows(done, day, np.where(note >= 0, notes[np.where(note >= 0, note, 0)], -1))


def reflection_queue(
    rounds: pd.DataFrame, feedback: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """Rounds done at least a day ago (by their date, else when they were logged) with no
    reflection yet; the longest-waiting first. ``feedback_id`` is the round's unreflected
    feedback, if notes were taken."""
    if rounds.empty:
        return pd.DataFrame(columns=QUEUE_COLUMNS)
    if feedback.empty:
        return _reflection_queue_without_notes(rounds, today=today, tz=tz)
    return _queue_rows(rounds, feedback, today=today, tz=tz).frame(rounds, feedback, today)


def _reflection_queue_without_notes(
    rounds: pd.DataFrame, *, today: date, tz: TZ = "UTC"
) -> pd.DataFrame:
    """``reflection_queue`` when no feedback was taken at all (no notes to join)."""
    done = rounds[_is_done(rounds)].copy()
    when = done["scheduled_at"].fillna(done["updated_at"])
    done["day"] = local_day(when, tz)
    done = done[done["day"] <= pd.Timestamp(today) - pd.Timedelta(days=1)]
    notes = pd.DataFrame(columns=["round_id", "feedback_id", "questions_asked"])
    queue = done.rename(columns={"id": "round_id"}).merge(notes, on="round_id", how="left")
    queue["days_ago"] = (pd.Timestamp(today) - queue["day"]).dt.days.astype(int)
    queue = queue.sort_values(["day", "round_id"])
    return queue[QUEUE_COLUMNS].reset_index(drop=True)


def covered_topics(rounds: pd.DataFrame, objectives: pd.DataFrame) -> set[str]:
    """Topics the user has prepared: a done round of a kind that tests the topic, or an open
    learning objective whose text mentions it."""
    done_kinds = (
        set(pd.unique(rounds.loc[_flags(_is_done(rounds)), "kind"])) if not rounds.empty else set()
    )
    covered = {t.key for t in TOPICS if done_kinds & set(t.kinds)}
    if not objectives.empty:
        still_open = objectives.loc[~objectives["done"].astype(bool), "text"]
        # only which topics are covered matters: match each distinct text once
        texts = pd.unique(still_open.fillna("").astype(str)).tolist()
        covered |= {t.key for t in TOPICS if t.key not in covered and mentions(t, texts)}
    return covered


PREP_COLUMNS = ["application_id", "company", "role_title", "tier", "topics", "unprepared"]


def jd_prep(apps: pd.DataFrame, rounds: pd.DataFrame, objectives: pd.DataFrame) -> pd.DataFrame:
    """Per open application with a job description: the topics it asks for, and those among
    them the user has not prepared yet (see ``covered_topics``); most unprepared first.

    Each distinct job description is matched once (a cohort often shares postings)."""
    if apps.empty:
        return pd.DataFrame(columns=PREP_COLUMNS)
    live = np.flatnonzero(_flags(apps["closed_on"].isna() & ~apps["archived"].astype(bool)))
    text_code, texts = pd.factorize(apps["job_description"].iloc[live].fillna("").astype(str))
    asked = [[key for key, _phrase in match_topics(text)] for text in texts.tolist()]
    if not any(asked):
        return pd.DataFrame(columns=PREP_COLUMNS)
    covered = covered_topics(rounds, objectives)
    labels = [[TOPIC_BY_KEY[key].label for key in keys] for keys in asked]
    missing = [[TOPIC_BY_KEY[key].label for key in keys if key not in covered] for keys in asked]
    with_topics = np.array([bool(keys) for keys in asked])[text_code]
    live, text_code = live[with_topics], text_code[with_topics]
    n_missing = np.array([len(m) for m in missing])[text_code]
    ids = apps["id"].to_numpy()[live]
    order = np.lexsort([ids, apps["tier"].to_numpy()[live], -n_missing])
    live, text_code = live[order], text_code[order]
    return pd.DataFrame(
        {
            "application_id": ids[order],
            "company": apps["company"].array.take(live),
            "role_title": apps["role_title"].array.take(live),
            "tier": apps["tier"].array.take(live),
            "topics": pd.Series([list(labels[c]) for c in text_code], dtype=object),
            "unprepared": pd.Series([list(missing[c]) for c in text_code], dtype=object),
        },
        columns=PREP_COLUMNS,
    )


SOURCES_SHOWN = 5  # the rounds an item names; a cohort's item may come from thousands


def checklist_items(checklist: pd.DataFrame) -> pd.DataFrame:
    """The checklist with the same objective written after several rounds of a kind shown
    once: one row per (kind, text), keeping ``objective_checklist``'s order.

    ``ids`` are the objectives behind the item (ticking it ticks them all); ``done`` is true
    when all of them are done; ``sources`` says which rounds produced it (the first
    ``SOURCES_SHOWN``, in checklist order; ``count`` says how many in all).
    """
    columns = [
        "kind", "kind_label", "text", "ids", "count", "done", "sources",
        "next_round_at", "next_round_company",
    ]  # fmt: skip
    if checklist.empty:
        return pd.DataFrame(columns=columns)
    day_code, days = pd.factorize(checklist["from_day"])  # a few distinct days: format once
    # the datetime's own strftime, as pandas' does it value by value (code -1: no date)
    day_text = np.array(
        [day.strftime("%d %b %Y") for day in pd.DatetimeIndex(days).to_pydatetime()] + ["no date"],
        dtype=object,
    )
    kind = checklist["kind"].astype("str").fillna("")
    kind_code, _ = pd.factorize(kind)
    text_code, texts = pd.factorize(checklist["text"])
    valid = np.flatnonzero(text_code >= 0)  # groupby leaves a missing text out
    group, _ = pd.factorize(kind_code[valid] * len(texts) + text_code[valid])  # first-seen order
    order = valid[np.argsort(group, kind="stable")]  # item by item, each in checklist order
    first = _first_rows(np.sort(group, kind="stable"))  # where each item starts in ``order``
    bounds = [*first.tolist(), len(order)]
    spans = list(zip(bounds, bounds[1:], strict=False))
    ids = checklist["id"].to_numpy()[order].tolist()
    # the first SOURCES_SHOWN sources of each item, written for those rows only
    shown = np.minimum(np.diff(bounds), SOURCES_SHOWN)
    starts = np.concatenate([[0], np.cumsum(shown)])
    within = np.arange(starts[-1]) - np.repeat(starts[:-1], shown)
    picked = order[np.repeat(first, shown) + within]
    company = checklist["from_company"].astype("str").fillna("feedback").to_numpy(dtype=object)
    written = (company[picked] + " (" + day_text[day_code[picked]] + ")").tolist()
    sources = [written[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
    heads = order[first]

    def first_of_item(column: str) -> object:
        """The item's first value (a kind's label and next round: the same for all its rows);
        groupby's first non-missing value for a column of Python objects."""
        values = checklist[column]
        if values.dtype != object:
            return values.array.take(heads)
        return values.iloc[order].groupby(np.sort(group, kind="stable"), sort=False).first().array

    return pd.DataFrame(
        {
            "kind": kind.array.take(heads),
            "kind_label": first_of_item("kind_label"),
            "text": checklist["text"].array.take(heads),
            "ids": [ids[a:b] for a, b in spans],
            "count": np.diff(bounds),
            "done": np.logical_and.reduceat(checklist["done"].to_numpy(dtype=bool)[order], first)
            if len(order)
            else np.zeros(0, dtype=bool),
            "sources": sources,
            "next_round_at": first_of_item("next_round_at"),
            "next_round_company": first_of_item("next_round_company"),
        },
        columns=columns,
    )


# ------------------------------------------------------------------ page views
# The Readiness page's figures in small pieces, each cached per data version (and widget
# values) by ``tracker.ui.data.derived``: what a page run needs, never a whole table.


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """``frame.to_dict("records")`` (Python values: int, float, str, Timestamp...), read a
    column at a time rather than row by row."""
    columns = [frame[column].tolist() for column in frame.columns]
    return [dict(zip(frame.columns, row, strict=True)) for row in zip(*columns, strict=True)]


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
    # the rounds' days and kind labels, computed once for every table
    days, labels = _round_days(rounds, tz), kind_labels(rounds)
    if rounds.empty and objectives.empty:
        readiness = pd.DataFrame(columns=READINESS_COLUMNS)
    else:
        readiness = _readiness_by_kind(rounds, objectives, days=days, labels=labels, today=today)
    if objectives.empty:
        checklist = pd.DataFrame(columns=CHECKLIST_COLUMNS)
    else:
        upcoming = _next_round_by_kind(rounds, days=days, today=today)
        checklist = _objective_checklist(
            objectives, rounds, days=days, labels=labels, upcoming=upcoming
        )
    return {
        "empty": rounds.empty and apps.empty,
        "readiness": readiness,
        "items": _records(checklist_items(checklist)),
        "bank": _bank_overview(feedback, rounds, days=days, shown=bank_shown),
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
    if rounds.empty or feedback.empty:
        queue = reflection_queue(rounds, feedback, today=today, tz=tz)
        row = queue[queue["round_id"] == chosen] if chosen is not None else queue.iloc[:0]
        return {
            "n": len(queue),
            "head": queue.head(shown).to_dict("records"),
            "chosen": row.iloc[0] if len(row) else None,
        }
    rows = _queue_rows(rounds, feedback, today=today, tz=tz)  # only the rows shown are built
    at = np.flatnonzero(rounds["id"].to_numpy()[rows.done] == chosen) if chosen is not None else []
    return {
        "n": len(rows.done),
        "head": _records(rows.frame(rounds, feedback, today, slice(0, shown))),
        "chosen": (
            rows.frame(rounds, feedback, today, slice(at[0], at[0] + 1)).iloc[0]
            if len(at)
            else None
        ),
    }


def _bank_overview(
    feedback: pd.DataFrame, rounds: pd.DataFrame, *, days: pd.Series, shown: int
) -> dict[str, object]:
    """What the question bank's filters offer, with its unfiltered page: ``total`` questions,
    ``kind_names`` (kind -> label, sorted by label), ``companies`` (sorted), ``tracks``
    (sorted), ``found`` (all of them) and ``recent`` (the ``shown`` most recent). Read from
    the rounds the questions belong to: only the page's rows of the bank are built."""
    if feedback.empty or rounds.empty:
        empty = pd.DataFrame(columns=QUESTION_COLUMNS)
        return {
            "total": 0,
            "kind_names": {},
            "companies": [],
            "tracks": [],
            **_bank_page(empty, shown=shown),
        }
    rows = _bank_rows(feedback, rounds, days=days)
    # kind -> the label of its last question (as a dict built question by question), the
    # kinds in the order the bank first shows them
    kind_code, kinds = pd.factorize(rounds["kind"], use_na_sentinel=False)
    seen, first_seen = pd.factorize(kind_code[rows.at])
    last = np.full(len(first_seen), -1)
    np.maximum.at(last, seen, np.arange(len(rows.at)))
    names = rounds["kind_label"].array.take(rows.at[last]).tolist()
    kind_names = dict(zip(kinds[first_seen].tolist(), names, strict=True))
    used = np.flatnonzero(np.bincount(rows.at, minlength=len(rounds)))  # rounds with a question
    return {
        "total": len(rows.at),
        "kind_names": {k: kind_names[k] for k in sorted(kind_names, key=kind_names.get)},
        "companies": sorted(rounds["company"].array.take(used).unique().tolist()),
        "tracks": sorted(rounds["track"].array.take(used).unique().tolist()),
        "found": len(rows.at),
        "recent": rows.frame(rounds, days, slice(0, shown)),
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
    company_text: str = "",
    shown: int = 200,
) -> dict[str, object]:
    """The questions matching the filters (``filter_question_bank``): ``found`` (how many)
    and ``recent``, the ``shown`` most recent of them."""
    bank = question_bank(feedback, rounds, tz=tz)
    return _bank_page(
        bank, shown=shown, text=text, kinds=kinds, companies=companies, tracks=tracks,
        company_text=company_text,
    )  # fmt: skip


def jd_prep_page(
    apps: pd.DataFrame, rounds: pd.DataFrame, objectives: pd.DataFrame, *, shown: int = 200
) -> dict[str, object]:
    """``jd_prep``: ``n`` open applications with topics and the first ``shown`` (``head``)."""
    prep = jd_prep(apps, rounds, objectives)
    return {"n": len(prep), "head": prep.head(shown)}
