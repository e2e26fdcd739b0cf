"""The Planner page's cached view: ``charts.planner_view`` plus the recommended-order table as
its data editor shows it (tiers, stages and times as text), so a click on the page rebuilds
neither. Pure pandas (no Streamlit calls): the page caches it with ``data.derived``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from tracker import charts
from tracker.ui.fmt import local_time, tier_name
from tracker.ui.track import labels_of

ORDER_COLUMNS = ["#", "Planned week", "Tier", "Company", "Role", "Stage", "Next round"]


def local_times(stamps: pd.Series) -> list[str | None]:
    """``fmt.local_time`` of each timestamp, once per distinct one (rounds share their
    hours, and that formats value by value); None for NaT."""
    values = stamps.tolist()
    texts = {at: local_time(at) for at in set(values) if pd.notna(at)}
    return [texts.get(at) for at in values]


def order_table(order: pd.DataFrame) -> pd.DataFrame:
    """The recommended order (``planner.recommended_order``) as the editor's rows."""
    if order.empty:  # every application closed: the page says so instead of a table
        return pd.DataFrame(columns=ORDER_COLUMNS)
    kinds, whens = order["next_round_kind"].tolist(), local_times(order["next_round_at"])
    next_round = [
        "—" if pd.isna(kind) else f"{kind} · {when or 'date to be set'}"
        for kind, when in zip(kinds, whens, strict=True)
    ]
    tiers = order["tier"]
    return pd.DataFrame(
        {
            "#": order["rank"],
            "Planned week": order["planned_week"].dt.date,
            "Tier": tiers.map({tier: tier_name(tier) for tier in tiers.unique().tolist()}),
            "Company": order["company"],
            "Role": order["role_title"],
            "Stage": labels_of(order["stage"]),
            "Next round": next_round,
        }
    )


def planner_page_view(
    apps: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: Any = "UTC"
) -> dict[str, Any]:
    """``charts.planner_view`` and, under ``order_table``, its order as the editor's rows."""
    view = charts.planner_view(apps, rounds, today=today, tz=tz)
    view["order_table"] = order_table(view["order"])
    return view
