"""The Planner page's cached view: ``charts.planner_view`` plus the recommended-order table as
its data editor shows it (tiers, stages and times as text), so a click on the page rebuilds
neither. Pure pandas (no Streamlit calls): the page caches it with ``data.derived``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from tracker import charts
from tracker.ui.fmt import day, each_distinct, local_time, tier_name
from tracker.ui.track import labels_of

ORDER_COLUMNS = ["#", "Planned week", "Tier", "Company", "Role", "Stage", "Next round"]
EDITOR_ROWS = 1_000  # rows of the order and reapply editors (a heavy search has fewer)
REAPPLY_COLUMNS = ["Company", "Role", "Tier", "Rejected on", "Reapply after", "Status"]


def local_times(stamps: pd.Series) -> list[str | None]:
    """``fmt.local_time`` of each timestamp, once per distinct one (rounds share their
    hours, and that formats value by value); None for NaT."""
    return each_distinct(stamps, local_time, missing=None)


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


def reapply_table(reapply: pd.DataFrame) -> pd.DataFrame:
    """The reapply calendar (``planner.reapply_calendar``) as its data editor shows it."""
    if reapply.empty:  # the page says so instead of a table
        return pd.DataFrame(columns=REAPPLY_COLUMNS)
    return pd.DataFrame(
        {
            "Company": reapply["company"],
            "Role": reapply["role_title"],
            "Tier": each_distinct(reapply["tier"], tier_name),
            "Rejected on": each_distinct(pd.to_datetime(reapply["closed_on"]), day),
            "Reapply after": reapply["reapply_after"].dt.date,
            "Status": reapply["status"],
        },
        index=reapply.index,
    )


def planner_page_view(
    apps: pd.DataFrame, rounds: pd.DataFrame, *, today: date, tz: Any = "UTC"
) -> dict[str, Any]:
    """``charts.planner_view`` and, under ``order_table`` / ``reapply_table``, its order and
    reapply calendar as their editors' rows: the first ``EDITOR_ROWS`` of each (the full
    counts under ``order_count`` / ``reapply_count``)."""
    view = charts.planner_view(apps, rounds, today=today, tz=tz)
    for name in ("order", "reapply"):  # a cohort's editors show their first rows only
        view[f"{name}_count"] = len(view[name])
        view[name] = view[name].head(EDITOR_ROWS)
    view["order_table"] = order_table(view["order"])
    view["reapply_table"] = reapply_table(view["reapply"])
    return view
