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
"""

from __future__ import annotations

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
