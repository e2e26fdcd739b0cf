"""Interview performance analytics: pass rates by round kind, their trend, self-rating vs
outcome, and the career lens (outcomes by company type and level). Pure pandas.

Definitions (``/work/shared/DESIGN.md``):

* **Pass rate of a round kind** = passed / (passed + failed). Pending and unknown outcomes
  are left out; ``decided`` (= passed + failed) is always returned next to the rate, and a
  kind with no decided round has a NaN rate.
* **Trend**: the decided rounds are split at the middle day of the span between the first and
  the last decided round: "first half" (on or before it) vs "second half" (after it).
* **Self-rating vs outcome**: a round rated 4-5 that failed is *overconfident*, a round rated
  1-2 that passed is *underconfident*.
* **Career lens**: the outcome of each applied application (see
  ``tracker.analytics.pipeline``) counted per company type or level targeted, as shares of
  the group's applications; groups under ``MIN_GROUP`` are flagged as too few to judge.

The rounds' tables count with ``bincount`` over one shared pass (``_prepared``) rather than
crosstabs; ``round_tables`` gives them all at once. They equal the straightforward pandas
versions (``tests/analytics/straightforward.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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

DECIDED = ("passed", "failed")
HALVES = ("First half", "Second half")
CONFIDENT, UNSURE = 4, 2  # self-ratings at/above and at/below which a miss is a misjudgement

PASS_COLUMNS = ["kind", "kind_label", "passed", "failed", "decided", "undecided", "pass_rate"]


def round_day(rounds: pd.DataFrame) -> pd.Series:
    """The day a round took place (scheduled day, else the day it was logged)."""
    return as_day(rounds["scheduled_at"]).fillna(as_day(rounds["created_at"]))


@dataclass(frozen=True)
class _Rounds:
    """What every table of this module reads from the rounds, computed once.

    ``code`` is each round's position in ``kinds`` (sorted, -1 without a kind), ``labels``
    the label of each kind (that of its first round), ``has_outcome`` / ``passed`` /
    ``failed`` boolean arrays, ``rating`` the self-rating (float, NaN when unrated) and
    ``decided_day`` the ``round_day`` of the decided rounds (in their order).
    """

    kinds: pd.Index
    labels: pd.Series
    code: np.ndarray
    has_outcome: np.ndarray
    passed: np.ndarray
    failed: np.ndarray
    rating: np.ndarray
    decided_day: pd.Series

    @property
    def decided(self) -> np.ndarray:
        return self.passed | self.failed

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Rounds per kind (in ``kinds`` order) among those of ``mask`` that have a kind."""
        return np.bincount(self.code[mask] + 1, minlength=len(self.kinds) + 1)[1:]


def _prepared(rounds: pd.DataFrame) -> _Rounds:
    """The ``_Rounds`` of non-empty rounds: kinds sorted as ``crosstab`` / ``groupby`` sort
    them, each labelled as its first round is (``drop_duplicates("kind")``)."""
    code, kinds = pd.factorize(rounds["kind"])  # kinds in the order of their first round
    before = np.maximum.accumulate(np.concatenate([[-1], code]))[:-1]
    first = np.flatnonzero(code > before)  # each kind's first round
    order = kinds.argsort()
    rank = np.empty(len(kinds), dtype=code.dtype)
    rank[order] = np.arange(len(kinds))
    outcome = rounds["outcome"]
    passed = (outcome == "passed").to_numpy(dtype=bool, na_value=False)
    failed = (outcome == "failed").to_numpy(dtype=bool, na_value=False)
    return _Rounds(
        kinds=kinds[order],
        labels=rounds["kind_label"].iloc[first[order]].reset_index(drop=True),
        code=np.where(code >= 0, rank[code], -1),
        has_outcome=outcome.notna().to_numpy(),
        passed=passed,
        failed=failed,
        rating=rounds["self_rating"].to_numpy(dtype="float64", na_value=np.nan),
        decided_day=round_day(rounds[["scheduled_at", "created_at"]].loc[passed | failed]),
    )


