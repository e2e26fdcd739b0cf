"""Formatting for the pages: money with its currency, dates in local time, tier badges."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from tracker.charts import TIER_COLORS, TIER_NAMES
from tracker.models import label

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(amount: float | int | None, currency: str) -> str:
    """``€105,000`` / ``CHF 150,000``; an em dash for nothing."""
    if amount is None or (isinstance(amount, float) and pd.isna(amount)):
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency)
    number = f"{round(amount):,}"
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def local_time(value: datetime | pd.Timestamp | None) -> str:
    """A stored UTC timestamp in the machine's local time, e.g. ``Tue 24 Nov, 15:00``."""
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(datetime.now().astimezone().tzinfo).strftime("%a %d %b, %H:%M")


def each_distinct(values: pd.Series, format_one: Callable[[Any], str], missing: Any = "—") -> list:
    """``format_one(value)`` of each value, computed once per distinct value (a column of
    thousands of rows holds a few hundred days); ``missing`` for a missing value."""
    codes, uniques = pd.factorize(values)  # missing values: code -1
    texts = [format_one(value) for value in uniques] + [missing]
    return np.array(texts, dtype=object)[codes].tolist()


def day(value: date | pd.Timestamp | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return pd.Timestamp(value).strftime("%d %b %Y")


def tier_name(tier: int) -> str:
    return TIER_NAMES.get(int(tier), f"Tier {tier}")


TIER_SHORT = {1: "Dream", 2: "Good", 3: "Practice"}


def tier_short(tier: int) -> str:
    """ "1 · dream": a tier where a table column or a filter has little room."""
    tier = int(tier)
    return f"{tier} · {TIER_SHORT[tier].lower()}" if tier in TIER_SHORT else str(tier)


def tier_badge(tier: int, *, short: bool = False) -> str:
    """A Streamlit markdown badge in the tier's colour (``short``: "Dream" for narrow cards).

    Streamlit's badge colours violet / blue / gray are the ones of ``TIER_COLORS``.
    """
    names = {1: "violet", 2: "blue", 3: "gray"}
    text = TIER_SHORT.get(int(tier), str(tier)) if short else tier_name(tier)
    return f":{names.get(int(tier), 'gray')}-badge[{text}]"


def labelled(series: pd.Series) -> pd.Series:
    """Enum values of a column as the text a user reads."""
    return series.map(label)


def percent(share: float | None) -> str:
    """A share 0..1 as ``42 %``; an em dash for nothing (e.g. a rate over no applications)."""
    if share is None or pd.isna(share):
        return "—"
    return f"{share:.0%}".replace("%", " %")


def days(value: float | None) -> str:
    """``9 days`` / ``1 day``; an em dash for nothing."""
    if value is None or pd.isna(value):
        return "—"
    number = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number} day" if number in ("1", "-1") else f"{number} days"


def md_escape(text: object) -> str:
    """User text made safe inside Streamlit markdown: markdown and ``:material/..:`` syntax
    characters are backslash-escaped, so a company called ``*Acme*`` shows as typed."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|:~$])", r"\\\1", str(text))


__all__ = ["TIER_COLORS", "day", "labelled", "local_time", "money", "tier_badge", "tier_name"]
