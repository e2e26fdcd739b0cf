"""Compensation maths for offers and market ranges (pure: plain Python + pandas).

Storage conventions (see ``tracker.models.OfferBase`` and ``CompRangeBase``):

* money is an ``int`` in the currency's major unit (dollars, euros, ...);
* ``target_bonus_bp`` is the target bonus in basis points of base (1500 = 15 %);
* ``vesting_bp_by_year`` lists the share of the grant vesting in each year in hundredths
  of a percent, summing to 10000 (2500 = 25 %);
* ``sign_on_by_year`` lists the sign-on paid in year 1, 2, ...;
* ``cliff_months`` is the vesting cliff (0 = no cliff); ``relocation`` is a one-off amount.

Rounding: every calculation is exact (integers and fractions); a value is rounded to a
whole unit only once, when it is produced, with ROUND_HALF_UP (halves away from zero, as
``decimal.ROUND_HALF_UP``).  Where a table shows components next to a total (year-N
breakdowns), each component is rounded once and the total is the sum of the shown
components, so the table always adds up.  The annualised total is computed exactly and
rounded once at the end, so it can differ by one unit from the sum of the rounded
per-year figures shown beside it.

Definitions (``/work/shared/DESIGN.md``):

* **Year-N total** = base + target bonus + the grant's share vesting in year N + sign-on
  paid in year N.  Relocation is a one-off and is *not* in any yearly total; it is shown
  apart (``offer_summary`` has a ``relocation`` column).
* **Annualised total** (a new offer, as Levels.fyi shows it) = base + target bonus +
  equity grant / vesting years + total sign-on / vesting years.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd

BP_WHOLE = 10_000
"""Basis points in 100 % (vesting shares and bonus targets are stored in bp)."""

MAX_VESTING_YEARS = 10
"""Longest vesting schedule accepted by :func:`validate_vesting`."""

DEFAULT_SPREAD_YEARS = 4
"""Years over which sign-on is annualised when an offer has no equity (usual 4-year grant)."""

VESTING_PRESETS: Mapping[str, tuple[int, ...]] = MappingProxyType(
    {
        "25/25/25/25": (2500, 2500, 2500, 2500),
        "5/15/40/40": (500, 1500, 4000, 4000),
        "40/30/20/10": (4000, 3000, 2000, 1000),
        # 33/33/22/11 only adds up to 99 %: stored as 33.33/33.33/22.22/11.12 so that the
        # schedule sums to exactly 100 % (the missing 0.01 % goes to the last year).
        "33/33/22/11": (3333, 3333, 2222, 1112),
    }
)
"""Named vesting schedules (bp per year, each summing to 10000).  Read-only; use
:func:`vesting_preset` for a list to store on an offer."""

COMP_FIELDS = (
    "base_salary",
    "target_bonus_bp",
    "equity_grant_total",
    "vesting_bp_by_year",
    "cliff_months",
    "sign_on_by_year",
)
"""Offer columns used by :func:`year_totals` and :func:`annualised_total` (keyword names)."""

BREAKDOWN_COLUMNS = ("offer_id", "year", "base", "bonus", "equity", "sign_on", "total")
"""Columns of :func:`offer_breakdown`, in order."""


# --------------------------------------------------------------------------- rounding


def _div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to an int, halves away from zero (exact)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def round_half_up(value: Fraction | Decimal | int) -> int:
    """Round an exact value to a whole unit with ROUND_HALF_UP (2.5 -> 3, -2.5 -> -3)."""
    fraction = Fraction(value)
    return _div_round_half_up(fraction.numerator, fraction.denominator)


def bp_to_percent_text(bp: int) -> str:
    """Basis points as a short percent text: 9500 -> "95 %", 9999 -> "99.99 %"."""
    return f"{Decimal(bp) / 100:f} %"


# ---------------------------------------------------------------------------- vesting


def vesting_preset(name: str) -> list[int]:
    """A fresh bp list for the named preset of :data:`VESTING_PRESETS` (KeyError if unknown)."""
    return list(VESTING_PRESETS[name])


def preset_name_for(vesting_bp: Sequence[int]) -> str | None:
    """The name of the preset equal to ``vesting_bp``, or None if it is a custom schedule."""
    wanted = tuple(vesting_bp)
    for name, preset in VESTING_PRESETS.items():
        if preset == wanted:
            return name
    return None


_SEPARATORS = re.compile(r"[\s/,;|]+")


def _percent_to_bp(value: object) -> int:
    """One percentage (number or text, "%" allowed) to bp, ROUND_HALF_UP to 0.01 %."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a percentage")
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
    elif isinstance(value, float):
        text = repr(value)  # shortest repr: 33.33 -> "33.33", not its binary expansion
    else:
        text = str(value)
    try:
        percent = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{str(value).strip()!r} is not a number") from None
    if not percent.is_finite():
        raise ValueError(f"{str(value).strip()!r} is not a number")
    return int((percent * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_vesting_percentages(value: str | Iterable[float | int | str | Decimal]) -> list[int]:
    """Parse a vesting schedule written in percent into bp per year.

    Text is split on "/", ",", ";", "|" or whitespace and may carry "%" signs, so
    "50/33/17", "50, 33, 17" and "50% 33% 17%" all give ``[5000, 3300, 1700]`` (a comma
    is always a separator, never a decimal mark).  A list of numbers works the same:
    ``[33.33, 33.33, 22.22, 11.12]`` -> ``[3333, 3333, 2222, 1112]``.  Percentages are
    rounded to 0.01 % with ROUND_HALF_UP.  Blank text gives ``[]``.

    The result is not checked: pass it to :func:`validate_vesting`.  Raises ValueError
    with a user-readable message when an entry is not a number.
    """
    items = [p for p in _SEPARATORS.split(value.strip()) if p] if isinstance(value, str) else value
    return [_percent_to_bp(item) for item in items]


def validate_vesting(vesting_bp: Sequence[int]) -> str | None:
    """A user-readable error for an invalid bp schedule, or None if it is valid.

    Valid: 1 to :data:`MAX_VESTING_YEARS` years, no negative share, sum exactly 10000.
    """
    if len(vesting_bp) == 0:
        return "Enter a vesting schedule (at least one year)"
    if len(vesting_bp) > MAX_VESTING_YEARS:
        return (
            f"Vesting can cover at most {MAX_VESTING_YEARS} years "
            f"(this schedule has {len(vesting_bp)})"
        )
    for year, share in enumerate(vesting_bp, start=1):
        if share < 0:
            return f"Vesting shares cannot be negative (year {year} is {bp_to_percent_text(share)})"
    total = sum(vesting_bp)
    if total != BP_WHOLE:
        return f"Vesting must add up to 100 % (it adds up to {bp_to_percent_text(total)})"
    return None


def validate_cliff(cliff_months: int, vesting_bp: Sequence[int]) -> str | None:
    """A user-readable error if the cliff is negative or longer than the schedule, else None.

    (:func:`equity_by_year` still copes with a longer cliff: see there.)
    """
    if cliff_months < 0:
        return "The cliff cannot be negative"
    if vesting_bp and cliff_months > 12 * len(vesting_bp):
        return (
            f"The cliff ({cliff_months} months) is longer than the "
            f"{len(vesting_bp)}-year vesting schedule"
        )
    return None


def _check_non_negative(name: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{name} cannot be negative (got {value})")


def equity_by_year(grant_total: int, vesting_bp: Sequence[int], cliff_months: int = 0) -> list[int]:
    """Value of the grant vesting in each year (one int per year, summing to the grant).

    Rounding: the *cumulative* vested value at the end of each year is rounded
    (ROUND_HALF_UP) and a year's amount is the difference of two cumulative values, so
    the years always add up to exactly ``grant_total`` (10 over 33.33/33.33/33.34 gives
    3/4/3, not 3/3/3).

    Cliff: within a year the year's share is taken to vest evenly (monthly); nothing
    vests before month ``cliff_months`` and everything due by then vests at the cliff.
    So, per year:

    * cliff 0 (no cliff) to 12 months: the year-1 share vests by month 12 anyway, the
      yearly amounts are the schedule's shares unchanged;
    * cliff longer than 12 months (e.g. 18): the cliff falls in year ``ceil(cliff/12)``
      (year 2 for 18); earlier years get 0 and their shares move to the cliff year, which
      also keeps its own share (the part before the cliff vests at the cliff, the rest
      monthly after it, both within that year).  25/25/25/25 with an 18-month cliff is
      0/50/25/25; with 24 months too; with 25 months 0/0/75/25;
    * a cliff beyond the end of the schedule vests the whole grant in the cliff year and
      the list is extended to that year (4 years, 60-month cliff -> 0/0/0/0/100 %);
      :func:`validate_cliff` reports such a cliff to the user.

    A zero grant gives zeros (one per schedule year; the schedule is not checked).
    Raises ValueError for a negative grant or cliff, or an invalid schedule.
    """
    _check_non_negative("The equity grant", grant_total)
    _check_non_negative("The cliff", cliff_months)
    shares = [int(share) for share in vesting_bp]
    if grant_total == 0:
        return [0] * len(shares)
    error = validate_vesting(shares)
    if error:
        raise ValueError(error)
    cliff_year = -(-cliff_months // 12)  # ceil
    amounts: list[int] = []
    cumulative_bp = 0
    vested_before = 0
    for year in range(1, max(len(shares), cliff_year) + 1):
        if year <= len(shares):
            cumulative_bp += shares[year - 1]
        vested = (
            _div_round_half_up(grant_total * cumulative_bp, BP_WHOLE)
            if 12 * year >= cliff_months
            else 0
        )
        amounts.append(vested - vested_before)
        vested_before = vested
    return amounts


# ------------------------------------------------------------------- yearly and annualised


def sign_on_by_year(sign_on: Sequence[int], years: int) -> list[int]:
    """Sign-on paid in years 1..``years``: padded with zeros, or cut to ``years`` entries.

    Sign-on paid after year ``years`` is outside the horizon and not in the list (it still
    counts in :func:`annualised_total`).  Raises ValueError for a negative amount.
    """
    _check_non_negative("The number of years", years)
    amounts = [int(amount) for amount in sign_on]
    for amount in amounts:
        _check_non_negative("Sign-on", amount)
    return (amounts + [0] * years)[:years]


_sign_on = sign_on_by_year  # keyword arguments named sign_on_by_year shadow the function


def target_bonus(base_salary: int, target_bonus_bp: int) -> int:
    """Target bonus amount: base x bp / 10000, ROUND_HALF_UP (150000 at 1500 bp -> 22500)."""
    _check_non_negative("Base salary", base_salary)
    _check_non_negative("The target bonus", target_bonus_bp)
    return _div_round_half_up(base_salary * target_bonus_bp, BP_WHOLE)


def spread_years(equity_grant_total: int, vesting_bp_by_year: Sequence[int]) -> int:
    """Years used to annualise a grant and sign-on: the schedule's length if there is
    equity (a vesting schedule), else :data:`DEFAULT_SPREAD_YEARS` (4)."""
    if equity_grant_total > 0 and len(vesting_bp_by_year) > 0:
        return len(vesting_bp_by_year)
    return DEFAULT_SPREAD_YEARS


def _padded(values: list[int], years: int) -> list[int]:
    return (values + [0] * years)[:years]


@dataclass(frozen=True)
class _Years:
    base: int
    bonus: int
    equity: list[int]
    sign_on: list[int]

    def totals(self) -> list[int]:
        return [
            self.base + self.bonus + equity + sign_on
            for equity, sign_on in zip(self.equity, self.sign_on, strict=True)
        ]


def _years(
    *,
    base_salary: int,
    target_bonus_bp: int,
    equity_grant_total: int,
    vesting_bp_by_year: Sequence[int],
    cliff_months: int,
    sign_on_by_year: Sequence[int],
    years: int,
) -> _Years:
    if years < 1:
        raise ValueError(f"years must be at least 1 (got {years})")
    return _Years(
        base=base_salary,
        bonus=target_bonus(base_salary, target_bonus_bp),
        equity=_padded(equity_by_year(equity_grant_total, vesting_bp_by_year, cliff_months), years),
        sign_on=_sign_on(sign_on_by_year, years),
    )


def year_totals(
    *,
    base_salary: int,
    target_bonus_bp: int = 0,
    equity_grant_total: int = 0,
    vesting_bp_by_year: Sequence[int] = (),
    cliff_months: int = 0,
    sign_on_by_year: Sequence[int] = (),
    years: int = 4,
) -> list[int]:
    """Year-N total compensation for N = 1..``years``.

    Year-N total = base + target bonus (rounded once) + equity vesting in year N (see
    :func:`equity_by_year`, cliff included) + sign-on paid in year N.  Relocation is a
    one-off and is excluded (shown apart).  Keyword names are the Offer column names, so
    ``year_totals(**offer_comp_fields(offer))`` works.
    """
    return _years(
        base_salary=base_salary,
        target_bonus_bp=target_bonus_bp,
        equity_grant_total=equity_grant_total,
        vesting_bp_by_year=vesting_bp_by_year,
        cliff_months=cliff_months,
        sign_on_by_year=sign_on_by_year,
        years=years,
    ).totals()


def annualised_total(
    *,
    base_salary: int,
    target_bonus_bp: int = 0,
    equity_grant_total: int = 0,
    vesting_bp_by_year: Sequence[int] = (),
    cliff_months: int = 0,
    sign_on_by_year: Sequence[int] = (),
) -> int:
    """Annualised total compensation of a new offer (as Levels.fyi shows it).

    base + target bonus + equity grant / Y + total sign-on / Y, where Y =
    :func:`spread_years` (the vesting schedule's length, or 4 when there is no equity).
    The cliff does not change it (``cliff_months`` is accepted so that the same keyword
    arguments as :func:`year_totals` can be passed).  Exact, rounded once at the end
    (ROUND_HALF_UP).  Relocation is excluded.
    """
    _check_non_negative("Base salary", base_salary)
    _check_non_negative("The target bonus", target_bonus_bp)
    _check_non_negative("The equity grant", equity_grant_total)
    _check_non_negative("The cliff", cliff_months)
    sign_on_total = sum(_sign_on(sign_on_by_year, len(sign_on_by_year)))
    spread = spread_years(equity_grant_total, vesting_bp_by_year)
    # Everything over the common denominator BP_WHOLE * spread, so one rounding.
    numerator = (
        base_salary * (BP_WHOLE + target_bonus_bp) * spread
        + (equity_grant_total + sign_on_total) * BP_WHOLE
    )
    return _div_round_half_up(numerator, BP_WHOLE * spread)


# ---------------------------------------------------------------------- DataFrame level


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _as_int(value: Any, name: str, default: int = 0) -> int:
    if type(value) is int:  # the usual case, first: this runs for every field of every offer
        return value
    if _is_missing(value):
        return default
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{name} must be a whole number (got {value})")
        return int(value)
    return int(value)


def _as_int_list(value: Any, name: str) -> list[int]:
    if type(value) is list and all(type(item) is int for item in value):
        return list(value)
    if value is None or (not isinstance(value, str | Sequence) and _is_missing(value)):
        return []
    if isinstance(value, str):  # a JSON column read as text
        value = json.loads(value) if value.strip() else []
    return [_as_int(item, name) for item in value]


def offer_comp_fields(offer: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The compensation fields of an offer as clean ints / int lists.

    ``offer`` is a mapping (dict, DataFrame row as a Series) or an object with attributes
    (an ``Offer``).  Missing values (None / NaN) become 0 or ``[]``; JSON lists stored as
    text are decoded.  The keys are :data:`COMP_FIELDS`, so the result can be passed as
    ``year_totals(**fields)`` or ``annualised_total(**fields)``.
    """

    if isinstance(offer, Mapping | pd.Series):
        get = offer.get
    else:

        def get(name: str) -> Any:
            return getattr(offer, name, None)

    return {
        "base_salary": _as_int(get("base_salary"), "Base salary"),
        "target_bonus_bp": _as_int(get("target_bonus_bp"), "Target bonus"),
        "equity_grant_total": _as_int(get("equity_grant_total"), "Equity grant"),
        "vesting_bp_by_year": _as_int_list(get("vesting_bp_by_year"), "Vesting share"),
        "cliff_months": _as_int(get("cliff_months"), "Cliff"),
        "sign_on_by_year": _as_int_list(get("sign_on_by_year"), "Sign-on"),
    }


def _require_id(offers: pd.DataFrame) -> None:
    if "id" not in offers.columns:
        raise ValueError("The offers table needs an 'id' column")


def column_records(frame: pd.DataFrame, names: Iterable[str]) -> list[dict[str, Any]]:
    """The rows of ``frame`` as plain dicts holding only the columns ``names`` (those
    present): the values of ``to_dict("records")``, without boxing every column of a
    wide frame row by row."""
    present = [name for name in names if name in frame.columns]
    if not present:
        return [{} for _ in range(len(frame))]
    columns = [frame[name].tolist() for name in present]
    return [dict(zip(present, values, strict=True)) for values in zip(*columns, strict=True)]


def comp_fields_of(offers: pd.DataFrame) -> list[dict[str, Any]]:
    """:func:`offer_comp_fields` of every row of ``offers``, in order."""
    return [offer_comp_fields(record) for record in column_records(offers, COMP_FIELDS)]


@dataclass(frozen=True)
class OfferMoney:
    """One offer's pay, worked out once (:func:`offer_money`): what :func:`offer_summary`
    and :func:`offer_breakdown` show of it, for callers that need both."""

    offer_id: int
    currency: str
    """As stored; "USD" when missing."""
    relocation: int
    fields: dict[str, Any]
    """:func:`offer_comp_fields` of the offer."""
    parts: _Years
    """Base, bonus, and equity / sign-on of each year 1..``years``."""
    spread: int
    """:func:`spread_years` (the Y used to annualise)."""
    annualised: int
    """:func:`annualised_total`."""


def offer_money(offers: pd.DataFrame, years: int = 4) -> list[OfferMoney]:
    """:class:`OfferMoney` of every offer (the Offer table's columns, ``id`` among them),
    in input order, for years 1..``years``."""
    _require_id(offers)
    money: list[OfferMoney] = []
    for record in column_records(offers, ("id", "currency", "relocation", *COMP_FIELDS)):
        fields = offer_comp_fields(record)
        currency = record.get("currency")
        money.append(
            OfferMoney(
                offer_id=record["id"],
                currency="USD" if _is_missing(currency) or not currency else currency,
                relocation=_as_int(record.get("relocation"), "Relocation"),
                fields=fields,
                parts=_years(**fields, years=years),
                spread=spread_years(fields["equity_grant_total"], fields["vesting_bp_by_year"]),
                annualised=annualised_total(**fields),
            )
        )
    return money


def breakdown_rows(offers: pd.DataFrame, years: int = 4) -> list[tuple[int, ...]]:
    """The rows of :func:`offer_breakdown` as tuples (:data:`BREAKDOWN_COLUMNS`), in the
    same order, for callers that reshape them further."""
    return breakdown_rows_of(offer_money(offers, years))


def breakdown_rows_of(money: Sequence[OfferMoney]) -> list[tuple[int, ...]]:
    """:func:`breakdown_rows` of offers whose :func:`offer_money` is known."""
    rows: list[tuple[int, ...]] = []
    for offer in money:
        parts = offer.parts
        for year, (equity, sign_on) in enumerate(zip(parts.equity, parts.sign_on, strict=True)):
            rows.append(
                (
                    offer.offer_id,
                    year + 1,
                    parts.base,
                    parts.bonus,
                    equity,
                    sign_on,
                    parts.base + parts.bonus + equity + sign_on,
                )
            )
    return rows


def offer_breakdown(offers: pd.DataFrame, years: int = 4) -> pd.DataFrame:
    """Tidy per-year compensation: one row per offer per year 1..``years``.

    Columns :data:`BREAKDOWN_COLUMNS`: ``offer_id`` (the offer's ``id``), ``year``,
    ``base``, ``bonus`` (target), ``equity`` (vesting that year, cliff included),
    ``sign_on`` (paid that year) and ``total`` (their sum, i.e. the year-N total; each
    component is rounded once and the total adds them up).  Relocation is not included.
    ``offers`` has the Offer table's column names; missing comp columns count as 0 / [].
    Rows are in input order, then by year; money columns are int64.
    """
    frame = pd.DataFrame(breakdown_rows(offers, years), columns=list(BREAKDOWN_COLUMNS))
    return frame.astype({column: "int64" for column in BREAKDOWN_COLUMNS[1:]})


def offer_summary(offers: pd.DataFrame, years: int = 4) -> pd.DataFrame:
    """One row per offer (input order) with the figures used to compare offers.

    Columns: ``offer_id``, ``currency`` (as stored, "USD" if missing), ``base``,
    ``bonus`` (target bonus amount), ``equity_per_year`` (grant / vesting years, rounded),
    ``sign_on_total``, ``relocation`` (one-off, in no total), ``year_1`` .. ``year_<years>``
    (year-N totals), ``annualised_total`` (:func:`annualised_total`) and
    ``vesting_years`` (the Y used to annualise, :func:`spread_years`).
    Money columns are int64.  Amounts of different currencies are never mixed or
    converted here: use :func:`convert` with a rate the user entered.
    """
    return offer_summary_of(offer_money(offers, years), years)


def offer_summary_of(money: Sequence[OfferMoney], years: int = 4) -> pd.DataFrame:
    """:func:`offer_summary` of offers whose :func:`offer_money` (for ``years``) is known."""
    year_columns = [f"year_{n}" for n in range(1, years + 1)]
    columns = [
        "offer_id",
        "currency",
        "base",
        "bonus",
        "equity_per_year",
        "sign_on_total",
        "relocation",
        *year_columns,
        "annualised_total",
        "vesting_years",
    ]
    rows: list[list[Any]] = [
        [
            offer.offer_id,
            offer.currency,
            offer.parts.base,
            offer.parts.bonus,
            _div_round_half_up(offer.fields["equity_grant_total"], offer.spread),
            sum(offer.fields["sign_on_by_year"]),
            offer.relocation,
            *offer.parts.totals(),
            offer.annualised,
            offer.spread,
        ]
        for offer in money
    ]
    if not rows:
        return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns[2:], "int64"))
    values = dict(zip(columns, zip(*rows, strict=True), strict=True))
    return pd.DataFrame(
        {
            name: list(column) if n < 2 else np.asarray(column, dtype=np.int64)
            for n, (name, column) in enumerate(values.items())
        }
    )


# ------------------------------------------------------------------------ market ranges


@dataclass(frozen=True)
class PercentileResult:
    """Where a value sits in a p25/p50/p75 range.

    ``percentile`` is the interpolated percentile (None outside the band), ``position``
    is "below" (< p25), "within" (p25..p75 inclusive) or "above" (> p75), and ``text`` is
    what to show: "≈ p62", "below p25" or "above p75".
    """

    percentile: float | None
    position: Literal["below", "within", "above"]
    text: str


def percentile_in_range(
    value: int | float | Decimal, p25: int, p50: int, p75: int
) -> PercentileResult:
    """Estimate the market percentile of ``value`` from a p25/p50/p75 range.

    Linear interpolation between the points (25, p25), (50, p50) and (75, p75).  Below p25
    or above p75 nothing is extrapolated (percentile None).  When the value equals one or
    more of the percentiles (e.g. p25 == p50 == value) it gets the middle of the tied
    percentiles: all three equal -> 50, value == p25 == p50 -> 37.5, value == p50 == p75
    -> 62.5; there is never a division by zero.  The text rounds the percentile
    ROUND_HALF_UP ("≈ p63" for 62.5).  Raises ValueError unless p25 <= p50 <= p75.
    """
    if not p25 <= p50 <= p75:
        raise ValueError(f"p25 <= p50 <= p75 is required (got {p25}, {p50}, {p75})")
    exact = Fraction(value)
    if exact < p25:
        return PercentileResult(None, "below", "below p25")
    if exact > p75:
        return PercentileResult(None, "above", "above p75")
    anchors = ((25, p25), (50, p50), (75, p75))
    tied = [pct for pct, anchor in anchors if anchor == exact]
    if tied:
        percentile = Fraction(min(tied) + max(tied), 2)
    else:  # strictly inside one segment, whose ends therefore differ
        (pct_lo, lo), (pct_hi, hi) = anchors[:2] if exact < p50 else anchors[1:]
        percentile = pct_lo + (pct_hi - pct_lo) * (exact - lo) / Fraction(hi - lo)
    return PercentileResult(float(percentile), "within", f"≈ p{round_half_up(percentile)}")


def validate_range(p25: int | None, p50: int | None, p75: int | None, label: str) -> str | None:
    """A user-readable error for a p25/p50/p75 range, or None if it is valid.

    ``label`` names the range in the message ("Base", "Total").  Each percentile must be
    given and be a positive amount, and p25 <= p50 <= p75.
    """
    values = (("p25", p25), ("p50", p50), ("p75", p75))
    for name, amount in values:
        if amount is None or _is_missing(amount):
            return f"{label} {name} is missing"
    for name, amount in values:
        if amount <= 0:
            return f"{label} {name} must be a positive amount"
    if not p25 <= p50 <= p75:  # type: ignore[operator]
        return f"{label} p25 must be ≤ p50 ≤ p75"
    return None


# ------------------------------------------------------------------------------ currency


def convert(amount: int, rate: Decimal | str | int | float) -> int:
    """``amount`` x ``rate`` rounded ROUND_HALF_UP to a whole unit of the target currency.

    The rate is always one the user entered (no implicit or fetched rates): target units
    per one source unit.  Give it as a Decimal or text ("0.92"); an int or a float is
    taken by its shortest text (0.92 -> Decimal("0.92"), not its binary expansion).
    Raises ValueError unless the rate is a finite number > 0.
    """
    if isinstance(rate, bool):
        raise ValueError("The exchange rate must be a number")
    try:
        exact_rate = Decimal(repr(rate)) if isinstance(rate, float) else Decimal(rate)
    except InvalidOperation:
        raise ValueError(f"The exchange rate {rate!r} is not a number") from None
    if not exact_rate.is_finite() or exact_rate <= 0:
        raise ValueError(f"The exchange rate must be a positive number (got {rate})")
    with localcontext() as context:
        context.prec = 60  # wide enough for any amount x any entered rate, exactly
        return int((Decimal(int(amount)) * exact_rate).quantize(Decimal(1), ROUND_HALF_UP))