def _pass_rates(prep: _Rounds) -> pd.DataFrame:
    counted = prep.count(prep.has_outcome)  # a round without an outcome is not counted
    present = np.flatnonzero(counted > 0)
    passed, failed = prep.count(prep.passed)[present], prep.count(prep.failed)[present]
    decided = (passed + failed).tolist()
    labels = prep.labels.iloc[present].tolist()

    def rank(i: int) -> tuple:  # most decided first, then by label (missing last)
        return (-decided[i], labels[i] != labels[i], labels[i] if labels[i] == labels[i] else "")

    order = sorted(range(len(present)), key=rank)  # stable, as sort_values(kind="stable")
    present, passed, failed = present[order], passed[order], failed[order]
    out = pd.DataFrame(
        {
            "kind": prep.kinds[present],
            "kind_label": prep.labels.iloc[present].array,
            "passed": passed,
            "failed": failed,
            "decided": passed + failed,
            "undecided": prep.count(np.ones(len(prep.code), dtype=bool))[present] - passed - failed,
            "pass_rate": ratio(passed, passed + failed),
        }
    )
    out.columns.name = "outcome"
    return out


def pass_rates(rounds: pd.DataFrame) -> pd.DataFrame:
    """Per round kind: passed, failed, decided, undecided (pending/unknown), pass_rate.

    Sorted by decided rounds (most evidence first); kinds with no round are absent.
    """
    if rounds.empty:
        return pd.DataFrame(columns=PASS_COLUMNS)
    return _pass_rates(_prepared(rounds))


def _midpoint(days: pd.Series) -> pd.Timestamp | None:
    days = days.dropna()
    if days.empty:
        return None
    return (days.min() + (days.max() - days.min()) / 2).normalize()


def search_midpoint(rounds: pd.DataFrame) -> pd.Timestamp | None:
    """The middle day between the first and the last decided round (None without any)."""
    return _midpoint(round_day(rounds.loc[rounds["outcome"].isin(DECIDED)]))


TREND_COLUMNS = ["kind", "kind_label", "half", "passed", "failed", "decided", "pass_rate"]


def _pass_rate_trend(prep: _Rounds, middle: pd.Timestamp | None) -> pd.DataFrame:
    if middle is None:
        return pd.DataFrame(columns=TREND_COLUMNS)
    decided = prep.decided
    first = np.zeros(len(prep.code), dtype=bool)
    first[decided] = (prep.decided_day <= middle).to_numpy()  # an undated round: second
    present = np.flatnonzero(prep.count(decided) > 0)
    counts = [
        prep.count(outcome & half)[present]
        for outcome in (prep.passed, prep.failed)
        for half in (first, decided & ~first)
    ]  # passed first, passed second, failed first, failed second
    passed = np.column_stack(counts[:2]).ravel()  # kind by kind: first half, then second
    failed = np.column_stack(counts[2:]).ravel()
    out = pd.DataFrame(
        {
            "kind": prep.kinds[present].repeat(2),
            "kind_label": prep.labels.iloc[present.repeat(2)].array,
            "half": pd.array(list(HALVES) * len(present), dtype="str"),
            "passed": passed,
            "failed": failed,
            "decided": passed + failed,
            "pass_rate": ratio(passed, passed + failed),
        }
    )
    out.columns.name = "outcome"
    return out


def pass_rate_trend(rounds: pd.DataFrame) -> pd.DataFrame:
    """Pass rate per kind in the first vs the second half of the search.

    Columns: kind, kind_label, half ("First half"/"Second half"), passed, failed, decided,
    pass_rate. Every kind with a decided round has both halves (decided 0 -> NaN rate).
    """
    if rounds.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    prep = _prepared(rounds)
    return _pass_rate_trend(prep, _midpoint(prep.decided_day))


def _pivot_trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """``trend_table`` through ``pivot_table``: kinds sharing a label are averaged."""
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


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """One row per kind: pass rate and count in each half and the change in points."""
    columns = ["kind_label", "first_rate", "first_n", "second_rate", "second_n", "change"]
    if trend.empty:
        return pd.DataFrame(columns=columns)
    labels, halves = trend["kind_label"].tolist(), trend["half"].tolist()
    cells = dict(zip(zip(labels, halves, strict=True), range(len(trend)), strict=True))
    if len(cells) < len(trend) or trend["kind_label"].isna().any() or set(HALVES) - set(halves):
        return _pivot_trend_table(trend)  # a label shared by kinds, or a half missing
    rows = sorted(set(labels))  # the labels, sorted (as pivot_table does)
    rate = trend["pass_rate"].to_numpy(dtype="float64")
    count = trend["decided"].to_numpy(dtype="float64")

    def cell(values: np.ndarray, half: str) -> np.ndarray:
        at = np.array([cells.get((row, half), -1) for row in rows])
        return np.where(at >= 0, values[at], np.nan)

    out = pd.DataFrame(
        {
            "kind_label": rows,
            "first_rate": cell(rate, HALVES[0]),
            "first_n": np.nan_to_num(cell(count, HALVES[0])).astype(int),
            "second_rate": cell(rate, HALVES[1]),
            "second_n": np.nan_to_num(cell(count, HALVES[1])).astype(int),
        }
    )
    out["change"] = out["second_rate"] - out["first_rate"]
    return out


