"""Offer comparison: side-by-side figures, matching ranges, negotiation readiness (pure).

Inputs are the frames of ``tracker.services.frames`` (``offers_frame``, ``ranges_frame``,
``red_flags_frame``); outputs are DataFrames / plain values the Offer comparison page shows.
The money maths is ``tracker.analytics.comp`` (year-N totals, annualised total, percentile).

Decisions
---------
* **Level of an offer** is the level offered, or the level targeted when the offer does
  not say.
* **Matching range**: same track, level and currency. It is an *exact* match when the
  location is the same too (case and surrounding spaces ignored); otherwise it is the
  *closest* match and the page says which location it is for, so the user can pick
  another range. Among equals the newest ``as_of`` wins, then the lowest id. A range in
  another currency is never matched or offered: an offer cannot be placed on it.
* **Position on a range**: the offer's base against the base percentiles, and its
  annualised total (DESIGN.md: base + target bonus + grant / vesting years + sign-on /
  vesting years) against the total-compensation percentiles. Percentiles are
  interpolated linearly between p25, p50 and p75; outside the band it says "below p25" /
  "above p75" (``comp.percentile_in_range``).
* **Comparable offers** (DOMAIN.md: negotiate from strength, ideally two comparable
  offers): open offers (pending or negotiating) with the same track, level and currency.
* **Currencies** are never summed or ranked together: ranks are within one currency, and
  :func:`convert_comparison` converts with rates the user entered (``comp.convert``).
* **Negotiation checklist**: only what DOMAIN.md says (two comparable offers, the range
  researched for role, level and location, the offer compared against it, year-1 vs the
  multi-year average, level offered vs targeted, the worst case prepared). No other advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from tracker.analytics.comp import (
    bp_to_percent_text,
    convert,
    offer_breakdown,
    offer_comp_fields,
    offer_summary,
    percentile_in_range,
    preset_name_for,
)
from tracker.models import label

YEARS = 4
YEAR_COLUMNS = tuple(f"year_{n}" for n in range(1, YEARS + 1))
MONEY_COLUMNS = (
    "base",
    "bonus",
    "equity_grant",
    "equity_per_year",
    "sign_on_total",
    "relocation",
    *YEAR_COLUMNS,
    "annualised_total",
)
"""Money columns of :func:`compare_offers` (converted by :func:`convert_comparison`)."""

OPEN_STATUSES = ("pending", "negotiating")
LEVEL_RANK = {"intern": 0, "junior": 1, "mid": 2, "senior": 3, "staff": 4, "principal": 5}
"""The individual-contributor ladder; "manager" is another ladder and is not ranked."""

COMPONENTS = {
    "base": "Base salary",
    "bonus": "Target bonus",
    "equity": "Equity",
    "sign_on": "Sign-on",
}
RANGE_METRICS = {"base": "Base salary", "total": "Total compensation (annualised)"}


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple | str) and bool(pd.isna(value)))


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


# ------------------------------------------------------------------------ side by side


def offer_labels(offers: pd.DataFrame) -> pd.Series:
    """``Company · Role`` per offer (index = offer id); repeats get their offer id added."""
    labels = offers["company"].astype(str) + " · " + offers["role_title"].astype(str)
    repeated = labels.duplicated(keep=False)
    labels = labels.where(~repeated, labels + " (#" + offers["id"].astype(str) + ")")
    return pd.Series(labels.to_numpy(), index=offers["id"].to_numpy(), name="label")


def short_labels(offers: pd.DataFrame) -> pd.Series:
    """The company name per offer (index = offer id); the full label when a company repeats."""
    names = offers["company"].astype(str)
    full = offer_labels(offers)
    short = names.where(~names.duplicated(keep=False), full.to_numpy())
    return pd.Series(short.to_numpy(), index=offers["id"].to_numpy(), name="label")


def effective_level(offers: pd.DataFrame) -> pd.Series:
    """The level offered, or the level targeted when the offer does not say."""
    offered = offers["level_offered"].where(offers["level_offered"].notna(), None)
    return offered.fillna(offers["level_targeted"])


def level_check(offered: Any, targeted: Any) -> str:
    """Level offered vs targeted: "as targeted", "below target", "above target",
    "other ladder" (manager vs individual contributor) or "not set"."""
    if _missing(offered) or _missing(targeted):
        return "not set"
    if offered == targeted:
        return "as targeted"
    if offered not in LEVEL_RANK or targeted not in LEVEL_RANK:
        return "other ladder"
    return "below target" if LEVEL_RANK[offered] < LEVEL_RANK[targeted] else "above target"


def vesting_text(vesting_bp: list[int], cliff_months: int, equity_grant: int) -> str:
    """``25/25/25/25 % over 4 years · 12-month cliff``; "No equity" without a grant."""
    if equity_grant <= 0 or not vesting_bp:
        return "No equity"
    name = preset_name_for(vesting_bp)
    shares = name or "/".join(bp_to_percent_text(bp).removesuffix(" %") for bp in vesting_bp)
    years = len(vesting_bp)
    cliff = f"{cliff_months}-month cliff" if cliff_months else "no cliff"
    return f"{shares} % over {years} year{'s' if years != 1 else ''} · {cliff}"


def deadline_days(deadlines: pd.Series, today: date) -> pd.Series:
    """Whole days from ``today`` to each deadline (negative once passed; NA without one)."""
    return (pd.to_datetime(deadlines) - pd.Timestamp(today)).dt.days.astype("Int64")


def deadline_text(days: Any) -> str:
    """``in 5 days`` / ``tomorrow`` / ``today`` / ``passed 2 days ago`` / ``no deadline``."""
    if _missing(days):
        return "no deadline"
    days = int(days)
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    return f"passed {-days} day{'s' if days != -1 else ''} ago"


def compare_offers(offers: pd.DataFrame, today: date) -> pd.DataFrame:
    """One row per offer (input order, index = offer id) with everything shown side by side.

    Money (ints, the offer's currency): ``base``, ``bonus`` (target), ``equity_grant``,
    ``equity_per_year`` (grant / vesting years), ``sign_on_total``, ``relocation``
    (one-off, in no total), ``year_1``..``year_4`` (year-N totals) and
    ``annualised_total``. Also ``label``, ``currency``, ``bonus_bp``, ``sign_on_by_year``,
    ``vesting`` (text), ``cliff_months``, ``level`` (effective), ``level_check``,
    ``deadline_days``, ``deadline_text``, ``rank_in_currency`` (1 = highest annualised
    total among the offers of the same currency) and the offer's descriptive columns.
    """
    summary = offer_summary(offers, years=YEARS).set_index("offer_id")
    fields = [offer_comp_fields(record) for record in offers.to_dict("records")]
    index = pd.Index(offers["id"].to_numpy(), name="offer_id")
    table = pd.DataFrame(index=index)
    table["label"] = offer_labels(offers)
    for column in ("company", "company_id", "role_title", "track", "tier", "status", "location"):
        table[column] = offers[column].to_numpy()
    table["level_offered"] = offers["level_offered"].to_numpy()
    table["level_targeted"] = offers["level_targeted"].to_numpy()
    table["level"] = effective_level(offers).to_numpy()
    table["level_check"] = [
        level_check(o, t)
        for o, t in zip(table["level_offered"], table["level_targeted"], strict=True)
    ]
    table["currency"] = summary["currency"]
    table["base"] = summary["base"]
    table["bonus"] = summary["bonus"]
    table["bonus_bp"] = [f["target_bonus_bp"] for f in fields]
    table["equity_grant"] = [f["equity_grant_total"] for f in fields]
    table["equity_per_year"] = summary["equity_per_year"]
    table["vesting"] = [
        vesting_text(f["vesting_bp_by_year"], f["cliff_months"], f["equity_grant_total"])
        for f in fields
    ]
    table["cliff_months"] = [f["cliff_months"] for f in fields]
    table["sign_on_by_year"] = [f["sign_on_by_year"] for f in fields]
    table["sign_on_total"] = summary["sign_on_total"]
    table["relocation"] = summary["relocation"]
    for column in YEAR_COLUMNS:
        table[column] = summary[column]
    table["annualised_total"] = summary["annualised_total"]
    table["vesting_years"] = summary["vesting_years"]
    table["deadline"] = pd.to_datetime(offers["deadline"]).to_numpy()
    table["deadline_days"] = deadline_days(offers["deadline"], today).to_numpy()
    table["deadline_text"] = table["deadline_days"].map(deadline_text)
    table["rank_in_currency"] = rank_within_currency(table)
    return table


def rank_within_currency(table: pd.DataFrame, column: str = "annualised_total") -> pd.Series:
    """1 = the highest ``column`` among offers of the same currency (ties share a rank)."""
    return table.groupby("currency")[column].rank(method="min", ascending=False).astype("int64")


def convert_comparison(
    table: pd.DataFrame, target: str, rates: Mapping[str, Decimal | str]
) -> pd.DataFrame:
    """The offers of ``table`` in ``target`` currency, using rates the user entered.

    ``rates[c]`` is units of ``target`` per one unit of ``c``. Offers already in
    ``target`` are kept as they are; offers of a currency without a rate are dropped (the
    page says so). Money columns are converted one by one (``comp.convert``), so a
    converted year total can differ by one unit from the sum of converted components.
    ``rank`` ranks the annualised totals across all the converted offers.
    """
    keep = table[(table["currency"] == target) | table["currency"].isin(list(rates))].copy()
    for column in MONEY_COLUMNS:
        keep[column] = [
            amount if currency == target else convert(int(amount), rates[currency])
            for amount, currency in zip(keep[column], keep["currency"], strict=True)
        ]
        keep[column] = keep[column].astype("int64")
    keep["original_currency"] = keep["currency"]
    keep["currency"] = target
    keep["rank"] = keep["annualised_total"].rank(method="min", ascending=False).astype("int64")
    return keep


def breakdown_by_component(offers: pd.DataFrame) -> pd.DataFrame:
    """Long frame for the stacked bars, years 1..4: ``offer_id``, ``label``
    (:func:`short_labels`), ``currency``, ``year``, ``component`` (the text of
    :data:`COMPONENTS`) and ``amount``."""
    breakdown = offer_breakdown(offers, years=YEARS)
    long = breakdown.melt(
        id_vars=["offer_id", "year"],
        value_vars=list(COMPONENTS),
        var_name="component",
        value_name="amount",
    )
    long["component"] = long["component"].map(COMPONENTS)
    long["label"] = long["offer_id"].map(short_labels(offers))
    long["currency"] = long["offer_id"].map(offers.set_index("id")["currency"])
    order = {name: n for n, name in enumerate(COMPONENTS.values())}
    long = long.sort_values(
        ["offer_id", "year", "component"],
        key=lambda s: s.map(order) if s.name == "component" else s,
    )
    return long.reset_index(drop=True)[
        ["offer_id", "label", "currency", "year", "component", "amount"]
    ]


def red_flags_by_company(red_flags: pd.DataFrame) -> pd.DataFrame:
    """Per company (index ``company_id``): ``count``, ``worst`` severity and
    ``categories`` (the category values, most severe first)."""
    if red_flags.empty:
        return pd.DataFrame(
            {
                "count": pd.Series(dtype="int64"),
                "worst": pd.Series(dtype="int64"),
                "categories": [],
            },
            index=pd.Index([], name="company_id"),
        )
    ordered = red_flags.sort_values(["company_id", "severity"], ascending=[True, False])
    grouped = ordered.groupby("company_id")
    return pd.DataFrame(
        {
            "count": grouped.size(),
            "worst": grouped["severity"].max(),
            "categories": grouped["category"].agg(lambda s: list(dict.fromkeys(s))),
        }
    )


# ----------------------------------------------------------------------- ranges


def _location_key(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip().str.casefold()


def match_ranges(offers: pd.DataFrame, ranges: pd.DataFrame) -> pd.DataFrame:
    """The range each offer is placed on by default (index = offer id, input order).

    Columns: ``range_id`` (Int64, NA when none), ``match`` ("exact", "closest" or "none")
    and ``range_location`` (the matched range's location). See the module docstring.
    """
    keys = pd.DataFrame(
        {
            "offer_id": offers["id"].to_numpy(),
            "track": offers["track"].to_numpy(),
            "level": effective_level(offers).to_numpy(),
            "currency": offers["currency"].to_numpy(),
            "location_key": _location_key(offers["location"]).to_numpy(),
        }
    )
    result = pd.DataFrame(index=pd.Index(keys["offer_id"], name="offer_id"))
    result["range_id"] = pd.array([pd.NA] * len(keys), dtype="Int64")
    result["match"] = "none"
    result["range_location"] = ""
    if ranges.empty or keys.empty:
        return result
    candidates = ranges.assign(
        range_id=ranges["id"],
        range_location=ranges["location"].fillna(""),
        range_location_key=_location_key(ranges["location"]),
        as_of_sort=pd.to_datetime(ranges["as_of"]).fillna(pd.Timestamp.min),
    )[
        [
            "range_id",
            "track",
            "level",
            "currency",
            "range_location",
            "range_location_key",
            "as_of_sort",
        ]
    ]
    pairs = keys.merge(candidates, on=["track", "level", "currency"], how="inner")
    if pairs.empty:
        return result
    pairs["exact"] = pairs["location_key"] == pairs["range_location_key"]
    best = pairs.sort_values(
        ["offer_id", "exact", "as_of_sort", "range_id"], ascending=[True, False, False, True]
    ).drop_duplicates("offer_id")
    best = best.set_index("offer_id")
    result.loc[best.index, "range_id"] = best["range_id"].astype("Int64")
    result.loc[best.index, "match"] = best["exact"].map({True: "exact", False: "closest"})
    result.loc[best.index, "range_location"] = best["range_location"]
    return result


def range_choices(offer: Mapping[str, Any], ranges: pd.DataFrame) -> list[int]:
    """Ids of the ranges an offer can be placed on: those in its currency, the most
    similar first (same track and level, then same track, then the rest)."""
    same = ranges[ranges["currency"] == offer["currency"]]
    if same.empty:
        return []
    level = offer.get("level")
    score = (same["track"] == offer["track"]).astype(int) * 2 + (same["level"] == level).astype(int)
    ordered = same.assign(score=score).sort_values(["score", "id"], ascending=[False, True])
    return [int(i) for i in ordered["id"]]


def range_label(range_row: Mapping[str, Any]) -> str:
    """``ML engineer · Senior · Germany · EUR (demo)`` for pickers and captions."""
    parts = [label(range_row["track"]), label(range_row["level"])]
    location = _text(range_row.get("location")).strip()
    parts += [location or "any location", range_row["currency"]]
    text = " · ".join(str(p) for p in parts)
    return text + (" (demo)" if bool(range_row.get("is_demo")) else "")


def place_on_range(offer: Mapping[str, Any], range_row: Mapping[str, Any]) -> pd.DataFrame:
    """The offer on the range: one row for base, one for the annualised total.

    Columns: ``metric`` ("base" / "total"), ``name``, ``value``, ``p25``, ``p50``,
    ``p75``, ``percentile`` (float or None outside the band), ``position`` ("below",
    "within", "above"), ``text`` ("≈ p62", "below p25"), ``gap`` (value - p50) and
    ``gap_pct`` (gap / p50 x 100). Raises ValueError if the currencies differ.
    """
    if offer["currency"] != range_row["currency"]:
        raise ValueError("An offer can only be placed on a range in its own currency")
    rows = []
    for metric, value in (("base", offer["base"]), ("total", offer["annualised_total"])):
        p25, p50, p75 = (int(range_row[f"{metric}_p{p}"]) for p in (25, 50, 75))
        result = percentile_in_range(int(value), p25, p50, p75)
        rows.append(
            {
                "metric": metric,
                "name": RANGE_METRICS[metric],
                "value": int(value),
                "p25": p25,
                "p50": p50,
                "p75": p75,
                "percentile": result.percentile,
                "position": result.position,
                "text": result.text,
                "gap": int(value) - p50,
                "gap_pct": (int(value) - p50) * 100 / p50,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- negotiation


def comparable_offer_counts(table: pd.DataFrame) -> pd.Series:
    """Per offer: how many open offers share its track, level and currency (itself
    included when it is open; 0 for a closed offer's group without open offers)."""
    is_open = table["status"].isin(OPEN_STATUSES).astype(int)
    keys = [table["track"], table["level"].fillna(""), table["currency"]]
    return is_open.groupby(keys).transform("sum").astype("int64")


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the negotiation checklist: ``done`` is True / False, or None when only
    the user can tell."""

    text: str
    done: bool | None
    detail: str


@dataclass(frozen=True)
class Readiness:
    comparable_offers: int
    furthest_below: str
    checklist: list[ChecklistItem]


def furthest_below_median(placement: pd.DataFrame | None) -> str:
    """Which of base / total is furthest below the range median, as a sentence."""
    if placement is None or placement.empty:
        return "No range to compare against: pick or add a range for this offer."
    below = placement[placement["gap"] < 0]
    if below.empty:
        return "None: base and total are at or above the range median."
    worst = below.sort_values("gap_pct").iloc[0]
    return f"{worst['name']}: {abs(worst['gap_pct']):.1f} % below the range median."


def negotiation_readiness(
    offer: Mapping[str, Any],
    comparable: int,
    match: str,
    placement: pd.DataFrame | None,
    money: Any = None,
) -> Readiness:
    """The readiness of one offer (a row of :func:`compare_offers`).

    ``comparable`` comes from :func:`comparable_offer_counts`; ``match`` is the range
    match ("exact", "closest", "picked" when the user chose one, or "none");
    ``placement`` is :func:`place_on_range` (None without a range); ``money`` formats an
    amount for the details (default: ``f"{amount:,} {currency}"``).
    """
    currency = offer["currency"]
    fmt = money or (lambda amount: f"{int(amount):,} {currency}")
    others = max(comparable - (1 if offer["status"] in OPEN_STATUSES else 0), 0)
    items = [
        ChecklistItem(
            "Two comparable offers (same track and level, same currency)",
            comparable >= 2,
            f"{comparable} open offer{'s' if comparable != 1 else ''} in this group"
            + (f" ({others} besides this one)." if others else "."),
        ),
        ChecklistItem(
            "Compensation range researched for the role, level and location",
            {"exact": True, "none": False}.get(match),
            {
                "exact": "A range for this track, level, location and currency is in your table.",
                "closest": "Only a range for another location: research this location.",
                "picked": "You picked a range that is not an exact match.",
                "none": "No range for this track, level and currency yet.",
            }[match],
        ),
        ChecklistItem(
            "Offer compared against the range",
            placement is not None and not placement.empty,
            "; ".join(f"{r.name} {r.text}" for r in placement.itertuples())
            if placement is not None and not placement.empty
            else "Needs a range in the offer's currency.",
        ),
        ChecklistItem(
            "Year-1 total and the multi-year average both considered",
            None,
            f"Year 1 {fmt(offer['year_1'])} vs annualised {fmt(offer['annualised_total'])}.",
        ),
        ChecklistItem(
            "Level offered checked against the level targeted",
            {"as targeted": True, "above target": True, "below target": False}.get(
                offer["level_check"]
            ),
            f"Level offered: {label(_text(offer.get('level_offered'))) or 'not set'}; "
            f"targeted: {label(_text(offer.get('level_targeted'))) or 'not set'} "
            f"({offer['level_check']}).",
        ),
        ChecklistItem(
            "Prepared for the worst case",
            None,
            "Decide beforehand what you do if they do not move.",
        ),
    ]
    return Readiness(comparable, furthest_below_median(placement), items)
