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

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from tracker.analytics.comp import (
    BREAKDOWN_COLUMNS,
    OfferMoney,
    bp_to_percent_text,
    breakdown_rows_of,
    column_records,
    convert,
    offer_money,
    offer_summary_of,
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


def _full_labels(companies: Sequence[Any], roles: Sequence[Any], ids: Sequence[Any]) -> list[str]:
    labels = [f"{company} · {role}" for company, role in zip(companies, roles, strict=True)]
    seen = Counter(labels)
    return [
        text if seen[text] == 1 else f"{text} (#{offer_id})"
        for text, offer_id in zip(labels, ids, strict=True)
    ]


def _short_labels(companies: Sequence[Any], roles: Sequence[Any], ids: Sequence[Any]) -> list[str]:
    names = [str(company) for company in companies]
    seen = Counter(names)
    full = _full_labels(companies, roles, ids)
    return [name if seen[name] == 1 else text for name, text in zip(names, full, strict=True)]


def _label_inputs(offers: pd.DataFrame) -> tuple[list[Any], list[Any], list[Any]]:
    return offers["company"].tolist(), offers["role_title"].tolist(), offers["id"].tolist()


def offer_labels(offers: pd.DataFrame) -> pd.Series:
    """``Company · Role`` per offer (index = offer id); repeats get their offer id added."""
    labels = _full_labels(*_label_inputs(offers))
    return pd.Series(labels, index=offers["id"].to_numpy(), name="label", dtype="str")


def short_labels(offers: pd.DataFrame) -> pd.Series:
    """The company name per offer (index = offer id); the full label when a company repeats."""
    labels = _short_labels(*_label_inputs(offers))
    return pd.Series(labels, index=offers["id"].to_numpy(), name="label", dtype="str")


def effective_level(offers: pd.DataFrame) -> pd.Series:
    """The level offered, or the level targeted when the offer does not say."""
    offered = offers["level_offered"].astype("str")
    return offered.fillna(offers["level_targeted"].astype("str"))


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


def compare_offers(
    offers: pd.DataFrame, today: date, money: Sequence[OfferMoney] | None = None
) -> pd.DataFrame:
    """One row per offer (input order, index = offer id) with everything shown side by side.

    Money (ints, the offer's currency): ``base``, ``bonus`` (target), ``equity_grant``,
    ``equity_per_year`` (grant / vesting years), ``sign_on_total``, ``relocation``
    (one-off, in no total), ``year_1``..``year_4`` (year-N totals) and
    ``annualised_total``. Also ``label``, ``currency``, ``bonus_bp``, ``sign_on_by_year``,
    ``vesting`` (text), ``cliff_months``, ``level`` (effective), ``level_check``,
    ``deadline_days``, ``deadline_text``, ``rank_in_currency`` (1 = highest annualised
    total among the offers of the same currency) and the offer's descriptive columns.
    ``money`` is ``comp.offer_money(offers, YEARS)`` when the caller has it already.
    """
    money = offer_money(offers, YEARS) if money is None else money
    summary = offer_summary_of(money, years=YEARS)
    fields = [offer.fields for offer in money]
    days = deadline_days(offers["deadline"], today)
    columns: dict[str, Any] = {"label": _full_labels(*_label_inputs(offers))}
    for column in ("company", "company_id", "role_title", "track", "tier", "status", "location"):
        columns[column] = offers[column].to_numpy()
    columns["level_offered"] = offers["level_offered"].to_numpy()
    columns["level_targeted"] = offers["level_targeted"].to_numpy()
    columns["level"] = effective_level(offers).to_numpy()
    columns["level_check"] = [
        level_check(o, t)
        for o, t in zip(columns["level_offered"], columns["level_targeted"], strict=True)
    ]
    for column in ("currency", "base", "bonus"):
        columns[column] = summary[column].to_numpy()
    columns["bonus_bp"] = [f["target_bonus_bp"] for f in fields]
    columns["equity_grant"] = [f["equity_grant_total"] for f in fields]
    columns["equity_per_year"] = summary["equity_per_year"].to_numpy()
    columns["vesting"] = [
        vesting_text(f["vesting_bp_by_year"], f["cliff_months"], f["equity_grant_total"])
        for f in fields
    ]
    columns["cliff_months"] = [f["cliff_months"] for f in fields]
    columns["sign_on_by_year"] = [f["sign_on_by_year"] for f in fields]
    for column in ("sign_on_total", "relocation", *YEAR_COLUMNS, "annualised_total"):
        columns[column] = summary[column].to_numpy()
    columns["vesting_years"] = summary["vesting_years"].to_numpy()
    columns["deadline"] = pd.to_datetime(offers["deadline"]).to_numpy()
    columns["deadline_days"] = days.to_numpy()
    columns["deadline_text"] = [deadline_text(d) for d in days.tolist()]
    columns["rank_in_currency"] = rank_within_currency(summary).to_numpy()
    return pd.DataFrame(columns, index=pd.Index(offers["id"].to_numpy(), name="offer_id"))


def rank_within_currency(table: pd.DataFrame, column: str = "annualised_total") -> pd.Series:
    """1 = the highest ``column`` among offers of the same currency (ties share a rank)."""
    currencies, values = table["currency"].tolist(), table[column].tolist()
    ordered: dict[Any, list[Any]] = {}
    for currency, value in zip(currencies, values, strict=True):
        ordered.setdefault(currency, []).append(value)
    for group in ordered.values():
        group.sort()
    ranks = [
        len(ordered[currency]) - bisect_right(ordered[currency], value) + 1
        for currency, value in zip(currencies, values, strict=True)
    ]
    return pd.Series(ranks, index=table.index, name=column, dtype="int64")


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


def component_amounts(offers: pd.DataFrame) -> pd.DataFrame:
    """Pay per offer, year 1..4 and component, by offer id, year, then component in the
    order of :data:`COMPONENTS`: ``offer_id``, ``currency``, ``year``, ``component`` (its
    text; both categories) and ``amount``. :func:`breakdown_by_component` adds labels."""
    return component_amounts_of(offer_money(offers, YEARS))


def component_amounts_of(money: Sequence[OfferMoney]) -> pd.DataFrame:
    """:func:`component_amounts` of offers whose :func:`comp.offer_money` is known (the
    Offer comparison page: of the offers picked)."""
    rows = np.asarray(breakdown_rows_of(money), dtype=np.int64).reshape(-1, len(BREAKDOWN_COLUMNS))
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]  # by offer id, then year
    currency = {offer.offer_id: offer.currency for offer in money}
    positions = [BREAKDOWN_COLUMNS.index(component) for component in COMPONENTS]
    per_row = len(positions)
    # currency and component as categories: a cohort's offers make ~100,000 rows here
    currencies = [currency[offer_id] for offer_id in rows[:, 0].tolist()]
    return pd.DataFrame(
        {
            "offer_id": np.repeat(rows[:, 0], per_row),
            "currency": pd.Categorical(np.repeat(np.asarray(currencies, dtype=object), per_row)),
            "year": np.repeat(rows[:, 1], per_row),
            "component": pd.Categorical.from_codes(
                np.tile(np.arange(per_row), len(rows)), list(COMPONENTS.values())
            ),
            "amount": rows[:, positions].reshape(-1),
        }
    )