RATING_COLUMNS = ["kind", "kind_label", "self_rating", "passed", "failed", "decided", "pass_rate"]


def _self_rating_vs_outcome(prep: _Rounds) -> pd.DataFrame:
    rated = np.flatnonzero(prep.decided & ~np.isnan(prep.rating) & (prep.code >= 0))
    if not len(rated):
        return pd.DataFrame(columns=RATING_COLUMNS)
    rating = prep.rating[rated].astype(int)
    low, width = rating.min(), rating.max() - rating.min() + 1
    pair = prep.code[rated] * width + (rating - low)  # in the order of (kind, rating)
    decided = np.bincount(pair, minlength=len(prep.kinds) * width)
    passed = np.bincount(pair[prep.passed[rated]], minlength=len(decided))
    pairs = np.flatnonzero(decided)
    passed, decided, kind = passed[pairs], decided[pairs], pairs // width
    out = pd.DataFrame(
        {
            "kind": prep.kinds[kind],
            "kind_label": prep.labels.iloc[kind].array,
            "self_rating": pairs % width + low,
            "passed": passed,
            "failed": decided - passed,
            "decided": decided,
            "pass_rate": ratio(passed, decided),
        }
    )
    out.columns.name = "outcome"
    return out


def self_rating_vs_outcome(rounds: pd.DataFrame) -> pd.DataFrame:
    """Decided, self-rated rounds per kind and self-rating (1-5).

    Columns: kind, kind_label, self_rating, passed, failed, decided, pass_rate.
    """
    if rounds.empty:
        return pd.DataFrame(columns=RATING_COLUMNS)
    return _self_rating_vs_outcome(_prepared(rounds))


CALIBRATION_COLUMNS = [
    "kind_label",
    "rated",
    "mean_passed",
    "mean_failed",
    "overconfident",
    "underconfident",
]


def _calibration(prep: _Rounds) -> pd.DataFrame:
    rated = prep.decided & ~np.isnan(prep.rating)
    if not rated.any():
        return pd.DataFrame(columns=CALIBRATION_COLUMNS)
    sel = np.flatnonzero(rated & (prep.code >= 0))
    code, rating, passed = prep.code[sel], prep.rating[sel], prep.passed[sel]
    size = len(prep.kinds)

    def total(weights: np.ndarray) -> np.ndarray:
        return np.bincount(code, weights=weights, minlength=size)

    n = np.bincount(code, minlength=size)
    n_passed = np.bincount(code[passed], minlength=size)
    present = np.flatnonzero(n > 0)
    # self-ratings are whole numbers: their sums, hence these means, are exact
    mean_passed = ratio(total(np.where(passed, rating, 0.0)), n_passed)
    mean_failed = ratio(total(np.where(passed, 0.0, rating)), n - n_passed)
    over = np.bincount(code[~passed & (rating >= CONFIDENT)], minlength=size)
    under = np.bincount(code[passed & (rating <= UNSURE)], minlength=size)
    miss = over + under
    present = present[np.lexsort([-n[present], -miss[present]])]  # most misjudged first
    return pd.DataFrame(
        {
            "kind_label": prep.labels.iloc[present].array,
            "rated": n[present],
            "mean_passed": mean_passed[present],
            "mean_failed": mean_failed[present],
            "overconfident": over[present],
            "underconfident": under[present],
        }
    )


def calibration(rounds: pd.DataFrame) -> pd.DataFrame:
    """Per kind: how well the self-rating predicted the outcome.

    Columns: kind_label, rated (decided rounds with a self-rating), mean_passed / mean_failed
    (average self-rating of passed / failed rounds), overconfident (rated >= 4 and failed),
    underconfident (rated <= 2 and passed). Most misjudged kinds first.
    """
    if rounds.empty:
        return pd.DataFrame(columns=CALIBRATION_COLUMNS)
    return _calibration(_prepared(rounds))


def round_tables(rounds: pd.DataFrame) -> dict[str, object]:
    """The rounds' tables of the Interview performance page, sharing one pass over the rounds:
    ``rates`` (``pass_rates``), ``middle`` (``search_midpoint``), ``trend``
    (``pass_rate_trend``), ``ratings`` (``self_rating_vs_outcome``) and ``calib``
    (``calibration``)."""
    if rounds.empty:
        return {
            "rates": pass_rates(rounds),
            "middle": None,
            "trend": pass_rate_trend(rounds),
            "ratings": self_rating_vs_outcome(rounds),
            "calib": calibration(rounds),
        }
    prep = _prepared(rounds)
    middle = _midpoint(prep.decided_day)
    return {
        "rates": _pass_rates(prep),
        "middle": middle,
        "trend": _pass_rate_trend(prep, middle),
        "ratings": _self_rating_vs_outcome(prep),
        "calib": _calibration(prep),
    }


def career_lens(facts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Outcomes per group of ``by`` ("company_type" or "level", any SPLITS key).

    Columns: group, group_label, n, too_few, then per outcome its count and ``<outcome>_share``
    (count / n).
    """
    share_cols = [f"{o}_share" for o in OUTCOMES]
    columns = ["group", "group_label", "n", "too_few", *OUTCOMES, *share_cols]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    outcome = facts["outcome"]
    counted = outcome.notna().to_numpy()  # an application without an outcome is not counted
    code, groups = pd.factorize(group_keys(facts, by)[counted], sort=True)  # as crosstab
    which = pd.Index(OUTCOMES).get_indexer(outcome[counted])
    known = (code >= 0) & (which >= 0)  # crosstab leaves other outcomes out
    cells = np.bincount(
        code[known] * len(OUTCOMES) + which[known], minlength=len(groups) * len(OUTCOMES)
    ).reshape(len(groups), len(OUTCOMES))
    order = ordered_groups(list(groups), by)
    cells = cells[groups.get_indexer(order)]
    n = cells.sum(axis=1)
    out = pd.DataFrame(
        {
            "group": pd.Index(order),
            "group_label": [group_label(by, g) for g in order],
            "n": n,
            "too_few": n < MIN_GROUP,
            **{o: cells[:, i] for i, o in enumerate(OUTCOMES)},
            **{f"{o}_share": ratio(cells[:, i], n) for i, o in enumerate(OUTCOMES)},
        }
    )
    out.columns.name = "outcome"
    return out


def _pct(value: float) -> str:
    return f"{value:.0%}".replace("%", " %")


def lens_reading(lenses: dict[str, pd.DataFrame], outcomes=("offer", "rejected")) -> str:
    """One line naming the strongest difference in the career lens.

    Among groups with enough applications (not ``too_few``), for each lens and each outcome
    in ``outcomes``, the gap between the group with the highest and the lowest share; the
    widest gap is read out. Without two comparable groups, says so.
    """
    best: tuple[float, str, str, pd.DataFrame, int, int] | None = None
    for dimension, lens in lenses.items():
        judged = np.flatnonzero(~lens["too_few"].to_numpy(dtype=bool)) if len(lens) else []
        if len(judged) < 2:
            continue
        for outcome in outcomes:
            share = lens[f"{outcome}_share"].to_numpy(dtype="float64")[judged]
            high, low = judged[np.nanargmax(share)], judged[np.nanargmin(share)]
            gap = float(np.nanmax(share) - np.nanmin(share))
            if best is None or gap > best[0]:
                best = (gap, dimension, outcome, lens, high, low)
    if best is None or best[0] <= 0:
        return (
            f"Not enough to compare yet: the career lens needs two groups of at least "
            f"{MIN_GROUP} applications with different outcomes."
        )
    _, dimension, outcome, lens, high, low = best

    def part(at: int) -> str:
        row = lens.iloc[at]
        return (
            f"{_pct(row[f'{outcome}_share'])} of {row['group_label']} applications "
            f"({int(row[outcome])} of {int(row['n'])})"
        )

    return (
        f"{OUTCOME_LABELS[outcome]}: {part(high)} vs {part(low)}: "
        f"the strongest difference, by {dimension}."
    )