def with_component_labels(amounts: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``amounts`` (:func:`component_amounts`) of the offers of ``table`` (a
    :func:`compare_offers` table or a part of it), with their ``label`` as in
    :func:`short_labels` among these offers: the frame of :func:`breakdown_by_component`."""
    ids = table.index.tolist()
    labels = _short_labels(table["company"].tolist(), table["role_title"].tolist(), ids)
    part = amounts[amounts["offer_id"].isin(ids)].reset_index(drop=True)
    part.insert(1, "label", part["offer_id"].map(dict(zip(ids, labels, strict=True))))
    return part


def breakdown_by_component(offers: pd.DataFrame) -> pd.DataFrame:
    """Long frame for the stacked bars, years 1..4: ``offer_id``, ``label``
    (:func:`short_labels`), ``currency``, ``year``, ``component`` (the text of
    :data:`COMPONENTS`) and ``amount``, by offer id, year and component."""
    amounts = component_amounts(offers)
    labels = dict(zip(offers["id"].tolist(), _short_labels(*_label_inputs(offers)), strict=True))
    amounts.insert(1, "label", amounts["offer_id"].map(labels).astype("str"))
    return amounts


def red_flag_summary(red_flags: pd.DataFrame) -> dict[int, dict[str, Any]]:
    """:func:`red_flags_by_company` as a dict: company id -> ``count``, ``worst``,
    ``categories``, by company id."""
    rows = column_records(red_flags, ("company_id", "severity", "category"))
    rows.sort(key=lambda row: (row["company_id"], -row["severity"]))  # stable
    summary: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = summary.setdefault(
            int(row["company_id"]), {"count": 0, "worst": int(row["severity"]), "categories": []}
        )
        entry["count"] += 1
        if row["category"] not in entry["categories"]:
            entry["categories"].append(row["category"])
    return summary


def red_flags_by_company(red_flags: pd.DataFrame) -> pd.DataFrame:
    """Per company (index ``company_id``): ``count``, ``worst`` severity and
    ``categories`` (the category values, most severe first)."""
    summary = red_flag_summary(red_flags)
    return pd.DataFrame(
        {
            "count": pd.Series([s["count"] for s in summary.values()], dtype="int64"),
            "worst": pd.Series([s["worst"] for s in summary.values()], dtype="int64"),
            "categories": [s["categories"] for s in summary.values()],
        }
    ).set_axis(pd.Index(list(summary), name="company_id"))


# ----------------------------------------------------------------------- ranges


RANGE_RECORD_COLUMNS = (
    "id",
    "track",
    "level",
    "location",
    "currency",
    "base_p25",
    "base_p50",
    "base_p75",
    "total_p25",
    "total_p50",
    "total_p75",
    "as_of",
    "is_demo",
)
"""The columns of a range that matching, picking and placing an offer read."""


def _location_key(value: Any) -> str:
    return _text(value).strip().casefold()


def range_records(ranges: pd.DataFrame) -> list[dict[str, Any]]:
    """The ranges as dicts (:data:`RANGE_RECORD_COLUMNS`), for the functions below."""
    return column_records(ranges, RANGE_RECORD_COLUMNS)


def _newest_first(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest ``as_of`` first (none counts as oldest), then the lowest id."""
    by_id = sorted(candidates, key=lambda r: r["id"])
    return sorted(
        by_id,
        key=lambda r: pd.Timestamp.min if _missing(r["as_of"]) else pd.Timestamp(r["as_of"]),
        reverse=True,  # stable: equal dates keep the lowest id first
    )


def match_ranges(offers: pd.DataFrame, ranges: pd.DataFrame) -> pd.DataFrame:
    """The range each offer is placed on by default (index = offer id, input order).

    Columns: ``range_id`` (Int64, NA when none), ``match`` ("exact", "closest" or "none")
    and ``range_location`` (the matched range's location). See the module docstring.
    """
    return match_among(
        offers["id"].tolist(),
        offers["track"].tolist(),
        effective_level(offers).tolist(),
        offers["currency"].tolist(),
        offers["location"].tolist(),
        range_records(ranges),
    )


def match_among(
    offer_ids: list,
    tracks: list,
    levels: list,
    currencies: list,
    locations: list,
    records: Iterable[Mapping[str, Any]],
) -> pd.DataFrame:
    """:func:`match_ranges` of offers given by their columns (``levels``: the effective
    level) among range dicts (:func:`range_records`)."""
    by_group: dict[tuple[Any, Any, Any], list[Mapping[str, Any]]] = {}
    for record in records:
        key = (record["track"], record["level"], record["currency"])
        by_group.setdefault(key, []).append(record)
    groups = {  # each candidate with its location key, newest first
        key: [(_location_key(r["location"]), r) for r in _newest_first(candidates)]
        for key, candidates in by_group.items()
    }
    location_keys: dict[Any, str] = {}
    range_ids: list[Any] = []
    kinds: list[str] = []
    found: list[str] = []
    for track, level, currency, location in zip(tracks, levels, currencies, locations, strict=True):
        candidates = groups.get((track, level, currency), [])
        if location not in location_keys:
            location_keys[location] = _location_key(location)
        wanted = location_keys[location]
        exact = [r for key, r in candidates if key == wanted]
        best = (exact or [r for _, r in candidates[:1]] or [None])[0]
        range_ids.append(pd.NA if best is None else best["id"])
        kinds.append("none" if best is None else "exact" if exact else "closest")
        found.append("" if best is None else _text(best["location"]))
    return pd.DataFrame(
        {
            "range_id": pd.array(range_ids, dtype="Int64"),
            "match": pd.array(kinds, dtype="str"),
            "range_location": pd.array(found, dtype="str"),
        },
        index=pd.Index(np.asarray(offer_ids, dtype=np.int64), name="offer_id"),
    )


def choices_among(offer: Mapping[str, Any], records: Iterable[Mapping[str, Any]]) -> list[int]:
    """:func:`range_choices` among range dicts (:func:`range_records`)."""
    level = offer.get("level")
    scored = [
        ((r["track"] == offer["track"]) * 2 + (r["level"] == level), int(r["id"]))
        for r in records
        if r["currency"] == offer["currency"]
    ]
    return [range_id for _, range_id in sorted(scored, key=lambda s: (-s[0], s[1]))]


def range_choices(offer: Mapping[str, Any], ranges: pd.DataFrame) -> list[int]:
    """Ids of the ranges an offer can be placed on: those in its currency, the most
    similar first (same track and level, then same track, then the rest)."""
    return choices_among(offer, range_records(ranges))


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
    return pd.DataFrame({column: [row[column] for row in rows] for column in rows[0]})


# ---------------------------------------------------------------- negotiation


def comparable_offer_counts(table: pd.DataFrame) -> pd.Series:
    """Per offer: how many open offers share its track, level and currency (itself
    included when it is open; 0 for a closed offer's group without open offers)."""
    is_open = table["status"].isin(OPEN_STATUSES).tolist()
    keys = list(
        zip(
            table["track"].tolist(),
            ["" if _missing(level) else str(level) for level in table["level"].tolist()],
            table["currency"].tolist(),
            strict=True,
        )
    )
    open_per_group = Counter(key for key, open_ in zip(keys, is_open, strict=True) if open_)
    return pd.Series(
        [open_per_group[key] for key in keys], index=table.index, name="status", dtype="int64"
    )


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


def placement_texts(placement: pd.DataFrame) -> list[tuple[str, str]]:
    """(``name``, ``text``) of each row of a :func:`place_on_range` placement."""
    return list(zip(placement["name"].tolist(), placement["text"].tolist(), strict=True))


def furthest_below_median(placement: pd.DataFrame | None) -> str:
    """Which of base / total is furthest below the range median, as a sentence."""
    if placement is None or placement.empty:
        return "No range to compare against: pick or add a range for this offer."
    rows = column_records(placement, ("name", "gap", "gap_pct"))
    below = [row for row in rows if row["gap"] < 0]
    if not below:
        return "None: base and total are at or above the range median."
    worst = min(below, key=lambda row: row["gap_pct"])  # the first of equals, as a sort
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
            "; ".join(f"{name} {text}" for name, text in placement_texts(placement))
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


# ------------------------------------------------------------------- the page's view


@dataclass(frozen=True)
class OfferView:
    """What the Offer comparison page shows that depends on the data only, not on the
    widgets: computed once per data version (``tracker.ui.data.shared``).

    ``table`` is :func:`compare_offers` and ``comparable`` :func:`comparable_offer_counts`
    of every offer; ``money`` each offer's ``comp.offer_money`` by offer id (what
    :func:`component_amounts_of` needs for the offers picked); ``red_flags`` the red flags'
    ``company_id``, ``severity`` and ``category``; ``ranges`` the ranges by id
    (:func:`range_records`, in their order: what :func:`match_among` matches the offers
    picked on) and ``range_labels`` their :func:`range_label`.
    """

    table: pd.DataFrame
    money: dict[int, OfferMoney]
    comparable: pd.Series
    red_flags: pd.DataFrame
    ranges: dict[int, dict[str, Any]]
    range_labels: dict[int, str]

    def flags(self, company_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """:func:`red_flag_summary` of these companies' red flags."""
        flags = self.red_flags
        return red_flag_summary(flags[flags["company_id"].isin(list(company_ids))])

    def matches(self, offer_ids: list[int]) -> pd.DataFrame:
        """:func:`match_ranges` of these offers (rows of ``table``)."""
        rows = self.table.loc[offer_ids]
        return match_among(
            offer_ids,
            rows["track"].tolist(),
            rows["level"].tolist(),
            rows["currency"].tolist(),
            rows["location"].tolist(),
            self.ranges.values(),
        )

    def amounts(self, offer_ids: list[int]) -> pd.DataFrame:
        """:func:`component_amounts` of these offers."""
        return component_amounts_of([self.money[offer_id] for offer_id in offer_ids])


def offer_view(
    offers: pd.DataFrame, ranges: pd.DataFrame, red_flags: pd.DataFrame, *, today: date
) -> OfferView:
    """The :class:`OfferView` of these frames (``offers_frame``, ``ranges_frame``,
    ``red_flags_frame``) on ``today``."""
    money = offer_money(offers, YEARS)  # each offer's pay, worked out once
    table = compare_offers(offers, today, money)
    records = {int(r["id"]): r for r in range_records(ranges)}
    return OfferView(
        table=table,
        money={int(offer.offer_id): offer for offer in money},
        comparable=comparable_offer_counts(table),
        red_flags=red_flags[["company_id", "severity", "category"]],
        ranges=records,
        range_labels={range_id: range_label(r) for range_id, r in records.items()},
    )
